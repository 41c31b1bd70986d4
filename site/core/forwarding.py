"""Channels that forward a citizen's submission to a body outside the
municipality: e-mail, a JSON webhook, or another Open311 GeoReport v2 server.

A module keeps its recipients in a model that subclasses
:class:`ForwardingRecipient` and calls :func:`forward` with what the
recipient should learn. ``forward`` returns the recipient's id for the item
(or "") and raises :class:`ForwardingFailed` for anything that did not
certainly arrive: a network error, a timeout, a non-2xx answer, an answer
without the expected id. Retries and the record of attempts stay with the
module (it knows its items); :func:`retry_delay` is the shared backoff.
"""

import json
from datetime import timedelta

import requests
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models
from django.utils.translation import gettext_lazy as _

TIMEOUT = 15  # seconds


def retry_delay(attempts):
    """How long to wait after ``attempts`` failed attempts before the next:
    1, 2, 4, ... minutes, at most a day."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 24 * 60))


class ForwardingFailed(Exception):
    """The item did not certainly arrive; the message says why."""


class ForwardingRecipient(models.Model):
    """A recipient's channel and its settings (abstract).

    Subclasses add the municipality foreign key (with their own
    ``related_name``) and whatever else they route by.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WEBHOOK = "webhook", _("Webhook (JSON POST)")
        OPEN311 = "open311", _("Open311 GeoReport v2")

    name = models.CharField(verbose_name=_("name"), max_length=200)
    channel = models.CharField(
        verbose_name=_("channel"), max_length=20, choices=Channel.choices
    )
    email = models.EmailField(
        verbose_name=_("e-mail address"),
        blank=True,
        help_text=_("For the e-mail channel."),
    )
    url = models.URLField(
        verbose_name=_("URL"),
        blank=True,
        help_text=_("Webhook URL, or the Open311 base URL (ending in /georeport/v2/)."),
    )
    secret = models.CharField(
        verbose_name=_("secret"),
        max_length=200,
        blank=True,
        help_text=_("Open311 api_key, or a shared secret sent as X-Rathaus-Secret."),
    )
    open311_jurisdiction_id = models.CharField(
        verbose_name=_("Open311 jurisdiction ID"), max_length=200, blank=True
    )
    open311_service_code = models.CharField(
        verbose_name=_("Open311 service code"), max_length=100, blank=True
    )
    active = models.BooleanField(verbose_name=_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.get_channel_display()})"

    def clean(self):
        super().clean()
        if self.channel == self.Channel.EMAIL and not self.email:
            raise ValidationError({"email": _("An e-mail address is required.")})
        if self.channel in (self.Channel.WEBHOOK, self.Channel.OPEN311) and not (
            self.url
        ):
            raise ValidationError({"url": _("A URL is required.")})


def send_email(recipient, payload, *, subject, body, headers=None):
    message = EmailMessage(
        subject=subject, body=body, to=[recipient.email], headers=headers or {}
    )
    try:
        sent = message.send(fail_silently=False)
    except Exception as error:  # SMTP errors have no common base class
        raise ForwardingFailed(f"E-mail failed: {error}") from error
    if not sent:
        raise ForwardingFailed("The e-mail backend sent nothing.")
    return ""


def send_webhook(recipient, payload, **_message):
    headers = {"Content-Type": "application/json"}
    if recipient.secret:
        headers["X-Rathaus-Secret"] = recipient.secret
    try:
        response = requests.post(
            recipient.url,
            data=json.dumps(payload),
            headers=headers,
            timeout=TIMEOUT,
        )
    except requests.RequestException as error:
        raise ForwardingFailed(f"Webhook request failed: {error}") from error
    if not 200 <= response.status_code < 300:
        raise ForwardingFailed(f"Webhook answered {response.status_code}.")
    try:
        answer = response.json()
    except ValueError:
        return ""
    return str(answer.get("id", "")) if isinstance(answer, dict) else ""


def send_open311(recipient, payload, **_message):
    """POST /requests.json of another GeoReport v2 server (form-encoded).

    Reads ``lat``, ``long``, ``description``, ``address``, ``photos`` (public
    URLs; the first becomes ``media_url``) and ``category`` (the service code
    when the recipient names none) from the payload.
    """
    form = {
        "api_key": recipient.secret,
        "service_code": recipient.open311_service_code or payload.get("category", ""),
        "lat": f"{payload['lat']:.7f}",
        "long": f"{payload['long']:.7f}",
        "description": payload.get("description", "")[:4000],
        "address_string": payload.get("address", ""),
    }
    if recipient.open311_jurisdiction_id:
        form["jurisdiction_id"] = recipient.open311_jurisdiction_id
    if payload.get("photos"):
        form["media_url"] = payload["photos"][0]
    url = recipient.url.rstrip("/") + "/requests.json"
    try:
        response = requests.post(url, data=form, timeout=TIMEOUT)
    except requests.RequestException as error:
        raise ForwardingFailed(f"Open311 request failed: {error}") from error
    if not 200 <= response.status_code < 300:
        description = ""
        try:
            errors = response.json()
            description = "; ".join(str(e.get("description", "")) for e in errors)
        except (ValueError, AttributeError, TypeError):
            pass
        raise ForwardingFailed(
            f"Open311 server answered {response.status_code}. {description}".strip()
        )
    try:
        first = response.json()[0]
        external_id = first.get("service_request_id") or first.get("token")
    except (ValueError, LookupError, AttributeError, TypeError):
        raise ForwardingFailed(
            "The Open311 server's answer has no request id."
        ) from None
    if not external_id:
        raise ForwardingFailed("The Open311 server's answer has no request id.")
    return str(external_id)


CHANNELS = {
    ForwardingRecipient.Channel.EMAIL: send_email,
    ForwardingRecipient.Channel.WEBHOOK: send_webhook,
    ForwardingRecipient.Channel.OPEN311: send_open311,
}


def forward(recipient, payload, *, subject, body, headers=None):
    """Send one item to ``recipient`` by its channel.

    ``payload`` (JSON-ready) is what a webhook receives and what the Open311
    channel reads (see :func:`send_open311`); ``subject`` and ``body`` are
    the e-mail's, ``headers`` extra e-mail headers. Put no personal contact
    data of citizens in any of them. Returns the recipient's id for the item
    or ""; raises :class:`ForwardingFailed`.
    """
    channel = CHANNELS.get(recipient.channel)
    if channel is None:
        raise ForwardingFailed(f"Unknown channel {recipient.channel!r}.")
    return channel(recipient, payload, subject=subject, body=body, headers=headers)
