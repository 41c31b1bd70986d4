"""The contact relay between interested people and landlords, and abuse reports
and bans."""

import uuid
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rathaus.site.module_platform import api

from ..forms import AbuseReportForm, ContactForm, ReplyForm
from ..models import HousingBan, HousingContact, HousingReport
from .common import (
    ListingNotFound,
    SubmissionRefused,
    enforce_rate_limit,
    settings_for,
    staff,
)
from .lifecycle import reject_listing
from .search import public_listings
from .tokens import (
    SEEKER_LANGUAGES,
    link,
    mail_landlord,
    make_reply_token,
    read_reply_token,
    send_mail,
)


def public_listing(municipality, listing_id):
    try:
        pk = int(listing_id)
    except (TypeError, ValueError):
        return None
    return public_listings(municipality).filter(pk=pk).first()


def _listing_and_data(municipality, listing_id, form):
    """The public listing (else ``ListingNotFound``) and the form's data."""
    listing = public_listing(municipality, listing_id)
    if listing is None:
        raise ListingNotFound()
    listing.municipality = municipality
    return listing, api.validate(form)


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
    listing, cleaned = _listing_and_data(
        municipality,
        listing_id,
        ContactForm(data={"message": message, "reply_to": reply_to}),
    )
    message, reply_to = cleaned["message"], cleaned["reply_to"]
    if HousingBan.matches(municipality, identity, reply_to):
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
        url = link(municipality, "reply", make_reply_token(contact), base_url)
        transaction.on_commit(
            partial(mail_landlord, listing, "enquiry", message=message, url=url)
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
                mail_landlord,
                listing,
                "contact",
                reply_to=contact.sender_email,
                message=message,
                sender_email=contact.sender_email,
            )
        )
    return contact


def report_listing(municipality, listing_id, *, reason, message="", identity):
    """ "Report this listing": stored for the moderation queue."""
    listing, cleaned = _listing_and_data(
        municipality,
        listing_id,
        AbuseReportForm(data={"reason": reason, "message": message}),
    )
    limit = settings_for(municipality)["reports_per_hour"]
    enforce_rate_limit("housing.report", identity, [api.Rule(limit, window=3600)])
    return HousingReport.objects.create(
        municipality=municipality,
        listing=listing,
        **cleaned,
        client_ip_hash=identity.ip_hash,
        client_device_hash=identity.device_hash,
    )


def ban_landlord(listing, *, reason, user=None):
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
            created_by=staff(user),
        )
        reject_listing(listing, reason=reason, user=user)
    return entries
