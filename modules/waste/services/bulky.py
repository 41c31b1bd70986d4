"""Bulky-waste pickups: submission, forwarding to the operator, confirmation.

A submission runs the platform's pipeline (``api.SubmissionPipeline``): the
honeypot and the idempotency key's format; a replay of an earlier attempt is
answered before anything is counted; the form validates; the ban list and
the rate limits; the request and the key are stored in one transaction. After
the commit a task forwards the request to the municipality's operator (the
platform's forwarding channels: e-mail, webhook, Open311) and e-mails the
resident a confirmation in their language. A failed forwarding is retried by
``retry_failed`` (periodic) with the platform's backoff, up to ``MAX_ATTEMPTS``
times.
"""

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rathaus.site.module_platform import api

from ..forms import BulkyWasteRequestForm
from ..models import (
    BulkyItem,
    BulkyWasteBan,
    BulkyWasteRecipient,
    BulkyWasteRequest,
)

MODULE = "waste"
MAX_ATTEMPTS = 8


RateLimitExceeded = api.RateLimitExceeded


def scope(municipality):
    return f"{BulkySubmission.scope}:{municipality.slug}"


def rules(settings):
    return [
        api.Rule(limit=int(settings["bulky_requests_per_hour"]), window=3600),
        api.Rule(limit=int(settings["bulky_requests_per_day"]), window=86400),
    ]


class BulkySubmission(api.SubmissionPipeline):
    """A resident's bulky-waste request through the platform's pipeline:
    honeypot, idempotency, the form, the ban list, rate limits, run-once."""

    scope = "waste.bulky"
    ban_model = BulkyWasteBan
    honeypot_message = "The request was refused."
    banned_message = "Requests from this client are not accepted."

    def __init__(self, municipality, today=None):
        super().__init__(municipality)
        self.today = today
        self.settings = api.get_settings(municipality, MODULE)

    def fingerprint_payload(self, data):
        # As before the pipeline, so a retry across an upgrade is a replay.
        return data

    def clean(self, data):
        form = BulkyWasteRequestForm(
            data,
            municipality=self.municipality,
            settings=self.settings,
            today=self.today,
        )
        return api.validate(form)

    def contact_email(self, cleaned):
        return cleaned["email"]

    def rate_rules(self):
        return rules(self.settings)

    def create(self, cleaned, uploads, identity):
        request = BulkyWasteRequest.objects.create(
            municipality=self.municipality,
            street=cleaned["street"],
            house_number=cleaned["house_number"],
            items=cleaned["items"],
            preferred_dates=[day.isoformat() for day in cleaned["preferred_dates"]],
            name=cleaned["name"],
            email=cleaned["email"],
            phone=cleaned["phone"],
            note=cleaned["note"],
            language=cleaned["language"],
            client_hash=identity.binding_hash,
        )
        return request.pk


def submit(municipality, data, *, identity, idempotency_key, honeypot="", today=None):
    """Store a request; returns ``(request, replayed)``.

    Raises ``ValidationError`` (keyed by field), ``RateLimitExceeded``,
    ``api.SubmissionRefused`` and ``api.IdempotencyConflict``. The caller
    enqueues ``tasks.forward_bulky_request`` for a new request (the
    transaction has committed by then).
    """
    pk, replayed = BulkySubmission(municipality, today=today).submit(
        data,
        identity=identity,
        idempotency_key=idempotency_key,
        honeypot=honeypot,
    )
    return BulkyWasteRequest.objects.get(pk=pk), replayed


def item_names(municipality, language):
    """``{key: name}`` of the bulky items in a language, with fallback."""
    return {item.key: item.name for item in localised_items(municipality, language)}


def localised_items(municipality, language=None):
    """The active items in a language, with fallback, in display order (1 query)."""
    chosen = {}
    rows = BulkyItem.objects.filter(municipality=municipality, active=True)
    for row in rows.select_related("locale").order_by("sort_order", "key", "pk"):
        current = chosen.get(row.key)
        if (
            current is None
            or row.locale.language_code == language
            or (
                row.locale_id == municipality.default_locale_id
                and current.locale.language_code != language
            )
        ):
            chosen[row.key] = row
    return sorted(chosen.values(), key=lambda row: (row.sort_order, row.key))


def payload(request):
    """What the operator learns: the pickup, and contact only for arranging it."""
    names = item_names(
        request.municipality, request.municipality.default_locale.language_code
    )
    return {
        "id": request.pk,
        "municipality": request.municipality.slug,
        "category": "bulky-waste",
        "address": f"{request.address}, {request.street.postal_code or ''}".strip(", "),
        "street_id": request.street_id,
        "house_number": request.house_number,
        "items": [
            {**item, "name": names.get(item["key"], item["key"])}
            for item in request.items
        ],
        "preferred_dates": request.preferred_dates,
        "note": request.note,
        "description": ", ".join(
            f"{item['quantity']} × {names.get(item['key'], item['key'])}"
            for item in request.items
        ),
        "lat": request.municipality.centre_latitude,
        "long": request.municipality.centre_longitude,
        "contact": {"name": request.name, "phone": request.phone},
        "created": request.created_at.isoformat(),
    }


def forward(request):
    """Send one request to the operator and record the state."""
    recipient = (
        BulkyWasteRecipient.objects.filter(
            municipality=request.municipality, active=True
        )
        .order_by("name", "pk")
        .first()
    )
    if recipient is None:
        request.forwarding_state = BulkyWasteRequest.Forwarding.NO_RECIPIENT
        request.save(update_fields=["forwarding_state"])
        return request
    data = payload(request)
    # The operator reads German, whatever language the resident chose.
    with translation.override("de"):
        body = api.render_text(
            "waste/email/bulky_forward.txt", {"data": data, "request": request}
        )
        subject = _("[%(municipality)s] Bulky waste #%(number)s") % {
            "municipality": request.municipality.name,
            "number": request.pk,
        }
    request.forwarding_attempts += 1
    request.recipient = recipient
    try:
        external_id = api.forward(
            recipient,
            data,
            subject=subject,
            body=body,
        )
    except api.ForwardingFailed as error:
        request.forwarding_state = BulkyWasteRequest.Forwarding.FAILED
        request.forwarding_error = str(error)[:2000]
        request.next_attempt_at = timezone.now() + api.retry_delay(
            request.forwarding_attempts
        )
    else:
        request.forwarding_state = BulkyWasteRequest.Forwarding.FORWARDED
        request.forwarding_error = ""
        request.next_attempt_at = None
        request.external_id = external_id or ""
        request.forwarded_at = timezone.now()
    request.save(
        update_fields=[
            "forwarding_state",
            "forwarding_error",
            "forwarding_attempts",
            "next_attempt_at",
            "recipient",
            "external_id",
            "forwarded_at",
        ]
    )
    return request


def send_confirmation(request):
    """The resident's confirmation, in their language (once)."""
    if request.confirmation_sent_at:
        return False
    names = item_names(request.municipality, request.language)
    api.send_templated_email(
        "waste/email/bulky_confirmation",
        {
            "request": request,
            "items": [
                (names.get(item["key"], item["key"]), item["quantity"])
                for item in request.items
            ],
            "municipality": request.municipality,
        },
        [request.email],
        languages=[request.language],
    )
    request.confirmation_sent_at = timezone.now()
    request.save(update_fields=["confirmation_sent_at"])
    return True


def process(pk):
    """Forward and confirm one request (the task's body); idempotent."""
    request = (
        BulkyWasteRequest.objects.select_related(
            "municipality__default_locale", "street"
        )
        .filter(pk=pk)
        .first()
    )
    if request is None or not api.is_enabled(request.municipality, MODULE):
        return None  # disabled since: kept, forwarded if enabled again
    if request.forwarding_state != BulkyWasteRequest.Forwarding.FORWARDED:
        forward(request)
    send_confirmation(request)
    return request.forwarding_state


def retry_failed(now=None):
    """Forward again what failed and is due (``api.retry_delay`` after each
    failed attempt), up to ``MAX_ATTEMPTS`` attempts; requests that had no
    operator are tried again each time."""
    now = now or timezone.now()
    pks = list(
        BulkyWasteRequest.objects.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            forwarding_state__in=(
                BulkyWasteRequest.Forwarding.FAILED,
                BulkyWasteRequest.Forwarding.NO_RECIPIENT,
            ),
            forwarding_attempts__lt=MAX_ATTEMPTS,
            municipality__in=api.municipalities_where_enabled(MODULE),
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    return [process(pk) for pk in pks]
