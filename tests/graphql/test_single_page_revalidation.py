"""A cached single-page answer outlives publishes of pages it does not depend
on (graphql/content/dependencies.py), and only those."""

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
