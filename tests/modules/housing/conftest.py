import json
import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from rathaus.modules.housing import services
from rathaus.site.core.ratelimit import ClientIdentity
from rathaus.site.module_platform.services import enable_module

from ...photo_builders import photo_bytes

DISTRICTS = ["Altstadt", "Nord", "Süd"]
LIMITS = {"1": 500, "2": 600, "3": 700}
INSIDE = (49.95, 11.58)  # inside the factories' bounding box

SUBMIT = """
mutation Submit($municipality: String!, $input: SubmitHousingListingInput!,
                $key: String!, $deviceId: String, $honeypot: String) {
  submitHousingListing(municipality: $municipality, input: $input,
      idempotencyKey: $key, deviceId: $deviceId, honeypot: $honeypot) {
    replayed
    listing { id status createdAt }
    warnings { code message terms }
  }
}
"""
CONFIRM = """
mutation Confirm($municipality: String!, $token: String!) {
  confirmHousingListing(municipality: $municipality, token: $token) {
    listing { id status expiresAt }
  }
}
"""
EXTEND = """
mutation Extend($municipality: String!, $token: String!, $days: Int!) {
  extendHousingListing(municipality: $municipality, token: $token,
                       durationDays: $days) {
    listing { id status expiresAt }
  }
}
"""
DELETE = """
mutation Delete($municipality: String!, $token: String!) {
  deleteHousingListing(municipality: $municipality, token: $token) { deleted }
}
"""
CONTACT = """
mutation Contact($municipality: String!, $listing: ID!, $message: String!,
                 $replyTo: String!, $honeypot: String, $deviceId: String) {
  contactHousingLandlord(municipality: $municipality, listing: $listing,
      message: $message, replyTo: $replyTo, honeypot: $honeypot,
      deviceId: $deviceId) { sent }
}
"""
REPLY = """
mutation Reply($municipality: String!, $token: String!, $message: String!) {
  replyHousingContact(municipality: $municipality, token: $token,
                      message: $message) { sent }
}
"""
REPORT = """
mutation Report($municipality: String!, $listing: ID!,
                $reason: HousingReportReason!, $message: String, $deviceId: String) {
  reportHousingListing(municipality: $municipality, listing: $listing,
      reason: $reason, message: $message, deviceId: $deviceId) { received }
}
"""
LISTINGS = """
query Listings($municipality: String!, $first: Int, $offset: Int,
               $maxWarmRent: Float, $minRooms: Float, $minSize: Float,
               $accessible: Boolean, $availableFrom: Date, $district: String,
               $bbox: HousingBoundingBoxInput, $withinBenefitLimitFor: Int,
               $locale: String) {
  housingListings(municipality: $municipality, first: $first, offset: $offset,
      maxWarmRent: $maxWarmRent, minRooms: $minRooms, minSize: $minSize,
      accessible: $accessible, availableFrom: $availableFrom,
      district: $district, bbox: $bbox,
      withinBenefitLimitFor: $withinBenefitLimitFor, locale: $locale) {
    totalCount
    items {
      id title description language machineTranslated district warmRent
      approximatePosition { latitude longitude }
      withinBenefitLimit(householdSize: 2)
      photos { url thumbnailUrl width height }
      energy { exemption certificateType value carrier constructionYear
               efficiencyClass }
      jsonLd
    }
  }
}
"""
LISTING = """
query Listing($municipality: String!, $id: ID!, $locale: String) {
  housingListing(municipality: $municipality, id: $id, locale: $locale) {
    id title description language machineTranslated originalLanguage
    warmRent deposit
  }
}
"""


@pytest.fixture(autouse=True)
def _fresh_caches():
    for alias in ("default", "ratelimit"):
        caches[alias].clear()
    yield


def enable_housing(municipality, **settings):
    values = {"districts": DISTRICTS, "benefit_rent_limits": LIMITS}
    values.update(settings)
    enable_module(municipality, "housing", settings=values)
    return municipality


@pytest.fixture
def housing_a(municipality_a):
    return enable_housing(municipality_a)


@pytest.fixture
def housing_b(municipality_b):
    return enable_housing(municipality_b)


def listing_input(**overrides):
    values = {
        "kind": "FLAT",
        "title": "Helle Wohnung am Markt",
        "description": "Schöne helle Wohnung mit Balkon, nahe Bus und Bäcker.",
        "district": "Altstadt",
        "latitude": INSIDE[0],
        "longitude": INSIDE[1],
        "rooms": 2.5,
        "size": 61.5,
        "floor": 2,
        "hasLift": True,
        "coldRent": 400,
        "runningCosts": 100,
        "runningCostsInclude": ["WATER", "WASTE"],
        "heatingCosts": 50,
        "deposit": 1200,
        "availableFrom": timezone.localdate().isoformat(),
        "barrierFree": True,
        "pets": "ON_REQUEST",
        "energyCertificateType": "CONSUMPTION",
        "energyValue": 98.5,
        "energyCarrier": "DISTRICT_HEATING",
        "constructionYear": 1994,
        "efficiencyClass": "C",
        "durationDays": 14,
        "landlordEmail": "vermieterin@example.org",
        "landlordName": "Frau Muster",
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def service_input(**overrides):
    """A listing as submit_listing takes it, with valid values."""
    values = {
        "kind": "flat",
        "title": "Helle Wohnung am Markt",
        "description": "Schöne helle Wohnung mit Balkon, nahe Bus und Bäcker.",
        "district": "Altstadt",
        "latitude": INSIDE[0],
        "longitude": INSIDE[1],
        "rooms": 2,
        "size": 60,
        "cold_rent": 400,
        "running_costs": 100,
        "heating_costs": 50,
        "deposit": 1200,
        "available_from": timezone.localdate(),
        "energy_certificate_type": "consumption",
        "energy_value": 98.5,
        "energy_carrier": "gas",
        "construction_year": 1994,
        "efficiency_class": "C",
        "duration_days": 14,
        "landlord_email": "vermieterin@example.org",
    }
    values.update(overrides)
    return values


IDENTITY = ClientIdentity(ip_hash="i" * 64, device_hash="d" * 64)


def committing():
    """Run on-commit callbacks (e-mails, tasks, file deletion) at once."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def make_listing(municipality, *, publish=True, identity=IDENTITY, **overrides):
    """Submit, confirm and (if needed) approve through the services."""
    with committing():
        return _make_listing(municipality, publish, identity, overrides)


def _make_listing(municipality, publish, identity, overrides):
    submitted = services.submit_listing(
        municipality,
        service_input(**overrides),
        identity=identity,
        idempotency_key=str(uuid.uuid4()),
        check_rate_limit=False,
    )
    listing = submitted.listing
    if not publish:
        return listing
    listing = services.confirm_listing(
        municipality, services.make_token(listing, "confirm")
    )
    if listing.status == "in_moderation":
        listing = services.approve_listing(listing)
    return listing


def expire(listing, days_ago=30):
    from rathaus.modules.housing.models import HousingListing

    HousingListing.objects.filter(pk=listing.pk).update(
        expires_at=timezone.now() - timedelta(days=days_ago)
    )


@pytest.fixture
def gql(client):
    def post(query, variables=None, **extra):
        with committing():
            response = client.post(
                "/graphql/",
                json.dumps({"query": query, "variables": variables or {}}),
                content_type="application/json",
                **extra,
            )
        payload = json.loads(response.content)
        # Rate-limited requests answer 429 (with Retry-After), all else 200.
        limited = any(
            error["extensions"]["code"] == "RATE_LIMITED"
            for error in payload.get("errors", ())
        )
        assert response.status_code == (429 if limited else 200), response.content
        return payload

    return post


@pytest.fixture
def submit(gql):
    def call(
        municipality="stadt-a",
        key=None,
        device="device-1",
        honeypot=None,
        **input_values,
    ):
        return gql(
            SUBMIT,
            {
                "municipality": municipality,
                "input": listing_input(**input_values),
                "key": key or str(uuid.uuid4()),
                "deviceId": device,
                "honeypot": honeypot,
            },
        )

    return call


@pytest.fixture
def upload(client):
    def call(data=None, municipality="stadt-a", device="device-1", purpose="housing"):
        payload = {
            "file": SimpleUploadedFile(
                "photo.jpg", data if data is not None else photo_bytes()
            ),
            "municipality": municipality,
            "purpose": purpose,
            "deviceId": device,
        }
        response = client.post("/api/uploads/", payload)
        return response, json.loads(response.content)

    return call


def codes(payload):
    return [error["extensions"]["code"] for error in payload.get("errors", [])]


def fields(payload):
    return payload["errors"][0]["extensions"].get("fields", {})


TOKEN_LINK = re.compile(r"/housing/[\w-]+/(confirm|extend|delete|reply)/\?token=(\S+)")


def tokens_in(message):
    """{action: token} from the links of an e-mail."""
    return dict(TOKEN_LINK.findall(message.body))


def last_mail_to(address):
    for message in reversed(mail.outbox):
        if address in message.to:
            return message
    raise AssertionError(f"No mail to {address}")
