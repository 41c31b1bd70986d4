"""The contact relay between interested people and landlords, and abuse reports
and bans."""

import uuid
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rathaus.site.module_platform import api

from ..forms import (
    AbuseReportForm,
    ContactForm,
    ReplyForm,
)
from ..models import (
    HousingBan,
    HousingContact,
    HousingReport,
)
from .common import (
    ListingNotFound,
    SubmissionRefused,
    enforce_rate_limit,
    is_banned,
    settings_for,
)
from .lifecycle import reject_listing
from .search import public_listings
from .tokens import (
    SEEKER_LANGUAGES,
    landlord_languages,
    link,
    make_reply_token,
    read_reply_token,
    send_mail,
)

# Contact relay -------------------------------------------------------------------


def public_listing(municipality, listing_id):
    try:
        pk = int(listing_id)
    except (TypeError, ValueError):
        return None
    return public_listings(municipality).filter(pk=pk).first()


def contact_landlord(
    municipality,
    listing_id,
    *,
    message,
    reply_to,
    identity,
    honeypot="",
    base_url="",
):
    """Relay an interested person's message to the landlord by e-mail.

    The landlord sees the message but neither address; the e-mail has a link
    to answer (:func:`reply_to_contact`). Nobody learns the landlord's
    address from the platform before the landlord answers.
    """
    if honeypot:
        raise SubmissionRefused("The message was refused.", reason="honeypot")
    form = ContactForm(data={"message": message, "reply_to": reply_to})
    listing = public_listing(municipality, listing_id)
    if listing is None:
        raise ListingNotFound()
    cleaned = api.validate(form)
    message, reply_to = cleaned["message"], cleaned["reply_to"]
    if is_banned(municipality, identity, reply_to):
        raise SubmissionRefused("Messages from this sender are not accepted.", "banned")
    settings = settings_for(municipality)
    enforce_rate_limit(
        "housing.contact",
        identity,
        [
            api.Rule(limit=settings["contacts_per_hour"], window=3600),
            api.Rule(limit=settings["contacts_per_day"], window=86400),
        ],
    )
    with transaction.atomic():
        contact = HousingContact.objects.create(
            listing=listing,
            sender_email=reply_to,
            message=message,
            client_ip_hash=identity.ip_hash,
            client_device_hash=identity.device_hash,
        )
        contact.listing = listing
        token = make_reply_token(contact)
        url = link(municipality, "reply", token, base_url)
        transaction.on_commit(
            partial(
                send_mail,
                "enquiry",
                {
                    "municipality": municipality,
                    "listing": listing,
                    "message": message,
                    "url": url,
                },
                listing.landlord_email,
                languages=landlord_languages(listing),
            )
        )
    return contact


def reply_to_contact(municipality, token, message):
    """The landlord answers a relayed message: the interested person gets the
    answer with the landlord's address (and Reply-To), the landlord gets the
    person's address. From then on they write directly."""
    message = api.validate(ReplyForm(data={"message": message}))["message"]
    with transaction.atomic():
        contact = read_reply_token(municipality, token)
        listing = contact.listing
        contact.replied_at = timezone.now()
        contact.reply_nonce = uuid.uuid4().hex
        contact.save(update_fields=["replied_at", "reply_nonce"])
        context = {
            "municipality": municipality,
            "listing": listing,
            "message": message,
            "sender_email": contact.sender_email,
        }
        transaction.on_commit(
            partial(
                send_mail,
                "reply",
                context,
                contact.sender_email,
                languages=SEEKER_LANGUAGES,
                reply_to=listing.landlord_email,
            )
        )
        transaction.on_commit(
            partial(
                send_mail,
                "contact",
                context,
                listing.landlord_email,
                languages=landlord_languages(listing),
                reply_to=contact.sender_email,
            )
        )
    return contact


# Abuse -------------------------------------------------------------------------


def report_listing(municipality, listing_id, *, reason, message="", identity):
    """ "Report this listing": stored for the moderation queue."""
    form = AbuseReportForm(
        data={"reason": getattr(reason, "value", reason), "message": message}
    )
    listing = public_listing(municipality, listing_id)
    if listing is None:
        raise ListingNotFound()
    cleaned = api.validate(form)
    reason, message = cleaned["reason"], cleaned["message"]
    settings = settings_for(municipality)
    enforce_rate_limit(
        "housing.report",
        identity,
        [api.Rule(limit=settings["reports_per_hour"], window=3600)],
    )
    return HousingReport.objects.create(
        municipality=municipality,
        listing=listing,
        reason=reason,
        message=message,
        client_ip_hash=identity.ip_hash,
        client_device_hash=identity.device_hash,
    )


def ban_landlord(listing, *, reason, user=None, take_down=True):
    """Ban the listing's e-mail address and client hashes; take it down."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Give a reason."]})
    with transaction.atomic():
        entries = HousingBan.ban_submitter(
            listing.municipality_id,
            ip_hash=listing.client_ip_hash,
            device_hash=listing.client_device_hash,
            email_hash=listing.landlord_email_hash,
            reason=reason,
            created_by=user if user is not None and user.pk else None,
        )
        if take_down:
            reject_listing(listing, reason=reason, user=user)
    return entries
