"""The response cache: ETag/304, Cache-Control, never caching private
responses, invalidation by content generation."""

import json

import pytest
from django.core.cache import cache
from django.test import override_settings
from wagtail.models import Page

from rathaus.site.core.generation import recent_reads
from rathaus.site.municipalities.models import Municipality
from tests.factories import add_information_page

from .conftest import body

pytestmark = pytest.mark.django_db

MUNICIPALITIES = "{ municipalities { slug name } }"
TITLE = "query Title($id: Int!, $municipality: String) " + (
    "{ pageTitle(id: $id, municipality: $municipality) }"
)


def test_anonymous_get_is_cached_with_etag(municipality_a, gql_get):
    first = gql_get(MUNICIPALITIES)
    assert first.status_code == 200
    assert first["X-Rathaus-Cache"] == "miss"
    assert first["Cache-Control"] == ("public, max-age=30, stale-while-revalidate=60")
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) == 34
    assert "Cookie" in first["Vary"]

    second = gql_get(MUNICIPALITIES)
    assert second["X-Rathaus-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == etag

    not_modified = gql_get(MUNICIPALITIES, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    # Weak comparison and lists, as browsers and CDNs send them.
    assert (
        gql_get(MUNICIPALITIES, HTTP_IF_NONE_MATCH=f'"x", W/{etag}').status_code == 304
    )
    assert gql_get(MUNICIPALITIES, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_cache_serves_stored_response_until_generation_changes(municipality_a, gql_get):
    """Proves the cache really answers: a write that bypasses signals is not
    seen until a generation bump."""
    assert "Stadt A" in gql_get(MUNICIPALITIES).content.decode()
    Municipality.objects.filter(pk=municipality_a.pk).update(name="Stadt Alt")
    stale = gql_get(MUNICIPALITIES)
    assert stale["X-Rathaus-Cache"] == "hit"
    assert "Stadt A" in stale.content.decode()

    municipality_a.refresh_from_db()
    municipality_a.name = "Stadt Neu"
    municipality_a.save()  # post_save bumps the generation
    fresh = gql_get(MUNICIPALITIES)
    assert fresh["X-Rathaus-Cache"] == "miss"
    assert "Stadt Neu" in fresh.content.decode()


def test_cache_key_includes_variables_and_operation(
    municipality_a, municipality_b, gql_get
):
    query = (
        "query M($municipality: String!) { municipality(slug: $municipality) { name } }"
    )
    a = gql_get(query, {"municipality": "stadt-a"})
    b = gql_get(query, {"municipality": "stadt-b"})
    assert body(a)["data"]["municipality"]["name"] == "Stadt A"
    assert body(b)["data"]["municipality"]["name"] == "Stadt B"
    assert b["X-Rathaus-Cache"] == "miss"
    assert gql_get(query, {"municipality": "stadt-a"})["X-Rathaus-Cache"] == "hit"


def test_authenticated_responses_are_never_cached(
    municipality_a, superuser, client, gql_get
):
    client.force_login(superuser)
    response = gql_get(MUNICIPALITIES)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")
    again = gql_get(MUNICIPALITIES)
    assert not again.has_header("X-Rathaus-Cache")
    client.logout()
    # Nothing was stored by the signed-in requests.
    assert gql_get(MUNICIPALITIES)["X-Rathaus-Cache"] == "miss"


def test_authorization_header_is_never_cached(municipality_a, gql_get):
    response = gql_get(MUNICIPALITIES, HTTP_AUTHORIZATION="Bearer abc")
    assert response["Cache-Control"] == "private, no-store"


def test_post_is_never_cached(municipality_a, gql_post):
    response = gql_post(MUNICIPALITIES)
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")


def test_preview_is_never_cached(probe_view):
    response = probe_view("get", {"query": "{ preview }"})
    assert body(response) == {"data": {"preview": "draft"}}
    assert response["Cache-Control"] == "private, no-store"
    # Also through a fragment, and with a token but no preview field.
    response = probe_view(
        "get", {"query": "{ ...p } fragment p on ProbeQuery { preview }"}
    )
    assert response["Cache-Control"] == "private, no-store"
    response = probe_view(
        "get", {"query": "{ node { name } }"}, headers={"X-Preview-Token": "abc"}
    )
    assert response["Cache-Control"] == "private, no-store"
    response = probe_view("get", {"query": "{ node { name } }", "token": "abc"})
    assert response["Cache-Control"] == "private, no-store"
    # The same query without a token is public.
    response = probe_view("get", {"query": "{ node { name } }"})
    assert response["Cache-Control"].startswith("public")


def test_error_responses_are_not_cached(gql_get):
    response = gql_get('{ municipality(slug: "nowhere") { slug } }')
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")
    assert (
        gql_get('{ municipality(slug: "nowhere") { slug } }')["Cache-Control"]
        == "private, no-store"
    )


@override_settings(
    RATHAUS_GRAPHQL={"CACHE_MAX_AGE": 5, "CACHE_STALE_WHILE_REVALIDATE": 7}
)
def test_cache_control_is_configurable(municipality_a, gql_get):
    assert gql_get(MUNICIPALITIES)["Cache-Control"] == (
        "public, max-age=5, stale-while-revalidate=7"
    )


def test_publishing_a_page_shows_the_new_title_at_once(municipality_a, probe_view):
    page = add_information_page(municipality_a.home_page, "Müllabfuhr")

    def title():
        response = probe_view(
            "get",
            {
                "query": TITLE,
                "variables": json.dumps({"id": page.pk, "municipality": "stadt-a"}),
            },
        )
        return body(response)["data"]["pageTitle"], response["X-Rathaus-Cache"]

    assert title() == ("Müllabfuhr", "miss")
    assert title() == ("Müllabfuhr", "hit")
    # A write without publishing is not public: still cached.
    Page.objects.filter(pk=page.pk).update(title="Entwurf")
    assert title() == ("Müllabfuhr", "hit")

    page.refresh_from_db()
    page.title = "Abfallkalender"
    page.save_revision().publish()
    assert title() == ("Abfallkalender", "miss")


def test_publishing_elsewhere_keeps_other_municipalities_cached(
    municipality_a, municipality_b, probe_view
):
    page_a = add_information_page(municipality_a.home_page, "A")
    page_b = add_information_page(municipality_b.home_page, "B")
    params = {
        "query": TITLE,
        "variables": json.dumps({"id": page_a.pk, "municipality": "stadt-a"}),
    }
    assert probe_view("get", params)["X-Rathaus-Cache"] == "miss"
    page_b.save_revision().publish()
    assert probe_view("get", params)["X-Rathaus-Cache"] == "hit"
    page_a.save_revision().publish()
    assert probe_view("get", params)["X-Rathaus-Cache"] == "miss"


def test_queries_without_municipality_follow_every_change(
    municipality_a, municipality_b, probe_view
):
    page_b = add_information_page(municipality_b.home_page, "B")
    params = {"query": "{ node { name } }"}
    assert probe_view("get", params)["X-Rathaus-Cache"] == "miss"
    assert probe_view("get", params)["X-Rathaus-Cache"] == "hit"
    page_b.save_revision().publish()
    assert probe_view("get", params)["X-Rathaus-Cache"] == "miss"


def test_a_broken_cache_does_not_fail_requests(municipality_a, gql_get, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    for command in ("get", "get_many", "add"):  # Redis down: every read fails
        monkeypatch.setattr(cache, command, broken)
    recent_reads.clear()  # no generation read within GENERATION_MEMO_MS
    response = gql_get(MUNICIPALITIES)
    assert response.status_code == 200
    assert body(response)["data"]["municipalities"][0]["slug"] == "stadt-a"
    assert response["Cache-Control"] == "private, no-store"


def test_revalidation_reads_the_etag_only(municipality_a, gql_get, monkeypatch):
    """Apps refresh offline copies with If-None-Match: a 304 needs no body,
    neither from this process nor from the shared cache."""
    from rathaus.graphql import response_cache

    etag = gql_get(MUNICIPALITIES)["ETag"]
    response_cache.local.clear()

    def no_bodies(*args, **kwargs):
        raise AssertionError("read a body for a revalidation")

    monkeypatch.setattr(cache, "get_many", no_bodies)
    not_modified = gql_get(MUNICIPALITIES, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified["X-Rathaus-Cache"] == "hit"


def test_hits_are_served_from_process_memory(municipality_a, gql_get, monkeypatch):
    from rathaus.graphql import response_cache

    first = gql_get(MUNICIPALITIES)
    assert response_cache.local.size == len(first.content)

    def no_shared_reads(*args, **kwargs):
        raise AssertionError("read the body from the shared cache")

    monkeypatch.setattr(cache, "get_many", no_shared_reads)
    second = gql_get(MUNICIPALITIES)
    assert second["X-Rathaus-Cache"] == "hit"
    assert second.content == first.content


def test_another_process_reads_the_shared_cache(municipality_a, gql_get):
    from rathaus.graphql import response_cache

    first = gql_get(MUNICIPALITIES)
    response_cache.local.clear()  # as if another worker answered
    second = gql_get(MUNICIPALITIES)
    assert second["X-Rathaus-Cache"] == "hit"
    assert second.content == first.content
    assert response_cache.local.size == len(first.content)


def test_process_memory_is_bounded_and_least_recently_used_goes():
    from rathaus.graphql.response_cache import LocalLayer

    layer = LocalLayer()
    layer.set("a", b"x" * 40, "ea", 60, max_bytes=100)
    layer.set("b", b"y" * 40, "eb", 60, max_bytes=100)
    assert layer.get("a") == (b"x" * 40, "ea")  # a is now the most recent
    layer.set("c", b"z" * 40, "ec", 60, max_bytes=100)
    assert layer.get("b") is None
    assert layer.get("a") is not None and layer.get("c") is not None
    assert layer.size == 80
    layer.set("huge", b"h" * 101, "eh", 60, max_bytes=100)
    assert layer.get("huge") is None
    layer.set("gone", b"g", "eg", 0, max_bytes=100)
    assert layer.get("gone") is None
    layer.set("off", b"o", "eo", 60, max_bytes=0)
    assert layer.get("off") is None


def test_process_memory_can_be_switched_off(municipality_a, gql_get, settings):
    from rathaus.graphql import response_cache

    settings.RATHAUS_GRAPHQL = {"LOCAL_CACHE_BYTES": 0}
    gql_get(MUNICIPALITIES)
    assert response_cache.local.size == 0
    assert gql_get(MUNICIPALITIES)["X-Rathaus-Cache"] == "hit"


# -- plans: a cached GET is read and checked once per query string ------------


def test_a_repeated_get_is_answered_without_reading_the_request_again(
    municipality_a, gql_get, monkeypatch
):
    from rathaus.graphql import view

    reads = []
    read_params = view.read_params
    monkeypatch.setattr(
        view, "read_params", lambda request: reads.append(1) or read_params(request)
    )
    first = gql_get(MUNICIPALITIES)
    assert (first["X-Rathaus-Cache"], len(reads)) == ("miss", 1)
    second = gql_get(MUNICIPALITIES)
    assert (second["X-Rathaus-Cache"], len(reads)) == ("hit", 1)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert gql_get(MUNICIPALITIES, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert len(reads) == 1
    # Another query string is read in full.
    gql_get(MUNICIPALITIES, params={"pretty": "1"})
    assert len(reads) == 2


def test_a_planned_get_follows_the_content(municipality_a, gql_get):
    gql_get(MUNICIPALITIES)
    assert gql_get(MUNICIPALITIES)["X-Rathaus-Cache"] == "hit"
    municipality_a.name = "Stadt Neu"
    municipality_a.save()
    fresh = gql_get(MUNICIPALITIES)
    assert fresh["X-Rathaus-Cache"] == "miss"
    assert "Stadt Neu" in fresh.content.decode()


def test_a_plan_never_serves_signed_in_or_preview_requests(
    municipality_a, superuser, client, gql_get
):
    gql_get(MUNICIPALITIES)
    assert gql_get(MUNICIPALITIES)["X-Rathaus-Cache"] == "hit"
    for headers in (
        {"HTTP_AUTHORIZATION": "Bearer abc"},
        {"HTTP_X_PREVIEW_TOKEN": "t"},
    ):
        response = gql_get(MUNICIPALITIES, **headers)
        assert response["Cache-Control"] == "private, no-store", headers
        assert not response.has_header("X-Rathaus-Cache")
    client.force_login(superuser)
    response = gql_get(MUNICIPALITIES)
    assert response["Cache-Control"] == "private, no-store"


def test_plans_are_forgotten_when_settings_change(municipality_a, gql_get):
    gql_get(MUNICIPALITIES)
    assert gql_get(MUNICIPALITIES)["X-Rathaus-Cache"] == "hit"
    with override_settings(RATHAUS_GRAPHQL={"PERSISTED_DOCUMENTS_ONLY": True}):
        refused = gql_get(MUNICIPALITIES)
    assert body(refused)["errors"][0]["extensions"]["code"] == (
        "PERSISTED_QUERY_NOT_FOUND"
    )


def test_plans_belong_to_their_view(municipality_a, gql_get, probe_view):
    """Two GraphQL views (schemas) never share a plan: the same query string
    asks a different schema."""
    query = "{ __typename }"
    gql_get(query)
    assert body(gql_get(query)) == {"data": {"__typename": "Query"}}
    probe = probe_view("get", {"query": query})
    assert body(probe) == {"data": {"__typename": "ProbeQuery"}}


def test_plans_are_bounded():
    from rathaus.graphql.response_cache import Plan, Plans

    plans = Plans()
    plans.MAX_ENTRIES = 2
    plan = Plan.build("v", "doc", {}, None, False, ())
    for number in range(5):
        plans.remember(("v", False, f"q={number}"), plan)
        assert len(plans) <= 2
    plans.remember(("v", False, "q=" + "x" * Plans.MAX_QUERY_STRING), plan)
    assert plans.get(("v", False, "q=" + "x" * Plans.MAX_QUERY_STRING)) is None


def test_module_data_ends_module_answers_only(municipality_a, gql_get, probe_view):
    """Answers of the core's fields (pages, municipalities) show no module
    data: a module's change keeps them cached; a page's change ends both."""
    from rathaus.site.module_platform import api

    page = add_information_page(municipality_a.home_page, "Seite")
    core = (
        "query M($municipality: String!) { municipality(slug: $municipality) { name } }"
    )
    other = {
        "query": TITLE,
        "variables": json.dumps({"id": page.pk, "municipality": "stadt-a"}),
    }
    assert gql_get(core, {"municipality": "stadt-a"})["X-Rathaus-Cache"] == "miss"
    assert probe_view("get", other)["X-Rathaus-Cache"] == "miss"
    api.content_changed(municipality_a)
    assert gql_get(core, {"municipality": "stadt-a"})["X-Rathaus-Cache"] == "hit"
    assert probe_view("get", other)["X-Rathaus-Cache"] == "miss"
    page.save_revision().publish()
    assert gql_get(core, {"municipality": "stadt-a"})["X-Rathaus-Cache"] == "miss"
    assert probe_view("get", other)["X-Rathaus-Cache"] == "miss"
