"""Delta sync for offline apps: ``changes(municipality, locale, since)``.

An app keeps a municipality's pages, events and locations offline. Instead of
downloading the whole tree after every publish, it asks what changed since
its cursor and applies the answer.

**Derived, not logged.** No event handler records changes. The current state
is the answer of the sync document (:func:`sync_document`: every field of
``Page``, ``Event`` and ``Location`` as ``pageTree``, ``events`` and
``locations`` return them), digested per object into a *manifest*
(kind -> id -> digest). A cursor names a stored manifest: exactly what the
app holds (:class:`~rathaus.site.content.models.SyncState`). The changes since
a cursor are the objects whose digest differs from the cursor's manifest and
the ids it holds that the current state lacks (removed). Whatever happened in
between (moves, unpublishing, deletions, new translations, a linked page's new
path inside a body), applying the changes gives the current answers.

**Modules' lists.** A module names lists an offline app keeps
(``ModuleConfig.synced_lists``); where it is enabled, they are synced like
the core's kinds, under the root field's name, their objects identified by
their key. Their state is digested apart (:func:`module_manifest`) and keyed
by the full generation, which module data moves, while the core's state keeps
the content generation, which module data leaves alone.

**Paging.** A call returns at most ``first`` objects (and every removal). Its
cursor names the app's state after applying that page: the basis manifest
with those objects applied. The next call therefore continues correctly even
when content changed in between; ``hasMore`` says whether to call again.

**Races.** The manifest of a content generation is cached. If the generation
moves while a call runs, the objects it returns may be newer than their
digests; they are then recorded as unknown (``?``, equal to no digest), so
the next call sends them again instead of ever missing a change.
"""

import functools
import hashlib
import json
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time

from django.core.cache import caches
from django.utils import timezone
from graphql import (
    Undefined,
    get_named_type,
    graphql_sync,
    is_leaf_type,
    is_object_type,
    is_required_argument,
)

from rathaus.graphql.errors import CursorExpired, ValidationFailed
from rathaus.graphql.limits import config
from rathaus.site.content.models import SyncState
from rathaus.site.core.generation import generation_token
from rathaus.site.module_platform.services import enabled_identifiers

from .index import scoped_index

KINDS = ("pages", "events", "locations")
DEFAULT_PAGE_SIZE = 200
EVENT_WINDOW = timedelta(days=365)
RETENTION = SyncState.RETENTION
UNKNOWN = "?"
COMPUTE_SECONDS = 8  # longest wait for another request's state
WAIT_STEP_SECONDS = 0.1
NESTING = 3  # object levels below a synced object (openingHours.slots)
KIND_TYPES = ("Page", "Event", "Location")
REFERENCES = {"Page": "pages"}  # computed first: KINDS starts with it


def _selection(graphql_type, depth, references):
    """Every field of ``graphql_type``. A page inside a synced object (an
    event's ``location``) is selected by id and stands in its digest for the
    page's own (``references``): the page's answer is the same object the
    pages list has, so it is neither rendered twice nor missed."""
    fields = []
    for name, definition in graphql_type.fields.items():
        if any(is_required_argument(arg) for arg in definition.args.values()):
            continue
        field_type = get_named_type(definition.type)
        if is_leaf_type(field_type):
            fields.append(name)
        elif references is not None and depth == 0 and field_type.name in REFERENCES:
            fields.append(f"{name} {{ id }}")
            references[name] = REFERENCES[field_type.name]
        elif is_object_type(field_type) and depth < NESTING:
            inner = _selection(field_type, depth + 1, None)
            fields.append(f"{name} {{ {inner} }}")
    return " ".join(fields)


@functools.lru_cache(maxsize=4)
def sync_document(schema):
    """Every field of the synced types, arguments at their defaults, and per
    kind the fields that refer to pages (field -> kind)."""
    references = {kind: {} for kind in KINDS}
    selection = {
        kind: _selection(schema.get_type(type_name), 0, references[kind])
        for kind, type_name in zip(KINDS, KIND_TYPES, strict=True)
    }
    scope = "municipality: $municipality, locale: $locale"
    document = (
        "query RathausSync($municipality: String!, $locale: String!, "
        "$from: DateTime!, $to: DateTime!) { "
        f"pages: pageTree({scope}) {{ {selection['pages']} }} "
        f"events: events({scope}, from: $from, to: $to, "
        f"expandRecurrences: false) {{ {selection['events']} }} "
        f"locations: locations({scope}) {{ {selection['locations']} }} }}"
    )
    return document, references


def event_window(scope):
    """The events synced: those of the `events` query with
    ``expandRecurrences: false`` from the start of today for a year."""
    zone = scope.municipality.zone
    start = datetime.combine(timezone.now().astimezone(zone).date(), clock_time(), zone)
    return start, start + EVENT_WINDOW


def digest(answer):
    text = json.dumps(answer, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _cache():
    return caches[config()["CACHE_ALIAS"]]


def _cached_manifest(parts, compute):
    """A manifest cached under the digest of ``parts`` (which name its
    document, scope and generation)."""
    key = "rathaus:sync:" + hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    cache = _cache()
    manifest = cache.get(key)
    if manifest is not None:
        return manifest
    # After a publish many apps sync at once: one request computes the state
    # and the others wait for it (a few seconds on a large municipality)
    # instead of each computing it again.
    if not cache.add(f"{key}:computing", 1, timeout=COMPUTE_SECONDS):
        deadline = time.monotonic() + COMPUTE_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP_SECONDS)
            manifest = cache.get(key)
            if manifest is not None:
                return manifest
    try:
        manifest = compute()
        # As long as a cached response: a change that bumped no generation
        # shows after this at the latest, as a difference like any other.
        cache.set(key, manifest, config()["RESPONSE_CACHE_TIMEOUT"])
    finally:
        cache.delete(f"{key}:computing")
    return manifest


def current_manifest(info, scope, generation):
    """kind -> id -> digest of the core's current answers, cached per
    content generation."""
    document, _references = sync_document(info.schema)
    window_start, window_end = event_window(scope)
    parts = [
        document,
        scope.municipality.slug,
        scope.locale.language_code,
        generation,
        window_start.isoformat(),
    ]
    return _cached_manifest(
        parts, lambda: _compute_manifest(info, scope, window_start, window_end)
    )


def enabled_module_lists(info, municipality):
    """The modules' synced lists of this schema (``SyncedModuleList``) whose
    module is enabled in the municipality."""
    lists = getattr(get_named_type(info.return_type).graphene_type, "module_lists", ())
    if not lists:
        return ()
    enabled = enabled_identifiers(municipality)
    return tuple(item for item in lists if item.module in enabled)


@functools.lru_cache(maxsize=64)
def module_document(schema, kinds):
    """Every field of the objects of the given module lists (root field
    names), each asked with the municipality and, where it takes one, the
    locale."""
    fields, takes_locale = [], False
    for kind in kinds:
        field = schema.query_type.fields[kind]
        scope = "municipality: $municipality"
        if "locale" in field.args:
            scope += ", locale: $locale"
            takes_locale = True
        selection = _selection(get_named_type(field.type), 0, None)
        fields.append(f"{kind}: {kind}({scope}) {{ {selection} }}")
    variables = "$municipality: String!" + (", $locale: String" if takes_locale else "")
    return f"query RathausModuleSync({variables}) {{ {' '.join(fields)} }}"


def module_manifest(info, scope, lists, generation):
    """kind -> key -> digest of the modules' lists, cached per generation
    (module data moves it)."""
    if not lists:
        return {}
    document = module_document(info.schema, tuple(item.kind for item in lists))

    def compute():
        data = _execute(info, scope, document)
        return {
            item.kind: {
                str(answer[item.key]): digest(answer) for answer in data[item.kind]
            }
            for item in lists
        }

    parts = [document, scope.municipality.slug, scope.locale.language_code, generation]
    return _cached_manifest(parts, compute)


def module_objects(info, scope, item, keys):
    """``{key: object}`` of a module's list for the keys given, from the
    list's own resolver (arguments at their defaults)."""
    field = info.schema.query_type.fields[item.kind]
    arguments = {}
    for name, argument in field.args.items():
        if name == "municipality":
            # The instance: the module's guard need not look it up again.
            value = scope.municipality
        elif name == "locale":
            value = scope.locale.language_code
        elif argument.default_value is not Undefined:
            value = argument.default_value
        else:
            continue
        arguments[argument.out_name or name] = value
    key_field = get_named_type(field.type).fields[item.key]
    objects = {}
    for found in field.resolve(None, info, **arguments):
        key = str(key_field.resolve(found, info))
        if key in keys:
            objects[key] = found
    return objects


def _execute(info, scope, document, variables=None):
    """The data of a sync document for the scope; its first error raised."""
    result = graphql_sync(
        info.schema,
        document,
        context_value=info.context,
        variable_values={
            "municipality": scope.municipality.slug,
            "locale": scope.locale.language_code,
            **(variables or {}),
        },
    )
    if result.errors:
        raise result.errors[0]
    return result.data


def _compute_manifest(info, scope, window_start, window_end):
    document, references = sync_document(info.schema)
    data = _execute(
        info,
        scope,
        document,
        {"from": window_start.isoformat(), "to": window_end.isoformat()},
    )
    manifest = {}
    for kind in KINDS:
        manifest[kind] = {}
        for answer in data[kind]:
            for name, target in references[kind].items():
                if answer.get(name) is not None:
                    page_id = str(answer[name]["id"])
                    answer[name] = manifest[target].get(page_id, UNKNOWN)
            manifest[kind][str(answer["id"])] = digest(answer)
    return manifest


def load_state(scope, cursor):
    """The manifest a cursor names (empty for none), or a typed error."""
    if not cursor:
        return {}
    state = (
        SyncState.objects.filter(
            cursor=cursor,
            municipality=scope.municipality,
            locale=scope.locale,
            used_at__gte=timezone.now() - RETENTION,
        )
        .only("manifest")
        .first()
    )
    if state is None:
        raise CursorExpired(fields={"since": [CursorExpired.default_message]})
    return json.loads(zlib.decompress(bytes(state.manifest)))


def store_state(scope, manifest):
    """Store a manifest (or mark it used again) and return its cursor."""
    text = json.dumps(manifest, sort_keys=True, separators=(",", ":"))
    cursor = hashlib.sha256(
        f"{scope.municipality.pk}:{scope.locale.pk}:{text}".encode()
    ).hexdigest()[:40]
    SyncState.objects.bulk_create(
        [
            SyncState(
                cursor=cursor,
                municipality=scope.municipality,
                locale=scope.locale,
                manifest=zlib.compress(text.encode(), 6),
                used_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["cursor"],
        update_fields=["used_at"],
    )
    return cursor


@dataclass
class Changes:
    """One answer of ``changes``: objects to upsert, ids to remove, a cursor."""

    pages: list
    events: list
    locations: list
    modules: dict  # kind -> objects of a module's list
    removed: list  # [(kind, id)]
    cursor: str
    has_more: bool


def changes(info, municipality, locale, since=None, first=None):
    from .query import items, list_events, list_locations

    first = DEFAULT_PAGE_SIZE if first is None else first
    if first < 1:
        raise ValidationFailed(
            "first must be at least 1.", fields={"first": ["At least 1."]}
        )
    # Read before anything is loaded: if they have not moved by the end,
    # every row this call read (the tree index included) belongs to it.
    generation = generation_token([municipality], content=True)
    full_generation = generation_token([municipality])
    scope, index = scoped_index(info, municipality, locale)
    lists = enabled_module_lists(info, scope.municipality)
    basis = load_state(scope, since)
    current = {
        **current_manifest(info, scope, generation),
        **module_manifest(info, scope, lists, full_generation),
    }
    # A kind the app holds that is not synced now (a module disabled since)
    # is removed whole.
    kinds = [*current, *(kind for kind in basis if kind not in current)]

    removed = [
        (kind, key)
        for kind in kinds
        for key in basis.get(kind, {})
        if key not in current.get(kind, {})
    ]
    changed = [
        (kind, key)
        for kind in current
        for key, value in current[kind].items()
        if basis.get(kind, {}).get(key) != value
    ]
    chosen = {kind: set() for kind in current}
    for kind, key in changed[:first]:
        chosen[kind].add(key)

    window_start, window_end = event_window(scope)
    page_ids = {int(key) for key in chosen["pages"]}
    pages = items(index, [node for node in index.nodes if node.id in page_ids])
    events = locations = []
    if chosen["events"]:
        event_ids = {int(key) for key in chosen["events"]}
        events = list_events(index, window_start, window_end, False, event_ids)
    if chosen["locations"]:
        location_ids = {int(key) for key in chosen["locations"]}
        locations = list_locations(index, None, None, location_ids)
    modules = {
        item.kind: module_objects(info, scope, item, chosen[item.kind])
        for item in lists
        if chosen[item.kind]
    }

    fresh = generation_token([municipality], content=True) == generation and (
        not lists or generation_token([municipality]) == full_generation
    )
    state = {kind: dict(basis.get(kind, {})) for kind in current}
    for kind, key in removed:
        if kind in state:
            del state[kind][key]
    returned = {
        "pages": [str(item.id) for item in pages],
        "events": [str(item.id) for item in events],
        "locations": [str(item.id) for item in locations],
    }
    for kind, objects in modules.items():
        returned[kind] = list(objects)
    for kind, keys in returned.items():
        for key in keys:
            state[kind][key] = current[kind].get(key, UNKNOWN) if fresh else UNKNOWN
    return Changes(
        pages=pages,
        events=events,
        locations=locations,
        modules={kind: list(objects.values()) for kind, objects in modules.items()},
        removed=removed,
        cursor=store_state(scope, state),
        has_more=len(changed) > first,
    )
