"""Registering, updating and removing anonymous devices."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rathaus.site.module_platform import api

from ..forms import DeviceForm
from ..models import Device, Subscription, token_digest
from ..topics import MODULE


class RateLimitExceeded(Exception):
    def __init__(self, retry_after):
        super().__init__(f"Rate limit exceeded; retry after {retry_after}s.")
        self.retry_after = retry_after


class DeviceNotFound(Exception):
    pass


@dataclass
class DeviceInput:
    transport: str
    token: str
    locale: str = ""
    topics: list | None = None
    p256dh: str = ""
    auth: str = ""


def check_rate(municipality, identity, settings=None):
    settings = settings or api.get_settings(municipality, MODULE)
    result = api.ratelimit.check(
        "notifications.device",
        identity.keys(),
        [api.Rule(limit=settings["registrations_per_hour"], window=3600)],
    )
    if not result.allowed:
        raise RateLimitExceeded(result.retry_after)


def _locale_codes(municipality):
    return list(municipality.locales.values_list("language_code", flat=True))


def _clean(municipality, data, *, require_locale=True):
    form = DeviceForm(
        {
            "locale": data.locale,
            "transport": data.transport,
            "token": data.token,
            "p256dh": data.p256dh,
            "auth": data.auth,
            "topics": data.topics or [],
        },
        municipality=municipality,
        locale_codes=_locale_codes(municipality),
    )
    if not require_locale:
        form.fields["locale"].required = False
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


def _set_topics(device, topics):
    # A core receiver listens to every model's post_delete, which turns
    # QuerySet.delete() into a SELECT plus a DELETE; nothing refers to a
    # subscription and nothing needs its signal, so delete it in one query.
    stale = Subscription.objects.filter(device=device).exclude(topic__in=topics)
    stale._raw_delete(stale.db)
    Subscription.objects.bulk_create(
        [Subscription(device=device, topic=topic) for topic in topics],
        ignore_conflicts=True,
    )


def register(municipality, data, identity):
    """Store or refresh a device; idempotent by (transport, token).

    A token registered before (here or in another municipality) is updated
    in place: one device, one row. Returns ``(device, created)``.
    """
    check_rate(municipality, identity)
    cleaned = _clean(municipality, data)
    values = {
        "municipality": municipality,
        "locale": cleaned["locale"],
        "token": cleaned["token"],
        "p256dh": cleaned["p256dh"],
        "auth": cleaned["auth"],
        "last_seen": timezone.now(),
    }
    lookup = {
        "transport": cleaned["transport"],
        "token_hash": token_digest(cleaned["token"]),
    }
    for attempt in range(2):
        try:
            with transaction.atomic():
                device, created = Device.objects.update_or_create(
                    **lookup, defaults=values
                )
                _set_topics(device, cleaned["topics"])
            break
        except IntegrityError:  # registered in parallel: update that row
            if attempt:
                raise
    device.topic_keys = cleaned["topics"]
    return device, created


def _find(municipality, transport, token):
    device = Device.objects.filter(
        municipality=municipality,
        transport=transport,
        token_hash=token_digest(token or ""),
    ).first()
    if device is None:
        raise DeviceNotFound
    return device


def update_topics(municipality, transport, token, topics, identity, locale=None):
    """Replace a device's topics (and its locale, if given)."""
    check_rate(municipality, identity)
    device = _find(municipality, transport, token)
    cleaned = _clean(
        municipality,
        DeviceInput(
            transport=device.transport,
            token=device.token,
            locale=locale or device.locale,
            topics=topics,
            p256dh=device.p256dh,
            auth=device.auth,
        ),
    )
    with transaction.atomic():
        Device.objects.filter(pk=device.pk).update(
            locale=cleaned["locale"], last_seen=timezone.now()
        )
        _set_topics(device, cleaned["topics"])
    device.locale = cleaned["locale"]
    device.topic_keys = cleaned["topics"]
    return device


def unregister(municipality, transport, token, identity):
    """Remove a device and its topics; True if there was one."""
    check_rate(municipality, identity)
    deleted, _detail = Device.objects.filter(
        municipality=municipality,
        transport=transport,
        token_hash=token_digest(token or ""),
    ).delete()
    return bool(deleted)


def remove_stale(now=None):
    """Remove devices unseen for longer than their municipality's setting."""
    now = now or timezone.now()
    removed = 0
    for municipality in api.Municipality.objects.filter(
        pk__in=Device.objects.values("municipality_id").distinct()
    ):
        days = api.get_settings(municipality, MODULE)["device_retention_days"]
        _total, by_model = Device.objects.filter(
            municipality=municipality, last_seen__lt=now - timedelta(days=days)
        ).delete()
        removed += by_model.get(Device._meta.label, 0)
    return removed


def prune(device_ids):
    """Forget devices whose push service said the token is gone."""
    if device_ids:
        Device.objects.filter(pk__in=device_ids).delete()
