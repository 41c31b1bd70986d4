"""The content API: page tree, page by path, children, ancestors, fallbacks,
HTML, translations, errors and isolation between municipalities."""

import json

import pytest

from rathaus.graphql import contract

from .conftest import body
from .content_builders import build_content

pytestmark = pytest.mark.django_db


def run(client, name, variables):
    text = contract.read_operation(contract.operations_dir() / f"{name}.graphql")
    response = client.post(
        "/graphql/",
        json.dumps({"query": text, "variables": variables}),
        content_type="application/json",
    )
    return body(response)


def data(client, name, variables):
    payload = run(client, name, variables)
    assert "errors" not in payload, payload
    return payload["data"]


@pytest.fixture
def built(municipality_a):
    return build_content(municipality_a, pages=12)


def test_page_tree_in_the_default_locale(client, built):
    tree = data(client, "PageTree", {"municipality": "stadt-a", "locale": "de"})[
        "pageTree"
    ]
    home = tree[0]
    assert home["path"] == "/" and home["parentId"] is None and home["level"] == 0
    by_path = {page["path"]: page for page in tree}
    assert len(tree) == len(built.pages) + 1
    first = by_path["/seite-0/"]
    child = by_path["/seite-0/seite-1/"]
    assert child["parentId"] == first["id"] == str(built.pages[0].pk)
    assert [by_path[f"/seite-0/seite-{n}/"]["order"] for n in range(1, 10)] == list(
        range(9)
    )
    assert child["locale"] == "de" and child["isFallback"] is False
    assert child["pageType"] == "InformationPage"
    # HTML with the internal link resolved to a path, the heading, the links.
    assert '<a href="/seite-0/">Link</a>' in child["html"]
    assert "<h2>Stadt</h2>" in child["html"]
    assert '<li><a href="/seite-0/">Start</a></li>' in child["html"]
    assert child["excerpt"] == "Kurz 1"
    assert by_path["/seite-0/seite-2/"]["excerpt"].startswith("Stadt Text 2")
    assert {"locale": "de", "path": "/seite-0/"} in first["translations"]
    assert {"locale": "en", "path": "/seite-0/"} in first["translations"]
    assert child["translations"] == [{"locale": "de", "path": "/seite-0/seite-1/"}]


def test_page_tree_falls_back_to_the_default_locale(client, built):
    tree = data(client, "PageTree", {"municipality": "stadt-a", "locale": "en"})[
        "pageTree"
    ]
    by_path = {page["path"]: page for page in tree}
    assert len(tree) == len(built.pages) + 1
    translated = by_path["/seite-0/"]
    assert translated["title"] == "Seite 0 (en)"
    assert translated["isFallback"] is False and translated["locale"] == "en"
    assert translated["id"] == str(built.translations[(built.pages[0].pk, "en")].pk)
    fallback = by_path["/seite-0/seite-1/"]
    assert fallback["title"] == "Seite 1"
    assert fallback["isFallback"] is True and fallback["locale"] == "de"
    assert fallback["parentId"] == translated["id"]
    # Links from a fallback page point into the English tree.
    assert '<a href="/seite-0/">Link</a>' in fallback["html"]
    # The home page of the English tree is its locale root.
    assert tree[0]["locale"] == "en" and tree[0]["isFallback"] is False


def test_page_tree_in_arabic_is_all_fallback(client, built):
    tree = data(client, "PageTree", {"municipality": "stadt-a", "locale": "ar"})[
        "pageTree"
    ]
    assert tree[0]["locale"] == "ar"
    assert all(page["isFallback"] for page in tree[1:])


def test_unknown_locale_is_a_validation_error(client, built):
    payload = run(client, "PageTree", {"municipality": "stadt-a", "locale": "fr"})
    error = payload["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION_ERROR"
    assert "does not offer the locale 'fr'" in error["message"]
    assert "locale" in error["extensions"]["fields"]


def test_unknown_municipality_is_not_found(client, built):
    payload = run(client, "PageTree", {"municipality": "nowhere", "locale": "de"})
    assert payload["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_page_by_path(client, built):
    page = data(
        client,
        "PageByPath",
        {"municipality": "stadt-a", "locale": "en", "path": "seite-0/seite-1"},
    )["page"]
    assert page["title"] == "Seite 1" and page["isFallback"] is True
    assert page["path"] == "/seite-0/seite-1/"
    home = data(client, "PageByPath", {"municipality": "stadt-a", "locale": "de"})
    assert home["page"]["path"] == "/"


def test_page_by_unknown_path_is_not_found(client, built):
    payload = run(client, "PageByPath", {"municipality": "stadt-a", "path": "/nope/"})
    assert payload["data"]["page"] is None
    assert payload["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_children_and_depth(client, built):
    children = data(client, "Children", {"municipality": "stadt-a", "path": "/"})[
        "children"
    ]
    assert [child["path"] for child in children][:2] == ["/seite-0/", "/seite-10/"]
    assert all(child["level"] == 1 for child in children)
    deep = data(
        client, "Children", {"municipality": "stadt-a", "path": "/", "depth": 2}
    )["children"]
    assert len(deep) == len(built.pages)
    assert deep[1]["path"] == "/seite-0/seite-1/"


def test_ancestors(client, built):
    ancestors = data(
        client,
        "Ancestors",
        {"municipality": "stadt-a", "locale": "en", "path": "/seite-0/seite-1/"},
    )["ancestors"]
    assert [page["path"] for page in ancestors] == ["/", "/seite-0/"]
    assert ancestors[1]["title"] == "Seite 0 (en)"


def test_unpublished_and_private_pages_are_left_out(client, built):
    from wagtail.models import PageViewRestriction

    built.pages[1].unpublish()
    PageViewRestriction.objects.create(
        page=built.sections[1], restriction_type="password", password="secret"
    )
    tree = data(client, "PageTree", {"municipality": "stadt-a", "locale": "de"})[
        "pageTree"
    ]
    paths = {page["path"] for page in tree}
    assert "/seite-0/seite-1/" not in paths
    assert not any(path.startswith("/seite-10/") for path in paths)
    assert "/seite-0/seite-2/" in paths


def test_municipalities_are_isolated(client, municipality_a, municipality_b):
    build_content(municipality_a, pages=3)
    b = build_content(municipality_b, pages=2)
    tree = data(client, "PageTree", {"municipality": "stadt-b", "locale": "de"})[
        "pageTree"
    ]
    ids = {int(page["id"]) for page in tree}
    assert ids <= set(municipality_b.pages().values_list("pk", flat=True))
    assert len(tree) == len(b.pages) + 1
    # A path of A's tree is not found in B's (both have /seite-2/ only in A).
    payload = run(
        client, "PageByPath", {"municipality": "stadt-b", "path": "/seite-2/"}
    )
    assert payload["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_thumbnails_use_prefetched_renditions(client, municipality_a):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(
        title="Rathaus",
        file=get_test_image_file(size=(800, 600)),
        collection=municipality_a.collection,
        description="Das Rathaus",
    )
    build_content(municipality_a, pages=2, image=image)
    tree = data(client, "PageTree", {"municipality": "stadt-a", "locale": "de"})[
        "pageTree"
    ]
    thumbnail = tree[1]["thumbnail"]
    assert thumbnail["width"] == 400 and thumbnail["height"] == 300
    assert thumbnail["alt"] == "Das Rathaus"
    assert thumbnail["url"].endswith(".png") or ".fill-400x300" in thumbnail["url"]

    query = (
        "query($municipality: String!, $id: ID!) { image(municipality: $municipality,"
        " id: $id) { title alt rendition(size: WIDTH_800) { width height } } }"
    )
    response = client.post(
        "/graphql/",
        json.dumps(
            {"query": query, "variables": {"municipality": "stadt-a", "id": image.pk}}
        ),
        content_type="application/json",
    )
    assert body(response)["data"]["image"] == {
        "title": "Rathaus",
        "alt": "Das Rathaus",
        "rendition": {"width": 800, "height": 600},
    }
    other = client.post(
        "/graphql/",
        json.dumps(
            {"query": query, "variables": {"municipality": "stadt-b", "id": image.pk}}
        ),
        content_type="application/json",
    )
    assert body(other)["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_image_query_serves_only_images_of_live_public_pages(
    client, municipality_a, municipality_b
):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    def image(title, municipality):
        return get_image_model().objects.create(
            title=title,
            file=get_test_image_file(size=(80, 60)),
            collection=municipality.collection,
        )

    used, unused, draft_only = (
        image(title, municipality_a) for title in ("used", "unused", "draft")
    )
    other = image("other", municipality_b)
    built = build_content(municipality_a, pages=2, image=used)
    build_content(municipality_b, pages=1, image=other)
    page = built.pages[1]
    page.thumbnail = draft_only
    page.save_revision()  # a draft: the live page still shows "used"
    query = (
        "query($municipality: String!, $id: ID!) { image(municipality: $municipality,"
        " id: $id) { title } }"
    )

    def ask(municipality, pk):
        response = client.post(
            "/graphql/",
            json.dumps(
                {"query": query, "variables": {"municipality": municipality, "id": pk}}
            ),
            content_type="application/json",
        )
        payload = body(response)
        return payload["data"]["image"] or payload["errors"][0]["extensions"]["code"]

    assert ask("stadt-a", used.pk) == {"title": "used"}
    assert ask("stadt-a", unused.pk) == "NOT_FOUND"
    assert ask("stadt-a", draft_only.pk) == "NOT_FOUND"
    assert ask("stadt-a", other.pk) == "NOT_FOUND"  # B's image under A's slug
    assert ask("stadt-b", other.pk) == {"title": "other"}
    for live_page in municipality_a.pages().live().specific():
        if getattr(live_page, "thumbnail_id", None) == used.pk:
            live_page.unpublish()
    assert ask("stadt-a", used.pk) == "NOT_FOUND"


def test_translation_status_in_bulk(client, built):
    from wagtail.models import Locale

    from rathaus.site.translation.models import TranslationStatus

    english = Locale.objects.get(language_code="en")
    TranslationStatus.objects.update_or_create(
        translation_key=built.pages[1].translation_key,
        locale=english,
        defaults={"municipality": built.municipality, "status": "in_review"},
    )
    query = (
        "query($municipality: String!, $locale: String!) { pageTree(municipality:"
        " $municipality, locale: $locale) { path translationStatus } }"
    )
    response = client.post(
        "/graphql/",
        json.dumps(
            {"query": query, "variables": {"municipality": "stadt-a", "locale": "en"}}
        ),
        content_type="application/json",
    )
    statuses = {
        page["path"]: page["translationStatus"]
        for page in body(response)["data"]["pageTree"]
    }
    assert statuses["/seite-0/seite-1/"] == "IN_REVIEW"
    assert statuses["/seite-0/seite-3/"] in ("MISSING", "UP_TO_DATE")
    german = client.post(
        "/graphql/",
        json.dumps(
            {"query": query, "variables": {"municipality": "stadt-a", "locale": "de"}}
        ),
        content_type="application/json",
    )
    assert {p["translationStatus"] for p in body(german)["data"]["pageTree"]} == {None}
