"""A cached answer of pages near a path (a page, its children, its
ancestors) outlives publishes of pages it does not depend on
(graphql/content/dependencies.py), and only those."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rathaus.graphql import contract
from rathaus.site.core.generation import bump_generation
from rathaus.site.translation import review

from .content_builders import build_content, publish
from .test_content_pages import run

pytestmark = pytest.mark.django_db

TEXT = contract.read_operation(contract.operations_dir() / "PageByPath.graphql")


@pytest.fixture
def built(municipality_a):
    return build_content(municipality_a, pages=12)


def ask(client, path, locale="de"):
    variables = {"municipality": "stadt-a", "locale": locale, "path": path}
    return client.get(
        "/graphql/",
        {"id": contract.document_id(TEXT), "variables": json.dumps(variables)},
    )


def get(client, path, locale="de"):
    """Whether the cache answered; the answer must equal a fresh one."""
    response = ask(client, path, locale)
    variables = {"municipality": "stadt-a", "locale": locale, "path": path}
    assert json.loads(response.content) == run(client, "PageByPath", variables)
    return response["X-Rathaus-Cache"]


FIVE = "/seite-0/seite-5/"  # a child of the first page, which every page links to


def test_other_pages_publishes_keep_the_answer(client, built):
    assert get(client, FIVE) == "miss"
    publish(built.pages[11], title="Anderswo")  # another section
    with CaptureQueriesContext(connection) as queries:
        assert ask(client, FIVE)["X-Rathaus-Cache"] == "hit"
    assert len(queries) == 0  # nothing executed
    assert get(client, FIVE) == "hit"
    bump_generation(built.municipality, pages=())  # module data
    assert get(client, FIVE) == "hit"


def test_its_own_siblings_ancestors_and_link_targets_end_it(client, built):
    assert get(client, FIVE) == "miss"
    publish(built.pages[5], title="Selbst")
    assert get(client, FIVE) == "miss"
    assert get(client, FIVE) == "hit"
    built.pages[4].specific.delete()  # an earlier sibling: its order changes
    assert get(client, FIVE) == "miss"
    publish(built.pages[0], title="Oben")  # its parent
    assert get(client, FIVE) == "miss"
    eleven = "/seite-10/seite-11/"
    assert get(client, eleven) == "miss"
    publish(built.pages[0], title="Ziel")  # the page it links to
    assert get(client, eleven) == "miss"
    bump_generation(built.municipality)  # a change that names no pages
    assert get(client, eleven) == "miss"


def test_every_locale_follows_translations(client, built):
    path = "/seite-0/seite-2/"
    assert get(client, path, locale="en") == "miss"
    translation = built.translations[(built.pages[2].pk, "en")]
    with review.following_source():
        publish(translation, title="Two")
    assert get(client, path, locale="en") == "miss"
    assert get(client, path, locale="en") == "hit"


def test_a_sibling_published_again_ends_it(client, built):
    """A sibling that was not live when the answer was kept is not among its
    dependencies; publishing it again moves the page's order all the same."""
    built.pages[4].specific.unpublish()
    assert get(client, FIVE) == "miss"
    assert get(client, FIVE) == "hit"
    publish(built.pages[4], title="Wieder da")
    assert get(client, FIVE) == "miss"


def get_list(client, name, path, **extra):
    """Like ``get`` for another operation of pages near a path."""
    response = ask_list(client, name, path, **extra)
    variables = {"municipality": "stadt-a", "locale": "de", "path": path, **extra}
    assert json.loads(response.content) == run(client, name, variables)
    return response["X-Rathaus-Cache"]


def test_a_list_of_children_follows_its_children_only(client, built):
    section = "/seite-0/"
    assert get_list(client, "Children", section) == "miss"
    publish(built.pages[11], title="Anderswo")  # another section's page
    assert get_list(client, "Children", section) == "hit"
    publish(built.pages[5], title="Kind")  # one of the children
    assert get_list(client, "Children", section) == "miss"
    built.pages[4].specific.unpublish()
    assert get_list(client, "Children", section) == "miss"
    assert get_list(client, "Children", section) == "hit"
    publish(built.pages[4], title="Wieder da")  # a child that was not listed
    assert get_list(client, "Children", section) == "miss"
    publish(built.pages[0], title="Abschnitt")  # the parent itself
    assert get_list(client, "Children", section) == "miss"


def test_a_list_of_children_follows_grandchildren_only_when_it_lists_them(
    client, built
):
    assert get_list(client, "Children", "/") == "miss"
    assert get_list(client, "Children", "/", depth=2) == "miss"
    publish(built.pages[5], title="Enkel")  # a grandchild of the home page
    assert get_list(client, "Children", "/") == "hit"
    assert get_list(client, "Children", "/", depth=2) == "miss"
    built.pages[11].specific.unpublish()
    assert get_list(client, "Children", "/") == "hit"
    assert get_list(client, "Children", "/", depth=2) == "miss"
    publish(built.pages[11], title="Wieder da")  # a new grandchild
    assert get_list(client, "Children", "/") == "hit"
    assert get_list(client, "Children", "/", depth=2) == "miss"


def test_ancestors_follow_the_path_only(client, built):
    assert get_list(client, "Ancestors", FIVE) == "miss"
    publish(built.pages[4], title="Nachbar")  # a sibling: not on the path
    publish(built.pages[11], title="Anderswo")
    assert get_list(client, "Ancestors", FIVE) == "hit"
    publish(built.pages[0], title="Oben")  # an ancestor
    assert get_list(client, "Ancestors", FIVE) == "miss"
    built.pages[5].specific.unpublish()  # the page itself: the path is gone
    response = ask_list(client, "Ancestors", FIVE)
    assert json.loads(response.content)["errors"][0]["extensions"]["code"] == (
        "NOT_FOUND"
    )


def ask_list(client, name, path, **extra):
    text = contract.read_operation(contract.operations_dir() / f"{name}.graphql")
    variables = {"municipality": "stadt-a", "locale": "de", "path": path, **extra}
    return client.get(
        "/graphql/",
        {"id": contract.document_id(text), "variables": json.dumps(variables)},
    )


def get_type_list(client, name, **extra):
    """Like ``get`` for a list of a page type (News, Events, Locations)."""
    text = contract.read_operation(contract.operations_dir() / f"{name}.graphql")
    variables = {"municipality": "stadt-a", "locale": "de", **extra}
    response = client.get(
        "/graphql/",
        {"id": contract.document_id(text), "variables": json.dumps(variables)},
    )
    assert json.loads(response.content) == run(client, name, variables)
    return response["X-Rathaus-Cache"]


def test_lists_of_a_page_type_follow_pages_of_that_type(client, built):
    lists = {"News": {"first": 1}, "Events": {}, "Locations": {}}

    def states():
        return {
            name: get_type_list(client, name, **extra) for name, extra in lists.items()
        }

    states()
    publish(built.pages[5], title="Info")  # an information page
    assert states() == dict.fromkeys(lists, "hit")
    # A news article the first page does not show: it could move into it.
    publish(built.news[2], title="Später")
    assert states() == {"News": "miss", "Events": "hit", "Locations": "hit"}
    publish(built.events[1], title="Stadtfest 2")
    assert states() == {"News": "hit", "Events": "miss", "Locations": "hit"}
    # A location: its own list and the events held there.
    publish(built.locations[0], title="Rathaus")
    assert states() == {"News": "hit", "Events": "miss", "Locations": "miss"}
    built.locations[1].specific.unpublish()
    assert states() == {"News": "hit", "Events": "miss", "Locations": "miss"}
    publish(built.locations[1], title="Wieder offen")
    assert states() == {"News": "hit", "Events": "miss", "Locations": "miss"}


def test_an_answer_is_served_again_only_while_a_cached_one_may_be(
    client, built, monkeypatch
):
    """Events follow the clock (from now on): however often an answer is
    kept again, it is never served older than the response cache allows."""
    from rathaus.graphql import response_cache

    assert get_type_list(client, "Events") == "miss"
    publish(built.pages[5], title="Info")
    assert get_type_list(client, "Events") == "hit"
    timeout = int(response_cache.config()["RESPONSE_CACHE_TIMEOUT"])
    later = response_cache.time.time() + timeout + 1
    monkeypatch.setattr(response_cache.time, "time", lambda: later)
    publish(built.pages[5], title="Info 2")
    assert get_type_list(client, "Events") == "miss"


def test_search_follows_its_locale_and_the_default_one(client, built):
    def search(locale):  # the news articles
        return get_type_list(client, "Search", locale=locale, query="Nachricht")

    assert search("de") == "miss"
    assert search("en") == "miss"
    translation = built.translations[(built.pages[2].pk, "en")]
    with review.following_source():
        publish(translation, title="Seite zwei (en)")  # an English page
    assert search("de") == "hit"
    assert search("en") == "miss"
    # A German page: the German results, and the English ones (fallbacks).
    publish(built.pages[3], title="Seite drei")
    assert search("de") == "miss"
    assert search("en") == "miss"
