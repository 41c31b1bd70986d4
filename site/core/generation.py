"""Content generations: counters that change whenever published content changes.

The GraphQL response cache puts a generation into every key, so bumping a
generation makes every cached response that depends on it unreachable at once
(they expire from the cache on their own).

- one counter per municipality (by slug), bumped when that municipality's
  pages, module data or settings change;
- an ``all`` counter, bumped on *every* change: responses that name no
  municipality use it, so they are never stale;
- a ``platform`` counter, bumped by platform-wide changes (``bump_generation()``
  with no municipality), which is part of every municipality's generation;
- a *content* counter per municipality, bumped with its counter unless a bump
  says no page changed (module data): answers of the core's fields (pages,
  events, locations, the municipality) use it, so module data does not end
  them (``generation_token(..., content=True)``);
- a *module* counter per municipality and module, bumped (instead of the
  content counter) by a bump of that module's data, and an *any module*
  counter bumped by module data that does not say whose: answers of one
  module's fields use the content counter and those two
  (``generation_token(..., module="waste")``), so a new warning does not end
  a cached waste calendar, while a publish, settings and activations (which
  move the content counter) still do.

Counters live in Django's cache. ``cache.add`` then ``cache.incr`` is atomic on
Redis. A counter that is missing (first use, eviction, cache flush) starts at a
random value, so a reset counter never meets the keys of its earlier life.

Cached GET responses read the counters through a per-process memo
(``generation_token(..., memo=True)``, ``GENERATION_MEMO_MS``): a value
read from the cache less than that long ago is used without a round
trip, so a cached response costs no Redis read. Why that is safe:

- a worker may serve a response of the previous generation for at most that
  long after a change another process committed. The HTTP answer already lets
  clients and CDNs reuse a response for ``CACHE_MAX_AGE`` seconds (30), so the
  memo (1 s) adds nothing a client could not already see;
- a bump updates the memo of the process that made it, so a process never
  reads a generation older than its own changes;
- everything else (uncached requests, the page-tree index, delta sync) reads
  the counters fresh.

Each bump of a municipality's counter also notes *which pages* changed, for
the pages' answers kept apart (``graphql/content/fragments.py``): the
translation keys of the pages (every locale), nothing page-related (module
data), or everything (the default, whenever a caller does not say). The note
is stored under the counter's new value for ``CHANGE_NOTE_SECONDS``; a note
that is missing (expired, evicted, or not written yet when a reader looks)
reads as "everything", so a reader never misses a change.
"""

import secrets
import threading
import time

from django.core.cache import caches
from django.db import connection, transaction

PREFIX = "rathaus:generation"
ALL_KEY = f"{PREFIX}:all"
PLATFORM_KEY = f"{PREFIX}:platform"
# How long the note of what a bump changed is kept, and the most bumps a
# reader looks back over (more: everything changed).
CHANGE_NOTE_SECONDS = 3600
MAX_CHANGE_NOTES = 64
EVERYTHING = "*"
CHILDREN_PREFIX = "children:"
TYPE_PREFIX = "type:"
LOCALE_PREFIX = "locale:"


def _cache():
    from rathaus.graphql.limits import config

    return caches[config()["CACHE_ALIAS"]]


def _municipality_key(slug):
    return f"{PREFIX}:m:{slug}"


def _content_key(slug):
    return f"{PREFIX}:c:{slug}"


ANY_MODULE = "*"


def _module_key(slug, module):
    return f"{PREFIX}:mod:{slug}:{module}"


def _slug(municipality):
    """A slug from a slug, a Municipality or its primary key (an unknown key
    gives ``None``: the platform-wide bump, never too little)."""
    if municipality is None or isinstance(municipality, str):
        return municipality
    if isinstance(municipality, int):
        from rathaus.site.municipalities.models import Municipality

        return (
            Municipality.objects.filter(pk=municipality)
            .values_list("slug", flat=True)
            .first()
        )
    return municipality.slug


def _start():
    return secrets.randbelow(2**40) + 1


class Memo:
    """Counter values this process read recently: ``key -> (value, read_at)``.

    Keys come from request variables (any slug an anonymous GET names), so
    the memo holds at most ``MAX_ENTRIES``; past that it starts afresh, which
    costs one round trip per key, never a wrong answer.
    """

    MAX_ENTRIES = 4096

    def __init__(self):
        self._values = {}
        self._lock = threading.Lock()

    def get_many(self, keys, max_age):
        """The remembered values of ``keys`` read less than ``max_age`` ago."""
        oldest = time.monotonic() - max_age
        with self._lock:
            found = {key: self._values.get(key) for key in keys}
        return {
            key: entry[0]
            for key, entry in found.items()
            if entry is not None and entry[1] > oldest
        }

    def remember(self, values, read_at):
        """Keep values read at ``read_at``; a read that started before a value
        already kept (a bump in this process) does not replace it."""
        with self._lock:
            if len(self._values) + len(values) > self.MAX_ENTRIES:
                self._values.clear()
            for key, value in values.items():
                kept = self._values.get(key)
                if value is not None and (kept is None or kept[1] <= read_at):
                    self._values[key] = (value, read_at)

    def clear(self):
        with self._lock:
            self._values.clear()


recent_reads = Memo()


def _memo_seconds():
    from rathaus.graphql.limits import config

    return int(config()["GENERATION_MEMO_MS"]) / 1000


def _incr(cache, key):
    cache.add(key, _start(), timeout=None)
    try:
        value = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.add(key, _start(), timeout=None)
        value = cache.get(key)
    recent_reads.remember({key: value}, time.monotonic())
    return value


def _read_many(cache, keys, use_memo=False):
    """``{key: value}`` of several counters in one round trip (``MGET``), or
    none when the memo holds them all (``use_memo``)."""
    max_age = _memo_seconds() if use_memo else 0
    values = recent_reads.get_many(keys, max_age) if max_age > 0 else {}
    unknown = [key for key in keys if key not in values]
    if not unknown:
        return values
    read_at = time.monotonic()
    values.update(cache.get_many(unknown))
    missing = [key for key in unknown if values.get(key) is None]
    if missing:
        for key in missing:
            cache.add(key, _start(), timeout=None)
        values.update(cache.get_many(missing))
    recent_reads.remember({key: values[key] for key in unknown}, read_at)
    return values


def get_generation(municipality_slug=None):
    """The generation of one municipality, or of everything when ``None``.

    A municipality's generation also changes on platform-wide bumps, so it is
    returned as a string ``"<platform>.<municipality>"``; the ``all`` counter
    is returned as an int.
    """
    cache = _cache()
    if municipality_slug is None:
        return _read_many(cache, [ALL_KEY])[ALL_KEY]
    return _generations(cache, [municipality_slug])[municipality_slug]


def _counter_keys(slug, content=False, module=None):
    """The counters (after the platform's) that make up ``slug``'s
    generation: its own, its content counter, or its content counter with
    the module's and the any-module counter."""
    if module:
        return [
            _content_key(slug),
            _module_key(slug, ANY_MODULE),
            _module_key(slug, module),
        ]
    return [_content_key(slug) if content else _municipality_key(slug)]


def _generations(cache, slugs, use_memo=False, content=False, module=None):
    """``{slug: "<platform>.<counter>[.<counter>...]"}``, read in one round
    trip (see :func:`_counter_keys` for which counters)."""
    counters = {slug: _counter_keys(slug, content, module) for slug in slugs}
    keys = [PLATFORM_KEY, *(key for keys in counters.values() for key in keys)]
    values = _read_many(cache, keys, use_memo)
    platform = values[PLATFORM_KEY]
    return {
        slug: ".".join(str(value) for value in [platform, *map(values.get, named)])
        for slug, named in counters.items()
    }


def generation_token(municipality_slugs=(), memo=False, content=False, module=None):
    """One string for a cache key: the generations of the given municipalities,
    or the ``all`` generation when there are none.

    It costs one cache round trip however many counters it combines, or none
    with ``memo`` when this process read them less than
    ``GENERATION_MEMO_MS`` ago (for cached responses only; see the module
    docstring). ``content``: the content generations, for answers that show
    no module data; ``module``: the generations of one module's answers.
    """
    cache = _cache()
    slugs = sorted({slug for slug in municipality_slugs if slug})
    if not slugs:
        return f"all:{_read_many(cache, [ALL_KEY], memo)[ALL_KEY]}"
    generations = _generations(cache, slugs, memo, content, module)
    prefix = f"module:{module}:" if module else "content:" if content else ""
    return ";".join(f"{prefix}{slug}:{generations[slug]}" for slug in slugs)


def children_of(translation_key):
    """The entry of a change note that says a page's children changed: one
    was published, unpublished or deleted, which moves its siblings' order
    (an entry apart from the page's own key, which would end the answers of
    its whole subtree)."""
    return f"{CHILDREN_PREFIX}{translation_key}"


def of_type(content_type_id):
    """The entry of a change note that says a page of this type changed (a
    list of such pages, as news or events, may gain, lose or reorder one)."""
    return f"{TYPE_PREFIX}{content_type_id}"


def of_locale(locale_id):
    """The entry of a change note that says a page of this locale changed
    (search results of the locale, and of locales it is a fallback in, may
    gain, lose or reorder one)."""
    return f"{LOCALE_PREFIX}{locale_id}"


def is_page_key(entry):
    """Whether an entry of a change note is a page's translation key (not a
    :func:`children_of`, :func:`of_type` or :func:`of_locale` entry)."""
    return ":" not in entry


def _note_key(slug, counter):
    return f"{PREFIX}:changed:{slug}:{counter}"


def _bump_now(slug, note, module):
    cache = _cache()
    if slug is None:
        _incr(cache, PLATFORM_KEY)
    else:
        counter = _incr(cache, _municipality_key(slug))
        cache.set(_note_key(slug, counter), note, CHANGE_NOTE_SECONDS)
        if note != []:  # pages may have changed
            _incr(cache, _content_key(slug))
        else:  # module data: whose, if the bump says
            _incr(cache, _module_key(slug, module or ANY_MODULE))
    _incr(cache, ALL_KEY)


def bump_generation(municipality=None, pages=None, module=None):
    """Invalidate cached responses of a municipality (slug, instance or
    primary key), or of the whole platform when ``None``.

    ``pages`` says which pages changed: their translation keys (and
    :func:`children_of`, :func:`of_type` and :func:`of_locale` entries),
    ``()`` for none (module data), or ``None``
    for possibly all of them (the default). ``module``: with ``pages=()``,
    the identifier of the module whose data changed (none: any module's).

    Inside a transaction it bumps now *and* again after commit: a request that
    read the old rows and stored its response between the two is then
    unreachable too.
    """
    slug = _slug(municipality)
    note = EVERYTHING if pages is None else sorted({str(key) for key in pages})
    module = module if note == [] else None
    _bump_now(slug, note, module)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump_now(slug, note, module))


def page_generation(slug):
    """``(platform, municipality)`` counters of ``slug``, read fresh."""
    cache = _cache()
    key = _municipality_key(slug)
    values = _read_many(cache, [PLATFORM_KEY, key])
    return values[PLATFORM_KEY], values[key]


def changed_pages(slug, since, now):
    """The translation keys of the pages of ``slug`` that changed between two
    :func:`page_generation` values, as a set of strings; ``None`` when that
    cannot be told (a platform-wide bump, too many bumps, a note missing, or
    a bump that did not say), which means every page may have changed."""
    if since == now:
        return set()
    if since[0] != now[0] or not 0 < now[1] - since[1] <= MAX_CHANGE_NOTES:
        return None
    keys = [_note_key(slug, counter) for counter in range(since[1] + 1, now[1] + 1)]
    notes = _cache().get_many(keys)
    changed = set()
    for key in keys:
        note = notes.get(key)
        if note is None or note == EVERYTHING:
            return None
        changed.update(note)
    return changed
