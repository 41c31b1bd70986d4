"""GraphQL over HTTP: media types, status codes, 429 and 503, document ids."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError
from django.test import override_settings

from rathaus.graphql.contract import persisted_documents
from rathaus.graphql.document_ids import codegen_id

from .conftest import body, codes

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
GENERATED_MANIFEST = (
    Path(__file__).parents[2]
    / "frontend_contract"
    / "generated"
    / "persisted-documents.json"
)
MUNICIPALITIES = "{ municipalities { slug } }"


def store(probe_view, fail):
    mutation = f'mutation {{ store(name: "row", fail: "{fail}") {{ ok }} }}'
    return probe_view("post", json_body={"query": mutation})


# -- media types ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("application/graphql-response+json", "application/graphql-response+json"),
        (
            "application/graphql-response+json, application/json;q=0.9",
            "application/graphql-response+json",
        ),
        (
            "application/graphql-response+json;q=0.5, application/json",
            "application/json",
        ),
        ("text/html", "application/json"),
    ],
)
def test_accept_negotiation(municipality_a, client, accept, media_type):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.post(
        "/graphql/",
        json.dumps({"query": MUNICIPALITIES}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    assert response["Content-Type"] == f"{media_type}; charset=utf-8"
    assert "Accept" in response["Vary"]


def test_graphql_response_json_status_codes(client):
    accept = {"HTTP_ACCEPT": "application/graphql-response+json"}

    def post(query):
        return client.post(
            "/graphql/",
            json.dumps({"query": query}),
            content_type="application/json",
            **accept,
        )

    for bad in ("{", "{ nope }", "{ ...A } fragment A on Query { ...A }"):
        response = post(bad)
        assert response.status_code == 400
        assert "data" not in body(response)
    response = post('{ municipality(slug: "nowhere") { slug } }')
    assert response.status_code == 200  # a field error: data is present
    assert body(response)["data"] == {"municipality": None}


@pytest.mark.parametrize(
    ("accept", "status"),
    [("application/json", 200), ("application/graphql-response+json", 400)],
)
def test_document_and_variable_errors_by_media_type(client, accept, status):
    """GraphQL over HTTP: as application/json a well-formed request is
    answered 200 even when its document does not parse or validate or its
    variables cannot be coerced; as application/graphql-response+json, 400."""
    requests = [
        ({"query": "{"}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ nope }"}, "GRAPHQL_VALIDATION_FAILED"),
        (
            {"query": "query ($m: String!) { municipality(slug: $m) { slug } }"},
            "VALIDATION_ERROR",
        ),
    ]
    for payload, code in requests:
        response = client.post(
            "/graphql/",
            json.dumps({**payload, "variables": {"m": None}}),
            content_type="application/json",
            HTTP_ACCEPT=accept,
        )
        assert response.status_code == status, code
        assert response["Content-Type"].startswith(accept)
        assert "data" not in body(response)
        assert codes(response) == [code]
        assert (
            response["Cache-Control"] == "private, no-store"
            or "no-store" in (response["Cache-Control"])
        )


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
        "",
    ],
)
def test_unsupported_body_types_are_415(client, content_type):
    response = client.generic(
        "POST",
        "/graphql/",
        json.dumps({"query": MUNICIPALITIES}),
        content_type=content_type,
    )
    assert response.status_code == 415
    assert codes(response) == ["UNSUPPORTED_MEDIA_TYPE"]
    assert "application/json" in response["Accept-Post"]


def test_supported_body_types(municipality_a, client):
    for content_type, payload in (
        ("application/json", json.dumps({"query": MUNICIPALITIES})),
        ("application/json; charset=utf-8", json.dumps({"query": MUNICIPALITIES})),
        ("application/graphql", MUNICIPALITIES),
    ):
        response = client.generic(
            "POST", "/graphql/", payload, content_type=content_type
        )
        assert response.status_code == 200, content_type
    response = client.post("/graphql/", "[1, 2]", content_type="application/json")
    assert codes(response) == ["BAD_REQUEST"]
    response = client.post("/graphql/", b"\xff\xfe", content_type="application/json")
    assert codes(response) == ["BAD_REQUEST"]


# -- rate limits and outages --------------------------------------------------------


def test_rate_limited_mutation_answers_429_with_retry_after(probe_view):
    response = store(probe_view, "rate")
    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    (error,) = body(response)["errors"]
    assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 42}
    assert "data" not in body(response)
    assert not Group.objects.filter(name="row").exists()


@pytest.mark.parametrize("fail", ["database", "cache"])
def test_outage_in_a_mutation_answers_503_and_stores_nothing(probe_view, fail):
    response = store(probe_view, fail)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    (error,) = body(response)["errors"]
    assert error["extensions"] == {
        "code": "TEMPORARILY_UNAVAILABLE",
        "retryAfter": 30,
    }
    assert error["path"] == ["store"]
    assert "127.0.0.1" not in response.content.decode()
    assert not Group.objects.filter(name="row").exists()
    assert response["Cache-Control"] == "private, no-store"


def test_database_outage_while_reading_answers_503(municipality_a, gql_get):
    from django.db import connection

    def refuse(execute, sql, params, many, context):
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(refuse):
        response = gql_get(MUNICIPALITIES)
    assert response.status_code == 503
    assert codes(response) == ["TEMPORARILY_UNAVAILABLE"]
    assert int(response["Retry-After"]) > 0


def test_database_outage_mid_submission_stores_nothing(gql_post, probe_view):
    """The second INSERT of a mutation fails: the first is rolled back."""
    from django.db import connection

    inserts = []

    def fail_second_insert(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            inserts.append(sql)
            if len(inserts) == 2:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    query = (
        'mutation { a: store(name: "first") { ok } b: store(name: "second") { ok } }'
    )
    with connection.execute_wrapper(fail_second_insert):
        response = probe_view("post", json_body={"query": query})
    assert response.status_code == 503
    assert codes(response) == ["TEMPORARILY_UNAVAILABLE"]
    assert not Group.objects.filter(name__in=["first", "second"]).exists()


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
)
def test_an_unreachable_cache_never_fails_a_read(municipality_a, gql_get):
    response = gql_get(MUNICIPALITIES)
    assert response.status_code == 200
    assert body(response)["data"]["municipalities"] == [{"slug": "stadt-a"}]


# -- persisted document ids -------------------------------------------------------


def test_codegen_ids_match_the_real_code_generator():
    """GraphQL Code Generator's own output (client preset 6.2.0,
    ``persistedDocuments: {hashAlgorithm: "sha256"}``): for every contract
    operation the manifest ``frontend_contract/generated/`` holds (CI
    regenerates it and fails on drift), and a recording for a document with
    aliases, directives and inline fragments."""
    recorded = {
        **json.loads(GENERATED_MANIFEST.read_text()),
        **json.loads((DATA / "codegen-extra-persisted-document.json").read_text()),
    }
    texts = [*persisted_documents().values()]
    texts.append((DATA / "codegen-extra.graphql").read_text())
    assert sorted(codegen_id(text) for text in texts) == sorted(recorded)


def test_server_answers_codegen_ids(municipality_a, client):
    text = next(t for t in persisted_documents().values() if "query Municipality(" in t)
    variables = json.dumps({"municipality": "stadt-a"})
    for key in ("id", "documentId"):
        response = client.get(
            "/graphql/", {key: codegen_id(text), "variables": variables}
        )
        assert response.status_code == 200, response.content
        assert body(response)["data"]["municipality"]["slug"] == "stadt-a"
    response = client.post(
        "/graphql/",
        json.dumps({"documentId": codegen_id(text), "variables": {"m": 1}}),
        content_type="application/json",
    )
    assert codes(response) == ["VALIDATION_ERROR"]
    with override_settings(RATHAUS_GRAPHQL={"PERSISTED_DOCUMENTS_ONLY": True}):
        response = client.get(
            "/graphql/", {"documentId": codegen_id(text), "variables": variables}
        )
        assert response.status_code == 200


# -- introspection ----------------------------------------------------------------


def test_introspection_can_be_switched_off(gql_post):
    query = "{ __schema { queryType { name } } }"
    assert body(gql_post(query))["data"]["__schema"]["queryType"]["name"] == "Query"
    with override_settings(RATHAUS_GRAPHQL={"INTROSPECTION": False}):
        response = gql_post(query)
        assert response.status_code == 200  # application/json: 200 (GraphQL over HTTP)
        assert set(codes(response)) == {"GRAPHQL_VALIDATION_FAILED"}
        assert "introspection" in body(response)["errors"][0]["message"]
        # __typename is not introspection of the schema.
        assert body(gql_post("{ __typename }"))["data"] == {"__typename": "Query"}
