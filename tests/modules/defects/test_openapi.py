"""The OpenAPI 3.1 description of Open311 and the upload endpoint, checked by
schemathesis against the app: in-process (WSGI) and over HTTP against
pytest-django's live server (loopback only, never the internet).

Two runs over every operation: the document as served at
``/georeport/v2/openapi.json`` (generated values: mostly unknown
jurisdictions, keys and ids, i.e. the error paths), and the same document
pinned to a municipality with categories, an API key and published reports,
so that the success paths answer and their bodies are checked against the
response schemas. Every schemathesis check runs (no 5xx, status codes,
content types and bodies as documented, 405 for undocumented methods, ...).
"""

import copy
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

import rathaus.modules.defects
from rathaus.modules.defects.models import ApiClient, Status, hash_api_key

from ...photo_builders import photo_bytes
from .conftest import make_report

DOCUMENT = Path(rathaus.modules.defects.__file__).with_name("openapi.json")
APP = get_wsgi_application()
PINNED_KEY = "pinned-test-key-0123456789abcdef"
HYPOTHESIS = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

SERVED = schemathesis.openapi.from_wsgi("/georeport/v2/openapi.json", APP)


def pinned_document(document=None):
    """The committed (or a served) document with the tenant's values as the
    only positive ones (negative generation still tries everything else)."""
    if document is None:
        document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    document = copy.deepcopy(document)
    tenant = {"enum": ["stadt-a"]}
    for parameter in document["components"]["parameters"].values():
        if parameter["name"] == "jurisdiction_id":
            parameter["schema"] = tenant
    paths = document["paths"]
    body = document["components"]["schemas"]["NewServiceRequest"]
    body["required"].append("api_key")
    body["properties"].update(
        jurisdiction_id=tenant,
        api_key={"enum": [PINNED_KEY]},
        service_code={"enum": ["pothole"]},
        lat={"type": "number", "minimum": 49.9, "maximum": 50.0},
        long={"type": "number", "minimum": 11.5, "maximum": 11.7},
        email={"enum": ["", "resident@example.org"]},
    )
    del body["patternProperties"]  # the categories' attributes are not generated
    definition = paths["/georeport/v2/services/{service_code}.{format}"]["get"]
    definition["parameters"][0]["schema"] = {"enum": ["pothole", "streetlight"]}
    upload = paths["/api/uploads/"]["post"]["requestBody"]["content"]
    fields = upload["multipart/form-data"]["schema"]["properties"]
    fields["municipality"] = tenant
    fields["purpose"] = {"enum": ["defects"]}
    return document


PINNED = schemathesis.openapi.from_dict(pinned_document())
PINNED.app = APP


pytestmark = pytest.mark.usefixtures("wsgi_keeps_the_test_connection")


@pytest.fixture
def tenant(pothole, streetlight):
    """Stadt A with two categories, published, closed and unmoderated
    reports and an API key."""
    client = ApiClient.issue(pothole.municipality, "Schemathesis")[0]
    ApiClient.objects.filter(pk=client.pk).update(key_hash=hash_api_key(PINNED_KEY))
    reports = {
        "published": make_report(pothole.municipality, Status.PUBLISHED),
        "closed": make_report(pothole.municipality, Status.RESOLVED),
        "hidden": make_report(pothole.municipality, Status.SUBMITTED),
    }
    return reports


def complete_cross_field_rules(case):
    if (
        positive(case)
        and case.operation.method == "post"
        and "api_key" in str(case.operation.definition.raw)
    ):
        # jurisdiction_id is required in the query string or the form, and
        # sent in both, it and api_key must agree (else 400): rules across
        # two places that no schema states.
        query = case.query if case.query is not None else {}
        if not (query.get("jurisdiction_id") or case.body.get("jurisdiction_id")):
            case.body["jurisdiction_id"] = "stadt-a"
        for name in ("jurisdiction_id", "api_key"):
            if query.get(name) and case.body.get(name):
                query[name] = case.body[name]


def check(case, **kwargs):
    complete_cross_field_rules(case)
    case.call_and_validate(headers={"Host": "localhost"}, **kwargs)


def positive(case):
    return case.meta.generation.mode == GenerationMode.POSITIVE


@pytest.mark.django_db
@SERVED.parametrize()
@HYPOTHESIS
def test_served_document_holds_for_generated_requests(case, db):
    check(case)


def pin_to_tenant(case, tenant):
    """Fills in what no schema can say about the tenant's data; returns the
    checks that do not apply to the case."""
    # Ids of real reports (positive values only: a valid id stays valid).
    name = next(
        (n for n in ("service_request_id", "token") if n in case.path_parameters),
        None,
    )
    if name and positive(case):
        report = tenant["published"]
        case.path_parameters[name] = str(
            report.pk if name == "service_request_id" else report.token
        )
    dates = ("start_date", "end_date")
    if positive(case) and all(case.query and case.query.get(d) for d in dates):
        # At most 90 days apart: a rule between two fields no schema states.
        start = datetime.fromisoformat(case.query["start_date"])
        case.query["end_date"] = (start + timedelta(days=1)).isoformat()
    if case.operation.path == "/api/uploads/" and positive(case):
        # A real photo: the schema cannot say what a readable image is. (Bytes
        # are not a JSON Schema string, so schemathesis would now take the
        # case for a negative one.)
        case.body["file"] = photo_bytes()
        return [negative_data_rejection]
    return []


@pytest.mark.django_db
@PINNED.parametrize()
@HYPOTHESIS
def test_pinned_document_holds_for_a_real_tenant(case, tenant):
    excluded = pin_to_tenant(case, tenant)
    check(case, **({"excluded_checks": excluded} if excluded else {}))


# The same pinned document, sent to the live server's address per case.
# (schemathesis's lazy loader, ``schemathesis.pytest.from_fixture``, fails on
# pytest 9 in schemathesis 4.32: it sets ``request.node._nodeid``.)
PINNED_OVER_HTTP = schemathesis.openapi.from_dict(pinned_document())


@pytest.mark.django_db(transaction=True)
@PINNED_OVER_HTTP.parametrize()
@settings(HYPOTHESIS, max_examples=4)
def test_the_live_app_holds_to_its_document_over_http(case, tenant, live_server):
    """Every operation over real HTTP (pytest-django's live server, loopback),
    through the whole stack a client meets: a WSGI server, the middleware and
    real multipart and form bodies."""
    excluded = pin_to_tenant(case, tenant)
    complete_cross_field_rules(case)
    case.call_and_validate(
        base_url=live_server.url,
        timeout=30,
        **({"excluded_checks": excluded} if excluded else {}),
    )


def test_document_is_openapi_3_1_and_covers_every_open311_route():
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1.")
    operations = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
    }
    assert operations == {
        ("GET", "/georeport/v2/discovery.{format}"),
        ("GET", "/georeport/v2/services.{format}"),
        ("GET", "/georeport/v2/services/{service_code}.{format}"),
        ("GET", "/georeport/v2/requests.{format}"),
        ("POST", "/georeport/v2/requests.{format}"),
        ("GET", "/georeport/v2/requests/{service_request_id}.{format}"),
        ("GET", "/georeport/v2/tokens/{token}.{format}"),
        ("GET", "/georeport/v2/openapi.json"),
        ("POST", "/api/uploads/"),
    }
    # Valid against the OpenAPI 3.1 meta-schema (schemathesis's validator).
    loaded = schemathesis.openapi.from_dict(document)
    loaded.validate()
    assert len(list(loaded.get_all_operations())) == len(operations)


@pytest.mark.django_db
def test_document_is_served_with_this_host(client):
    response = client.get("/georeport/v2/openapi.json", HTTP_HOST="localhost")
    assert response.status_code == 200
    served = response.json()
    assert served["servers"] == [{"url": "http://localhost"}]
    committed = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    upload = served["paths"]["/api/uploads/"]["post"]["requestBody"]["content"]
    fields = upload["multipart/form-data"]["schema"]["properties"]
    assert "defects" in fields["purpose"].pop("enum")
    assert {**served, "servers": committed["servers"]} == committed
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        response = client.get(
            "/georeport/v2/openapi.json",
            HTTP_HOST="localhost",
            HTTP_X_FORWARDED_PROTO="https",
        )
    assert response.json()["servers"] == [{"url": "https://localhost"}]
    assert client.post("/georeport/v2/openapi.json").status_code == 405
