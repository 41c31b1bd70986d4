"""Page trees from the pages' kept answers (graphql/content/fragments.py):
after every kind of change the tree equals one computed from scratch, and
only the pages that changed are computed again."""

import json
import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from rathaus.graphql.content import fragments
from rathaus.graphql.content.fragments import (
    PAGE_FIELDS,
    RawJSON,
    dumps,
    page_fragments,
)
from rathaus.graphql.limits import config
from rathaus.graphql.schema import schema
from rathaus.site.core import generation
from rathaus.site.core.generation import bump_generation, changed_pages
from rathaus.site.translation import review
from rathaus.site.translation.status import refresh
from tests.factories import add_information_page

from .content_builders import build_content, paragraph, publish
from .test_content_pages import run

pytestmark = pytest.mark.django_db

VARIABLES = {"municipality": "stadt-a", "locale": "en"}


@pytest.fixture
def built(municipality_a):
    return build_content(municipality_a, pages=12)


@pytest.fixture
def computed(monkeypatch):
    """The ids of the pages whose answers were computed (not reused)."""
    ids = []
    item = fragments.PageItem

    def counting(node, batch):
        ids.append(node.id)
        return item(node, batch)

    monkeypatch.setattr(fragments, "PageItem", counting)
    return ids


def tree(client, variables=VARIABLES):
    payload = run(client, "PageTree", variables)
    assert "errors" not in payload, payload
    return payload["data"]["pageTree"]


def from_scratch(client, variables=VARIABLES):
    values = {**getattr(settings, "RATHAUS_GRAPHQL", {}), "PAGE_FRAGMENT_SETS": 0}
    with override_settings(RATHAUS_GRAPHQL=values):
        return tree(client, variables)


def assert_current(client, variables=VARIABLES):
    """The tree from fragments equals the tree computed from scratch."""
    answer = tree(client, variables)
    assert answer == from_scratch(client, variables)
    return answer


def test_every_page_field_is_one_the_fragments_know():
    """A field added to Page must be checked against the module docstring of
    fragments.py (what a page's answer may depend on) and added there."""
    assert set(schema.graphql_schema.get_type("Page").fields) == PAGE_FIELDS


def test_an_unchanged_tree_reuses_every_page(client, built, computed):
    first = tree(client)
    assert len(computed) == len(first)
    computed.clear()
    assert tree(client) == first
    assert computed == []


def test_a_publish_computes_that_page_again_in_every_locale(client, built, computed):
    tree(client)
    tree(client, {**VARIABLES, "locale": "de"})
    page = built.pages[5]
    computed.clear()
    publish(page, title="Neu")
    answer = assert_current(client)
    assert "Neu" in {item["title"] for item in answer}  # a fallback in en
    assert computed == [page.pk]
    computed.clear()
    assert_current(client, {**VARIABLES, "locale": "de"})
    assert computed == [page.pk]


def test_publishing_a_translation_changes_status_and_translations(
    client, built, computed
):
    tree(client)
    translation = built.translations[(built.pages[2].pk, "en")]
    computed.clear()
    with review.following_source():
        publish(translation, title="Page one")
    answer = assert_current(client)
    assert [item["id"] for item in answer if item["title"] == "Page one"] == [
        str(translation.pk)
    ]
    assert computed == [translation.pk]
    # The source changed: its translation's status changes with it.
    computed.clear()
    publish(built.pages[2], title="Seite zwei")
    refresh(built.pages[2])
    assert_current(client)
    assert computed == [translation.pk]


def test_links_follow_their_target(client, built, computed):
    """Unpublishing a page names only that page; a page linking to it finds
    the changed link by comparing the link's path with the index."""
    variables = {**VARIABLES, "locale": "de"}
    target = add_information_page(built.home, "Ziel")
    linking = publish(built.pages[11], body=[paragraph("Siehe", link_to=target)])
    before = tree(client, variables)
    assert f'href="/{target.slug}/"' in _html(before, linking)
    computed.clear()
    target.unpublish()
    after = assert_current(client, variables)
    assert f'href="/{target.slug}/"' not in _html(after, linking)
    assert computed == [linking.pk]


def _html(answer, page):
    (item,) = [item for item in answer if item["id"] == str(page.pk)]
    return item["html"]


def test_moves_slugs_restrictions_and_deletions(client, built, computed):
    tree(client)
    publish(built.pages[3], slug="umbenannt")  # URL paths of its subtree
    assert_current(client)
    built.pages[4].specific.move(built.pages[10], pos="last-child")
    assert_current(client)
    PageViewRestriction.objects.create(
        page=built.pages[10], restriction_type=PageViewRestriction.LOGIN
    )
    assert_current(client)
    PageViewRestriction.objects.filter(page=built.pages[10]).delete()
    assert_current(client)
    computed.clear()
    built.pages[9].specific.delete()
    answer = assert_current(client)
    assert str(built.pages[9].pk) not in {item["id"] for item in answer}
    assert computed == []  # the last of its siblings: no other page changed


def test_module_data_changes_no_page(client, built, computed):
    first = tree(client)
    computed.clear()
    bump_generation(built.municipality, pages=())
    with CaptureQueriesContext(connection) as queries:
        assert tree(client) == first
    assert computed == []
    # municipality and locale roots: the content generation did not move, so
    # the worker's tree index is kept too; no content
    assert len(queries) == 2


def test_a_change_that_does_not_say_what_changed_recomputes_every_page(
    client, built, computed
):
    """What is reused rests on the notes: a raw update under a bump that
    names no page stays unseen; a bump that says nothing, or whose note is
    lost, computes every page again."""
    first = tree(client)
    page = built.pages[2]
    Page.objects.filter(pk=page.pk).update(title="Roh")
    bump_generation(built.municipality, pages=[])
    assert tree(client) == first
    computed.clear()
    bump_generation(built.municipality)
    answer = assert_current(client)
    assert len(computed) == len(answer)
    Page.objects.filter(pk=page.pk).update(title="Roh 2")
    bump_generation(built.municipality, pages=[])
    counter = generation.page_generation("stadt-a")[1]
    caches["default"].delete(generation._note_key("stadt-a", counter))
    computed.clear()
    answer = assert_current(client, {**VARIABLES, "locale": "de"})
    assert "Roh 2" in {item["title"] for item in answer}
    assert len(computed) == len(answer)


def test_change_notes():
    generation.bump_generation("a")
    since = generation.page_generation("a")
    assert changed_pages("a", since, since) == set()
    bump_generation("a", pages=["k1"])
    bump_generation("a", pages=["k2", "k1"])
    now = generation.page_generation("a")
    assert changed_pages("a", since, now) == {"k1", "k2"}
    bump_generation("a")
    assert changed_pages("a", since, generation.page_generation("a")) is None
    later = generation.page_generation("a")
    bump_generation(None)  # platform-wide
    assert changed_pages("a", later, generation.page_generation("a")) is None
    later = generation.page_generation("a")
    for _ in range(generation.MAX_CHANGE_NOTES + 1):
        bump_generation("a", pages=())
    assert changed_pages("a", later, generation.page_generation("a")) is None
    later = generation.page_generation("a")
    bump_generation("a", pages=["k3"])
    now = generation.page_generation("a")
    caches["default"].delete(generation._note_key("a", now[1]))
    assert changed_pages("a", later, now) is None


def test_an_answer_with_an_error_is_not_kept(client, built, monkeypatch, computed):
    from rathaus.graphql.content.batch import PageBatch

    broken = built.pages[6].translation_key
    status = PageBatch.translation_status

    def failing(self, node):
        if node.translation_key == broken:
            raise RuntimeError("status unavailable")
        return status(self, node)

    monkeypatch.setattr(PageBatch, "translation_status", failing)
    payload = run(client, "PageTree", VARIABLES)
    (error,) = payload["errors"]
    _field, position, name = error["path"]
    assert name == "translationStatus"
    broken_id = int(payload["data"]["pageTree"][position]["id"])
    monkeypatch.setattr(PageBatch, "translation_status", status)
    computed.clear()
    assert_current(client)
    assert computed == [broken_id]


def test_each_municipality_and_locale_has_its_own(
    client, built, municipality_b, computed
):
    build_content(municipality_b, pages=3)
    a = tree(client)
    b = tree(client, {**VARIABLES, "municipality": "stadt-b"})
    assert {item["id"] for item in a}.isdisjoint({item["id"] for item in b})
    computed.clear()
    publish(built.pages[1], title="Nur A")
    assert tree(client, {**VARIABLES, "municipality": "stadt-b"}) == b
    assert computed == []
    assert_current(client)


def test_the_kept_sets_are_bounded(client, built, settings):
    settings.RATHAUS_GRAPHQL = {"PAGE_FRAGMENT_SETS": 1}
    tree(client)
    tree(client, {**VARIABLES, "locale": "de"})
    assert len(page_fragments) == 1
    settings.RATHAUS_GRAPHQL = {"PAGE_FRAGMENT_SETS": 0}
    page_fragments.clear()
    assert_current(client)
    assert len(page_fragments) == 0


def test_two_selections_in_one_document(client, built):
    query = """query T($municipality: String!, $locale: String!) {
      a: pageTree(municipality: $municipality, locale: $locale) { id title }
      b: pageTree(municipality: $municipality, locale: $locale) { id path html }
    }"""
    for _ in range(2):
        response = client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": VARIABLES}),
            content_type="application/json",
        )
        data = json.loads(response.content)["data"]
        assert set(data["a"][0]) == {"id", "title"}
        assert set(data["b"][0]) == {"id", "path", "html"}
        assert [item["id"] for item in data["a"]] == [item["id"] for item in data["b"]]


def test_raw_json_is_written_as_it_is():
    payload = {"data": {"x": RawJSON(b'[{"a":1}]'), "y": [RawJSON(b"2"), "\x00"]}}
    compact = dumps(payload, separators=(",", ":"), ensure_ascii=False)
    assert json.loads(compact) == {"data": {"x": [{"a": 1}], "y": [2, "\x00"]}}
    pretty = dumps(payload, indent=2, ensure_ascii=False)
    assert json.loads(pretty) == json.loads(compact)
    assert dumps({"a": "ä"}, ensure_ascii=False) == '{"a": "ä"}'.encode()


def test_kept_answers_are_never_older_than_a_cached_response(
    client, built, computed, monkeypatch
):
    first = tree(client)
    computed.clear()
    later = time.monotonic() + config()["RESPONSE_CACHE_TIMEOUT"]
    monkeypatch.setattr(fragments.time, "monotonic", lambda: later + 1)
    assert tree(client) == first
    assert len(computed) == len(first)
