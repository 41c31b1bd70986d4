"""The whole life of a listing, through the API and the admin: submission
with a photo, double opt-in, moderation, search (translated), relay contact
and reply, expiry, purge."""

import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from rathaus.modules.housing.models import (
    HousingContact,
    HousingListing,
    HousingListingTranslation,
    HousingPhoto,
)
from rathaus.site.core.photos import private_storage
from rathaus.site.municipalities.models import MunicipalityRole
from rathaus.site.translation.models import MachineTranslationSettings

from ...factories import make_user
from .conftest import (
    CONTACT,
    LISTINGS,
    REPLY,
    committing,
    last_mail_to,
    tokens_in,
)

pytestmark = pytest.mark.django_db

LANDLORD = "vermieterin@example.org"
SEEKER = "suchender@example.org"


def test_listing_journey(client, housing_a, gql, submit, upload):
    MachineTranslationSettings.objects.create(
        municipality=housing_a,
        locale=housing_a.locales.get(language_code="en"),
        provider=MachineTranslationSettings.Provider.OFFLINE,
    )
    # 1. A photo (with GPS in its EXIF) through the shared upload endpoint.
    response, uploaded = upload()
    assert response.status_code == 201, uploaded

    # 2. Submission: stored, not public, a confirmation mail with a link.
    payload = submit(photos=[uploaded["token"]])
    assert "errors" not in payload, payload
    submitted = payload["data"]["submitHousingListing"]
    assert submitted["listing"]["status"] == "UNCONFIRMED"
    assert submitted["warnings"] == []
    listing_id = submitted["listing"]["id"]
    search = {"municipality": "stadt-a", "maxWarmRent": 600, "minRooms": 2}
    assert gql(LISTINGS, search)["data"]["housingListings"]["totalCount"] == 0
    confirm_token = tokens_in(last_mail_to(LANDLORD))["confirm"]

    # 3. Double opt-in on the token page: GET only shows a button.
    url = reverse("housing_token", args=["stadt-a", "confirm"])
    page = client.get(url, {"token": confirm_token})
    assert page.status_code == 200 and b"confirm listing" in page.content
    assert HousingListing.objects.get(pk=listing_id).status == "unconfirmed"
    with committing():
        page = client.post(url, {"token": confirm_token})
    assert page.status_code == 200
    listing = HousingListing.objects.get(pk=listing_id)
    assert listing.status == "in_moderation"  # a first-time landlord
    assert gql(LISTINGS, search)["data"]["housingListings"]["totalCount"] == 0

    # 4. Moderation in the admin by the municipality's module admin.
    moderator = make_user(
        "moderator-a", municipality=housing_a, role=MunicipalityRole.Role.MODULE_ADMINS
    )
    client.force_login(moderator)
    queue = client.get(reverse("housing_queue", args=["stadt-a"]))
    assert f'data-listing="{listing_id}"'.encode() in queue.content
    detail = reverse("housing_listing", args=["stadt-a", listing_id])
    with committing():
        assert client.post(detail, {"action": "approve"}).status_code == 302
    client.logout()
    listing.refresh_from_db()
    assert listing.status == "published"
    assert listing.expires_at > timezone.now() + timedelta(days=13)
    translation = HousingListingTranslation.objects.get(listing=listing)
    assert translation.language == "en" and translation.machine_translated

    # 5. Search finds it; in English, machine translated; nothing private.
    payload = gql(LISTINGS, {**search, "locale": "en", "district": "Altstadt"})
    result = payload["data"]["housingListings"]
    assert result["totalCount"] == 1
    item = result["items"][0]
    assert item["id"] == listing_id
    assert item["machineTranslated"] is True and item["language"] == "en"
    assert item["title"].startswith("[MT en] ")
    assert item["withinBenefitLimit"] is True  # 550 € <= 600 € for 2 people
    assert item["jsonLd"]
    assert item["jsonLd"]["@type"] == "RealEstateListing"
    text = json.dumps(payload)
    assert LANDLORD not in text and "Frau Muster" not in text
    photo_url = item["photos"][0]["url"]
    photo = HousingPhoto.objects.get(listing=listing)
    assert photo_url.endswith(photo.public_large.name)
    with default_storage.open(photo.public_large.name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        assert not image.getexif() and "exif" not in image.info

    # 6. Contact relay: the landlord gets the message, not the address.
    payload = gql(
        CONTACT,
        {
            "municipality": "stadt-a",
            "listing": listing_id,
            "message": "Guten Tag, ist die Wohnung noch frei? Ich bin Pflegerin.",
            "replyTo": SEEKER,
            "deviceId": "seeker-phone",
        },
    )
    assert payload["data"]["contactHousingLandlord"]["sent"] is True
    relayed = last_mail_to(LANDLORD)
    assert "Pflegerin" in relayed.body and SEEKER not in relayed.body
    assert not relayed.reply_to
    assert not [m for m in mail.outbox if SEEKER in m.to]
    reply_token = tokens_in(relayed)["reply"]
    payload = gql(
        REPLY,
        {"municipality": "stadt-a", "token": reply_token, "message": "Ja, gerne!"},
    )
    assert payload["data"]["replyHousingContact"]["sent"] is True
    answer = last_mail_to(SEEKER)
    assert "Ja, gerne!" in answer.body and answer.reply_to == [LANDLORD]
    assert LANDLORD in answer.body
    assert last_mail_to(LANDLORD).reply_to == [SEEKER]

    # 7. Expiry: out of search at once; purged with everything later.
    HousingListing.objects.filter(pk=listing_id).update(
        expires_at=timezone.now() - timedelta(days=8)
    )
    assert gql(LISTINGS, search)["data"]["housingListings"]["totalCount"] == 0
    files = [
        (private_storage(), photo.original.name),
        (private_storage(), photo.large.name),
        (default_storage, photo.public_large.name),
        (default_storage, photo.public_thumbnail.name),
    ]
    assert all(storage.exists(name) for storage, name in files)
    with committing():
        call_command("purge_housing", verbosity=0, stdout=io.StringIO())
    assert not HousingListing.objects.filter(pk=listing_id).exists()
    assert not HousingContact.objects.exists()
    assert not HousingPhoto.objects.exists()
    assert not HousingListingTranslation.objects.exists()
    assert not any(storage.exists(name) for storage, name in files)
