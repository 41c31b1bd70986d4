"""Creating messages and handing them to the fan-out task.

``send`` is what ``api.send_push`` reaches (through the ``PUSH_SENDER``
hook) and what the editorial flow calls. It validates, applies the dedupe
key, the schedule and the quiet hours, stores the message and enqueues the
send when it is due; ``enqueue_due`` (a periodic task) picks up the rest.
"""

import functools
import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.site.module_platform import api

from ..models import Message, MissingLocale, Urgency
from ..topics import MODULE, TopicChecker, origin_of
from .schedule import release_time

logger = logging.getLogger(__name__)

MAX_TITLE = 200
MAX_BODY = 2000
#: A queued message no worker has claimed for this long is enqueued again
#: (a lost queue entry, or a worker that read before the row was committed).
REQUEUE_AFTER = timedelta(minutes=5)
#: A message whose sending stopped moving for this long resumes (worker died).
RESUME_AFTER = timedelta(minutes=30)


def _validate(municipality, topic, message, urgency, missing_locale, default):
    errors = {}
    if not TopicChecker(municipality).accepts(topic):
        errors["topic"] = [_("Unknown topic %(topic)r.") % {"topic": topic}]
    if not (message.title.get(default) or "").strip():
        errors["title"] = [
            _("A title in the default language (%(locale)s) is required.")
            % {"locale": default}
        ]
    for locale, text in {**message.title, **message.body}.items():
        if not isinstance(text, str):
            errors.setdefault("body", []).append(
                _("The text for %(locale)s is not a string.") % {"locale": locale}
            )
    if any(len(text) > MAX_TITLE for text in message.title.values()):
        errors["title"] = [_("At most %(max)d characters.") % {"max": MAX_TITLE}]
    if any(len(text or "") > MAX_BODY for text in message.body.values()):
        errors["body"] = [_("At most %(max)d characters.") % {"max": MAX_BODY}]
    if urgency not in Urgency.values:
        errors["urgency"] = [_("One of: %s") % ", ".join(Urgency.values)]
    if missing_locale not in MissingLocale.values:
        errors["missing_locale"] = [_("One of: %s") % ", ".join(MissingLocale.values)]
    if errors:
        raise ValidationError(errors)


def send(
    municipality,
    topic,
    message,
    *,
    urgency=Urgency.NORMAL,
    collapse_key="",
    ignore_quiet_hours=False,
    dedupe_key="",
    missing_locale=MissingLocale.FALLBACK,
    send_at=None,
    origin="",
    announcement=None,
):
    """Store ``message`` (an ``api.PushMessage``) for ``topic`` and send it
    when due. Returns the ``Message``; with a ``dedupe_key`` used before, the
    first message, and nothing new is sent."""
    if not api.is_enabled(municipality, MODULE):
        raise api.PushUnavailable(
            f"Push notifications are not enabled for {municipality.slug}."
        )
    if dedupe_key:
        existing = Message.objects.filter(
            municipality=municipality, dedupe_key=dedupe_key
        ).first()
        if existing is not None:
            return existing
    default = municipality.default_locale.language_code
    _validate(municipality, topic, message, urgency, missing_locale, default)
    settings = api.get_settings(municipality, MODULE)
    now = timezone.now()
    when = max(send_at or now, now)
    if not ignore_quiet_hours:
        when = release_time(when, settings)
    record = Message(
        municipality=municipality,
        topic=topic,
        origin=origin or origin_of(topic) or "api",
        title={code: text for code, text in message.title.items() if text},
        body={code: text or "" for code, text in message.body.items()},
        url=message.url or "",
        data={str(key): str(value) for key, value in (message.data or {}).items()},
        machine_translated=sorted(message.machine_translated or ()),
        default_locale=default,
        missing_locale=missing_locale,
        urgency=urgency,
        collapse_key=(collapse_key or "")[:64],
        dedupe_key=dedupe_key or "",
        ignore_quiet_hours=ignore_quiet_hours,
        time_to_live=settings["time_to_live_hours"] * 3600,
        send_after=when,
        announcement=announcement,
    )
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        if not dedupe_key:
            raise
        return Message.objects.get(municipality=municipality, dedupe_key=dedupe_key)
    if when <= now:
        enqueue(record)
    return record


def enqueue(message):
    """Mark a due message queued and hand it to the fan-out task."""
    from ..tasks import deliver_message

    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.QUEUED, queued_at=timezone.now()
    )
    message.status = Message.Status.QUEUED
    after_commit(functools.partial(deliver_message.enqueue, message.pk))


def after_commit(callback):
    """Run ``callback`` when the current transaction commits (at once outside
    one): a worker must find the message, and find it QUEUED. Tests, which run
    inside a transaction that never commits, replace this seam."""
    transaction.on_commit(callback)


def cancel(message):
    """Cancel a message that has not started sending; True if it was."""
    return bool(
        Message.objects.filter(pk=message.pk, status=Message.Status.SCHEDULED).update(
            status=Message.Status.CANCELLED
        )
    )


def cancel_unsent(municipality):
    """Push was disabled: messages that have not started sending never will.

    Returns how many were cancelled; a message already sending finishes.
    """
    cancelled = Message.objects.filter(
        municipality=municipality,
        status__in=(Message.Status.SCHEDULED, Message.Status.QUEUED),
    ).update(status=Message.Status.CANCELLED)
    if cancelled:
        logger.info(
            "Push disabled for %s: %s unsent messages cancelled.",
            municipality.slug,
            cancelled,
        )
    return cancelled


def enqueue_due(now=None):
    """Enqueue messages whose time has come, and rescue stuck ones.

    Only where push is enabled: a module disabled behind the admin's back
    (its ``on_disable`` cancels) sends nothing.
    """
    now = now or timezone.now()
    messages = Message.objects.filter(
        municipality__in=api.municipalities_where_enabled(MODULE)
    ).only("pk")
    due = list(messages.filter(status=Message.Status.SCHEDULED, send_after__lte=now))
    stuck = list(
        messages.filter(status=Message.Status.QUEUED, queued_at__lt=now - REQUEUE_AFTER)
    )
    stalled = list(
        messages.filter(
            status=Message.Status.SENDING, progress_at__lt=now - RESUME_AFTER
        )
    )
    for message in [*due, *stuck, *stalled]:
        enqueue(message)
    return len(due) + len(stuck) + len(stalled)
