"""The defect reporter's domain logic. GraphQL, Open311, the admin, tasks and
commands all call these functions; none of them holds logic of its own.

- submission: :func:`submit_report` (validation, ban list, rate limits,
  idempotency, photo tokens; all or nothing)
- moderation: the state machine (:data:`TRANSITIONS`, :func:`transition`),
  :func:`edit_report`, :func:`set_photo_hidden`, :func:`ban_reporter`
- forwarding: :func:`forward`, :func:`send_forwarding`,
  :func:`retry_due_forwardings` (a failed send stays visible and is retried
  with backoff; it is never marked sent without a successful send)
- notices and retention: :func:`notify_reporter`,
  :func:`anonymise_closed_reports`
- public read: :func:`public_reports`, :func:`nearby_reports`,
  :func:`categories_for`
"""

import logging
import math
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from rathaus.site.core import idempotency, ratelimit
from rathaus.site.core.photos import sync_public_copies
from rathaus.site.core.signal_handlers import bump_for_module_data
from rathaus.site.core.uploads import UploadError, claim_uploads
from rathaus.site.module_platform import api
from rathaus.site.module_platform.services import get_settings, is_enabled

from .models import (
    CLOSED_STATUSES,
    PUBLIC_STATUSES,
    BannedClient,
    CategoryAttribute,
    DefectCategory,
    DefectEvent,
    DefectPhoto,
    DefectReport,
    ExternalRecipient,
    Forwarding,
    Status,
)

logger = logging.getLogger(__name__)

MODULE = "defects"
MAX_DESCRIPTION = 4000
MAX_ADDRESS = 300
MAX_PHOTOS = 3
NEARBY_RADIUS_METRES = 50
EARTH_RADIUS_METRES = 6_371_008.8


# Errors -------------------------------------------------------------------


class SubmissionRefused(Exception):
    """A submission refused for abuse reasons (honeypot, ban list)."""

    code = "SUBMISSION_REFUSED"

    def __init__(self, message, reason):
        super().__init__(message)
        self.message = message
        self.reason = reason


class RateLimitExceeded(Exception):
    def __init__(self, retry_after):
        super().__init__(f"Rate limited; retry after {retry_after} s.")
        self.retry_after = retry_after


# Submission ----------------------------------------------------------------


@dataclass
class ReportInput:
    category: str
    description: str
    latitude: float
    longitude: float
    address: str = ""
    email: str = ""
    photos: list = field(default_factory=list)  # upload tokens
    attributes: dict = field(default_factory=dict)  # code -> value(s)

    def fingerprint_payload(self, municipality):
        return {
            "municipality": municipality.slug,
            "category": self.category,
            "description": self.description,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "address": self.address or "",
            "email": self.email or "",
            "photos": list(self.photos or []),
            "attributes": self.attributes or {},
        }


def source_category(municipality, code, active_only=True):
    """The category with this service code in the municipality's default
    locale (reports point at that row; translations share its key)."""
    categories = DefectCategory.objects.filter(municipality=municipality, code=code)
    if active_only:
        categories = categories.filter(active=True)
    categories = list(categories.select_related("locale"))
    if not categories:
        return None
    for category in categories:
        if category.locale_id == municipality.default_locale_id:
            return category
    return categories[0]


def _clean_attributes(category, given, errors):
    definitions = {attribute.code: attribute for attribute in category.attributes.all()}
    given = given or {}
    if not isinstance(given, dict):
        errors.setdefault("attributes", []).append("Send an object of code: value.")
        return {}
    cleaned = {}
    for code in given:
        if code not in definitions:
            errors.setdefault(f"attributes.{code}", []).append(
                "This category has no such attribute."
            )
    Datatype = CategoryAttribute.Datatype
    for code, attribute in definitions.items():
        value = given.get(code)
        empty = value is None or value == "" or value == []
        key = f"attributes.{code}"
        if empty:
            if attribute.required:
                errors.setdefault(key, []).append("This attribute is required.")
            continue
        if attribute.datatype == Datatype.MULTIVALUELIST:
            values = value if isinstance(value, list) else [value]
            values = [str(item) for item in values]
            unknown = [item for item in values if item not in attribute.value_keys]
            if unknown:
                errors.setdefault(key, []).append(
                    f"Unknown value(s): {', '.join(unknown)}."
                )
                continue
            cleaned[code] = values
            continue
        if isinstance(value, list | dict):
            errors.setdefault(key, []).append("Send a single value.")
            continue
        value = str(value).strip()
        if attribute.datatype == Datatype.NUMBER:
            try:
                number = float(value)
                if not math.isfinite(number):
                    raise ValueError
            except ValueError:
                errors.setdefault(key, []).append("Send a number.")
                continue
            cleaned[code] = value
        elif attribute.datatype == Datatype.DATETIME:
            try:
                parsed = parse_datetime(value)
            except ValueError:
                parsed = None
            if parsed is None:
                errors.setdefault(key, []).append("Send an ISO 8601 date and time.")
                continue
            cleaned[code] = value
        elif attribute.datatype == Datatype.SINGLEVALUELIST:
            if value not in attribute.value_keys:
                errors.setdefault(key, []).append("Unknown value.")
                continue
            cleaned[code] = value
        else:
            limit = 4000 if attribute.datatype == Datatype.TEXT else 300
            if len(value) > limit:
                errors.setdefault(key, []).append(
                    f"At most {limit} characters are allowed."
                )
                continue
            cleaned[code] = value
    return cleaned


def clean_report_input(municipality, data):
    """Validate ``data`` (a :class:`ReportInput`); return the cleaned values.

    Raises a ``ValidationError`` whose ``message_dict`` names every bad field.
    """
    errors = {}
    description = (data.description or "").strip()
    if not description:
        errors["description"] = ["Describe the problem."]
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = [f"At most {MAX_DESCRIPTION} characters are allowed."]
    elif "\x00" in description:
        errors["description"] = ["The text contains invalid characters."]

    latitude, longitude = data.latitude, data.longitude
    position_ok = True
    for name, value, bound in (
        ("latitude", latitude, 90),
        ("longitude", longitude, 180),
    ):
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
            or abs(value) > bound
        ):
            errors[name] = [f"Send a WGS84 {name} between -{bound} and {bound}."]
            position_ok = False
    if position_ok and not municipality.contains(latitude, longitude):
        errors["position"] = [f"This position lies outside {municipality.name}."]

    address = (data.address or "").strip()
    if len(address) > MAX_ADDRESS:
        errors["address"] = [f"At most {MAX_ADDRESS} characters are allowed."]

    email = (data.email or "").strip()
    if email:
        try:
            EmailValidator()(email)
            if len(email) > 254:
                raise ValidationError("too long")
        except ValidationError:
            errors["email"] = ["Enter a valid e-mail address."]

    photos = list(data.photos or [])
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = [f"At most {MAX_PHOTOS} photos are allowed."]
    elif any(not isinstance(token, str) or not token for token in photos):
        errors["photos"] = ["Send the tokens returned by the upload endpoint."]

    category = None
    if not data.category:
        errors["category"] = ["Choose a category."]
    else:
        category = source_category(municipality, data.category)
        if category is None:
            errors["category"] = ["Unknown category."]
    attributes = (
        _clean_attributes(category, data.attributes, errors) if category else {}
    )
    if errors:
        raise ValidationError(errors)
    return {
        "category": category,
        "description": description,
        "latitude": float(latitude),
        "longitude": float(longitude),
        "address": address,
        "email": email,
        "photos": photos,
        "attributes": attributes,
    }


def is_banned(municipality, identity, email=""):
    """True if the client's IP or device hash, or the e-mail, is banned."""
    now = timezone.now()
    condition = Q(kind=BannedClient.Kind.IP, value_hash=identity.ip_hash)
    if identity.device_hash:
        condition |= Q(kind=BannedClient.Kind.DEVICE, value_hash=identity.device_hash)
    if email:
        condition |= Q(
            kind=BannedClient.Kind.EMAIL, value_hash=ratelimit.email_hash(email)
        )
    return (
        BannedClient.objects.filter(municipality=municipality)
        .filter(condition)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .exists()
    )


def submission_rules(municipality):
    settings = get_settings(municipality, MODULE)
    return [
        ratelimit.Rule(limit=settings["reports_per_hour"], window=3600),
        ratelimit.Rule(limit=settings["reports_per_day"], window=86400),
    ]


def idempotency_scope(municipality):
    return f"defects.report:{municipality.slug}"


def submit_report(
    municipality,
    data,
    *,
    identity,
    idempotency_key,
    honeypot="",
    source="app",
    api_client=None,
    check_rate_limit=True,
):
    """Store a citizen's report; return ``(report, replayed)``.

    Order matters: the honeypot and the key's format first; a replay of an
    earlier attempt is answered before anything is counted (an app's retry
    never uses up its allowance or trips the ban list twice); then the input
    is validated, the ban list and the rate limits checked, and the report,
    its photos and its first event are written in one transaction with the
    idempotency key.
    """
    if honeypot:
        raise SubmissionRefused("The report was refused.", reason="honeypot")
    idempotency.validate_key(idempotency_key)
    scope = idempotency_scope(municipality)
    fingerprint = idempotency.fingerprint(data.fingerprint_payload(municipality))
    earlier = idempotency.lookup(scope, idempotency_key, fingerprint)
    if earlier is not None:
        return DefectReport.objects.get(pk=earlier.result["pk"]), True

    cleaned = clean_report_input(municipality, data)
    if is_banned(municipality, identity, cleaned["email"]):
        raise SubmissionRefused(
            "Reports from this client are not accepted.", reason="banned"
        )
    if check_rate_limit:
        limited = ratelimit.check(
            "defects.report", identity.keys(), submission_rules(municipality)
        )
        if not limited:
            raise RateLimitExceeded(limited.retry_after)

    def create():
        return {
            "pk": _create_report(municipality, cleaned, identity, source, api_client)
        }

    try:
        outcome = idempotency.run_once(
            scope,
            idempotency_key,
            fingerprint,
            create,
            client_hash=identity.binding_hash,
        )
    except UploadError as error:
        raise ValidationError(
            {_photo_field(error): [error.message]}, code=error.code
        ) from None
    return DefectReport.objects.get(pk=outcome.result["pk"]), outcome.replayed


def _photo_field(error):
    return "photos" if error.index is None else f"photos.{error.index}"


def _create_report(municipality, cleaned, identity, source, api_client):
    uploads = claim_uploads(
        cleaned["photos"], municipality, MODULE, identity.binding_hash
    )
    report = DefectReport.objects.create(
        municipality=municipality,
        category=cleaned["category"],
        description=cleaned["description"],
        latitude=cleaned["latitude"],
        longitude=cleaned["longitude"],
        address=cleaned["address"],
        email=cleaned["email"],
        attributes=cleaned["attributes"],
        client_ip_hash=identity.ip_hash,
        client_device_hash=identity.device_hash,
        source=source,
        api_client=api_client,
    )
    DefectPhoto.objects.bulk_create(
        DefectPhoto(
            report=report,
            position=position,
            original=upload.original.name,
            original_content_type=upload.original_content_type,
            large=upload.large.name,
            thumbnail=upload.thumbnail.name,
            width=upload.width,
            height=upload.height,
        )
        for position, upload in enumerate(uploads)
    )
    DefectEvent.objects.create(
        report=report,
        kind=DefectEvent.Kind.CREATED,
        to_status=Status.SUBMITTED,
        data={"source": source, "photos": len(uploads)},
    )
    return report.pk


# Moderation: the state machine -----------------------------------------------

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
    pass


def allowed_transitions(status):
    return sorted(TRANSITIONS.get(Status(status), ()), key=list(Status).index)


def _actor(user):
    if user is None or not getattr(user, "pk", None):
        return {"actor": None, "actor_name": ""}
    return {"actor": user, "actor_name": user.get_username()}


def _log(report, kind, user=None, **fields):
    return DefectEvent.objects.create(
        report=report, kind=kind, **_actor(user), **fields
    )


def _after_commit_public_change(municipality):
    transaction.on_commit(partial(bump_for_module_data, municipality))


def transition(
    report,
    to_status,
    *,
    user=None,
    note="",
    duplicate_of=None,
    recipient=None,
    now=None,
):
    """Move a report to ``to_status`` if the state machine allows it.

    ``note`` becomes the public status note. ``duplicate`` needs
    ``duplicate_of`` (another report of the same municipality); ``forwarded``
    needs a recipient (given, or the category's). Raises
    :class:`InvalidTransition` with field-level messages.
    """
    to_status = Status(to_status)
    now = now or timezone.now()
    with transaction.atomic():
        report = (
            DefectReport.objects.select_for_update()
            .select_related("municipality", "category")
            .get(pk=report.pk)
        )
        from_status = Status(report.status)
        if to_status not in TRANSITIONS.get(from_status, ()):
            raise InvalidTransition(
                {
                    "status": [
                        f"A report cannot go from {from_status.label} to "
                        f"{to_status.label}."
                    ]
                }
            )
        if to_status == Status.DUPLICATE:
            original = _check_duplicate_target(report, duplicate_of)
            report.duplicate_of = original
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
        event = _log(
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
        sync_public_photos(report)
        if to_status == Status.FORWARDED:
            forward(report, recipient, user=user)
        if from_status in PUBLIC_STATUSES or to_status in PUBLIC_STATUSES:
            _after_commit_public_change(report.municipality)
        _queue_notice(report, event)
    return report


def _check_duplicate_target(report, duplicate_of):
    if duplicate_of is None:
        raise InvalidTransition({"duplicate_of": ["Choose the original report."]})
    if not isinstance(duplicate_of, DefectReport):
        duplicate_of = DefectReport.objects.filter(pk=duplicate_of).first()
    if duplicate_of is None or duplicate_of.municipality_id != report.municipality_id:
        raise InvalidTransition({"duplicate_of": ["Unknown report."]})
    if duplicate_of.pk == report.pk:
        raise InvalidTransition({"duplicate_of": ["A report cannot duplicate itself."]})
    # Link to the original, never to another duplicate.
    seen = {report.pk}
    while duplicate_of.duplicate_of_id is not None:
        if duplicate_of.duplicate_of_id in seen:
            break
        seen.add(duplicate_of.pk)
        duplicate_of = duplicate_of.duplicate_of
    if duplicate_of.pk == report.pk:
        raise InvalidTransition(
            {"duplicate_of": ["That report is a duplicate of this one."]}
        )
    return duplicate_of


def _check_recipient(report, recipient):
    if recipient is None:
        recipient = report.category.recipient
    elif not isinstance(recipient, ExternalRecipient):
        recipient = ExternalRecipient.objects.filter(pk=recipient).first()
    if (
        recipient is None
        or recipient.municipality_id != report.municipality_id
        or not recipient.active
    ):
        raise InvalidTransition(
            {"recipient": ["Choose an active recipient of this municipality."]}
        )
    return recipient


def edit_report(report, *, user=None, description=None, address=None, category=None):
    """Staff edit the text, address or category; the citizen's original text
    is kept in ``original_description`` and the change is logged."""
    changes = {}
    with transaction.atomic():
        report = (
            DefectReport.objects.select_for_update()
            .select_related("municipality")
            .get(pk=report.pk)
        )
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
        _log(report, DefectEvent.Kind.EDITED, user, data={"changes": changes})
        if report.is_public:
            _after_commit_public_change(report.municipality)
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
        _log(
            photo.report,
            DefectEvent.Kind.PHOTO_HIDDEN if hidden else DefectEvent.Kind.PHOTO_SHOWN,
            user,
            data={"photo": photo.pk, "position": photo.position},
        )
        sync_public_photos(photo.report)
        if photo.report.is_public:
            _after_commit_public_change(photo.report.municipality)
    return photo


def sync_public_photos(report):
    """Public copies exist exactly for visible photos of public reports."""
    for photo in DefectPhoto.objects.filter(report=report):
        sync_public_copies(photo, report.status in PUBLIC_STATUSES and not photo.hidden)


def ban_reporter(report, *, reason, user=None, expires_at=None):
    """Ban the report's client (IP and device hashes) and e-mail address."""
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Give a reason."]})
    entries = []
    for kind, value in (
        (BannedClient.Kind.IP, report.client_ip_hash),
        (BannedClient.Kind.DEVICE, report.client_device_hash),
        (BannedClient.Kind.EMAIL, ratelimit.email_hash(report.email)),
    ):
        if value:
            entry, _created = BannedClient.objects.update_or_create(
                municipality_id=report.municipality_id,
                kind=kind,
                value_hash=value,
                defaults={
                    "reason": reason.strip(),
                    "created_by": user if user and user.pk else None,
                    "expires_at": expires_at,
                },
            )
            entries.append(entry)
    _log(report, DefectEvent.Kind.BANNED, user, note=reason.strip())
    return entries


def ban_email(municipality, email, *, reason, user=None):
    return BannedClient.objects.update_or_create(
        municipality=municipality,
        kind=BannedClient.Kind.EMAIL,
        value_hash=ratelimit.email_hash(email),
        defaults={"reason": reason, "created_by": user if user and user.pk else None},
    )[0]


# Forwarding ----------------------------------------------------------------


def backoff(attempts):
    """Minutes to wait before the next attempt: 1, 2, 4, ... at most a day."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 24 * 60))


def forward(report, recipient, *, user=None):
    """Queue sending the report to ``recipient`` (after the commit)."""
    forwarding, created = Forwarding.objects.get_or_create(
        report=report, recipient=recipient
    )
    if not created and forwarding.state != Forwarding.State.SENT:
        forwarding.state = Forwarding.State.PENDING
        forwarding.next_attempt_at = None
        forwarding.save(update_fields=["state", "next_attempt_at", "updated_at"])
    _log(
        report,
        DefectEvent.Kind.FORWARD_QUEUED,
        user,
        data={"recipient": recipient.pk, "name": recipient.name},
    )
    if created or forwarding.state != Forwarding.State.SENT:
        _enqueue_send(forwarding.pk)
    return forwarding


def _enqueue_send(forwarding_id):
    from .tasks import send_forwarding_task

    transaction.on_commit(partial(send_forwarding_task.enqueue, forwarding_id))


def send_forwarding(forwarding_id, now=None):
    """Send one forwarding; record success or failure. Never raises for a
    failed send: the state says ``failed`` with the error and the next
    attempt's time, or ``gave_up`` after the module's maximum attempts."""
    from . import forwarding as adapters

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
            external_id = adapters.send(forwarding.recipient, report)
        except api.ForwardingFailed as error:
            max_attempts = get_settings(report.municipality, MODULE)[
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
            _log(
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
        _log(
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


def retry_due_forwardings(now=None):
    """Send every failed forwarding whose backoff has passed (and pending ones
    that a lost task never sent). Returns the number attempted."""
    ids = list(due_forwardings(now).values_list("pk", flat=True))
    for forwarding_id in ids:
        send_forwarding(forwarding_id, now=now)
    return len(ids)


# Reporter notices -----------------------------------------------------------

NOTICE_STATUSES = (
    Status.PUBLISHED,
    Status.IN_PROGRESS,
    Status.FORWARDED,
    Status.RESOLVED,
    Status.REJECTED,
    Status.DUPLICATE,
)


def _queue_notice(report, event):
    if (
        report.email
        and report.status in NOTICE_STATUSES
        and get_settings(report.municipality, MODULE)["notify_reporters"]
    ):
        from .tasks import notify_reporter_task

        transaction.on_commit(partial(notify_reporter_task.enqueue, event.pk))


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
    status = Status(event.to_status)
    lines = [
        f"Ihre Meldung #{report.pk} ({report.category.name}) bei "
        f"{report.municipality.name} hat jetzt den Status: {status.label}.",
        f"Your report #{report.pk} now has the status: {status.label}.",
    ]
    if event.note and event.public:
        lines += ["", event.note]
    lines += [
        "",
        "Diese Nachricht wurde automatisch versandt. Ihre E-Mail-Adresse wird "
        "nicht veröffentlicht und nach Abschluss der Meldung gelöscht.",
    ]
    send_mail(
        subject=f"[{report.municipality.name}] Meldung #{report.pk}: {status.label}",
        message="\n".join(lines),
        from_email=None,
        recipient_list=[report.email],
    )
    _log(report, DefectEvent.Kind.NOTICE_SENT, data={"event": event.pk})
    return True


# Retention ------------------------------------------------------------------


def anonymise_closed_reports(now=None):
    """Delete reporters' contact data and client hashes of reports closed
    longer than each municipality's ``contact_retention_days``. Returns the
    number of reports anonymised."""
    from rathaus.site.module_platform.models import ModuleActivation

    now = now or timezone.now()
    total = 0
    activations = ModuleActivation.objects.filter(
        module=MODULE, enabled=True
    ).select_related("municipality")
    for activation in activations:
        municipality = activation.municipality
        days = get_settings(municipality, MODULE)["contact_retention_days"]
        due = DefectReport.objects.filter(
            municipality=municipality,
            status__in=CLOSED_STATUSES,
            closed_at__lte=now - timedelta(days=days),
            contact_anonymised_at__isnull=True,
        )
        with transaction.atomic():
            ids = list(due.select_for_update().values_list("pk", flat=True))
            if not ids:
                continue
            DefectReport.objects.filter(pk__in=ids).update(
                email="",
                client_ip_hash="",
                client_device_hash="",
                contact_anonymised_at=now,
            )
            DefectEvent.objects.bulk_create(
                DefectEvent(
                    report_id=pk,
                    kind=DefectEvent.Kind.ANONYMISED,
                    data={"retention_days": days},
                )
                for pk in ids
            )
        total += len(ids)
    return total


# Public read ------------------------------------------------------------------


def public_status_filter(statuses=None):
    allowed = set(PUBLIC_STATUSES)
    if statuses:
        allowed &= {Status(status) for status in statuses}
    return sorted(allowed)


def public_reports(
    municipality,
    *,
    bbox=None,
    statuses=None,
    categories=None,
    since=None,
    limit=None,
):
    """Moderated reports (never contact data): newest first.

    ``bbox`` is ``(south, west, north, east)``; ``categories`` service codes.
    """
    reports = DefectReport.objects.filter(
        municipality=municipality, status__in=public_status_filter(statuses)
    )
    if bbox is not None:
        south, west, north, east = bbox
        reports = reports.filter(
            latitude__gte=south,
            latitude__lte=north,
            longitude__gte=west,
            longitude__lte=east,
        )
    if categories:
        reports = reports.filter(category__code__in=categories)
    if since is not None:
        reports = reports.filter(updated_at__gte=since)
    reports = reports.order_by("-published_at", "-pk")
    if limit is not None:
        reports = reports[:limit]
    return reports


def haversine_metres(lat1, lng1, lat2, lng2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lng2 - lng1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def bbox_around(latitude, longitude, radius):
    """A (south, west, north, east) box containing the circle."""
    dlat = math.degrees(radius / EARTH_RADIUS_METRES)
    cos_lat = max(math.cos(math.radians(latitude)), 1e-6)
    dlng = math.degrees(radius / (EARTH_RADIUS_METRES * cos_lat))
    return (latitude - dlat, longitude - dlng, latitude + dlat, longitude + dlng)


def nearby_reports(
    municipality,
    latitude,
    longitude,
    category=None,
    radius=NEARBY_RADIUS_METRES,
    statuses=None,
    queryset=None,
):
    """Public reports within ``radius`` metres (same category if given),
    nearest first: a bounding-box prefilter in SQL (indexed, works on every
    database), then the exact haversine distance in Python. Returns a list of
    ``(report, distance_in_metres)``."""
    south, west, north, east = bbox_around(latitude, longitude, radius)
    reports = (
        queryset
        if queryset is not None
        else public_reports(municipality, statuses=statuses)
    )
    reports = reports.filter(
        latitude__gte=south,
        latitude__lte=north,
        longitude__gte=west,
        longitude__lte=east,
    )
    if category:
        reports = reports.filter(category__code=category)
    found = []
    for report in reports:
        distance = haversine_metres(
            latitude, longitude, report.latitude, report.longitude
        )
        if distance <= radius:
            found.append((report, distance))
    found.sort(key=lambda item: (item[1], item[0].pk))
    return found


def categories_for(municipality, locale_code=None, active_only=True):
    """The municipality's categories in a language: the translation where one
    exists, else the default-locale row. Returns a list, in display order."""
    rows = DefectCategory.objects.filter(municipality=municipality).select_related(
        "locale"
    )
    if active_only:
        rows = rows.filter(active=True)
    by_key = {}
    for row in rows.order_by("sort_order", "name", "pk"):
        chosen = by_key.get(row.translation_key)
        if (
            locale_code
            and row.locale.language_code == locale_code
            or chosen is None
            or (
                row.locale_id == municipality.default_locale_id
                and not (locale_code and chosen.locale.language_code == locale_code)
            )
        ):
            by_key[row.translation_key] = row
    return sorted(by_key.values(), key=lambda row: (row.sort_order, row.name))


def module_enabled(municipality):
    return is_enabled(municipality, MODULE)
