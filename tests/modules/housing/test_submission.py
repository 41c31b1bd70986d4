"""submitHousingListing: bad input on every field, photos, abuse guards,
idempotency, the discriminatory-wording hint, a disabled module."""

import uuid

import pytest
from django.core import mail

from rathaus.modules.housing import services
from rathaus.modules.housing.models import HousingBan, HousingListing, HousingPhoto
from rathaus.site.core.models import Upload
from rathaus.site.core.ratelimit import email_hash
from rathaus.site.module_platform.services import configure_module, disable_module

from ...photo_builders import photo_bytes
from .conftest import codes, committing, fields, make_listing

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"deposit": 1200.01}, "deposit"),  # more than 3 × 400 € cold rent
        ({"energyValue": None}, "energyValue"),
        ({"energyCertificateType": None}, "energyCertificateType"),
        ({"energyCarrier": None}, "energyCarrier"),
        ({"constructionYear": None}, "constructionYear"),
        ({"efficiencyClass": None}, "efficiencyClass"),
        ({"constructionYear": 3000}, "constructionYear"),
        ({"energyValue": -1}, "energyValue"),
        ({"durationDays": 10}, "durationDays"),
        ({"district": "Mond"}, "district"),
        ({"title": "Hi"}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"description": "zu kurz"}, "description"),
        ({"rooms": 0}, "rooms"),
        ({"size": 1}, "size"),
        ({"coldRent": 0}, "coldRent"),
        ({"runningCosts": -5}, "runningCosts"),
        ({"heatingCosts": 1e9}, "heatingCosts"),
        ({"floor": 500}, "floor"),
        ({"availableFrom": "2000-01-01"}, "availableFrom"),
        ({"availableUntil": "2000-01-01"}, "availableUntil"),
        ({"landlordEmail": "not-an-address"}, "landlordEmail"),
        ({"language": "fr"}, "language"),
        ({"latitude": 10.0, "longitude": 10.0}, "position"),
        ({"latitude": 95.0}, "latitude"),
        ({"photos": ["t"] * 9}, "photos"),
        ({"photos": ["unknown-token"]}, "photos.0"),
    ],
)
def test_bad_input_is_a_field_error_and_stores_nothing(
    housing_a, submit, overrides, field
):
    payload = submit(**overrides)
    assert codes(payload) == ["VALIDATION_ERROR"], payload
    assert field in fields(payload), fields(payload)
    assert not HousingListing.objects.exists()
    assert not mail.outbox


def test_energy_exemption_is_explicit(housing_a, submit):
    payload = submit(
        energyExemption="LISTED_BUILDING",
        energyCertificateType=None,
        energyValue=None,
        energyCarrier=None,
        efficiencyClass=None,
        constructionYear=1890,
    )
    assert "errors" not in payload, payload
    listing = HousingListing.objects.get()
    assert listing.energy_exemption == "listed_building"
    assert listing.energy_value is None and listing.construction_year == 1890


def test_valid_submission_is_stored_unconfirmed(housing_a, submit):
    payload = submit(deposit=1200, availableUntil="2099-01-01")
    assert "errors" not in payload, payload
    listing = HousingListing.objects.get()
    assert listing.status == "unconfirmed"
    assert float(listing.warm_rent) == 550.0
    assert listing.running_costs_include == ["water", "waste"]
    assert listing.available_until.year == 2099
    # The position is snapped, never stored exactly.
    assert (listing.latitude, listing.longitude) != (49.95, 11.58)
    assert abs(listing.latitude - 49.95) < 0.003
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [listing.landlord_email]


def test_districts_free_when_none_configured(housing_a, submit):
    configure_module(housing_a, "housing", {"districts": []})
    assert "errors" not in submit(district="Irgendwo")


def test_photos_through_the_pipeline(housing_a, submit, upload):
    tokens = [upload()[1]["token"] for _ in range(2)]
    payload = submit(photos=tokens)
    assert "errors" not in payload, payload
    assert HousingPhoto.objects.count() == 2
    assert Upload.objects.filter(used_at__isnull=False).count() == 2
    # A used token cannot be used again.
    payload = submit(photos=[tokens[0]])
    assert "photos.0" in fields(payload)


def test_bad_photo_is_refused_by_the_upload(housing_a, upload):
    response, body = upload(data=b"GIF89a not a photo")
    assert response.status_code == 400
    assert body["errors"][0]["code"] == "unsupported_format"
    response, body = upload(data=photo_bytes()[:200])
    assert response.status_code == 400 and body["errors"][0]["code"] == "corrupt"


def test_too_many_photos(housing_a, submit, upload):
    tokens = [upload()[1]["token"] for _ in range(9)]
    payload = submit(photos=tokens)
    assert fields(payload)["photos"] == ["Höchstens 8 Fotos sind erlaubt."]
    assert not Upload.objects.filter(used_at__isnull=False).exists()


def test_foreign_photo_tokens(housing_a, housing_b, submit, upload):
    other_device = upload(device="other-device")[1]["token"]
    assert "photos.0" in fields(submit(photos=[other_device]))
    other_town = upload(municipality="stadt-b")[1]["token"]
    assert "photos.0" in fields(submit(photos=[other_town]))
    own = upload()[1]["token"]
    assert "errors" not in submit(photos=[own])


def test_honeypot(housing_a, submit):
    payload = submit(honeypot="http://spam.example")
    assert codes(payload) == ["SUBMISSION_REFUSED"]
    assert payload["errors"][0]["extensions"]["reason"] == "honeypot"
    assert not HousingListing.objects.exists()


def test_banned_email(housing_a, submit):
    HousingBan.objects.create(
        municipality=housing_a,
        kind=HousingBan.Kind.EMAIL,
        value_hash="Vermieterin@Example.org",
        reason="Scam",
    )
    assert HousingBan.objects.get().value_hash == email_hash("vermieterin@example.org")
    payload = submit()
    assert codes(payload) == ["SUBMISSION_REFUSED"]
    assert payload["errors"][0]["extensions"]["reason"] == "banned"


def test_rate_limit(housing_a, submit):
    configure_module(housing_a, "housing", {"submissions_per_day": 2})
    assert "errors" not in submit()
    assert "errors" not in submit()
    payload = submit()
    assert codes(payload) == ["RATE_LIMITED"]
    assert payload["errors"][0]["extensions"]["retryAfter"] > 0
    assert HousingListing.objects.count() == 2


def test_idempotent_retry(housing_a, submit):
    key = str(uuid.uuid4())
    first = submit(key=key)["data"]["submitHousingListing"]
    again = submit(key=key)["data"]["submitHousingListing"]
    assert again["replayed"] is True
    assert again["listing"]["id"] == first["listing"]["id"]
    assert HousingListing.objects.count() == 1 and len(mail.outbox) == 1
    assert codes(submit(key=key, title="Eine andere Wohnung")) == [
        "IDEMPOTENCY_CONFLICT"
    ]


def test_discriminatory_wording_warns_and_flags(housing_a, submit):
    configure_module(housing_a, "housing", {"discriminatory_terms": ["nur Bayern"]})
    payload = submit(
        description="Schöne Wohnung, keine Ausländer, nur Bayern bitte, ruhige Lage."
    )
    assert "errors" not in payload, payload
    warning = payload["data"]["submitHousingListing"]["warnings"][0]
    assert warning["code"] == "DISCRIMINATORY_WORDING"
    assert warning["terms"] == ["keine ausländer", "nur bayern"]
    listing = HousingListing.objects.get()
    assert listing.flagged_terms == ["keine ausländer", "nur bayern"]


def test_moderation_setting(housing_a):
    configure_module(housing_a, "housing", {"moderation": "off"})
    assert make_listing(housing_a).status == "published"
    # Flagged wording goes to a moderator even with moderation off.
    flagged = make_listing(
        housing_a,
        publish=False,
        description="Nur Deutsche! Helle Wohnung, ruhige Lage, schöner Blick.",
    )
    with committing():
        flagged = services.confirm_listing(
            housing_a, services.make_token(flagged, "confirm")
        )
    assert flagged.status == "in_moderation"
    configure_module(housing_a, "housing", {"moderation": "all"})
    listing = make_listing(housing_a, publish=False)
    with committing():
        listing = services.confirm_listing(
            housing_a, services.make_token(listing, "confirm")
        )
    assert listing.status == "in_moderation"


def test_first_time_landlords_only(housing_a):
    first = make_listing(housing_a, publish=False)
    with committing():
        first = services.confirm_listing(
            housing_a, services.make_token(first, "confirm")
        )
    assert first.status == "in_moderation"
    with committing():
        services.approve_listing(first)
    second = make_listing(housing_a, publish=False)
    with committing():
        second = services.confirm_listing(
            housing_a, services.make_token(second, "confirm")
        )
    assert second.status == "published"  # known landlord now


def test_module_disabled(housing_a, submit):
    disable_module(housing_a, "housing")
    assert codes(submit()) == ["MODULE_DISABLED"]
    assert codes(submit(municipality="nowhere")) == ["NOT_FOUND"]
