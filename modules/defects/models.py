"""Defect reports (Mängelmelder): categories, reports, photos, history,
forwarding, ban list and Open311 API clients. Every row belongs to a
municipality."""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin

from rathaus.site.module_platform import api


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    IN_PROGRESS = "in_progress", _("In progress")
    FORWARDED = "forwarded", _("Forwarded")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Duplicate")


#: Shown on the public map and in Open311.
PUBLIC_STATUSES = (
    Status.PUBLISHED,
    Status.IN_PROGRESS,
    Status.FORWARDED,
    Status.RESOLVED,
)
#: Closed: contact data is anonymised some days after entering one of these.
CLOSED_STATUSES = (Status.RESOLVED, Status.REJECTED, Status.DUPLICATE)


class ExternalRecipient(api.ForwardingRecipient):
    """A body outside the municipality that receives forwarded reports, e.g.
    the road authority of a federal road."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="defect_recipients",
    )

    panels = [
        FieldPanel("municipality"),
        FieldPanel("name"),
        FieldPanel("channel"),
        FieldPanel("email"),
        FieldPanel("url"),
        FieldPanel("secret"),
        FieldPanel("open311_jurisdiction_id"),
        FieldPanel("open311_service_code"),
        FieldPanel("active"),
    ]

    class Meta(api.ForwardingRecipient.Meta):
        verbose_name = _("external recipient")
        verbose_name_plural = _("external recipients")


class DefectCategory(TranslatableMixin, ClusterableModel):
    """What citizens can report: an Open311 service (``code``)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="defect_categories",
    )
    code = models.SlugField(
        verbose_name=_("service code"),
        max_length=100,
        help_text=_("The Open311 service_code; the same in every language."),
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    description = models.TextField(verbose_name=_("description"), blank=True)
    group = models.CharField(verbose_name=_("group"), max_length=100, blank=True)
    keywords = models.CharField(verbose_name=_("keywords"), max_length=200, blank=True)
    icon = models.CharField(
        verbose_name=_("icon"),
        max_length=50,
        blank=True,
        help_text=_("An icon name the apps know."),
    )
    department = models.CharField(
        verbose_name=_("department"),
        max_length=200,
        blank=True,
        help_text=_("The responsible department."),
    )
    recipient = models.ForeignKey(
        ExternalRecipient,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="categories",
        help_text=_("Reports of this category can be forwarded here."),
    )
    active = models.BooleanField(verbose_name=_("active"), default=True)
    sort_order = models.IntegerField(verbose_name=_("sort order"), default=0)

    panels = [
        FieldPanel("municipality"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("group"),
        FieldPanel("keywords"),
        FieldPanel("icon"),
        FieldPanel("department"),
        FieldPanel("recipient"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
        InlinePanel("attributes", label=_("Extra attributes (Open311)")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("defect category")
        ordering = ["sort_order", "name"]
        verbose_name_plural = _("defect categories")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code", "locale"],
                name="defects_category_code_unique",
            )
        ]

    def __str__(self):
        return self.name


class CategoryAttribute(Orderable):
    """An extra question of a category (an Open311 service attribute)."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Long text")
        SINGLEVALUELIST = "singlevaluelist", _("One of a list")
        MULTIVALUELIST = "multivaluelist", _("Several of a list")

    category = ParentalKey(
        DefectCategory, on_delete=models.CASCADE, related_name="attributes"
    )
    code = models.SlugField(verbose_name=_("code"), max_length=100)
    description = models.CharField(
        verbose_name=_("description"), max_length=300, help_text=_("The question.")
    )
    datatype = models.CharField(
        verbose_name=_("data type"),
        max_length=20,
        choices=Datatype.choices,
        default=Datatype.STRING,
    )
    required = models.BooleanField(verbose_name=_("required"), default=False)
    datatype_description = models.CharField(
        verbose_name=_("data type description"), max_length=300, blank=True
    )
    values = models.JSONField(
        verbose_name=_("values"),
        default=list,
        blank=True,
        help_text=_('For lists: [{"key": "led", "name": "LED"}, ...]'),
    )

    def __str__(self):
        return self.code

    @property
    def choices(self):
        """The list's values as ``{"key", "name"}``, keys as strings."""
        return [
            {"key": str(value.get("key")), "name": value.get("name", "")}
            for value in self.values or []
        ]

    @property
    def value_keys(self):
        return [choice["key"] for choice in self.choices]

    class Meta:
        verbose_name = _("category question")
        verbose_name_plural = _("category questions")


class DefectReport(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="defect_reports",
    )
    category = models.ForeignKey(
        DefectCategory, on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    description = models.TextField()
    #: The citizen's text when staff edited it (kept, never public).
    original_description = models.TextField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    attributes = models.JSONField(default=dict, blank=True)
    #: Public note on the current status (Open311 status_notes).
    status_notes = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    #: Open311 ``token`` (for clients that get a token before an id).
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(max_length=20, default="app")  # app, open311
    api_client = models.ForeignKey(
        "ApiClient", on_delete=models.SET_NULL, null=True, blank=True
    )
    # Personal data: never public, anonymised after closure.
    email = models.EmailField(blank=True)
    client_ip_hash = models.CharField(max_length=64, blank=True)
    client_device_hash = models.CharField(max_length=64, blank=True)
    contact_anonymised_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("defect report")
        verbose_name_plural = _("defect reports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["municipality", "status", "latitude", "longitude"],
                name="defects_map_idx",
            ),
            models.Index(
                fields=["municipality", "category", "latitude"],
                name="defects_nearby_idx",
            ),
            models.Index(fields=["municipality", "-created_at"], name="defects_new"),
            models.Index(fields=["closed_at"], name="defects_closed_idx"),
        ]
        permissions = [("moderate_defectreport", "Can moderate defect reports")]

    def __str__(self):
        return f"#{self.pk} {self.category} ({self.get_status_display()})"

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES


#: Named by migration 0001.
photo_path = api.SubmissionPhoto.public_large.field.upload_to


class DefectPhoto(api.SubmissionPhoto):
    """A cleaned photo of a report; hidden photos have no public copies."""

    report = models.ForeignKey(
        DefectReport, on_delete=models.CASCADE, related_name="photos"
    )
    hidden = models.BooleanField(default=False)

    submission_field = "report"

    class Meta(api.SubmissionPhoto.Meta):
        verbose_name = _("defect photo")
        verbose_name_plural = _("defect photos")

    def __str__(self):
        return f"photo {self.position + 1} of report #{self.report_id}"


class DefectEvent(models.Model):
    """The full history of a report; public events carry public notes."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        STATUS = "status", _("Status changed")
        EDITED = "edited", _("Edited")
        PHOTO_HIDDEN = "photo_hidden", _("Photo hidden")
        PHOTO_SHOWN = "photo_shown", _("Photo shown")
        FORWARD_QUEUED = "forward_queued", _("Forwarding queued")
        FORWARD_SENT = "forward_sent", _("Forwarded")
        FORWARD_FAILED = "forward_failed", _("Forwarding failed")
        NOTICE_SENT = "notice_sent", _("Reporter notified")
        ANONYMISED = "anonymised", _("Contact data anonymised")
        BANNED = "banned", _("Reporter banned")
        NOTE = "note", _("Internal note")

    report = models.ForeignKey(
        DefectReport, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    public = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.report_id}"

    @staticmethod
    def _status_label(value):
        return Status(value).label if value in Status.values else value

    @property
    def from_status_label(self):
        return self._status_label(self.from_status)

    @property
    def to_status_label(self):
        return self._status_label(self.to_status)


class Forwarding(models.Model):
    """The send state of one report to one external recipient."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will retry")
        GAVE_UP = "gave_up", _("Failed, retries exhausted")

    report = models.ForeignKey(
        DefectReport, on_delete=models.CASCADE, related_name="forwardings"
    )
    recipient = models.ForeignKey(
        ExternalRecipient, on_delete=models.PROTECT, related_name="forwardings"
    )
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "recipient"], name="defects_forwarding_unique"
            )
        ]

    def __str__(self):
        return f"#{self.report_id} → {self.recipient} ({self.state})"


class BannedClient(api.ClientBan):
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="defect_bans",
    )

    class Meta(api.ClientBan.Meta):
        verbose_name = _("blocked sender")
        verbose_name_plural = _("blocked senders")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "value_hash"],
                name="defects_ban_unique",
            )
        ]

    panels = [
        FieldPanel("municipality"),
        FieldPanel("kind"),
        FieldPanel(
            "value_hash",
            help_text=_(
                "For e-mail bans, type the address: it is stored as a hash. "
                "IP and device bans are made from a report's page."
            ),
        ),
        FieldPanel("reason"),
        FieldPanel("expires_at"),
    ]


def hash_api_key(raw_key):
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiClient(models.Model):
    """An Open311 client allowed to POST requests for one municipality.

    Only the key's SHA-256 is stored; the key is shown once when issued.
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="defect_api_clients",
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(max_length=8, editable=False)
    active = models.BooleanField(verbose_name=_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def issue(cls, municipality, name):
        """Create a client; returns ``(client, raw_key)``."""
        raw_key = secrets.token_urlsafe(32)
        client = cls.objects.create(
            municipality=municipality,
            name=name,
            key_hash=hash_api_key(raw_key),
            key_prefix=raw_key[:8],
        )
        return client, raw_key
