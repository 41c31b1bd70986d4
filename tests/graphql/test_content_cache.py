"""End to end: a cached anonymous PageTree GET refreshes when an editor
publishes, and only for the municipality that changed."""

import json

import pytest

from rathaus.graphql import contract

from .conftest import body
from .content_builders import build_content

pytestmark = pytest.mark.django_db


def get_tree(client, municipality):
    text = contract.read_operation(contract.operations_dir() / "PageTree.graphql")
    return client.get(
        "/graphql/",
        {
            "id": contract.document_id(text),
            "variables": json.dumps({"municipality": municipality, "locale": "de"}),
        },
    )


def titles(response):
    return {page["title"] for page in body(response)["data"]["pageTree"]}


def test_publishing_refreshes_the_cached_page_tree(
    client, municipality_a, municipality_b, django_capture_on_commit_callbacks
):
    built = build_content(municipality_a, pages=3, translate_to=())
    build_content(municipality_b, pages=2, translate_to=())
    first = get_tree(client, "stadt-a")
    assert first["X-Rathaus-Cache"] == "miss"
    assert "Seite 1" in titles(first)
    assert get_tree(client, "stadt-a")["X-Rathaus-Cache"] == "hit"
    assert get_tree(client, "stadt-b")["X-Rathaus-Cache"] == "miss"

    page = built.pages[1].specific
    page.title = "Seite 1 neu"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    fresh = get_tree(client, "stadt-a")
    assert fresh["X-Rathaus-Cache"] == "miss"
    assert "Seite 1 neu" in titles(fresh) and "Seite 1" not in titles(fresh)
    assert get_tree(client, "stadt-a")["X-Rathaus-Cache"] == "hit"
    # The other municipality's cached tree was not invalidated.
    assert get_tree(client, "stadt-b")["X-Rathaus-Cache"] == "hit"


def test_restricting_a_page_refreshes_the_cached_page_tree(
    client, municipality_a, django_capture_on_commit_callbacks
):
    """A page an editor makes private (a password, a login) must leave the
    cached answers at once, and come back when the restriction is lifted."""
    from wagtail.models import PageViewRestriction

    built = build_content(municipality_a, pages=3, translate_to=())
    assert "Seite 1" in titles(get_tree(client, "stadt-a"))
    assert get_tree(client, "stadt-a")["X-Rathaus-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=built.pages[1],
            restriction_type=PageViewRestriction.PASSWORD,
            password="geheim",
        )
    hidden = get_tree(client, "stadt-a")
    assert hidden["X-Rathaus-Cache"] == "miss"
    assert "Seite 1" not in titles(hidden)

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert "Seite 1" in titles(get_tree(client, "stadt-a"))


def test_uncached_answers_follow_every_publish_although_workers_keep_the_index(
    client, municipality_a, django_capture_on_commit_callbacks
):
    """Each worker keeps the page-tree index of a content generation; a
    publish, a new page or a move starts a new generation, so an uncached
    POST never answers from an older tree."""
    from rathaus.site.content.models import InformationPage

    from .test_content_pages import data

    built = build_content(municipality_a, pages=3, translate_to=())
    variables = {"municipality": "stadt-a", "locale": "de"}

    def tree():
        return {
            page["path"]: page["title"]
            for page in data(client, "PageTree", variables)["pageTree"]
        }

    assert tree()["/seite-0/"] == "Seite 0"
    publish = django_capture_on_commit_callbacks
    page = built.pages[0].specific
    page.title = "Seite 0 neu"
    with publish(execute=True):
        page.save_revision().publish()
    assert tree()["/seite-0/"] == "Seite 0 neu"

    new = InformationPage(title="Neu", slug="neu", live=False)
    municipality_a.home_page.add_child(instance=new)
    assert "/neu/" not in tree()
    with publish(execute=True):
        new.save_revision().publish()
    assert tree()["/neu/"] == "Neu"

    with publish(execute=True):
        new.move(built.pages[0], pos="last-child")
    paths = tree()
    assert "/neu/" not in paths and paths["/seite-0/neu/"] == "Neu"
