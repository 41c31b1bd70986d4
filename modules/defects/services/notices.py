"""E-mails to reporters about status changes."""

from functools import partial

from django.db import transaction
from django_tasks import task

from rathaus.site.module_platform import api

from ..models import DefectEvent, Status
from .common import MODULE, log_event

#: Reports carry no language; notices go out in German, then English.
REPORTER_LANGUAGES = ("de", "en")

#: Every state but the first: a notice tells that staff acted.
NOTICE_STATUSES = set(Status) - {Status.SUBMITTED}


def queue_notice(report, event):
    if (
        report.email
        and report.status in NOTICE_STATUSES
        and api.get_settings(report.municipality, MODULE)["notify_reporters"]
    ):
        transaction.on_commit(partial(notify_reporter_task.enqueue, event.pk))


@task()
def notify_reporter_task(event_id):
    return notify_reporter(event_id)


def notify_reporter(event_id):
    """E-mail the reporter about a status change (if they gave an address)."""
    event = (
        DefectEvent.objects.select_related("report__municipality", "report__category")
        .filter(pk=event_id, kind=DefectEvent.Kind.STATUS)
        .first()
    )
    if event is None:
        return False
    report = event.report
    if not report.email or report.contact_anonymised_at:
        return False
    if DefectEvent.objects.filter(
        report=report, kind=DefectEvent.Kind.NOTICE_SENT, data__event=event.pk
    ).exists():
        return False  # a retried task sends once
    api.send_templated_email(
        "defects/email/status_changed",
        {
            "report": report,
            "status": Status(event.to_status),
            "note": event.note if event.public else "",
        },
        [report.email],
        languages=REPORTER_LANGUAGES,
    )
    log_event(report, DefectEvent.Kind.NOTICE_SENT, data={"event": event.pk})
    return True
