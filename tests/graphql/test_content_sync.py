"""Delta sync (``changes``): an app that applies the answers holds exactly
what ``pageTree``, ``events`` and ``locations`` answer now, across edits,
moves, unpublishing, deletions, translations and paging."""

import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from rathaus.graphql import contract
from rathaus.graphql.content import sync
from rathaus.site.content.models import SyncState
from rathaus.site.core.generation import bump_generation

from .conftest import body
from .content_builders import build_content, translate

pytestmark = pytest.mark.django_db

OPERATION = contract.read_operation(contract.operations_dir() / "Changes.graphql")
FRAGMENTS = re.split(r"(?m)^(?=fragment )", OPERATION)[1:]
KINDS = {
    "PAGE": "pages",
    "EVENT": "events",
    "LOCATION": "locations",
    "WARNINGS": "warnings",
    "WASTE_FRACTIONS": "wasteFractions",
    "DEFECT_CATEGORIES": "defectCategories",
}
# The modules' synced lists: module -> (list, key, fragment).
MODULE_LISTS = {
    "warnings": ("warnings", "id", "ChangedWarning"),
    "waste": ("wasteFractions", "key", "ChangedWasteFraction"),
    "defects": ("defectCategories", "code", "ChangedDefectCategory"),
}
KEYS = {kind: key for kind, key, _fragment in MODULE_LISTS.values()}


def reference(modules=()):
    """The lists ``changes`` syncs, asked directly (those of ``modules``
    where they are enabled)."""
    chosen = [lists for module, lists in MODULE_LISTS.items() if module in modules]
    lists = "".join(
        f"{kind}(municipality: $municipality, locale: $locale) {{ ...{fragment} }} "
        for kind, _key, fragment in chosen
    )
    used = {"ChangedPage", "ChangedEvent", "ChangedLocation"}
    used.update(fragment for _kind, _key, fragment in chosen)
    fragments = "".join(text for text in FRAGMENTS if text.split(None, 2)[1] in used)
    return (
        "query Reference($municipality: String!, $locale: String!, "
        "$from: DateTime!, $to: DateTime!) { "
        "pageTree(municipality: $municipality, locale: $locale) { ...ChangedPage } "
        "events(municipality: $municipality, locale: $locale, from: $from, "
        "to: $to, expandRecurrences: false) { ...ChangedEvent } "
        "locations(municipality: $municipality, locale: $locale) { "
        "...ChangedLocation } " + lists + "}\n" + fragments
    )


def post(client, query, variables):
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
    )
    return body(response)


def changes(client, since=None, first=None, municipality="stadt-a", locale="en"):
    variables = {"municipality": municipality, "locale": locale, "since": since}
    if first is not None:
        variables["first"] = first
    return post(client, OPERATION, variables)


class App:
    """An offline app: what it holds, by kind and id, and its cursor."""

    def __init__(self, client, locale="en", first=None):
        self.client = client
        self.locale = locale
        self.first = first
        self.cursor = None
        self.held = {kind: {} for kind in KINDS.values()}
        self.answers = []

    def sync(self):
        while True:
            payload = changes(self.client, self.cursor, self.first, locale=self.locale)
            assert "errors" not in payload, payload
            answer = payload["data"]["changes"]
            self.answers.append(answer)
            for kind in KINDS.values():
                for item in answer[kind]:
                    self.held[kind][str(item[KEYS.get(kind, "id")])] = item
            for removed in answer["removed"]:
                del self.held[KINDS[removed["kind"]]][removed["id"]]
            self.cursor = answer["cursor"]
            if not answer["hasMore"]:
                return answer


def current(client, municipality, locale="en", modules=()):
    """What the app should hold: every synced list, by kind and key."""
    start, end = sync.event_window(SimpleNamespace(municipality=municipality))
    payload = post(
        client,
        reference(modules),
        {
            "municipality": municipality.slug,
            "locale": locale,
            "from": start.isoformat(),
            "to": end.isoformat(),
        },
    )
    assert "errors" not in payload, payload
    data = payload["data"]
    held = {kind: {} for kind in KINDS.values()}
    for name, kind in (
        ("pageTree", "pages"),
        ("events", "events"),
        ("locations", "locations"),
        *((kind, kind) for kind in KEYS),
    ):
        for item in data.get(name, ()):
            held[kind][str(item[KEYS.get(kind, "id")])] = item
    return held


@pytest.fixture
def built(municipality_a):
    return build_content(municipality_a, pages=14, translate_to=("en",))


def publish(page, capture, **changes):
    page = page.specific
    for name, value in changes.items():
        setattr(page, name, value)
    with capture(execute=True):
        page.save_revision().publish()
    return page


def test_applying_the_changes_gives_the_current_answers(
    client, built, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    municipality = built.municipality
    app = App(client)
    app.sync()
    assert app.held == current(client, municipality)
    assert app.held["pages"] and app.held["events"] and app.held["locations"]

    def step():
        answer = app.sync()
        assert app.held == current(client, municipality)
        return answer

    # An edit, in the default locale: the English tree shows it as a fallback
    # or through the translation's status.
    publish(built.pages[3], capture, title="Seite 3 geändert")
    step()
    # A slug change: the page's path, its descendants' paths and every body
    # that links to it change.
    publish(built.pages[0], capture, slug="start-neu")
    step()
    # A move into another section.
    with capture(execute=True):
        built.pages[12].specific.move(built.pages[1], pos="last-child")
    step()
    # Unpublishing a section hides its subtree.
    with capture(execute=True):
        built.pages[10].specific.unpublish()
    answer = step()
    assert answer["removed"]
    # A deletion.
    with capture(execute=True):
        built.pages[5].delete()
    step()
    # A new translation replaces the fallback: the German id is removed and
    # the English page's id arrives.
    untranslated = next(
        page
        for page in built.pages[1:10]
        if (page.pk, "en") not in built.translations and page.pk != built.pages[5].pk
    )
    with capture(execute=True):
        translated = translate(built, untranslated, "en", title="Translated")
        bump_generation(municipality)  # as publishing the translation does
    answer = step()
    assert str(translated.pk) in {page["id"] for page in answer["pages"]}
    assert {"kind": "PAGE", "id": str(untranslated.pk)} in answer["removed"]
    # Events and locations change with their pages.
    with capture(execute=True):
        built.events[0].delete()
    publish(built.locations[0], capture, title="Bürgerbüro neu")
    answer = step()
    assert {"kind": "EVENT", "id": str(built.events[0].pk)} in answer["removed"]
    # The location's English translation is now behind its source.
    assert [item["title"] for item in answer["locations"]] == ["Ort 0 (en)"]


def test_nothing_changed_keeps_the_cursor_and_sends_nothing(client, built):
    app = App(client)
    app.sync()
    answer = app.sync()
    assert answer["cursor"] == app.answers[-2]["cursor"]
    assert answer["pages"] == answer["events"] == answer["locations"] == []
    assert answer["removed"] == [] and answer["hasMore"] is False


def test_a_delta_of_one_changed_page_is_small(
    client, built, django_capture_on_commit_callbacks
):
    app = App(client, locale="de")
    app.sync()
    publish(built.pages[4], django_capture_on_commit_callbacks, title="Neu")
    payload = changes(client, app.cursor, locale="de")
    answer = payload["data"]["changes"]
    assert [page["title"] for page in answer["pages"]] == ["Neu"]
    assert answer["events"] == answer["locations"] == answer["removed"] == []
    assert len(json.dumps(payload).encode()) < 10_000


def test_paging_continues_correctly_when_content_changes_in_between(
    client, built, django_capture_on_commit_callbacks
):
    app = App(client, first=4)
    first = changes(client, first=4)["data"]["changes"]
    assert first["hasMore"] and len(first["pages"]) == 4
    for item in first["pages"]:
        app.held["pages"][item["id"]] = item
    app.cursor = first["cursor"]
    # One of the pages the app already got changes before it continues.
    changed = next(p for p in built.pages if str(p.pk) in app.held["pages"])
    publish(changed, django_capture_on_commit_callbacks, title="Zwischendurch")
    app.sync()
    assert len(app.answers) > 2
    assert all(
        len(a["pages"]) + len(a["events"]) + len(a["locations"]) <= 4
        for a in app.answers
    )
    assert app.held == current(client, built.municipality)


def test_objects_returned_while_the_generation_moves_are_sent_again(
    client, built, monkeypatch
):
    app = App(client, locale="de")
    tokens = iter(["g1", "g2"])
    real = sync.generation_token
    monkeypatch.setattr(
        sync,
        "generation_token",
        lambda slugs, content=False: next(tokens) if content else "full",
    )
    first = app.sync()
    monkeypatch.setattr(sync, "generation_token", real)
    again = app.sync()
    assert {page["id"] for page in again["pages"]} == {
        page["id"] for page in first["pages"]
    }
    assert app.sync()["pages"] == []


def test_cursors_are_scoped_and_expire(client, built, municipality_b):
    build_content(municipality_b, pages=2, translate_to=("en",))
    cursor = changes(client)["data"]["changes"]["cursor"]
    other = changes(client, cursor, municipality="stadt-b")
    assert other["errors"][0]["extensions"]["code"] == "CURSOR_EXPIRED"
    assert other["data"] is None
    german = changes(client, cursor, locale="de")
    assert german["errors"][0]["extensions"]["code"] == "CURSOR_EXPIRED"
    unknown = changes(client, "f" * 40)
    assert unknown["errors"][0]["extensions"]["code"] == "CURSOR_EXPIRED"
    assert "since" in unknown["errors"][0]["extensions"]["fields"]

    SyncState.objects.update(used_at=timezone.now() - sync.RETENTION - timedelta(1))
    assert changes(client, cursor)["errors"][0]["extensions"]["code"] == (
        "CURSOR_EXPIRED"
    )
    assert SyncState.prune() == 1
    assert not SyncState.objects.exists()


def test_first_must_be_positive(client, built):
    payload = changes(client, first=0)
    assert payload["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    assert not SyncState.objects.exists()


def test_the_sync_document_selects_every_field_of_the_synced_types():
    from rathaus.graphql.schema import schema

    document, _references = sync.sync_document(schema.graphql_schema)
    for type_name in sync.KIND_TYPES:
        for field in schema.graphql_schema.get_type(type_name).fields:
            assert f" {field}" in document, (type_name, field)


def test_a_sync_waits_for_the_state_another_request_computes(
    client, built, monkeypatch
):
    """After a publish many apps sync at once; one computes the state, the
    others wait for it. A request that waited in vain computes it itself."""
    computed, waited = [], []
    real = sync._compute_manifest
    monkeypatch.setattr(
        sync, "_compute_manifest", lambda *a: computed.append(1) or real(*a)
    )
    monkeypatch.setattr(sync, "COMPUTE_SECONDS", 0.3)
    monkeypatch.setattr(sync.time, "sleep", lambda seconds: waited.append(seconds))
    real_add = sync.caches["default"].add
    monkeypatch.setattr(
        sync.caches["default"],
        "add",
        lambda key, *a, **k: not key.endswith(":computing") and real_add(key, *a, **k),
    )
    payload = changes(client, locale="de")
    assert "errors" not in payload and payload["data"]["changes"]["pages"]
    assert waited and computed == [1]
    assert changes(client, locale="de")["data"]["changes"]["pages"]
    assert computed == [1]  # the second sync found the state in the cache


def test_an_event_follows_its_location_page(
    client, built, django_capture_on_commit_callbacks
):
    """An event carries its location page; the page is digested once (in the
    pages list) and its digest stands in the event's, so a renamed location
    re-sends the events held there."""
    app = App(client, locale="de")
    app.sync()
    location = built.locations[0]
    held_there = {
        event_id
        for event_id, event in app.held["events"].items()
        if event["location"] and event["location"]["id"] == str(location.pk)
    }
    assert held_there
    publish(location, django_capture_on_commit_callbacks, title="Rathaus, Saal 2")
    answer = app.sync()
    assert {event["id"] for event in answer["events"]} == held_there
    assert {event["location"]["title"] for event in answer["events"]} == {
        "Rathaus, Saal 2"
    }
    assert app.held == current(client, built.municipality, locale="de")
