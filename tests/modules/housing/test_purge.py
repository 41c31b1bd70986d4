"""The purge: ended listings go with photos, translations, relay messages
and reports; current ones stay; the schedule's task does the same."""

import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from rathaus.modules.housing import services
from rathaus.modules.housing.models import (
    HousingContact,
    HousingListing,
    HousingPhoto,
    HousingReport,
)
from rathaus.modules.housing.tasks import purge_housing_task
from rathaus.site.core.photos import private_storage
from rathaus.site.core.ratelimit import ClientIdentity
from rathaus.site.core.uploads import create_upload

from ...photo_builders import photo_bytes
from .conftest import IDENTITY, committing, make_listing

pytestmark = pytest.mark.django_db


def with_photo_and_contact(municipality, **overrides):
    token = create_upload(
        municipality, "housing", IDENTITY.binding_hash, photo_bytes()
    ).token
    listing = make_listing(municipality, photos=[token], **overrides)
    with committing():
        services.contact_landlord(
            municipality,
            listing.pk,
            message="Ist sie noch frei? Danke.",
            reply_to="a@example.org",
            identity=ClientIdentity(ip_hash=f"ip-{listing.pk}"),
        )
        services.report_listing(
            municipality, listing.pk, reason="other", identity=IDENTITY
        )
    return listing


def files_of(listing):
    names = []
    for photo in HousingPhoto.objects.filter(listing=listing):
        names += [
            (private_storage(), photo.original.name),
            (private_storage(), photo.thumbnail.name),
            (default_storage, photo.public_thumbnail.name),
        ]
    return names


def test_purge(housing_a, housing_b):
    now = timezone.now()
    ended = with_photo_and_contact(housing_a)
    recent = with_photo_and_contact(housing_a, landlord_email="x@example.org")
    other_town = with_photo_and_contact(housing_b)
    unconfirmed = make_listing(housing_a, publish=False)
    HousingListing.objects.filter(pk=ended.pk).update(
        expires_at=now - timedelta(days=8)
    )
    HousingListing.objects.filter(pk=recent.pk).update(
        expires_at=now - timedelta(days=6)
    )
    HousingListing.objects.filter(pk=unconfirmed.pk).update(
        created_at=now - timedelta(days=10)
    )
    ended_files = files_of(ended)
    assert len(ended_files) == 3 and all(s.exists(n) for s, n in ended_files)
    out = io.StringIO()
    with committing():
        call_command("purge_housing", verbosity=0, stdout=out)
    assert "Purged 2" in out.getvalue()
    assert set(HousingListing.objects.values_list("pk", flat=True)) == {
        recent.pk,
        other_town.pk,
    }
    assert not HousingContact.objects.filter(listing_id=ended.pk).exists()
    assert not HousingReport.objects.filter(listing_id=ended.pk).exists()
    assert not any(storage.exists(name) for storage, name in ended_files)
    assert all(storage.exists(name) for storage, name in files_of(recent))
    # The contact data of the others is still there until they end.
    assert HousingContact.objects.count() == 2


def test_rejected_listings_are_purged_and_task(housing_a):
    listing = make_listing(housing_a)
    with committing():
        services.reject_listing(listing, reason="Doppelt")
    HousingListing.objects.filter(pk=listing.pk).update(
        moderated_at=timezone.now() - timedelta(days=8)
    )
    with committing():
        result = purge_housing_task.enqueue()
    assert result.return_value == 1
    assert not HousingListing.objects.exists()


def test_rejection_removes_public_photos(housing_a):
    listing = with_photo_and_contact(housing_a)
    photo = HousingPhoto.objects.get(listing=listing)
    public = photo.public_large.name
    assert default_storage.exists(public)
    with committing():
        services.reject_listing(listing, reason="Falsche Angaben")
    photo.refresh_from_db()
    assert not photo.public_large and not default_storage.exists(public)
    assert private_storage().exists(photo.large.name)
