"""Adapters that send a report to an external recipient.

Each returns the recipient's id for the report (or "") and raises
:class:`SendFailed` for anything that did not certainly arrive: a network
error, a timeout, a non-2xx answer, an answer without the expected id.
"""

import json

import requests
from django.conf import settings
from django.core.mail import EmailMessage

from .models import ExternalRecipient

TIMEOUT = 15  # seconds


class SendFailed(Exception):
    pass


def public_photo_urls(report):
    urls = []
    for photo in report.photos.all():
        if photo.public_large and not photo.hidden:
            urls.append(absolute_url(photo.public_large.url))
    return urls


def absolute_url(url):
    if url.startswith(("http://", "https://")):
        return url
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{url}"


def payload(report):
    """What every channel tells the recipient. No reporter contact data: the
    municipality stays the recipient's point of contact."""
    return {
        "id": report.pk,
        "municipality": report.municipality.slug,
        "category": report.category.code,
        "category_name": report.category.name,
        "description": report.description,
        "address": report.address,
        "lat": report.latitude,
        "long": report.longitude,
        "attributes": report.attributes,
        "created": report.created_at.isoformat(),
        "photos": public_photo_urls(report),
    }


def send_email(recipient, report):
    data = payload(report)
    body = "\n".join(
        [
            f"{report.municipality.name} leitet Ihnen eine Meldung weiter.",
            "",
            f"Meldung: #{data['id']}",
            f"Kategorie: {data['category_name']}",
            f"Ort: {data['address'] or ''} ({data['lat']:.6f}, {data['long']:.6f})",
            "",
            data["description"],
            "",
            *(f"Foto: {url}" for url in data["photos"]),
        ]
    )
    message = EmailMessage(
        subject=f"[{report.municipality.name}] Weitergeleitete Meldung #{report.pk}",
        body=body,
        to=[recipient.email],
        headers={"X-Rathaus-Report": str(report.pk)},
    )
    try:
        sent = message.send(fail_silently=False)
    except Exception as error:  # SMTP errors have no common base class
        raise SendFailed(f"E-mail failed: {error}") from error
    if not sent:
        raise SendFailed("The e-mail backend sent nothing.")
    return ""


def send_webhook(recipient, report):
    headers = {"Content-Type": "application/json"}
    if recipient.secret:
        headers["X-Rathaus-Secret"] = recipient.secret
    try:
        response = requests.post(
            recipient.url,
            data=json.dumps(payload(report)),
            headers=headers,
            timeout=TIMEOUT,
        )
    except requests.RequestException as error:
        raise SendFailed(f"Webhook request failed: {error}") from error
    if not 200 <= response.status_code < 300:
        raise SendFailed(f"Webhook answered {response.status_code}.")
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("id", "")) if isinstance(body, dict) else ""


def send_open311(recipient, report):
    """POST /requests.json of another GeoReport v2 server (form-encoded)."""
    data = payload(report)
    form = {
        "api_key": recipient.secret,
        "service_code": recipient.open311_service_code or data["category"],
        "lat": f"{data['lat']:.7f}",
        "long": f"{data['long']:.7f}",
        "description": data["description"][:4000],
        "address_string": data["address"],
    }
    if recipient.open311_jurisdiction_id:
        form["jurisdiction_id"] = recipient.open311_jurisdiction_id
    if data["photos"]:
        form["media_url"] = data["photos"][0]
    url = recipient.url.rstrip("/") + "/requests.json"
    try:
        response = requests.post(url, data=form, timeout=TIMEOUT)
    except requests.RequestException as error:
        raise SendFailed(f"Open311 request failed: {error}") from error
    if not 200 <= response.status_code < 300:
        description = ""
        try:
            errors = response.json()
            description = "; ".join(str(e.get("description", "")) for e in errors)
        except (ValueError, AttributeError, TypeError):
            pass
        raise SendFailed(
            f"Open311 server answered {response.status_code}. {description}".strip()
        )
    try:
        body = response.json()
        first = body[0]
        external_id = first.get("service_request_id") or first.get("token")
    except (ValueError, LookupError, AttributeError, TypeError):
        raise SendFailed("The Open311 server's answer has no request id.") from None
    if not external_id:
        raise SendFailed("The Open311 server's answer has no request id.")
    return str(external_id)


ADAPTERS = {
    ExternalRecipient.Channel.EMAIL: send_email,
    ExternalRecipient.Channel.WEBHOOK: send_webhook,
    ExternalRecipient.Channel.OPEN311: send_open311,
}


def send(recipient, report):
    adapter = ADAPTERS.get(recipient.channel)
    if adapter is None:
        raise SendFailed(f"Unknown channel {recipient.channel!r}.")
    return adapter(recipient, report)
