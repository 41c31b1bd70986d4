"""The citizen-submission kit: what every public submission (a defect report,
a housing listing, a bulky-waste request...) needs, written once.

- :class:`SubmissionPhoto`: abstract model of a cleaned photo (private files,
  public copies while the item is public);
- :class:`ClientBan`: abstract ban-list entry (hashed IP, device or e-mail),
  with :meth:`ClientBan.matches`;
- :class:`SubmissionPipeline`: honeypot → idempotency replay → validation →
  ban list → rate limits → run once (with the photo uploads claimed in the
  same transaction). A module subclasses it and says how to validate and
  how to create;
- :func:`store_photos`: the photo rows for claimed uploads.

Errors are domain errors; ``module_platform.mutations`` maps them to typed
GraphQL errors once.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import idempotency, ratelimit
from .photos import private_storage
from .uploads import UploadError, claim_uploads


class SubmissionRefused(Exception):
    """Refused for abuse reasons (``reason``: ``honeypot`` or ``banned``)."""

    code = "SUBMISSION_REFUSED"

    def __init__(self, message, reason):
        super().__init__(message)
        self.message = message
        self.reason = reason


class RateLimitExceeded(Exception):
    def __init__(self, retry_after):
        super().__init__(f"Rate limited; retry after {retry_after} s.")
        self.retry_after = retry_after


def public_photo_path(instance, filename):
    """Public copies: ``<app label>/<municipality id>/<random>-<name>``."""
    return (
        f"{instance._meta.app_label}/{instance.municipality_id_for_path()}/"
        f"{uuid.uuid4().hex}-{filename}"
    )


class SubmissionPhoto(models.Model):
    """A cleaned photo of a submission (abstract).

    ``original``, ``large`` and ``thumbnail`` live in private storage; while
    the submission is public (and the photo visible), copies of the cleaned
    renditions are in public storage (``sync_public_copies``). Subclasses add
    the foreign key to their submission and ``municipality_id_for_path``.
    """

    position = models.PositiveSmallIntegerField(default=0)
    original = models.FileField(storage=private_storage, max_length=255)
    original_content_type = models.CharField(max_length=40)
    large = models.FileField(storage=private_storage, max_length=255)
    thumbnail = models.FileField(storage=private_storage, max_length=255)
    public_large = models.FileField(
        upload_to=public_photo_path, blank=True, max_length=255
    )
    public_thumbnail = models.FileField(
        upload_to=public_photo_path, blank=True, max_length=255
    )
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    #: The name of the foreign key to the submission.
    submission_field = ""

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def municipality_id_for_path(self):
        return getattr(self, self.submission_field).municipality_id


PHOTO_FILES = ("original", "large", "thumbnail")


def private_photo_response(photos, pk, kind):
    """Stream a private photo file to staff (originals have no public URL).

    ``photos`` is a queryset the caller already scoped (to the submission
    and the municipality); anything else is a 404.
    """
    if kind not in PHOTO_FILES:
        raise Http404
    photo = get_object_or_404(photos, pk=pk)
    file_field = getattr(photo, kind)
    if not file_field:
        raise Http404
    content_type = photo.original_content_type if kind == "original" else "image/jpeg"
    response = FileResponse(file_field.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


def store_photos(photo_model, uploads, **parent):
    """Create ``photo_model`` rows for claimed uploads, in their order."""
    return photo_model.objects.bulk_create(
        photo_model(
            position=position,
            original=upload.original.name,
            original_content_type=upload.original_content_type,
            large=upload.large.name,
            thumbnail=upload.thumbnail.name,
            width=upload.width,
            height=upload.height,
            **parent,
        )
        for position, upload in enumerate(uploads)
    )


class ClientBan(models.Model):
    """A ban-list entry: a client's IP or device hash, or an e-mail hash
    (abstract). Subclasses add the municipality foreign key and a unique
    constraint on (municipality, kind, value_hash)."""

    class Kind(models.TextChoices):
        IP = "ip", _("IP address (hash)")
        DEVICE = "device", _("Device (hash)")
        EMAIL = "email", _("E-mail address (hash)")

    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=Kind.choices)
    value_hash = models.CharField(verbose_name=_("value"), max_length=64)
    reason = models.CharField(verbose_name=_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(
        verbose_name=_("expires at"), null=True, blank=True
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value_hash[:10]}…"

    def save(self, *args, **kwargs):
        # Staff type an e-mail address; only its hash is stored.
        if self.kind == self.Kind.EMAIL and "@" in self.value_hash:
            self.value_hash = ratelimit.email_hash(self.value_hash)
        super().save(*args, **kwargs)

    @classmethod
    def matches(cls, municipality, identity=None, email=""):
        """True if the client (IP or device hash) or the e-mail is banned."""
        condition = Q(pk__in=[])
        if identity is not None:
            if identity.ip_hash:
                condition |= Q(kind=cls.Kind.IP, value_hash=identity.ip_hash)
            if identity.device_hash:
                condition |= Q(kind=cls.Kind.DEVICE, value_hash=identity.device_hash)
        if email:
            condition |= Q(kind=cls.Kind.EMAIL, value_hash=ratelimit.email_hash(email))
        return (
            cls.objects.filter(municipality=municipality)
            .filter(condition)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
            .exists()
        )

    @classmethod
    def ban_submitter(
        cls, municipality, *, ip_hash, device_hash, email="", email_hash="", **fields
    ):
        """Ban a submitter's client hashes and e-mail address (or its hash);
        return the entries."""
        if email and not email_hash:
            email_hash = ratelimit.email_hash(email)
        entries = []
        for kind, value in (
            (cls.Kind.EMAIL, email_hash),
            (cls.Kind.IP, ip_hash),
            (cls.Kind.DEVICE, device_hash),
        ):
            if value:
                entry, _created = cls.objects.update_or_create(
                    municipality_id=getattr(municipality, "pk", municipality),
                    kind=kind,
                    value_hash=value,
                    defaults=fields,
                )
                entries.append(entry)
        return entries


class SubmissionPipeline:
    """One public submission, from the request to the stored rows.

    Subclass it per kind of submission and implement :meth:`clean`,
    :meth:`rate_rules` and :meth:`create`; call :meth:`submit`.
    """

    #: Rate-limit and idempotency scope, e.g. ``"defects.report"``.
    scope = ""
    #: The upload purpose whose tokens the submission's photos are.
    upload_purpose = ""
    #: The ``ClientBan`` subclass consulted, or ``None``.
    ban_model = None
    #: The key of the photo tokens in the cleaned data.
    photos_field = "photos"
    honeypot_message = "The submission was refused."
    banned_message = "Submissions from this client are not accepted."

    def __init__(self, municipality):
        self.municipality = municipality

    def idempotency_scope(self):
        return f"{self.scope}:{self.municipality.slug}"

    def fingerprint_payload(self, data):
        """What makes two attempts the same submission (JSON-ready)."""
        return {
            "municipality": self.municipality.slug,
            **{key: _plain(value) for key, value in data.items()},
        }

    def clean(self, data):
        """The validated values; raise ``ValidationError`` keyed by field."""
        raise NotImplementedError

    def contact_email(self, cleaned):
        """The submitter's e-mail address, checked against the ban list."""
        return ""

    def rate_rules(self):
        """The ``ratelimit.Rule`` list for this municipality."""
        return []

    def create(self, cleaned, uploads, identity):
        """Write the submission (in the transaction); return its primary key."""
        raise NotImplementedError

    def submit(
        self, data, *, identity, idempotency_key, honeypot="", check_rate_limit=True
    ):
        """Store a submission; return ``(pk, replayed)``.

        Order matters: the honeypot and the key's format first; a replay is
        answered before anything is counted (a retry never uses up an
        allowance); then validation, the ban list and the rate limits; then
        the rows and the idempotency key in one transaction.
        """
        if honeypot:
            raise SubmissionRefused(self.honeypot_message, reason="honeypot")
        idempotency.validate_key(idempotency_key)
        scope = self.idempotency_scope()
        fingerprint = idempotency.fingerprint(self.fingerprint_payload(data))
        earlier = idempotency.lookup(scope, idempotency_key, fingerprint)
        if earlier is not None:
            return earlier.result["pk"], True

        cleaned = self.clean(data)
        if self.ban_model is not None and self.ban_model.matches(
            self.municipality, identity, self.contact_email(cleaned)
        ):
            raise SubmissionRefused(self.banned_message, reason="banned")
        if check_rate_limit:
            limited = ratelimit.check(self.scope, identity.keys(), self.rate_rules())
            if not limited:
                raise RateLimitExceeded(limited.retry_after)

        def create():
            tokens = cleaned.pop(self.photos_field, [])
            uploads = claim_uploads(
                tokens, self.municipality, self.upload_purpose, identity.binding_hash
            )
            return {"pk": self.create(cleaned, uploads, identity)}

        try:
            outcome = idempotency.run_once(
                scope,
                idempotency_key,
                fingerprint,
                create,
                client_hash=identity.binding_hash,
            )
        except UploadError as error:
            name = (
                self.photos_field
                if error.index is None
                else f"{self.photos_field}.{error.index}"
            )
            raise ValidationError({name: [error.message]}, code=error.code) from None
        return outcome.result["pk"], outcome.replayed


def _plain(value):
    """JSON-ready form of an input value for the fingerprint."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(getattr(value, "value", value))
