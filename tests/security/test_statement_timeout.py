"""Every statement of a web request is bounded by PostgreSQL's
``statement_timeout``; a cancelled one answers 503 with ``Retry-After`` in
GraphQL, the photo uploads and Open311, and stores nothing."""

import contextlib
import json

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, transaction

from rathaus.modules.defects.models import ApiClient, DefectReport
from rathaus.site.core.models import IdempotencyKey, Upload
from rathaus.site.module_platform.services import enable_module

from ..modules.defects.conftest import make_category
from ..photo_builders import photo_bytes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
    ),
]


@contextlib.contextmanager
def cancelled(match):
    """The first statement for which ``match(sql)`` holds is preceded by a
    ``pg_sleep`` that a 50 ms ``statement_timeout`` cancels: PostgreSQL's own
    QueryCanceled, raised where that statement would have run."""
    fired = []

    def wrapper(execute, sql, params, many, context):
        if not fired and match(sql):
            fired.append(sql)
            # A savepoint, so the test's transaction survives the cancel.
            with transaction.atomic():
                execute("SET LOCAL statement_timeout = 50", None, False, context)
                execute("SELECT pg_sleep(2)", None, False, context)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield
    assert fired, "no statement matched"


def inserts_into(table):
    return lambda sql: sql.lstrip().upper().startswith("INSERT") and table in sql


def test_connections_carry_the_configured_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"


def test_a_cancelled_statement_is_an_operational_error():
    with (
        pytest.raises(OperationalError) as raised,
        cancelled(lambda sql: True),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT 1")
    assert isinstance(raised.value.__cause__, psycopg.errors.QueryCanceled)


def test_graphql_answers_503(client, municipality_a):
    with cancelled(lambda sql: "SELECT" in sql.upper()):
        response = client.get("/graphql/", {"query": "{ municipalities { slug } }"})
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    (error,) = json.loads(response.content)["errors"]
    assert error["extensions"]["code"] == "TEMPORARILY_UNAVAILABLE"


def test_upload_answers_503_and_stores_nothing(client, municipality_a):
    enable_module(municipality_a, "defects")
    with cancelled(inserts_into(Upload._meta.db_table)):
        response = client.post(
            "/api/uploads/",
            {
                "municipality": "stadt-a",
                "purpose": "defects",
                "file": SimpleUploadedFile("photo.jpg", photo_bytes()),
            },
        )
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert json.loads(response.content)["errors"][0]["code"] == (
        "TEMPORARILY_UNAVAILABLE"
    )
    assert not Upload.objects.exists()


def test_open311_post_answers_503_and_stores_nothing(client, municipality_a):
    enable_module(municipality_a, "defects")
    make_category(municipality_a)
    _api_client, key = ApiClient.issue(municipality_a, "Partner-App")
    with cancelled(inserts_into(DefectReport._meta.db_table)):
        response = client.post(
            "/georeport/v2/requests.json",
            {
                "jurisdiction_id": "stadt-a",
                "api_key": key,
                "service_code": "pothole",
                "lat": "49.95",
                "long": "11.58",
                "description": "Loch",
            },
        )
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert json.loads(response.content)[0]["code"] == 503
    assert not DefectReport.objects.exists()
    assert not IdempotencyKey.objects.exists()
