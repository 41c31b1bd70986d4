"""Fan-out: one message to every subscribed device, in batches.

Devices are read in keyset pages of ``batch_size`` (ordered by id, only the
columns a send needs), so memory stays flat and no query runs per device.
After each batch the counts per locale, the cursor and the heartbeat are
written, and pruned devices are deleted; a retried task resumes after the
cursor, so no device gets a message twice.
"""

import logging
from collections import Counter

from django.db.models import F
from django.utils import timezone

from rathaus.site.module_platform import api

from .. import conf
from ..models import Delivery, Device, Message
from ..topics import CORE_TOPIC_KEYS
from ..transports import configured_transports
from ..transports.base import FAILED, PRUNE, SENT, Payload, Target
from ..transports.dispatch import Dispatcher
from .devices import prune

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
COLUMNS = ("pk", "locale", "transport", "token", "p256dh", "auth")


def claim(message_id):
    """Take a queued message for sending; None if another worker has it."""
    now = timezone.now()
    claimed = Message.objects.filter(
        pk=message_id, status=Message.Status.QUEUED
    ).update(status=Message.Status.SENDING, started_at=now, progress_at=now)
    if not claimed:
        return None
    return Message.objects.select_related("municipality").get(pk=message_id)


def payloads_for(message, locale_codes):
    """``{locale: Payload or None}`` (None: skipped) and the Delivery rows."""
    payloads = {}
    for locale in locale_codes:
        text = message.text_for(locale)
        if text is None:
            payloads[locale] = None
            continue
        title, body, fallback = text
        payloads[locale] = Payload(
            message_id=message.pk,
            topic=message.topic,
            locale=message.default_locale if fallback else locale,
            title=title,
            body=body,
            url=message.url,
            urgency=message.urgency,
            time_to_live=message.time_to_live,
            collapse_key=message.collapse_key,
            fallback=fallback,
            machine_translated=(not fallback and locale in message.machine_translated),
            data=message.data,
        )
    Delivery.objects.bulk_create(
        [
            Delivery(
                message=message,
                locale=locale,
                fallback=payload is not None and payload.fallback,
                skipped=payload is None,
            )
            for locale, payload in payloads.items()
        ],
        ignore_conflicts=True,
    )
    return payloads


def _batches(message, batch_size):
    cursor = message.cursor
    queryset = (
        Device.objects.filter(
            municipality_id=message.municipality_id,
            subscriptions__topic=message.topic,
        )
        .order_by("pk")
        .values_list(*COLUMNS)
    )
    while True:
        rows = list(queryset.filter(pk__gt=cursor)[:batch_size])
        if not rows:
            return
        yield rows
        cursor = rows[-1][0]


def _record(message, counts, cursor):
    for locale in {locale for locale, _status in counts}:
        Delivery.objects.filter(message=message, locale=locale).update(
            sent=F("sent") + counts[(locale, SENT)],
            failed=F("failed") + counts[(locale, FAILED)],
            pruned=F("pruned") + counts[(locale, PRUNE)],
        )
    Message.objects.filter(pk=message.pk).update(
        cursor=cursor, progress_at=timezone.now()
    )


def deliver(message_id, *, transports=None, batch_size=BATCH_SIZE, dispatcher=None):
    """Send a queued message to its devices. Returns the totals."""
    message = claim(message_id)
    if message is None:
        return None
    municipality = message.municipality
    locale_codes = list(municipality.locales.values_list("language_code", flat=True))
    payloads = payloads_for(message, locale_codes)
    default_payload = payloads.get(message.default_locale)
    own_dispatcher = dispatcher is None
    if own_dispatcher:
        dispatcher = Dispatcher(
            transports or configured_transports(),
            concurrency=conf.send_concurrency(),
        )
    totals = Counter()
    try:
        for rows in _batches(message, batch_size):
            items, gone, counts = [], [], Counter()
            for pk, locale, transport, token, p256dh, auth in rows:
                payload = payloads.get(locale, default_payload)
                if payload is None:
                    continue
                # A locale the municipality dropped counts under the default.
                locale = locale if locale in payloads else message.default_locale
                items.append(
                    (Target(pk, locale, transport, token, p256dh, auth), payload)
                )
            for (target, _payload), outcome in zip(
                items, dispatcher.send(items), strict=True
            ):
                counts[(target.locale, outcome.status)] += 1
                totals[outcome.status] += 1
                if outcome.status == PRUNE:
                    gone.append(target.device_id)
                elif outcome.status == FAILED:
                    logger.debug(
                        "Push %s to device %s failed: %s",
                        message.pk,
                        target.device_id,
                        outcome.detail,
                    )
            prune(gone)
            _record(message, counts, rows[-1][0])
    finally:
        if own_dispatcher:
            dispatcher.close()
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT, sent_at=timezone.now()
    )
    logger.info(
        "Push message %s: %s sent, %s failed, %s pruned.",
        message.pk,
        totals[SENT],
        totals[FAILED],
        totals[PRUNE],
    )
    if message.topic in CORE_TOPIC_KEYS:  # the public archive changed
        api.content_changed(municipality, module="notifications")
    return {"sent": totals[SENT], "failed": totals[FAILED], "pruned": totals[PRUNE]}
