"""Open311 GeoReport v2 at /georeport/v2/."""

import json
from datetime import timedelta
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from rathaus.modules.defects.models import ApiClient, DefectReport, Status
from rathaus.site.core.models import IdempotencyKey
from rathaus.site.module_platform.services import disable_module

from .conftest import INSIDE, make_category, make_report

pytestmark = pytest.mark.django_db
BASE = "/georeport/v2/"


def get(client, path, **params):
    params.setdefault("jurisdiction_id", "stadt-a")
    headers = {
        name: params.pop(name) for name in list(params) if name.startswith("HTTP_")
    }
    return client.get(BASE + path, params, **headers)


def body(response):
    return json.loads(response.content)


def xml(response):
    return ElementTree.fromstring(response.content)


def test_discovery(client, pothole):
    response = get(client, "discovery.json")
    assert response.status_code == 200
    data = body(response)
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/georeport/v2/"
    assert "text/xml" in endpoint["formats"]
    root = xml(get(client, "discovery.xml"))
    assert root.tag == "discovery"
    assert root.find("endpoints/endpoint/formats/format").text == "text/xml"


def test_services_and_definition(client, pothole, streetlight):
    services = body(get(client, "services.json"))
    by_code = {service["service_code"]: service for service in services}
    assert by_code["pothole"]["metadata"] is False
    assert by_code["streetlight"] == {
        "service_code": "streetlight",
        "service_name": "Straßenlaterne",
        "description": "",
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "",
    }
    root = xml(get(client, "services.xml"))
    assert root.tag == "services"
    assert root.find("service/metadata").text in ("true", "false")
    definition = body(get(client, "services/streetlight.json"))
    assert definition["service_code"] == "streetlight"
    lamp_type = definition["attributes"][1]
    assert lamp_type["code"] == "lamp_type"
    assert lamp_type["datatype"] == "singlevaluelist"
    assert lamp_type["values"] == [
        {"key": "led", "name": "LED"},
        {"key": "gas", "name": "Gas"},
    ]
    assert definition["attributes"][0]["required"] is True
    root = xml(get(client, "services/streetlight.xml"))
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key").text == "led"
    missing = get(client, "services/nope.json")
    assert missing.status_code == 404
    assert body(missing)[0]["code"] == 404


def test_requests_map_statuses_and_hide_unmoderated(client, pothole, defects_a):
    open_report = make_report(defects_a, Status.IN_PROGRESS, email="a@example.org")
    closed = make_report(defects_a, Status.RESOLVED)
    make_report(defects_a, Status.SUBMITTED)
    make_report(defects_a, Status.REJECTED)
    data = body(get(client, "requests.json"))
    by_id = {item["service_request_id"]: item for item in data}
    assert set(by_id) == {str(open_report.pk), str(closed.pk)}
    assert by_id[str(open_report.pk)]["status"] == "open"
    assert by_id[str(closed.pk)]["status"] == "closed"
    item = by_id[str(open_report.pk)]
    assert item["service_code"] == "pothole"
    assert item["agency_responsible"] == "Tiefbauamt"
    assert item["requested_datetime"][-6:] in ("+01:00", "+02:00")
    assert item["lat"] == INSIDE[0]
    assert "a@example.org" not in json.dumps(data)
    assert body(get(client, "requests.json", status="closed"))[0][
        "service_request_id"
    ] == str(closed.pk)
    root = xml(get(client, "requests.xml"))
    assert root.tag == "service_requests"
    assert {r.find("status").text for r in root.findall("request")} == {
        "open",
        "closed",
    }


def test_request_filters_and_paging(client, pothole, streetlight, defects_a):
    reports = [make_report(defects_a, Status.PUBLISHED) for _ in range(3)]
    light = make_report(
        defects_a,
        Status.PUBLISHED,
        category="streetlight",
        attributes={"lamp_number": "1"},
    )
    ids = lambda **params: [  # noqa: E731
        int(item["service_request_id"])
        for item in body(get(client, "requests.json", **params))
    ]
    assert ids(service_code="streetlight") == [light.pk]
    assert ids(service_request_id=f"{reports[0].pk},{light.pk}") == [
        light.pk,
        reports[0].pk,
    ]
    # service_request_id overrides the other filters.
    assert ids(service_request_id=str(reports[0].pk), service_code="streetlight") == [
        reports[0].pk
    ]
    assert ids(page_size=2) == [light.pk, reports[2].pk]
    assert ids(page_size=2, page=2) == [reports[1].pk, reports[0].pk]
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert (
        ids(
            start_date=future, end_date=(timezone.now() + timedelta(days=2)).isoformat()
        )
        == []
    )
    assert ids(bbox="11.0,49.0,11.1,49.1") == []
    assert len(ids(bbox="11.5,49.9,11.7,50.0")) == 4


@pytest.mark.parametrize(
    "params",
    [
        {"status": "pending"},
        {"start_date": "2026-01-01"},  # no zone
        {"start_date": "yesterday"},
        {
            "start_date": "2025-01-01T00:00:00+01:00",
            "end_date": "2025-06-01T00:00:00+01:00",
        },
        {
            "start_date": "2025-06-01T00:00:00+01:00",
            "end_date": "2025-05-01T00:00:00+01:00",
        },
        {"page": "0"},
        {"page_size": "1001"},
        {"page_size": "many"},
        {"service_request_id": "1,x"},
        {"bbox": "1,2,3"},
    ],
)
def test_bad_request_parameters(client, pothole, params):
    response = get(client, "requests.json", **params)
    assert response.status_code == 400
    errors = body(response)
    assert errors[0]["code"] == 400 and errors[0]["description"]
    response = get(client, "requests.xml", **params)
    assert xml(response).tag == "errors"
    assert xml(response).find("error/code").text == "400"


def test_jurisdiction_is_required_and_module_gated(
    client, pothole, defects_a, municipality_b
):
    response = client.get(BASE + "services.json")
    assert response.status_code == 400
    assert "jurisdiction_id" in body(response)[0]["description"]
    assert get(client, "services.json", jurisdiction_id="nowhere").status_code == 404
    assert get(client, "services.json", jurisdiction_id="stadt-b").status_code == 404
    disable_module(defects_a, "defects")
    response = get(client, "services.xml")
    assert response.status_code == 404
    assert xml(response).find("error/code").text == "404"


def test_single_request_and_token(client, pothole, defects_a, defects_b):
    report = make_report(defects_a, Status.PUBLISHED)
    hidden = make_report(defects_a, Status.SUBMITTED)
    data = body(get(client, f"requests/{report.pk}.json"))
    assert len(data) == 1 and data[0]["service_request_id"] == str(report.pk)
    assert get(client, f"requests/{hidden.pk}.json").status_code == 404
    assert (
        get(client, f"requests/{report.pk}.json", jurisdiction_id="stadt-b").status_code
        == 404
    )
    token = body(get(client, f"tokens/{hidden.token}.json"))
    assert token == [{"service_request_id": str(hidden.pk), "token": str(hidden.token)}]
    assert (
        get(
            client, f"tokens/{hidden.token}.json", jurisdiction_id="stadt-b"
        ).status_code
        == 404
    )
    assert get(client, "tokens/not-a-uuid.json").status_code == 404
    assert (
        client.get(BASE + "requests.csv", {"jurisdiction_id": "stadt-a"}).status_code
        == 404
    )


@pytest.mark.parametrize("path", ["tokens/x.\n", "tokens/x.\nxml", "\n"])
def test_paths_with_a_newline_answer_the_spec_error_list(client, pothole, path):
    """Found by schemathesis over HTTP: ``.`` in the catch-all pattern stopped
    at a newline, and Django's HTML 404 page answered. (``PATH_INFO`` is set
    directly: the test client's ``urlsplit`` drops newlines from a URL.)"""
    response = client.get(BASE, {"jurisdiction_id": "stadt-a"}, PATH_INFO=BASE + path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert body(response)[0]["code"] == 404


@pytest.fixture
def api_key(defects_a):
    _client, raw_key = ApiClient.issue(defects_a, "Partner-App")
    return raw_key


def post(client, fmt="json", **fields):
    fields.setdefault("jurisdiction_id", "stadt-a")
    return client.post(BASE + f"requests.{fmt}", fields)


def test_post_creates_a_submitted_request(client, streetlight, api_key):
    response = client.post(
        BASE + "requests.json",
        "jurisdiction_id=stadt-a&api_key=" + api_key + "&service_code=streetlight"
        "&lat=49.95&long=11.58&description=Lampe%20aus&email=b%40example.org"
        "&attribute%5Blamp_number%5D=L-7&attribute%5Bdefects%5D%5B%5D=dark"
        "&attribute%5Bdefects%5D%5B%5D=flicker&first_name=Bernd&phone=0123",
        content_type="application/x-www-form-urlencoded; charset=utf-8",
    )
    assert response.status_code == 200, response.content
    data = body(response)
    report = DefectReport.objects.get(pk=data[0]["service_request_id"])
    assert report.status == Status.SUBMITTED and report.source == "open311"
    assert report.attributes == {"lamp_number": "L-7", "defects": ["dark", "flicker"]}
    assert report.email == "b@example.org"
    assert "Bernd" not in str(report.__dict__) and "0123" not in str(report.__dict__)
    assert report.api_client.name == "Partner-App"
    # Not public before moderation.
    assert get(client, f"requests/{report.pk}.json").status_code == 404
    root = xml(
        post(
            client,
            "xml",
            api_key=api_key,
            service_code="streetlight",
            lat="49.95",
            long="11.58",
            description="x",
            **{"attribute[lamp_number]": "1"},
        )
    )
    assert root.find("request/service_request_id").text


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"api_key": ""}, 403),
        ({"api_key": "wrong"}, 403),
        ({"service_code": ""}, 400),
        ({"service_code": "nope"}, 404),
        ({"lat": ""}, 400),
        ({"lat": "north"}, 400),
        ({"lat": "52.52", "long": "13.40"}, 400),  # outside
        ({"description": ""}, 400),
        ({"description": "x" * 4001}, 400),
        ({"email": "nope"}, 400),
    ],
)
def test_post_bad_input(client, pothole, api_key, fields, status):
    values = {
        "api_key": api_key,
        "service_code": "pothole",
        "lat": "49.95",
        "long": "11.58",
        "description": "Loch",
        **fields,
    }
    response = post(client, **values)
    assert response.status_code == status
    assert body(response)[0]["code"] == status
    assert not DefectReport.objects.exists()


def test_post_required_attribute_missing(client, streetlight, api_key):
    response = post(
        client,
        api_key=api_key,
        service_code="streetlight",
        lat="49.95",
        long="11.58",
        description="Lampe",
    )
    assert response.status_code == 400
    assert "lamp_number" in body(response)[0]["description"]


def test_api_keys_are_per_municipality_and_revocable(
    client, pothole, defects_b, api_key
):
    make_category(defects_b)
    response = post(
        client,
        jurisdiction_id="stadt-b",
        api_key=api_key,
        service_code="pothole",
        lat="49.95",
        long="11.58",
        description="Loch",
    )
    assert response.status_code == 403
    ApiClient.objects.update(active=False)
    response = post(
        client,
        api_key=api_key,
        service_code="pothole",
        lat="49.95",
        long="11.58",
        description="Loch",
    )
    assert response.status_code == 403
    assert ApiClient.objects.get().key_hash != api_key  # only the hash is stored


# Clients as they are written (issue 15) ------------------------------------


def test_discovery_takes_no_parameters(client, defects_a):
    response = client.get(BASE + "discovery.json")
    assert response.status_code == 200
    data = body(response)
    assert data["endpoints"][0]["url"] == "http://testserver/georeport/v2/"
    assert "jurisdiction_id" in data["key_service"]
    root = xml(client.get(BASE + "discovery.xml", {"jurisdiction_id": ""}))
    assert root.tag == "discovery"
    # With a jurisdiction: that municipality; an unknown one is an error.
    assert body(get(client, "discovery.json"))["contact"] == "Stadt A"
    response = get(client, "discovery.json", jurisdiction_id="nowhere")
    assert response.status_code == 404 and body(response)[0]["code"] == 404


def test_absolute_urls_follow_the_request_host_and_trusted_proxy_settings(
    client, pothole, defects_a, settings
):
    report = make_report(defects_a, Status.PUBLISHED)
    photo = report.photos.create(
        position=0, width=1, height=1, original_content_type="image/jpeg"
    )
    photo.public_large.save("large.jpg", ContentFile(b"x"), save=True)
    settings.ALLOWED_HOSTS = ["api.stadt-a.example", "proxy.internal", "testserver"]
    settings.WAGTAILADMIN_BASE_URL = "https://admin.example"

    def urls(**headers):
        discovery = body(
            get(
                client, "discovery.json", **{"HTTP_" + k: v for k, v in headers.items()}
            )
        )
        requests = body(
            get(
                client,
                f"requests/{report.pk}.json",
                **{"HTTP_" + k: v for k, v in headers.items()},
            )
        )
        return discovery["endpoints"][0]["url"], requests[0]["media_url"]

    base, media = urls(HOST="api.stadt-a.example")
    assert base == "http://api.stadt-a.example/georeport/v2/"
    assert media.startswith("http://api.stadt-a.example/")
    assert "admin.example" not in media
    # X-Forwarded-* are not trusted unless Django is told to.
    forwarded = {
        "HOST": "proxy.internal",
        "X_FORWARDED_HOST": "api.stadt-a.example",
        "X_FORWARDED_PROTO": "https",
    }
    base, media = urls(**forwarded)
    assert base == "http://proxy.internal/georeport/v2/"
    assert media.startswith("http://proxy.internal/")
    settings.USE_X_FORWARDED_HOST = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    base, media = urls(**forwarded)
    assert base == "https://api.stadt-a.example/georeport/v2/"
    assert media.startswith("https://api.stadt-a.example/")
    # A forwarded host outside ALLOWED_HOSTS is refused, not echoed.
    forwarded["X_FORWARDED_HOST"] = "evil.example"
    response = client.get(
        BASE + "discovery.json",
        **{"HTTP_" + k: v for k, v in forwarded.items()},
    )
    assert response.status_code == 400
    assert b"evil.example" not in response.content


REPORT = {"service_code": "pothole", "lat": "49.95", "long": "11.58"}


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ({"jurisdiction_id": "stadt-a", "api_key": "KEY"}, {}),
        ({"api_key": "KEY"}, {"jurisdiction_id": "stadt-a"}),
        ({"jurisdiction_id": "stadt-a"}, {"api_key": "KEY"}),
        ({}, {"jurisdiction_id": "stadt-a", "api_key": "KEY"}),
        # Sent in both places with the same value.
        ({"jurisdiction_id": "stadt-a", "api_key": "KEY"}, {"api_key": "KEY"}),
    ],
)
def test_post_takes_key_and_jurisdiction_from_query_or_form(
    client, pothole, api_key, query, form
):
    query = {name: api_key if v == "KEY" else v for name, v in query.items()}
    form = {name: api_key if v == "KEY" else v for name, v in form.items()}
    response = client.post(
        BASE + "requests.json?" + urlencode(query),
        {**REPORT, "description": "Loch", **form},
    )
    assert response.status_code == 200, response.content
    report = DefectReport.objects.get()
    assert body(response) == [
        {
            "service_request_id": str(report.pk),
            "service_notice": "Reports are published after moderation.",
            "account_id": "",
        }
    ]


def test_get_takes_jurisdiction_from_the_query_only(client, pothole, defects_a):
    report = make_report(defects_a, Status.PUBLISHED)
    assert body(get(client, f"requests/{report.pk}.json"))[0]["service_request_id"]
    # A GET has no form: a body is not read.
    response = client.generic(
        "GET",
        BASE + "services.json",
        "jurisdiction_id=stadt-a",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_tenancy_a_key_or_jurisdiction_never_reaches_b(
    client, pothole, defects_b, api_key
):
    make_category(defects_b)
    b_report = make_report(defects_b, Status.PUBLISHED)
    _b_client, b_key = ApiClient.issue(defects_b, "B-App")
    cases = [
        # A's key for B, however it is sent.
        ({"jurisdiction_id": "stadt-b", "api_key": api_key}, {}, 403),
        ({"jurisdiction_id": "stadt-b"}, {"api_key": api_key}, 403),
        ({"api_key": api_key}, {"jurisdiction_id": "stadt-b"}, 403),
        # Two jurisdictions, or two keys, in one request: refused.
        ({"jurisdiction_id": "stadt-b"}, {"jurisdiction_id": "stadt-a"}, 400),
        ({"jurisdiction_id": "stadt-a"}, {"jurisdiction_id": "stadt-b"}, 400),
        ({"api_key": b_key}, {"jurisdiction_id": "stadt-a", "api_key": api_key}, 400),
    ]
    for query, form, status in cases:
        response = client.post(
            BASE + "requests.json?" + urlencode(query),
            {"api_key": api_key, **REPORT, "description": "Loch", **form}
            if "api_key" not in query
            else {**REPORT, "description": "Loch", **form},
        )
        assert response.status_code == status, (query, form, response.content)
        assert body(response)[0]["code"] == status
    assert not DefectReport.objects.exclude(pk=b_report.pk).exists()
    # Reads: B's report and token under A's jurisdiction are unknown.
    for path in (f"requests/{b_report.pk}.json", f"tokens/{b_report.token}.json"):
        assert get(client, path).status_code == 404
    listed = body(get(client, "requests.json", service_request_id=str(b_report.pk)))
    assert listed == []


def test_post_answers_a_token_when_ids_are_hidden(client, pothole, api_key, settings):
    settings.RATHAUS_OPEN311_POST_ANSWER = "token"
    assert body(get(client, "services.json"))[0]["type"] == "batch"
    response = post(client, api_key=api_key, **REPORT, description="Loch")
    assert response.status_code == 200
    answer = body(response)[0]
    assert set(answer) == {"token", "service_notice", "account_id"}
    report = DefectReport.objects.get()
    assert answer["token"] == str(report.token)
    looked_up = body(get(client, f"tokens/{answer['token']}.json"))
    assert looked_up == [
        {"service_request_id": str(report.pk), "token": answer["token"]}
    ]
    root = xml(post(client, "xml", api_key=api_key, **REPORT, description="x"))
    assert root.find("request/token").text
    assert root.find("request/service_request_id") is None


@pytest.mark.parametrize(
    "params",
    [
        {"jurisdiction_id": "stadt-a\x00"},
        {"service_code": "pot\x00hole"},
        {"jurisdiction_id": "x" * 500},
        {"jurisdiction_id": "stadt a"},
    ],
)
def test_wrong_jurisdictions_and_nul_characters_are_typed_errors(
    client, pothole, params
):
    for fmt in ("json", "xml"):
        response = get(client, f"requests.{fmt}", **params)
        assert response.status_code in (400, 404)
        if fmt == "json":
            assert body(response)[0]["code"] == response.status_code
        else:
            assert xml(response).find("error/code").text == str(response.status_code)


def test_unknown_paths_and_formats_answer_the_error_list(client, defects_a):
    response = get(client, "requests.csv")
    assert response.status_code == 404
    assert body(response) == [{"code": 404, "description": "Not found."}]
    response = client.get(BASE + "nothing/here.xml")
    assert response.status_code == 404
    assert xml(response).find("error/code").text == "404"


def test_one_date_alone_means_ninety_days_from_or_before_it(client, pothole, defects_a):
    report = make_report(defects_a, Status.PUBLISHED)
    long_ago = (timezone.now() - timedelta(days=400)).isoformat()
    recently = (timezone.now() - timedelta(days=1)).isoformat()
    assert body(get(client, "requests.json", start_date=long_ago)) == []
    ids = [
        r["service_request_id"]
        for r in body(get(client, "requests.json", start_date=recently))
    ]
    assert ids == [str(report.pk)]
    assert body(get(client, "requests.json", end_date=long_ago)) == []


# -- outages ----------------------------------------------------------------------


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_outage_answers_503_in_the_error_list(client, pothole, api_key, error):
    def refuse(execute, sql, params, many, context):
        raise error("could not connect to server: Connection refused")

    with connection.execute_wrapper(refuse):
        answer = post(client, api_key=api_key, **REPORT, description="Loch")
        answer_xml = post(client, "xml", api_key=api_key, **REPORT, description="Loch")
        listing = get(client, "requests.json")
    assert answer.status_code == 503
    assert answer["Retry-After"] == "30"
    assert answer["Cache-Control"] == "private, no-store"
    (entry,) = body(answer)
    assert entry["code"] == 503 and "try again" in entry["description"]
    assert answer_xml.status_code == 503 and answer_xml["Retry-After"] == "30"
    assert xml(answer_xml).find("error/code").text == "503"
    assert listing.status_code == 503
    assert listing["Cache-Control"] == "private, no-store"
    assert "Connection refused" not in answer.content.decode()
    assert not DefectReport.objects.exists()


def test_outage_after_the_report_was_written_stores_nothing(client, pothole, api_key):
    """The last write of a POST (the key's last use) fails: the report and its
    idempotency key are rolled back, so the partner's retry is no duplicate."""
    client_row = ApiClient.objects.get()

    def fail_the_last_write(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("UPDATE") and "last_used_at" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_the_last_write):
        response = post(client, api_key=api_key, **REPORT, description="Loch")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert not DefectReport.objects.exists()
    assert not IdempotencyKey.objects.exists()
    client_row.refresh_from_db()
    assert client_row.last_used_at is None
    retried = post(client, api_key=api_key, **REPORT, description="Loch")
    assert retried.status_code == 200
    assert DefectReport.objects.count() == 1
