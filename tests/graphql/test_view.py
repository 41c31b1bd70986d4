"""The endpoint: methods, typed errors, limits, persisted documents."""

import json
import logging

import pytest
from django.test import override_settings

from rathaus.graphql.contract import document_id
from rathaus.graphql.errors import ERROR_CODES

from .conftest import body, codes

pytestmark = pytest.mark.django_db

MUNICIPALITIES = "{ municipalities { slug name } }"


def test_query_by_get_and_post(municipality_a, gql_get, gql_post):
    for response in (gql_get(MUNICIPALITIES), gql_post(MUNICIPALITIES)):
        assert response.status_code == 200
        assert body(response) == {
            "data": {"municipalities": [{"slug": "stadt-a", "name": "Stadt A"}]}
        }


def test_municipality_fields(municipality_a, gql_post):
    response = gql_post(
        """query ($m: String!) { municipality(slug: $m) {
            kind defaultLocale { code nativeName direction }
            locales { code nativeName direction }
            centre { latitude longitude } boundingBox { south west north east } } }""",
        {"m": "stadt-a"},
    )
    data = body(response)["data"]["municipality"]
    assert data["kind"] == "MUNICIPALITY"
    assert data["defaultLocale"] == {
        "code": "de",
        "nativeName": "Deutsch",
        "direction": "LTR",
    }
    # Default locale first, then by code; Arabic is right-to-left.
    assert [locale["code"] for locale in data["locales"]] == ["de", "ar", "en"]
    assert data["locales"][1]["direction"] == "RTL"
    assert data["centre"] == {"latitude": 49.95, "longitude": 11.58}
    assert data["boundingBox"] == {
        "south": 49.9,
        "west": 11.5,
        "north": 50.0,
        "east": 11.7,
    }


def test_unknown_municipality_is_not_found(gql_post):
    response = gql_post('{ municipality(slug: "nowhere") { slug } }')
    assert response.status_code == 200
    payload = body(response)
    assert payload["data"] == {"municipality": None}
    assert codes(response) == ["NOT_FOUND"]
    assert payload["errors"][0]["path"] == ["municipality"]
    assert response["Cache-Control"] == "private, no-store"


def test_standard_rules_are_kept(gql_get, gql_post):
    """Custom rules must not replace specified_rules: an unknown field is an
    error, not a silent ``{}``."""
    for response in (
        gql_post("{ municipalities { slug doesNotExist } }"),
        gql_get("{ municipalities { slug doesNotExist } }"),
        gql_post("query ($x: Int) { municipalities { slug } }"),  # unused var
        gql_post("{ municipality { slug } }"),  # missing required argument
    ):
        assert response.status_code == 200  # application/json: 200 (GraphQL over HTTP)
        assert "data" not in body(response)
        assert set(codes(response)) == {"GRAPHQL_VALIDATION_FAILED"}


def test_parse_error(gql_post):
    response = gql_post("{ municipalities { slug ")
    assert response.status_code == 200  # application/json: 200 (GraphQL over HTTP)
    assert codes(response) == ["GRAPHQL_PARSE_FAILED"]
    assert body(response)["errors"][0]["locations"]


def test_bad_requests_are_typed(client, gql_post):
    assert codes(client.get("/graphql/")) == ["BAD_REQUEST"]
    response = client.post("/graphql/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]
    response = client.get(
        "/graphql/", {"query": MUNICIPALITIES, "variables": "{broken"}
    )
    assert codes(response) == ["BAD_REQUEST"]
    # A variable of the wrong type is a VALIDATION_ERROR naming the variable.
    response = gql_post(
        "query ($m: String!) { municipality(slug: $m) { slug } }", {"m": 5}
    )
    assert response.status_code == 200  # application/json: 200 (GraphQL over HTTP)
    assert codes(response) == ["VALIDATION_ERROR"]
    assert list(body(response)["errors"][0]["extensions"]["fields"]) == ["m"]
    response = gql_post("query A { __typename } query B { __typename }")
    assert codes(response) == ["BAD_REQUEST"]


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_refused(client, method):
    response = getattr(client, method)("/graphql/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert codes(response) == ["METHOD_NOT_ALLOWED"]


def test_mutation_by_get_is_refused(probe_view):
    response = probe_view("get", {"query": "mutation { touch { ok } }"})
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert codes(response) == ["METHOD_NOT_ALLOWED"]
    assert response["Cache-Control"] == "private, no-store"

    response = probe_view("post", json_body={"query": "mutation { touch { ok } }"})
    assert response.status_code == 200
    assert body(response) == {"data": {"touch": {"ok": True}}}
    assert response["Cache-Control"] == "private, no-store"


def test_unexpected_exception_is_internal_error(probe_view, caplog):
    with caplog.at_level(logging.ERROR, logger="rathaus.graphql"):
        response = probe_view("get", {"query": "{ boom node { name } }"})
    assert response.status_code == 200
    payload = body(response)
    assert payload["data"] == {"boom": None, "node": {"name": "node"}}
    (error,) = payload["errors"]
    assert error["extensions"] == {"code": "INTERNAL_ERROR"}
    assert error["path"] == ["boom"]
    assert "hunter2" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    # ...but the operator sees it in the log, with the traceback.
    assert "hunter2" in caplog.text
    assert any(record.exc_info for record in caplog.records)
    assert response["Cache-Control"] == "private, no-store"


def test_typed_resolver_error_passes_through(probe_view):
    response = probe_view("get", {"query": "{ missing }"})
    assert codes(response) == ["NOT_FOUND"]
    assert body(response)["errors"][0]["message"] == "Nothing here."


# -- limits ---------------------------------------------------------------------


def nested(depth):
    return "{ node " + "{ child " * (depth - 1) + "{ name }" + " }" * depth


@override_settings(RATHAUS_GRAPHQL={"MAX_DEPTH": 5})
def test_depth_limit(probe_view):
    assert "errors" not in body(probe_view("get", {"query": nested(4)}))
    response = probe_view("get", {"query": nested(6)})
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    assert "depth" in body(response)["errors"][0]["message"]


@override_settings(RATHAUS_GRAPHQL={"MAX_DEPTH": 5})
def test_depth_limit_sees_through_fragments(probe_view):
    query = (
        "{ node { ...deep } } "
        "fragment deep on Node "
        "{ child { child { child { child { child { name } } } } } }"
    )
    assert codes(probe_view("get", {"query": query})) == ["QUERY_TOO_COMPLEX"]


@override_settings(RATHAUS_GRAPHQL={"MAX_ALIASES": 3})
def test_alias_limit(probe_view):
    ok = "{ a: node { name } b: node { name } c: node { name } }"
    assert "errors" not in body(probe_view("get", {"query": ok}))
    too_many = "{ a: node { name } b: node { name } c: node { name } d: boom }"
    response = probe_view("get", {"query": too_many})
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    # Aliases inside a fragment count each time the fragment is spread.
    spread = "{ a: node { ...f } b: node { ...f } } fragment f on Node { x: name }"
    assert codes(probe_view("get", {"query": spread})) == ["QUERY_TOO_COMPLEX"]


@override_settings(RATHAUS_GRAPHQL={"MAX_PAGE_SIZE": 10})
def test_page_size_limit(probe_view):
    ok = body(probe_view("get", {"query": "{ node { items(first: 10) { name } } }"}))
    assert len(ok["data"]["node"]["items"]) == 10
    response = probe_view("get", {"query": "{ node { items(first: 11) { name } } }"})
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    # ...and when the size comes in a variable.
    query = "query ($n: Int) { node { items(first: $n) { name } } }"
    response = probe_view("get", {"query": query, "variables": json.dumps({"n": 1000})})
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    response = probe_view("get", {"query": query, "variables": json.dumps({"n": 2})})
    assert len(body(response)["data"]["node"]["items"]) == 2


def test_limits_have_defaults_without_settings(probe_view):
    response = probe_view("get", {"query": nested(40)})
    assert codes(response) == ["QUERY_TOO_COMPLEX"]


def test_every_error_has_a_known_code(probe_view, gql_post, client):
    responses = [
        probe_view("get", {"query": "{ boom missing }"}),
        probe_view("get", {"query": nested(40)}),
        gql_post("{ nope }"),
        gql_post("{"),
        client.get("/graphql/", {"id": "0" * 64}),
        client.put("/graphql/"),
    ]
    for response in responses:
        for error in body(response)["errors"]:
            assert error["extensions"]["code"] in ERROR_CODES


# -- persisted documents ---------------------------------------------------------


def test_persisted_document_by_id(municipality_a, client):
    from rathaus.graphql.documents import persisted_documents

    text = next(t for t in persisted_documents().values() if "query Municipality(" in t)
    response = client.get(
        "/graphql/",
        {"id": document_id(text), "variables": json.dumps({"municipality": "stadt-a"})},
    )
    assert response.status_code == 200
    assert body(response)["data"]["municipality"]["slug"] == "stadt-a"
    assert response["Cache-Control"].startswith("public")


def test_unknown_persisted_id(client):
    response = client.get("/graphql/", {"id": "f" * 64})
    assert response.status_code == 404
    assert codes(response) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert response["Cache-Control"] == "private, no-store"


def test_persisted_id_must_match_query(client):
    from rathaus.graphql.documents import persisted_documents

    doc_id = next(iter(persisted_documents()))
    response = client.get("/graphql/", {"id": doc_id, "query": MUNICIPALITIES})
    assert codes(response) == ["BAD_REQUEST"]


def test_persisted_documents_only_mode(municipality_a, client, gql_get):
    from rathaus.graphql.documents import persisted_documents

    with override_settings(RATHAUS_GRAPHQL={"PERSISTED_DOCUMENTS_ONLY": True}):
        response = gql_get(MUNICIPALITIES)
        assert response.status_code == 400
        assert codes(response) == ["PERSISTED_QUERY_NOT_FOUND"]
        # The exact text of a persisted document is accepted.
        text = next(
            t for t in persisted_documents().values() if "query Municipalities" in t
        )
        assert gql_get(text).status_code == 200


def test_persisted_documents_read_from_configured_file(tmp_path, client):
    from rathaus.graphql.documents import reload_persisted_documents

    text = "query Tiny { __typename }\n"
    path = tmp_path / "docs.json"
    path.write_text(json.dumps({document_id(text): text}))
    with override_settings(RATHAUS_GRAPHQL={"PERSISTED_DOCUMENTS": str(path)}):
        reload_persisted_documents()
        response = client.get("/graphql/", {"id": document_id(text)})
        assert body(response) == {"data": {"__typename": "Query"}}
