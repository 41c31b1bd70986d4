"""E-mailed single-use links (signed tokens) and the e-mails that carry them."""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rathaus.site.module_platform import api

from ..models import HousingContact, HousingListing, Status
from .common import InvalidToken, settings_for

MANAGE_TOKEN_MAX_AGE = timedelta(days=90)
REPLY_TOKEN_MAX_AGE = timedelta(days=60)
#: Seekers leave no language: German, then English.
SEEKER_LANGUAGES = ("de", "en")


def _signer(action):
    return signing.TimestampSigner(salt=f"rathaus.housing.{action}")


def _payload(municipality, token, action, max_age):
    """The token's data; another action's or municipality's token is invalid."""
    try:
        data = signing.loads(_signer(action).unsign(str(token or ""), max_age=max_age))
    except signing.SignatureExpired:
        raise InvalidToken("expired", "This link has expired.") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidToken("invalid", "This link is not valid.") from None
    if not isinstance(data, dict) or data.get("m") != municipality.pk:
        raise InvalidToken("invalid", "This link is not valid.")
    return data


def _sign(action, **payload):
    return _signer(action).sign(signing.dumps(payload, compress=True))


def make_token(listing, action):
    if action not in ("confirm", "extend", "delete"):
        raise ValueError(action)
    return _sign(action, l=listing.pk, m=listing.municipality_id, n=listing.token_nonce)


def read_token(municipality, token, action):
    """The listing a token names, locked for update; raises InvalidToken.

    A token whose nonce changed since was used already.
    """
    max_age = MANAGE_TOKEN_MAX_AGE
    if action == "confirm":
        max_age = timedelta(hours=settings_for(municipality)["confirmation_hours"])
    data = _payload(municipality, token, action, max_age)
    listing = (
        HousingListing.objects.select_for_update()
        .filter(pk=data.get("l"), municipality=municipality)
        .first()
    )
    if listing is None:
        raise InvalidToken("used", "This listing no longer exists.")
    if listing.token_nonce != data.get("n"):
        raise InvalidToken("used", "This link was used already.")
    return listing


def make_reply_token(contact):
    municipality_id = contact.listing.municipality_id
    return _sign("reply", c=contact.pk, m=municipality_id, n=contact.reply_nonce)


def read_reply_token(municipality, token):
    data = _payload(municipality, token, "reply", REPLY_TOKEN_MAX_AGE)
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


def send_mail(name, context, to, *, languages, reply_to=None):
    """``housing/email/<name>.txt`` and its subject, through the platform."""
    api.send_templated_email(
        f"housing/email/{name}", context, [to], languages=languages, reply_to=reply_to
    )


def mail_landlord(listing, name, *, reply_to=None, **context):
    """An e-mail about ``listing`` to its landlord: in German, the city's
    language, and in the listing's language where that is not German (a
    language without a housing catalogue gets the English source text)."""
    send_mail(
        name,
        {"municipality": listing.municipality, "listing": listing, **context},
        listing.landlord_email,
        languages=("de",) if listing.language == "de" else ("de", listing.language),
        reply_to=reply_to,
    )


def mail_after_commit(mail, listing, *args):
    """After the commit, ``mail(listing, *args)`` with the listing as stored
    then (nothing if it is gone)."""
    rows = HousingListing.objects.select_related("municipality").filter(pk=listing.pk)

    def send():
        for stored in rows:  # read when the commit is done
            mail(stored, *args)

    transaction.on_commit(send)


def mail_confirmation(listing, base_url):
    """The confirmation link, while the listing still waits for it."""
    if listing.status != Status.UNCONFIRMED:
        return
    municipality = listing.municipality
    token = make_token(listing, "confirm")
    mail_landlord(
        listing,
        "confirm",
        hours=settings_for(municipality)["confirmation_hours"],
        url=link(municipality, "confirm", token, base_url),
    )


def mail_management_links(listing, base_url, event):
    """New extend and delete links after ``event`` (published, in_moderation,
    approved, extended)."""
    municipality = listing.municipality
    expires = listing.expires_at
    mail_landlord(
        listing,
        "links",
        event=event,
        status=Status(listing.status),
        expires=timezone.localtime(expires).strftime("%d.%m.%Y %H:%M")
        if expires
        else "–",
        **{
            f"{action}_url": link(
                municipality, action, make_token(listing, action), base_url
            )
            for action in ("extend", "delete")
        },
    )
