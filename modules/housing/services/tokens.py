"""E-mailed single-use links (signed tokens) and the e-mails that carry them."""

import uuid
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from rathaus.site.module_platform import api

from ..models import (
    HousingContact,
    HousingListing,
    Status,
)
from .common import (
    MANAGE_TOKEN_MAX_AGE,
    REPLY_TOKEN_MAX_AGE,
    InvalidToken,
    settings_for,
)

# Tokens ------------------------------------------------------------------------

TOKEN_ACTIONS = ("confirm", "extend", "delete")


def _signer(action):
    return signing.TimestampSigner(salt=f"rathaus.housing.{action}")


def make_token(listing, action):
    if action not in TOKEN_ACTIONS:
        raise ValueError(action)
    payload = signing.dumps(
        {"l": listing.pk, "m": listing.municipality_id, "n": listing.token_nonce},
        compress=True,
    )
    return _signer(action).sign(payload)


def _token_max_age(action, settings):
    if action == "confirm":
        return timedelta(hours=settings["confirmation_hours"])
    return MANAGE_TOKEN_MAX_AGE


def _unsign(signer, token, max_age):
    try:
        return signing.loads(signer.unsign(str(token or ""), max_age=max_age))
    except signing.SignatureExpired:
        raise InvalidToken("expired", "This link has expired.") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidToken("invalid", "This link is not valid.") from None


def read_token(municipality, token, action, lock=True):
    """The listing a token names, locked for update; raises InvalidToken.

    Foreign (another municipality's, or another action's) tokens count as
    invalid; a token whose nonce changed since was used already.
    """
    settings = settings_for(municipality)
    data = _unsign(_signer(action), token, _token_max_age(action, settings))
    if not isinstance(data, dict) or data.get("m") != municipality.pk:
        raise InvalidToken("invalid", "This link is not valid.")
    listings = HousingListing.objects.filter(
        pk=data.get("l"), municipality=municipality
    )
    if lock:
        listings = listings.select_for_update()
    listing = listings.first()
    if listing is None:
        raise InvalidToken("used", "This listing no longer exists.")
    if listing.token_nonce != data.get("n"):
        raise InvalidToken("used", "This link was used already.")
    return listing


def _rotate_nonce(listing):
    listing.token_nonce = uuid.uuid4().hex
    listing.save(update_fields=["token_nonce"])


def make_reply_token(contact):
    payload = signing.dumps(
        {
            "c": contact.pk,
            "m": contact.listing.municipality_id,
            "n": contact.reply_nonce,
        },
        compress=True,
    )
    return _signer("reply").sign(payload)


def read_reply_token(municipality, token):
    data = _unsign(_signer("reply"), token, REPLY_TOKEN_MAX_AGE)
    if not isinstance(data, dict) or data.get("m") != municipality.pk:
        raise InvalidToken("invalid", "This link is not valid.")
    contact = (
        HousingContact.objects.select_for_update()
        .select_related("listing__municipality")
        .filter(pk=data.get("c"), listing__municipality=municipality)
        .first()
    )
    if contact is None:
        raise InvalidToken("used", "This conversation no longer exists.")
    if contact.reply_nonce != data.get("n") or contact.replied_at is not None:
        raise InvalidToken("used", "This link was used already.")
    return contact


def link(municipality, action, token, base_url=""):
    """The URL an e-mail links to: the municipality's frontend (``link_url``)
    or the simple token pages of this server."""
    template = settings_for(municipality).get("link_url") or ""
    if template:
        return template.replace("{action}", action).replace("{token}", token)
    path = (
        reverse("housing_token", args=[municipality.slug, action]) + f"?token={token}"
    )
    return (base_url or "").rstrip("/") + path


# E-mail ---------------------------------------------------------------------

#: Seekers leave no language: German, then English.
SEEKER_LANGUAGES = ("de", "en")


def landlord_languages(listing):
    """German, the city's language, and the language the landlord wrote the
    listing in (where that is not German). A language without a housing
    catalogue gets the English source text."""
    return ("de",) if listing.language == "de" else ("de", listing.language)


def send_mail(name, context, to, *, languages, reply_to=None):
    """``housing/email/<name>.txt`` and its subject, through the platform."""
    api.send_templated_email(
        f"housing/email/{name}", context, [to], languages=languages, reply_to=reply_to
    )


def mail_confirmation(listing, base_url):
    municipality = listing.municipality
    token = make_token(listing, "confirm")
    send_mail(
        "confirm",
        {
            "municipality": municipality,
            "listing": listing,
            "hours": settings_for(municipality)["confirmation_hours"],
            "url": link(municipality, "confirm", token, base_url),
        },
        listing.landlord_email,
        languages=landlord_languages(listing),
    )


def mail_management_links(listing, base_url, event):
    """New extend and delete links after ``event`` (published, in_moderation,
    approved, extended)."""
    municipality = listing.municipality
    send_mail(
        "links",
        {
            "municipality": municipality,
            "listing": listing,
            "event": event,
            "status": Status(listing.status),
            "expires": _format_time(listing.expires_at),
            "extend_url": link(
                municipality, "extend", make_token(listing, "extend"), base_url
            ),
            "delete_url": link(
                municipality, "delete", make_token(listing, "delete"), base_url
            ),
        },
        listing.landlord_email,
        languages=landlord_languages(listing),
    )


def _format_time(value):
    if value is None:
        return "–"
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
