"""Forwarding to external recipients: a failed send stays visible and is
retried with backoff; it is never marked sent without a successful send."""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from rathaus.site.module_platform import api

from .. import forwarding as forwarding_message
from ..models import DefectEvent, Forwarding
from .common import MODULE, log_event, logger

backoff = api.retry_delay


def forward(report, recipient, *, user=None):
    """Queue sending the report to ``recipient`` (after the commit)."""
    forwarding, created = Forwarding.objects.get_or_create(
        report=report, recipient=recipient
    )
    if forwarding.state != Forwarding.State.SENT:
        if not created:
            forwarding.state = Forwarding.State.PENDING
            forwarding.next_attempt_at = None
            forwarding.save(update_fields=["state", "next_attempt_at", "updated_at"])
        _enqueue_send(forwarding.pk)
    log_event(
        report,
        DefectEvent.Kind.FORWARD_QUEUED,
        user,
        data={"recipient": recipient.pk, "name": recipient.name},
    )
    return forwarding


def _enqueue_send(forwarding_id):
    transaction.on_commit(partial(send_forwarding_task.enqueue, forwarding_id))


def send_forwarding(forwarding_id, now=None):
    """Send one forwarding; record success or failure. Never raises for a
    failed send: the state says ``failed`` with the error and the next
    attempt's time, or ``gave_up`` after the module's maximum attempts."""
    now = now or timezone.now()
    with transaction.atomic():
        forwarding = (
            Forwarding.objects.select_for_update()
            .select_related("report__municipality", "report__category", "recipient")
            .filter(pk=forwarding_id)
            .first()
        )
        if forwarding is None or forwarding.state in (
            Forwarding.State.SENT,
            Forwarding.State.GAVE_UP,
        ):
            return forwarding
        report = forwarding.report
        forwarding.attempts += 1
        try:
            external_id = forwarding_message.send(forwarding.recipient, report)
        except api.ForwardingFailed as error:
            max_attempts = api.get_settings(report.municipality, MODULE)[
                "forwarding_max_attempts"
            ]
            forwarding.last_error = str(error)[:2000]
            if forwarding.attempts >= max_attempts:
                forwarding.state = Forwarding.State.GAVE_UP
                forwarding.next_attempt_at = None
            else:
                forwarding.state = Forwarding.State.FAILED
                forwarding.next_attempt_at = now + backoff(forwarding.attempts)
            forwarding.save()
            log_event(
                report,
                DefectEvent.Kind.FORWARD_FAILED,
                data={
                    "recipient": forwarding.recipient_id,
                    "attempt": forwarding.attempts,
                    "error": forwarding.last_error[:300],
                },
            )
            logger.warning(
                "Forwarding %s of report %s failed (attempt %s): %s",
                forwarding.pk,
                report.pk,
                forwarding.attempts,
                error,
            )
            return forwarding
        forwarding.state = Forwarding.State.SENT
        forwarding.sent_at = now
        forwarding.external_id = external_id or ""
        forwarding.last_error = ""
        forwarding.next_attempt_at = None
        forwarding.save()
        log_event(
            report,
            DefectEvent.Kind.FORWARD_SENT,
            data={"recipient": forwarding.recipient_id, "external_id": external_id},
        )
    return forwarding


def retry_forwarding(forwarding, *, user=None):
    """Staff retry a failed (or given-up) send now."""
    if forwarding.state == Forwarding.State.SENT:
        return forwarding
    Forwarding.objects.filter(pk=forwarding.pk).update(
        state=Forwarding.State.PENDING,
        next_attempt_at=None,
        attempts=0 if forwarding.state == Forwarding.State.GAVE_UP else F("attempts"),
    )
    _enqueue_send(forwarding.pk)
    return forwarding


def due_forwardings(now=None):
    now = now or timezone.now()
    return Forwarding.objects.filter(
        Q(state=Forwarding.State.FAILED, next_attempt_at__lte=now)
        | Q(state=Forwarding.State.PENDING, created_at__lte=now - timedelta(minutes=5))
    )


@task()
def send_forwarding_task(forwarding_id):
    forwarding = send_forwarding(forwarding_id)
    return forwarding.state if forwarding is not None else None


def retry_due_forwardings(now=None):
    """Send every failed forwarding whose backoff has passed (and pending ones
    that a lost task never sent). Returns the number attempted."""
    ids = list(due_forwardings(now).values_list("pk", flat=True))
    for forwarding_id in ids:
        send_forwarding(forwarding_id, now=now)
    return len(ids)
