"""Content generations: counters that change whenever published content changes.

The GraphQL response cache puts a generation into every key, so bumping a
generation makes every cached response that depends on it unreachable at once
(they expire from the cache on their own).

- one counter per municipality (by slug), bumped when that municipality's
  pages, module data or settings change;
- an ``all`` counter, bumped on *every* change: responses that name no
  municipality use it, so they are never stale;
- a ``platform`` counter, bumped by platform-wide changes (``bump_generation()``
  with no municipality), which is part of every municipality's generation.

Counters live in Django's cache. ``cache.add`` then ``cache.incr`` is atomic on
Redis. A counter that is missing (first use, eviction, cache flush) starts at a
random value, so a reset counter never meets the keys of its earlier life.
"""

import secrets

from django.core.cache import caches
from django.db import connection, transaction

PREFIX = "rathaus:generation"
ALL_KEY = f"{PREFIX}:all"
PLATFORM_KEY = f"{PREFIX}:platform"


def _cache():
    from rathaus.graphql.limits import config

    return caches[config()["CACHE_ALIAS"]]


def _municipality_key(slug):
    return f"{PREFIX}:m:{slug}"


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


def _read(cache, key):
    value = cache.get(key)
    if value is None:
        cache.add(key, _start(), timeout=None)
        value = cache.get(key)
    return value


def _incr(cache, key):
    cache.add(key, _start(), timeout=None)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.add(key, _start(), timeout=None)
        return cache.get(key)


def _read_many(cache, keys):
    """``{key: value}`` of several counters in one round trip (``MGET``)."""
    values = cache.get_many(keys)
    missing = [key for key in keys if values.get(key) is None]
    if missing:
        for key in missing:
            cache.add(key, _start(), timeout=None)
        values.update(cache.get_many(missing))
    return values


def get_generation(municipality_slug=None):
    """The generation of one municipality, or of everything when ``None``.

    A municipality's generation also changes on platform-wide bumps, so it is
    returned as a string ``"<platform>.<municipality>"``; the ``all`` counter
    is returned as an int.
    """
    cache = _cache()
    if municipality_slug is None:
        return _read(cache, ALL_KEY)
    return _generations(cache, [municipality_slug])[municipality_slug]


def _generations(cache, slugs):
    """``{slug: "<platform>.<municipality>"}``, read in one round trip."""
    keys = [PLATFORM_KEY, *(_municipality_key(slug) for slug in slugs)]
    values = _read_many(cache, keys)
    platform = values[PLATFORM_KEY]
    return {slug: f"{platform}.{values[_municipality_key(slug)]}" for slug in slugs}


def generation_token(municipality_slugs=()):
    """One string for a cache key: the generations of the given municipalities,
    or the ``all`` generation when there are none.

    Every cached read needs it, so it costs one cache round trip however many
    counters it combines.
    """
    slugs = sorted({slug for slug in municipality_slugs if slug})
    if not slugs:
        return f"all:{get_generation()}"
    generations = _generations(_cache(), slugs)
    return ";".join(f"{slug}:{generations[slug]}" for slug in slugs)


def _bump_now(slug):
    cache = _cache()
    if slug is None:
        _incr(cache, PLATFORM_KEY)
    else:
        _incr(cache, _municipality_key(slug))
    _incr(cache, ALL_KEY)


def bump_generation(municipality=None):
    """Invalidate cached responses of a municipality (slug, instance or
    primary key), or of the whole platform when ``None``.

    Inside a transaction it bumps now *and* again after commit: a request that
    read the old rows and stored its response between the two is then
    unreachable too.
    """
    slug = _slug(municipality)
    _bump_now(slug)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump_now(slug))
