"""The contact relay: rate limits, honeypot, ban list, no addresses until the
landlord answers, reply tokens used once and never across municipalities."""

from types import SimpleNamespace

import pytest
from django.core import mail

from rathaus.modules.housing import services
from rathaus.modules.housing.models import HousingBan, HousingContact
from rathaus.site.core.ratelimit import ClientIdentity
from rathaus.site.module_platform.services import configure_module

from .conftest import (
    CONTACT,
    REPLY,
    codes,
    committing,
    expire,
    fields,
    last_mail_to,
    make_listing,
    tokens_in,
)

pytestmark = pytest.mark.django_db
SEEKER = "suchender@example.org"


@pytest.fixture
def contact(gql):
    def call(listing, municipality="stadt-a", **overrides):
        variables = {
            "municipality": municipality,
            "listing": str(listing.pk),
            "message": "Ist die Wohnung noch frei? Viele Grüße",
            "replyTo": SEEKER,
            "deviceId": "seeker",
        }
        variables.update(overrides)
        return gql(CONTACT, variables)

    return call


def test_rate_limit(housing_a, contact):
    configure_module(housing_a, "housing", {"contacts_per_hour": 2})
    listing = make_listing(housing_a)
    assert "errors" not in contact(listing)
    assert "errors" not in contact(listing)
    payload = contact(listing)
    assert codes(payload) == ["RATE_LIMITED"]
    # A new device id does not escape the IP's limit.
    assert codes(contact(listing, deviceId="another")) == ["RATE_LIMITED"]
    assert HousingContact.objects.count() == 2


def test_honeypot(housing_a, contact):
    listing = make_listing(housing_a)
    sent = len(mail.outbox)
    payload = contact(listing, honeypot="I am a bot")
    assert codes(payload) == ["SUBMISSION_REFUSED"]
    assert len(mail.outbox) == sent and not HousingContact.objects.exists()


def test_banned_sender(housing_a, contact):
    listing = make_listing(housing_a)
    HousingBan.objects.create(
        municipality=housing_a, kind="email", value_hash=SEEKER, reason="Spam"
    )
    assert codes(contact(listing)) == ["SUBMISSION_REFUSED"]
    HousingBan.objects.all().delete()
    HousingBan.objects.create(
        municipality=housing_a,
        kind="device",
        value_hash=ClientIdentity.from_request(_request(), "seeker").device_hash,
        reason="Spam",
    )
    assert codes(contact(listing)) == ["SUBMISSION_REFUSED"]


def _request():
    from django.test import RequestFactory

    return RequestFactory().get("/")


def test_bad_input_and_unknown_listings(housing_a, housing_b, contact):
    listing = make_listing(housing_a)
    payload = contact(listing, message="hi", replyTo="nope")
    assert codes(payload) == ["VALIDATION_ERROR"]
    assert set(fields(payload)) == {"message", "replyTo"}
    # Unpublished, expired, another municipality's: not found.
    unconfirmed = make_listing(housing_a, publish=False)
    assert codes(contact(unconfirmed)) == ["NOT_FOUND"]
    assert codes(contact(listing, municipality="stadt-b")) == ["NOT_FOUND"]
    expire(listing)
    assert codes(contact(listing)) == ["NOT_FOUND"]
    assert codes(contact(SimpleNamespace(pk="abc"))) == ["NOT_FOUND"]


def test_reply_reveals_addresses_once(housing_a, housing_b, gql, contact):
    listing = make_listing(housing_a)
    contact(listing)
    relayed = last_mail_to(listing.landlord_email)
    assert SEEKER not in relayed.body and SEEKER not in str(relayed.reply_to)
    assert listing.landlord_email not in str(
        [m.to for m in mail.outbox if SEEKER in m.to]
    )
    token = tokens_in(relayed)["reply"]
    # Another municipality cannot use it.
    payload = gql(REPLY, {"municipality": "stadt-b", "token": token, "message": "Ja"})
    assert codes(payload) == ["INVALID_TOKEN"]
    payload = gql(REPLY, {"municipality": "stadt-a", "token": token, "message": "Ja"})
    assert payload["data"]["replyHousingContact"]["sent"] is True
    assert last_mail_to(SEEKER).reply_to == [listing.landlord_email]
    payload = gql(REPLY, {"municipality": "stadt-a", "token": token, "message": "Ja"})
    assert payload["errors"][0]["extensions"]["reason"] == "used"
    # A listing token is no reply token.
    with committing():
        bad = services.make_token(listing, "extend")
    payload = gql(REPLY, {"municipality": "stadt-a", "token": bad, "message": "Ja"})
    assert codes(payload) == ["INVALID_TOKEN"]


def test_mails_speak_the_landlords_language_and_german(housing_a, gql, contact):
    """A German listing's landlord reads German only; an English listing's
    landlord German, then English; the seeker (language unknown) both."""
    german = make_listing(housing_a)
    contact(german)
    relayed = last_mail_to(german.landlord_email)
    assert relayed.subject == f"[Stadt A] Anfrage zu: {german.title}"
    assert "Jemand interessiert sich für Ihr Angebot" in relayed.body
    assert "Someone is interested" not in relayed.body

    english = make_listing(
        housing_a,
        language="en",
        title="Bright flat & balcony",
        landlord_email="landlord@example.org",
    )
    contact(english, message="Is it still free? Müller & Söhne")
    relayed = last_mail_to("landlord@example.org")
    assert relayed.subject == "[Stadt A] Anfrage zu: Bright flat & balcony"
    german_part, english_part = relayed.body.split("\n\n--\n\n")
    assert "Jemand interessiert sich für Ihr Angebot" in german_part
    assert "Someone is interested in your listing" in english_part
    assert "Müller & Söhne" in german_part and "&amp;" not in relayed.body
    token = tokens_in(relayed)["reply"]
    gql(REPLY, {"municipality": "stadt-a", "token": token, "message": "Ja, gern."})
    answer = last_mail_to(SEEKER)
    assert answer.subject == "[Stadt A] Antwort: Bright flat & balcony"
    assert "antwortet auf Ihre Anfrage" in answer.body
    assert "replies to your enquiry" in answer.body
