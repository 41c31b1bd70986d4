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
