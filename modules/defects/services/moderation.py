"""Moderation: the state machine, staff edits, hidden photos, bans."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.site.module_platform import api

from ..forms import MAX_ADDRESS, MAX_DESCRIPTION
from ..models import (
    CLOSED_STATUSES,
    PUBLIC_STATUSES,
    BannedClient,
    DefectEvent,
    DefectPhoto,
    DefectReport,
    Status,
)
from .common import log_event, public_change_after_commit
from .forwarding import forward
from .notices import queue_notice

TRANSITIONS = {
    Status.SUBMITTED: {
        Status.PUBLISHED,
        Status.REJECTED,
        Status.DUPLICATE,
        Status.FORWARDED,
    },
    Status.PUBLISHED: {
        Status.IN_PROGRESS,
        Status.FORWARDED,
        Status.RESOLVED,
        Status.REJECTED,
        Status.DUPLICATE,
    },
    Status.IN_PROGRESS: {
        Status.FORWARDED,
        Status.RESOLVED,
        Status.PUBLISHED,
        Status.DUPLICATE,
    },
    Status.FORWARDED: {Status.IN_PROGRESS, Status.RESOLVED, Status.PUBLISHED},
    Status.RESOLVED: {Status.IN_PROGRESS},  # reopened
    Status.REJECTED: {Status.SUBMITTED},  # reconsidered
    Status.DUPLICATE: {Status.SUBMITTED},  # unlinked
}


class InvalidTransition(ValidationError):
    @classmethod
    def of(cls, field, message):
        return cls({field: [message]})


def _locked(report, *related):
    """The report, locked until the transaction ends."""
    reports = DefectReport.objects.select_for_update().select_related(*related)
    return reports.get(pk=report.pk)


def allowed_transitions(status):
    return sorted(TRANSITIONS.get(Status(status), ()), key=list(Status).index)


def transition(
    report,
    to_status,
    *,
    user=None,
    note="",
    internal_note="",
    duplicate_of=None,
    recipient=None,
    now=None,
):
    """Move a report to ``to_status`` if the state machine allows it.

    ``note`` becomes the public status note (the reporter, the app and
    Open311 see it); ``internal_note`` is logged for staff only (see
    :func:`add_internal_note`). ``duplicate`` needs
    ``duplicate_of`` (another report of the same municipality); ``forwarded``
    needs a recipient (given, or the category's). Raises
    :class:`InvalidTransition` with field-level messages.
    """
    to_status = Status(to_status)
    now = now or timezone.now()
    with transaction.atomic():
        report = _locked(report, "municipality", "category")
        from_status = Status(report.status)
        if to_status not in TRANSITIONS.get(from_status, ()):
            raise InvalidTransition.of(
                "status",
                _("A report cannot go from %(from)s to %(to)s.")
                % {"from": from_status.label, "to": to_status.label},
            )
        if to_status == Status.DUPLICATE:
            report.duplicate_of = _check_duplicate_target(report, duplicate_of)
        elif from_status == Status.DUPLICATE:
            report.duplicate_of = None
        if to_status == Status.FORWARDED:
            recipient = _check_recipient(report, recipient)
        report.status = to_status
        report.status_notes = (note or "").strip()
        if to_status in PUBLIC_STATUSES and report.published_at is None:
            report.published_at = now
        report.closed_at = now if to_status in CLOSED_STATUSES else None
        report.save()
        event = log_event(
            report,
            DefectEvent.Kind.STATUS,
            user,
            from_status=from_status,
            to_status=to_status,
            note=report.status_notes,
            public=bool(report.status_notes) and to_status in PUBLIC_STATUSES,
            data={"duplicate_of": report.duplicate_of_id}
            if to_status == Status.DUPLICATE
            else {},
        )
        if (internal_note or "").strip():
            add_internal_note(report, internal_note, user=user)
        sync_public_photos(report)
        if to_status == Status.FORWARDED:
            forward(report, recipient, user=user)
        if from_status in PUBLIC_STATUSES or to_status in PUBLIC_STATUSES:
            public_change_after_commit(report.municipality)
        queue_notice(report, event)
    return report


MAX_INTERNAL_NOTE = 2000


def add_internal_note(report, text, *, user=None):
    """A note for staff in the report's history: never public, never sent
    to the reporter, not in the API or Open311."""
    text = (text or "").strip()
    if not text:
        raise InvalidTransition.of("internal_note", _("Write a note."))
    if len(text) > MAX_INTERNAL_NOTE:
        raise InvalidTransition.of(
            "internal_note",
            _("At most %(count)s characters.") % {"count": MAX_INTERNAL_NOTE},
        )
    return log_event(report, DefectEvent.Kind.NOTE, user, note=text, public=False)


def _check_duplicate_target(report, duplicate_of):
    if duplicate_of is None:
        raise InvalidTransition.of("duplicate_of", _("Choose the original report."))
    if not isinstance(duplicate_of, DefectReport):
        duplicate_of = DefectReport.objects.filter(pk=duplicate_of).first()
    if duplicate_of is None or duplicate_of.municipality_id != report.municipality_id:
        raise InvalidTransition.of("duplicate_of", _("Unknown report."))
    if duplicate_of.pk == report.pk:
        raise InvalidTransition.of(
            "duplicate_of", _("A report cannot duplicate itself.")
        )
    # Link to the original, never to another duplicate.
    seen = {None, report.pk}
    while duplicate_of.duplicate_of_id not in seen:
        seen.add(duplicate_of.pk)
        duplicate_of = duplicate_of.duplicate_of
    if duplicate_of.pk == report.pk:
        raise InvalidTransition.of(
            "duplicate_of", _("That report is a duplicate of this one.")
        )
    return duplicate_of


def _check_recipient(report, recipient):
    recipient = recipient or report.category.recipient
    if (
        recipient is None
        or recipient.municipality_id != report.municipality_id
        or not recipient.active
    ):
        raise InvalidTransition.of(
            "recipient", _("Choose an active recipient of this municipality.")
        )
    return recipient


def edit_report(report, *, user=None, description=None, address=None, category=None):
    """Staff edit the text, address or category; the citizen's original text
    is kept in ``original_description`` and the change is logged."""
    changes = {}
    with transaction.atomic():
        report = _locked(report, "municipality")
        if description is not None:
            description = description.strip()
            if not description or len(description) > MAX_DESCRIPTION:
                raise ValidationError(
                    {"description": [f"Enter 1 to {MAX_DESCRIPTION} characters."]}
                )
            if description != report.description:
                if not report.original_description:
                    report.original_description = report.description
                changes["description"] = [report.description, description]
                report.description = description
        if address is not None and address.strip() != report.address:
            if len(address.strip()) > MAX_ADDRESS:
                raise ValidationError({"address": ["Too long."]})
            changes["address"] = [report.address, address.strip()]
            report.address = address.strip()
        if category is not None and category.pk != report.category_id:
            if category.municipality_id != report.municipality_id:
                raise ValidationError({"category": ["Unknown category."]})
            changes["category"] = [report.category.code, category.code]
            report.category = category
        if not changes:
            return report
        report.save()
        log_event(report, DefectEvent.Kind.EDITED, user, data={"changes": changes})
        if report.is_public:
            public_change_after_commit(report.municipality)
    return report


def set_photo_hidden(photo, hidden, *, user=None):
    """Hide a photo from the public (the original and derivatives stay)."""
    with transaction.atomic():
        photo = (
            DefectPhoto.objects.select_for_update()
            .select_related("report__municipality")
            .get(pk=photo.pk)
        )
        if photo.hidden == hidden:
            return photo
        photo.hidden = hidden
        photo.save(update_fields=["hidden"])
        log_event(
            photo.report,
            DefectEvent.Kind.PHOTO_HIDDEN if hidden else DefectEvent.Kind.PHOTO_SHOWN,
            user,
            data={"photo": photo.pk, "position": photo.position},
        )
        sync_public_photos(photo.report)
        if photo.report.is_public:
            public_change_after_commit(photo.report.municipality)
    return photo


def sync_public_photos(report):
    """Public copies exist exactly for visible photos of public reports."""
    for photo in DefectPhoto.objects.filter(report=report):
        api.sync_public_copies(
            photo, report.status in PUBLIC_STATUSES and not photo.hidden
        )


def ban_reporter(report, *, reason, user=None, expires_at=None):
    """Ban the report's client (IP and device hashes) and e-mail address."""
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Give a reason."]})
    entries = BannedClient.ban_submitter(
        report.municipality_id,
        ip_hash=report.client_ip_hash,
        device_hash=report.client_device_hash,
        email=report.email,
        reason=reason.strip(),
        created_by=user if user and user.pk else None,
        expires_at=expires_at,
    )
    log_event(report, DefectEvent.Kind.BANNED, user, note=reason.strip())
    return entries
