"""reportDefect: the happy path, replays, and every bad input (typed errors,
nothing half-stored)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from rathaus.modules.defects import services
from rathaus.modules.defects.models import (
    BannedClient,
    DefectEvent,
    DefectPhoto,
    DefectReport,
    Status,
)
from rathaus.site.core.models import IdempotencyKey, Upload
from rathaus.site.core.photos import private_storage
from rathaus.site.core.ratelimit import email_hash
from rathaus.site.module_platform.services import configure_module, disable_module

from .conftest import REPORT_MUTATION, codes, report_input

pytestmark = pytest.mark.django_db


def assert_nothing_stored():
    assert not DefectReport.objects.exists()
    assert not DefectPhoto.objects.exists()
    assert not IdempotencyKey.objects.exists()
    assert not Upload.objects.filter(used_at__isnull=False).exists()


def test_report_with_photos_is_stored_as_submitted(pothole, upload, report_defect):
    tokens = [upload()[1]["token"], upload()[1]["token"]]
    payload = report_defect(photos=tokens, email="anna@example.org", address="Markt 1")
    assert "errors" not in payload, payload
    result = payload["data"]["reportDefect"]
    assert result["replayed"] is False
    assert result["report"]["status"] == "SUBMITTED"
    report = DefectReport.objects.get(pk=result["report"]["id"])
    assert str(report.token) == result["report"]["token"]
    assert report.category == pothole
    assert report.email == "anna@example.org"
    assert report.address == "Markt 1"
    assert report.client_device_hash and report.client_ip_hash
    assert "127.0.0.1" not in report.client_ip_hash
    photos = list(report.photos.all())
    assert len(photos) == 2
    for photo in photos:
        # Private until published; the original has no URL at all.
        assert not photo.public_large and not photo.public_thumbnail
        assert private_storage().exists(photo.original.name)
        with pytest.raises(ValueError):
            private_storage().url(photo.original.name)
    assert set(Upload.objects.values_list("used_at", flat=True)) != {None}
    assert report.events.get().kind == DefectEvent.Kind.CREATED


def test_a_retry_with_the_same_key_replays(pothole, report_defect, defects_a):
    configure_module(defects_a, "defects", {"reports_per_hour": 1})
    key = str(uuid.uuid4())
    first = report_defect(key=key)["data"]["reportDefect"]
    second = report_defect(key=key)
    assert "errors" not in second, second  # a replay uses no allowance
    second = second["data"]["reportDefect"]
    assert second["replayed"] is True
    assert second["report"]["id"] == first["report"]["id"]
    assert DefectReport.objects.count() == 1


def test_the_same_key_with_another_report_is_a_conflict(pothole, report_defect):
    key = str(uuid.uuid4())
    report_defect(key=key)
    payload = report_defect(key=key, description="Something else")
    assert codes(payload) == ["IDEMPOTENCY_CONFLICT"]
    assert DefectReport.objects.count() == 1


def test_attributes_are_validated_and_stored(streetlight, report_defect):
    payload = report_defect(
        category="streetlight",
        attributes=[
            {"code": "lamp_number", "value": "L-17"},
            {"code": "lamp_type", "value": "led"},
            {"code": "defects", "values": ["dark", "flicker"]},
            {"code": "height", "value": "4.5"},
        ],
    )
    assert "errors" not in payload, payload
    report = DefectReport.objects.get()
    assert report.attributes == {
        "lamp_number": "L-17",
        "lamp_type": "led",
        "defects": ["dark", "flicker"],
        "height": "4.5",
    }


BAD_INPUTS = [
    ({"description": ""}, "description"),
    ({"description": "   \n "}, "description"),
    ({"description": "x" * 4001}, "description"),
    # Refused by the view before the mutation runs: keyed by the variable path
    # (frontend_contract/README.md, "Errors").
    ({"description": "nul\x00byte"}, "input.description"),
    ({"latitude": 52.52, "longitude": 13.40}, "position"),  # Berlin
    ({"latitude": 91.0}, "latitude"),
    ({"longitude": -181.0}, "longitude"),
    ({"category": "unknown"}, "category"),
    ({"category": ""}, "category"),
    ({"email": "not-an-address"}, "email"),
    ({"email": "a" * 250 + "@example.org"}, "email"),
    ({"address": "x" * 301}, "address"),
    ({"photos": ["a", "b", "c", "d"]}, "photos"),
    ({"photos": ["unknown-token"]}, "photos.0"),
]


@pytest.mark.parametrize(("overrides", "field"), BAD_INPUTS)
def test_bad_input_is_a_field_level_validation_error(
    pothole, report_defect, overrides, field
):
    payload = report_defect(**overrides)
    assert codes(payload) == ["VALIDATION_ERROR"], payload
    assert field in payload["errors"][0]["extensions"]["fields"]
    assert (payload.get("data") or {}).get("reportDefect") is None
    assert_nothing_stored()


def test_a_longest_valid_description_is_accepted(pothole, report_defect):
    assert "errors" not in report_defect(description="x" * 4000)


def test_inactive_category_is_unknown(pothole, report_defect):
    pothole.active = False
    pothole.save()
    payload = report_defect()
    assert payload["errors"][0]["extensions"]["fields"] == {
        "category": ["Unbekannte Kategorie."]
    }


@pytest.mark.parametrize(
    ("attributes", "field"),
    [
        ([], "attributes.lamp_number"),  # required
        (
            [{"code": "lamp_number", "value": "1"}, {"code": "nope", "value": "1"}],
            "attributes.nope",
        ),
        (
            [
                {"code": "lamp_number", "value": "1"},
                {"code": "lamp_type", "value": "x"},
            ],
            "attributes.lamp_type",
        ),
        (
            [
                {"code": "lamp_number", "value": "1"},
                {"code": "defects", "values": ["dark", "x"]},
            ],
            "attributes.defects",
        ),
        (
            [
                {"code": "lamp_number", "value": "1"},
                {"code": "height", "value": "high"},
            ],
            "attributes.height",
        ),
        (
            [{"code": "lamp_number", "value": "1"}, {"code": "height", "value": "inf"}],
            "attributes.height",
        ),
        ([{"code": "lamp_number", "value": "x" * 301}], "attributes.lamp_number"),
    ],
)
def test_bad_attributes(streetlight, report_defect, attributes, field):
    payload = report_defect(category="streetlight", attributes=attributes)
    assert codes(payload) == ["VALIDATION_ERROR"]
    assert field in payload["errors"][0]["extensions"]["fields"]
    assert_nothing_stored()


@pytest.mark.parametrize("key", ["", "short", "with spaces here", "x" * 201])
def test_bad_idempotency_keys(pothole, report_defect, key):
    payload = report_defect(key=key or "")
    assert codes(payload) == ["VALIDATION_ERROR"]
    assert "idempotencyKey" in payload["errors"][0]["extensions"]["fields"]
    assert_nothing_stored()


def test_too_long_device_id(pothole, report_defect):
    payload = report_defect(device="d" * 201)
    assert codes(payload) == ["VALIDATION_ERROR"]


def test_missing_required_input_is_a_bad_request(pothole, gql):
    payload = gql(
        REPORT_MUTATION,
        {"municipality": "stadt-a", "input": {"category": "pothole"}, "key": "k" * 10},
    )
    assert set(codes(payload)) == {"VALIDATION_ERROR"}
    assert "input" in payload["errors"][0]["extensions"]["fields"]


def test_photo_tokens_must_be_fresh_unused_and_ours(
    pothole, defects_b, upload, report_defect
):
    from .conftest import make_category

    configure_module(pothole.municipality, "defects", {"reports_per_hour": 100})
    make_category(defects_b)
    # Another device's token.
    _, body = upload(device="device-2")
    payload = report_defect(photos=[body["token"]])
    assert payload["errors"][0]["extensions"]["fields"] == {
        "photos.0": ["Unknown photo upload."]
    }
    # Another municipality's token.
    _, body = upload(municipality="stadt-b")
    assert (
        "photos.0"
        in report_defect(photos=[body["token"]])["errors"][0]["extensions"]["fields"]
    )
    # The same token twice.
    _, body = upload()
    payload = report_defect(photos=[body["token"], body["token"]])
    assert codes(payload) == ["VALIDATION_ERROR"]
    # Expired.
    Upload.objects.filter(token=body["token"]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    payload = report_defect(photos=[body["token"]])
    assert codes(payload) == ["VALIDATION_ERROR"], payload
    assert "expired" in payload["errors"][0]["extensions"]["fields"]["photos.0"][0]
    # Used.
    _, body = upload()
    assert "errors" not in report_defect(photos=[body["token"]])
    payload = report_defect(photos=[body["token"]])
    assert "already used" in payload["errors"][0]["extensions"]["fields"]["photos.0"][0]
    assert DefectReport.objects.count() == 1


def test_a_failed_submission_leaves_its_tokens_usable(pothole, upload, report_defect):
    _, body = upload()
    bad = report_defect(photos=[body["token"], "unknown"])
    assert codes(bad) == ["VALIDATION_ERROR"]
    assert Upload.objects.get(token=body["token"]).used_at is None
    assert "errors" not in report_defect(photos=[body["token"]])


def test_honeypot_is_refused(pothole, report_defect):
    payload = report_defect(honeypot="http://spam.example")
    assert codes(payload) == ["SUBMISSION_REFUSED"]
    assert_nothing_stored()


@pytest.mark.parametrize("kind", ["device", "ip", "email"])
def test_banned_clients_are_refused(pothole, report_defect, defects_a, kind):
    report_defect(email="troll@example.org")
    report = DefectReport.objects.get()
    value = {
        "device": report.client_device_hash,
        "ip": report.client_ip_hash,
        "email": email_hash("TROLL@example.org"),
    }[kind]
    BannedClient.objects.create(
        municipality=defects_a, kind=kind, value_hash=value, reason="Spam"
    )
    payload = report_defect(email="troll@example.org", device="device-1")
    assert codes(payload) == ["SUBMISSION_REFUSED"]
    assert DefectReport.objects.count() == 1


def test_expired_bans_no_longer_apply(pothole, report_defect, defects_a):
    report_defect()
    report = DefectReport.objects.get()
    BannedClient.objects.create(
        municipality=defects_a,
        kind="device",
        value_hash=report.client_device_hash,
        reason="Cool down",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert "errors" not in report_defect()


def test_email_bans_typed_in_the_admin_are_stored_hashed(defects_a):
    ban = BannedClient.objects.create(
        municipality=defects_a, kind="email", value_hash="X@Example.org", reason="r"
    )
    assert ban.value_hash == email_hash("x@example.org")


def test_rate_limit_per_client(pothole, report_defect, defects_a):
    configure_module(defects_a, "defects", {"reports_per_hour": 2})
    assert "errors" not in report_defect()
    assert "errors" not in report_defect()
    payload = report_defect()
    assert codes(payload) == ["RATE_LIMITED"]
    assert payload["errors"][0]["extensions"]["retryAfter"] > 0
    # A new device id on the same IP does not escape the IP's limit.
    assert codes(report_defect(device="device-new")) == ["RATE_LIMITED"]
    assert DefectReport.objects.count() == 2


def test_module_disabled_and_unknown_municipality(pothole, report_defect, defects_a):
    assert codes(report_defect(municipality="nowhere")) == ["NOT_FOUND"]
    disable_module(defects_a, "defects")
    assert codes(report_defect()) == ["MODULE_DISABLED"]
    assert_nothing_stored()


def test_module_disabled_in_one_municipality_only(
    pothole, report_defect, municipality_b
):
    assert codes(report_defect(municipality="stadt-b")) == ["MODULE_DISABLED"]


def test_mutation_by_get_is_refused(pothole, client):
    response = client.get("/graphql/", {"query": REPORT_MUTATION})
    assert response.status_code == 405


def test_service_refuses_without_graphql_too(pothole, defects_a):
    from .conftest import IDENTITY

    with pytest.raises(services.SubmissionRefused):
        services.submit_report(
            defects_a,
            services.report_data(**report_input()),
            identity=IDENTITY,
            idempotency_key=str(uuid.uuid4()),
            honeypot="x",
        )
    assert DefectReport.objects.filter(status=Status.SUBMITTED).count() == 0
