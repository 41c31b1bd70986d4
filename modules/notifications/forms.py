"""One validation of device registrations (GraphQL binds it)."""

import base64
import binascii
import ipaddress
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import conf
from .models import Transport
from .topics import TopicChecker

MAX_TOPICS = 100
MAX_TOKEN_LENGTH = 4096
MAX_ENDPOINT_LENGTH = 1024


def _b64url(value):
    value = value.strip()
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def validate_endpoint(url):
    """A push endpoint the server may POST to: https, a public host name.

    The URL comes from an anonymous client and the server will send requests
    to it, so loopback, private and link-local addresses are refused (unless
    an operator allows them for tests and benchmarks).
    """
    if len(url) > MAX_ENDPOINT_LENGTH:
        raise ValidationError(_("The endpoint is too long."), code="too_long")
    parts = urlsplit(url)
    allow_private = conf.allow_private_endpoints()
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise ValidationError(_("The endpoint must be an https URL."), code="scheme")
    host = parts.hostname or ""
    if not host or parts.username or parts.password:
        raise ValidationError(_("The endpoint is not a valid URL."), code="invalid")
    if allow_private:
        return
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise ValidationError(_("The endpoint must be public."), code="private")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if "." not in host:
            raise ValidationError(
                _("The endpoint must be public."), code="private"
            ) from None
        return
    if not address.is_global:
        raise ValidationError(_("The endpoint must be public."), code="private")


class DeviceForm(forms.Form):
    locale = forms.ChoiceField()
    transport = forms.ChoiceField(choices=Transport.choices)
    token = forms.CharField(max_length=MAX_TOKEN_LENGTH, strip=True)
    p256dh = forms.CharField(required=False, max_length=200)
    auth = forms.CharField(required=False, max_length=100)
    topics = forms.JSONField(required=False)

    def __init__(self, *args, municipality, locale_codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["locale"].choices = [(code, code) for code in locale_codes]

    def clean_topics(self):
        topics = self.cleaned_data.get("topics") or []
        if not isinstance(topics, list) or not all(
            isinstance(topic, str) for topic in topics
        ):
            raise ValidationError(_("Send a list of topic keys."), code="invalid")
        if len(topics) > MAX_TOPICS:
            raise ValidationError(
                _("At most %(max)d topics.") % {"max": MAX_TOPICS}, code="too_many"
            )
        checker = TopicChecker(self.municipality)
        unknown = sorted({topic for topic in topics if not checker.accepts(topic)})
        if unknown:
            raise ValidationError(
                _("Unknown topics: %(topics)s") % {"topics": ", ".join(unknown)},
                code="unknown_topic",
            )
        return sorted(set(topics))

    def clean(self):
        cleaned = super().clean()
        transport, token = cleaned.get("transport"), cleaned.get("token")
        if not transport or not token:
            return cleaned
        if transport == Transport.FCM:
            if any(character.isspace() for character in token):
                self.add_error("token", _("An FCM token has no spaces."))
            cleaned["p256dh"] = cleaned["auth"] = ""
            return cleaned
        try:
            validate_endpoint(token)
        except ValidationError as error:
            self.add_error("token", error)
        try:
            key = _b64url(cleaned.get("p256dh") or "")
            if len(key) != 65 or key[0] != 4:
                raise ValueError
        except (ValueError, binascii.Error):
            self.add_error(
                "p256dh", _("Send the subscription's P-256 public key (base64url).")
            )
        try:
            if len(_b64url(cleaned.get("auth") or "")) != 16:
                raise ValueError
        except (ValueError, binascii.Error):
            self.add_error(
                "auth", _("Send the subscription's 16-byte auth secret (base64url).")
            )
        return cleaned
