"""Confirmation, moderation, extension and deletion of listings; public photo
copies."""

import uuid
from datetime import timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rathaus.site.module_platform import api

from ..models import (
    HousingLandlord,
    HousingListing,
    HousingPhoto,
    HousingReport,
    Status,
)
from .common import InvalidToken, logger, settings_for, staff
from .tokens import (
    mail_after_commit,
    mail_landlord,
    mail_management_links,
    read_token,
)
from .translation import translate_listing_task


def needs_moderation(listing, settings):
    mode = settings["moderation"]
    if listing.flagged_terms:
        return True  # discriminatory wording always goes to a moderator
    if mode == "off":
        return False
    if mode == "all":
        return True
    return not HousingLandlord.objects.filter(
        municipality_id=listing.municipality_id,
        email_hash=listing.landlord_email_hash,
        approved_listings__gt=0,
    ).exists()


def _save_with_new_nonce(listing):
    """Save the listing; every link e-mailed so far stops working."""
    listing.token_nonce = uuid.uuid4().hex
    listing.save()


def _lock(listing):
    return (
        HousingListing.objects.select_for_update()
        .select_related("municipality")
        .get(pk=listing.pk)
    )


def confirm_listing(municipality, token, *, base_url="", now=None):
    """The double opt-in: the landlord followed the e-mailed link.

    Publishes at once, or queues for moderation (first-time landlords, the
    ``moderation`` setting, flagged wording). Returns the listing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        listing = read_token(municipality, token, "confirm")
        if listing.status != Status.UNCONFIRMED:
            raise InvalidToken("used", "This listing is confirmed already.")
        listing.municipality = municipality
        listing.confirmed_at = now
        if needs_moderation(listing, settings_for(municipality)):
            listing.status = Status.IN_MODERATION
            _save_with_new_nonce(listing)
            mail_after_commit(mail_management_links, listing, base_url, "in_moderation")
        else:
            _publish(listing, now)
            mail_after_commit(mail_management_links, listing, base_url, "published")
    return listing


def _publish(listing, now):
    """Make a listing public from now on for its duration (in a transaction)."""
    listing.status = Status.PUBLISHED
    listing.published_at = now
    listing.expires_at = now + timedelta(days=listing.duration_days)
    _save_with_new_nonce(listing)
    _published(listing)
    transaction.on_commit(partial(api.content_changed, listing.municipality))


def _published(listing):
    """Public photo copies now, machine translations after the commit."""
    sync_public_photos(listing)
    transaction.on_commit(partial(translate_listing_task.enqueue, listing.pk))


def approve_listing(listing, *, user=None, base_url="", now=None):
    """A moderator approves a listing waiting for moderation: it goes live."""
    now = now or timezone.now()
    with transaction.atomic():
        listing = _lock(listing)
        if listing.status != Status.IN_MODERATION:
            raise ValidationError(
                {"status": ["Only listings waiting for moderation can be approved."]}
            )
        listing.moderated_by = staff(user)
        listing.moderated_at = now
        _publish(listing, now)
        landlord, created = HousingLandlord.objects.select_for_update().get_or_create(
            municipality_id=listing.municipality_id,
            email_hash=listing.landlord_email_hash,
            defaults={"approved_listings": 1, "first_approved_at": now},
        )
        if not created:
            landlord.approved_listings += 1
            landlord.save(update_fields=["approved_listings"])
        resolve_reports(listing, user=user, now=now)
        mail_after_commit(mail_management_links, listing, base_url, "approved")
    return listing


def reject_listing(listing, *, reason, user=None, now=None):
    """A moderator rejects (or takes down) a listing, with a reason the
    landlord is told. The listing is purged later with its data."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Give a reason; the landlord is told."]})
    now = now or timezone.now()
    with transaction.atomic():
        listing = _lock(listing)
        if listing.status == Status.REJECTED:
            return listing
        was_public = listing.status == Status.PUBLISHED
        listing.status = Status.REJECTED
        listing.moderation_note = reason
        listing.moderated_by = staff(user)
        listing.moderated_at = now
        _save_with_new_nonce(listing)
        sync_public_photos(listing)
        resolve_reports(listing, user=user, now=now)
        if was_public:
            transaction.on_commit(partial(api.content_changed, listing.municipality))
        transaction.on_commit(
            partial(mail_landlord, listing, "rejected", reason=reason)
        )
    return listing


def resolve_reports(listing, *, user=None, now=None):
    """Mark the listing's open reports as handled."""
    HousingReport.objects.filter(listing=listing, resolved_at__isnull=True).update(
        resolved_at=now or timezone.now(), resolved_by=staff(user)
    )


def extend_listing(municipality, token, duration_days, *, base_url="", now=None):
    """Run a listing ``duration_days`` longer (from now, if it has expired)."""
    now = now or timezone.now()
    allowed = [int(days) for days in settings_for(municipality)["allowed_durations"]]
    if duration_days not in allowed:
        raise ValidationError(
            {
                "durationDays": [
                    "Choose one of " + ", ".join(map(str, allowed)) + " days."
                ]
            }
        )
    with transaction.atomic():
        listing = read_token(municipality, token, "extend")
        listing.municipality = municipality
        if listing.status == Status.REJECTED:
            raise InvalidToken("invalid", "A rejected listing cannot be extended.")
        if listing.status == Status.UNCONFIRMED:
            raise InvalidToken("invalid", "Confirm the listing first.")
        listing.duration_days = duration_days
        if listing.status == Status.PUBLISHED:
            start = max(listing.expires_at or now, now)
            listing.expires_at = start + timedelta(days=duration_days)
            transaction.on_commit(partial(api.content_changed, municipality))
        _save_with_new_nonce(listing)
        if listing.status == Status.PUBLISHED:
            sync_public_photos(listing)
        mail_after_commit(mail_management_links, listing, base_url, "extended")
    return listing


def delete_listing(municipality, token):
    """The landlord deletes the listing: it and all its data go at once."""
    with transaction.atomic():
        listing = read_token(municipality, token, "delete")
        was_public = listing.is_public
        delete_with_files(listing)
        if was_public:
            transaction.on_commit(partial(api.content_changed, municipality))
    return True


def delete_with_files(listing):
    """Delete a listing, its photos' files (private and public), its
    translations, relay messages and reports."""
    files = [
        (file.storage, file.name)
        for photo in HousingPhoto.objects.filter(listing=listing)
        for file in (
            photo.original,
            photo.large,
            photo.thumbnail,
            photo.public_large,
            photo.public_thumbnail,
        )
        if file
    ]
    listing.delete()

    def remove_files():
        for storage, name in files:
            try:
                storage.delete(name)
            except OSError:  # pragma: no cover - logged, retried by nobody
                logger.exception("Could not delete %s", name)

    transaction.on_commit(remove_files)


def staff_saved(listing, user=None, now=None):
    """After staff created or edited a listing in the admin: a published
    listing gets its dates, public photos, translations and cache refresh."""
    now = now or timezone.now()
    with transaction.atomic():
        listing = _lock(listing)
        if listing.created_by_id is None and staff(user):
            listing.created_by = user
            listing.save(update_fields=["created_by"])
        publishing = listing.status == Status.PUBLISHED and listing.published_at is None
        if publishing:
            listing.moderated_by = staff(user)
            listing.moderated_at = now
            listing.confirmed_at = listing.confirmed_at or now
        if publishing and listing.expires_at is None:
            _publish(listing, now)
        else:
            if publishing:
                listing.published_at = now
                listing.save()
            _published(listing)
        transaction.on_commit(partial(api.content_changed, listing.municipality))
    return listing


def sync_public_photos(listing):
    """Public copies of the renditions exist exactly while the listing is
    published and not expired."""
    visible = listing.status == Status.PUBLISHED and (
        listing.expires_at is None or listing.expires_at > timezone.now()
    )
    for photo in HousingPhoto.objects.filter(listing=listing):
        api.sync_public_copies(photo, visible)
