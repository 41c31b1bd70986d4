"""E-mailed link tokens: expired, foreign (another action, listing or
municipality), replayed, tampered; extend and delete; the token pages."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from rathaus.modules.housing import services
from rathaus.modules.housing.models import HousingListing
from rathaus.site.module_platform.services import disable_module

from .conftest import (
    CONFIRM,
    DELETE,
    EXTEND,
    codes,
    committing,
    last_mail_to,
    make_listing,
    tokens_in,
)

pytestmark = pytest.mark.django_db


def reason(payload):
    assert codes(payload) == ["INVALID_TOKEN"], payload
    return payload["errors"][0]["extensions"]["reason"]


def confirm(gql, token, municipality="stadt-a"):
    return gql(CONFIRM, {"municipality": municipality, "token": token})


def test_confirm_once(housing_a, gql):
    listing = make_listing(housing_a, publish=False)
    token = services.make_token(listing, "confirm")
    payload = confirm(gql, token)
    assert payload["data"]["confirmHousingListing"]["listing"]["status"] == (
        "IN_MODERATION"
    )
    assert reason(confirm(gql, token)) == "used"


def test_expired_token(housing_a, gql, monkeypatch):
    listing = make_listing(housing_a, publish=False)
    token = services.make_token(listing, "confirm")
    later = timezone.now().timestamp() + 49 * 3600  # valid for 48 hours
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert reason(confirm(gql, token)) == "expired"
    assert HousingListing.objects.get().status == "unconfirmed"


def test_foreign_tokens(housing_a, housing_b, gql):
    listing = make_listing(housing_a, publish=False)
    # Another action's token.
    assert reason(confirm(gql, services.make_token(listing, "delete"))) == "invalid"
    # Another municipality's token.
    token = services.make_token(listing, "confirm")
    assert reason(confirm(gql, token, "stadt-b")) == "invalid"
    # Tampered.
    assert reason(confirm(gql, token[:-2] + "xx")) == "invalid"
    assert reason(confirm(gql, "")) == "invalid"
    assert HousingListing.objects.get().status == "unconfirmed"
    # Another listing's token confirms that listing only.
    other = make_listing(housing_a, publish=False, title="Die andere Wohnung")
    confirm(gql, services.make_token(other, "confirm"))
    assert HousingListing.objects.get(pk=listing.pk).status == "unconfirmed"


def test_extend_and_delete(housing_a, gql):
    listing = make_listing(housing_a)
    links = tokens_in(last_mail_to(listing.landlord_email))
    before = listing.expires_at
    payload = gql(
        EXTEND, {"municipality": "stadt-a", "token": links["extend"], "days": 7}
    )
    expires = payload["data"]["extendHousingListing"]["listing"]["expiresAt"]
    listing.refresh_from_db()
    assert listing.expires_at == before + timedelta(days=7)
    assert expires.startswith(listing.expires_at.isoformat()[:19])
    # Replayed: the old links are dead; the new mail has fresh ones.
    again = gql(
        EXTEND, {"municipality": "stadt-a", "token": links["extend"], "days": 7}
    )
    assert reason(again) == "used"
    assert reason(gql(DELETE, {"municipality": "stadt-a", "token": links["delete"]}))
    fresh = tokens_in(last_mail_to(listing.landlord_email))
    bad_days = gql(
        EXTEND, {"municipality": "stadt-a", "token": fresh["extend"], "days": 5}
    )
    assert codes(bad_days) == ["VALIDATION_ERROR"]
    payload = gql(DELETE, {"municipality": "stadt-a", "token": fresh["delete"]})
    assert payload["data"]["deleteHousingListing"]["deleted"] is True
    assert not HousingListing.objects.exists()
    assert reason(gql(DELETE, {"municipality": "stadt-a", "token": fresh["delete"]}))


def test_expired_listing_extends_from_now(housing_a):
    listing = make_listing(housing_a)
    HousingListing.objects.filter(pk=listing.pk).update(
        expires_at=timezone.now() - timedelta(days=2)
    )
    listing.refresh_from_db()
    with committing():
        listing = services.extend_listing(
            housing_a, services.make_token(listing, "extend"), 3
        )
    assert listing.expires_at > timezone.now() + timedelta(days=2, hours=23)
    assert listing.is_public


def test_token_page_never_acts_on_get(client, housing_a):
    listing = make_listing(housing_a)
    url = reverse("housing_token", args=["stadt-a", "delete"])
    token = services.make_token(listing, "delete")
    response = client.get(url, {"token": token})
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    assert HousingListing.objects.exists()
    with committing():
        response = client.post(url, {"token": token})
    assert response.status_code == 200 and not HousingListing.objects.exists()
    response = client.post(url, {"token": token})
    assert response.status_code == 400


def test_token_page_other_municipality_and_disabled(client, housing_a, housing_b):
    listing = make_listing(housing_a, publish=False)
    token = services.make_token(listing, "confirm")
    url_b = reverse("housing_token", args=["stadt-b", "confirm"])
    assert client.post(url_b, {"token": token}).status_code == 400
    disable_module(housing_a, "housing")
    url_a = reverse("housing_token", args=["stadt-a", "confirm"])
    assert client.get(url_a, {"token": token}).status_code == 404
    assert (
        client.get(reverse("housing_token", args=["x", "confirm"])).status_code == 404
    )
    assert (
        client.get(reverse("housing_token", args=["stadt-b", "nope"])).status_code
        == 404
    )


def test_token_mutations_disabled(housing_a, gql):
    listing = make_listing(housing_a, publish=False)
    token = services.make_token(listing, "confirm")
    disable_module(housing_a, "housing")
    assert codes(confirm(gql, token)) == ["MODULE_DISABLED"]


def test_link_url_setting_points_to_the_frontend(housing_a):
    from django.core import mail

    from rathaus.site.module_platform.services import configure_module

    configure_module(
        housing_a,
        "housing",
        {"link_url": "https://app.example.org/wohnen/{action}?t={token}"},
    )
    make_listing(housing_a, publish=False)
    assert "https://app.example.org/wohnen/confirm?t=" in mail.outbox[-1].body
