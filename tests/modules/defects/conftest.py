import json
import uuid

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile

from rathaus.modules.defects import services
from rathaus.modules.defects.models import (
    CategoryAttribute,
    DefectCategory,
    ExternalRecipient,
    Status,
)
from rathaus.site.core.ratelimit import ClientIdentity
from rathaus.site.module_platform.services import enable_module

from ...photo_builders import photo_bytes

INSIDE = (49.95, 11.58)  # inside the factories' bounding box
REPORT_MUTATION = """
mutation Report($municipality: String!, $input: ReportDefectInput!,
                $key: String!, $deviceId: String, $honeypot: String) {
  reportDefect(municipality: $municipality, input: $input, idempotencyKey: $key,
               deviceId: $deviceId, honeypot: $honeypot) {
    replayed
    report { id token status createdAt }
  }
}
"""


@pytest.fixture(autouse=True)
def _fresh_caches():
    for alias in ("default", "ratelimit"):
        caches[alias].clear()
    yield


@pytest.fixture
def defects_a(municipality_a):
    enable_module(municipality_a, "defects")
    return municipality_a


@pytest.fixture
def defects_b(municipality_b):
    enable_module(municipality_b, "defects")
    return municipality_b


def make_category(municipality, code="pothole", name="Schlagloch", **fields):
    return DefectCategory.objects.create(
        municipality=municipality,
        locale=municipality.default_locale,
        code=code,
        name=name,
        **fields,
    )


@pytest.fixture
def road_authority(defects_a):
    return ExternalRecipient.objects.create(
        municipality=defects_a,
        name="Straßen.NRW",
        channel=ExternalRecipient.Channel.EMAIL,
        email="meldungen@strassen.example",
    )


@pytest.fixture
def pothole(defects_a, road_authority):
    return make_category(
        defects_a, department="Tiefbauamt", recipient=road_authority, icon="road"
    )


@pytest.fixture
def streetlight(defects_a):
    category = make_category(defects_a, code="streetlight", name="Straßenlaterne")
    CategoryAttribute.objects.create(
        category=category,
        code="lamp_number",
        description="Nummer am Mast",
        required=True,
    )
    CategoryAttribute.objects.create(
        category=category,
        code="lamp_type",
        description="Art",
        datatype=CategoryAttribute.Datatype.SINGLEVALUELIST,
        values=[{"key": "led", "name": "LED"}, {"key": "gas", "name": "Gas"}],
    )
    CategoryAttribute.objects.create(
        category=category,
        code="defects",
        description="Was ist kaputt?",
        datatype=CategoryAttribute.Datatype.MULTIVALUELIST,
        values=[
            {"key": "dark", "name": "dunkel"},
            {"key": "flicker", "name": "flackert"},
        ],
    )
    CategoryAttribute.objects.create(
        category=category,
        code="height",
        description="Höhe",
        datatype=CategoryAttribute.Datatype.NUMBER,
    )
    return category


def report_input(**overrides):
    values = {
        "category": "pothole",
        "description": "Tiefes Schlagloch vor Hausnummer 12.",
        "latitude": INSIDE[0],
        "longitude": INSIDE[1],
    }
    values.update(overrides)
    return values


IDENTITY = ClientIdentity(ip_hash="i" * 64, device_hash="d" * 64)


def submit(municipality, key=None, identity=IDENTITY, **overrides):
    """Submit through the service (not GraphQL)."""
    data = services.report_data(**report_input(**overrides))
    report, _replayed = services.submit_report(
        municipality,
        data,
        identity=identity,
        idempotency_key=key or str(uuid.uuid4()),
        check_rate_limit=False,
    )
    return report


def make_report(municipality, status=Status.PUBLISHED, **overrides):
    report = submit(municipality, **overrides)
    path = {
        Status.SUBMITTED: [],
        Status.PUBLISHED: [Status.PUBLISHED],
        Status.IN_PROGRESS: [Status.PUBLISHED, Status.IN_PROGRESS],
        Status.RESOLVED: [Status.PUBLISHED, Status.RESOLVED],
        Status.REJECTED: [Status.REJECTED],
    }[status]
    for step in path:
        report = services.transition(report, step)
    return report


@pytest.fixture
def gql(client):
    def post(query, variables=None, **extra):
        response = client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **extra,
        )
        return json.loads(response.content)

    return post


@pytest.fixture
def report_defect(gql):
    def call(municipality="stadt-a", key=None, device="device-1", **input_values):
        honeypot = input_values.pop("honeypot", None)
        return gql(
            REPORT_MUTATION,
            {
                "municipality": municipality,
                "input": report_input(**input_values),
                "key": key if key is not None else str(uuid.uuid4()),
                "deviceId": device,
                "honeypot": honeypot,
            },
        )

    return call


@pytest.fixture
def upload(client):
    def call(data=None, municipality="stadt-a", device="device-1", name="photo.jpg"):
        payload = {
            "file": SimpleUploadedFile(
                name, data if data is not None else photo_bytes()
            ),
            "municipality": municipality,
            "purpose": "defects",
        }
        if device:
            payload["deviceId"] = device
        response = client.post("/api/uploads/", payload)
        return response, json.loads(response.content)

    return call


def codes(payload):
    return [error["extensions"]["code"] for error in payload.get("errors", [])]
