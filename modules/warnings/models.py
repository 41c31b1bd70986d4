"""Official warnings (NINA) and the municipality's own notices.

``Alert`` is what residents see: one row per warning, whether NINA delivered
it (MoWaS, DWD, KATWARN, BIWAPP, LHP, police) or the municipality issued it
(a ``LocalNotice``). An Update replaces the row's content in place, so the id
an app received in a push keeps working; a Cancel withdraws it.
``SourceStatus`` holds each source's health and the conditional-request
state of the NINA dashboard.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .services.areas import validate_polygon


class Source(models.TextChoices):
    MOWAS = "mowas", _("MoWaS (federal warning system)")
    DWD = "dwd", _("German Weather Service (DWD)")
    KATWARN = "katwarn", "KATWARN"
    BIWAPP = "biwapp", "BIWAPP"
    LHP = "lhp", _("Flood portal (LHP)")
    POLICE = "police", _("Police")
    LOCAL = "local", _("Municipality")


#: NINA's provider names.
NINA_PROVIDERS = {
    "MOWAS": Source.MOWAS,
    "DWD": Source.DWD,
    "KATWARN": Source.KATWARN,
    "BIWAPP": Source.BIWAPP,
    "LHP": Source.LHP,
    "POLICE": Source.POLICE,
}
OFFICIAL_SOURCES = [source for source in Source if source != Source.LOCAL]


class Severity(models.TextChoices):
    EXTREME = "extreme", _("Extreme")
    SEVERE = "severe", _("Severe")
    MODERATE = "moderate", _("Moderate")
    MINOR = "minor", _("Minor")
    UNKNOWN = "unknown", _("Unknown")


#: Higher is more severe; "unknown" ranks lowest.
SEVERITY_RANK = {
    Severity.EXTREME: 4,
    Severity.SEVERE: 3,
    Severity.MODERATE: 2,
    Severity.MINOR: 1,
    Severity.UNKNOWN: 0,
}


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate")
    EXPECTED = "expected", _("Expected")
    FUTURE = "future", _("Future")
    PAST = "past", _("Past")
    UNKNOWN = "unknown", _("Unknown")


class Certainty(models.TextChoices):
    OBSERVED = "observed", _("Observed")
    LIKELY = "likely", _("Likely")
    POSSIBLE = "possible", _("Possible")
    UNLIKELY = "unlikely", _("Unlikely")
    UNKNOWN = "unknown", _("Unknown")


class AlertState(models.TextChoices):
    ACTIVE = "active", _("Active")
    ALL_CLEAR = "all_clear", _("All clear")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ENDED = "ended", _("Ended")


class RelayState(models.TextChoices):
    NONE = "none", _("Not relayed yet")
    BELOW_THRESHOLD = "below_threshold", _("Below the push threshold")
    PENDING = "pending", _("Pending (no push provider)")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Alert(models.Model):
    """One warning as residents see it (official or the municipality's own)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="warning_alerts",
        verbose_name=_("municipality"),
    )
    source = models.CharField(
        max_length=20, choices=Source.choices, verbose_name=_("source")
    )
    #: NINA's id of the first message of this warning, or the notice's uuid.
    key = models.CharField(max_length=200, verbose_name=_("key"))
    #: CAP identifier of the message now shown (changes with each Update).
    identifier = models.CharField(max_length=200, verbose_name=_("identifier"))
    #: sha256 of the message's canonical JSON: an unchanged payload is skipped.
    payload_hash = models.CharField(max_length=64, verbose_name=_("payload hash"))
    sender = models.CharField(max_length=200, blank=True, verbose_name=_("sender"))
    sender_name = models.CharField(
        max_length=300, blank=True, verbose_name=_("sender name")
    )
    sent = models.DateTimeField(verbose_name=_("sent at"))
    msg_type = models.CharField(
        max_length=20, default="Alert", verbose_name=_("message type")
    )
    severity = models.CharField(
        max_length=20, choices=Severity.choices, verbose_name=_("severity")
    )
    urgency = models.CharField(
        max_length=20, choices=Urgency.choices, verbose_name=_("urgency")
    )
    certainty = models.CharField(
        max_length=20, choices=Certainty.choices, verbose_name=_("certainty")
    )
    event = models.CharField(
        max_length=300, blank=True, verbose_name=pgettext_lazy("warning", "event")
    )
    onset = models.DateTimeField(null=True, blank=True, verbose_name=_("onset"))
    expires = models.DateTimeField(null=True, blank=True, verbose_name=_("expires"))
    web = models.URLField(max_length=500, blank=True, verbose_name=_("web page"))
    #: ``{language: {"headline", "description", "instruction", "event",
    #: "sender_name", "machine_translated"}}``; description and instruction
    #: as the source wrote them (``<br/>`` included).
    texts = models.JSONField(default=dict, verbose_name=_("texts"))
    source_language = models.CharField(
        max_length=20, default="de", verbose_name=_("source language")
    )
    area_description = models.TextField(blank=True, verbose_name=_("area description"))
    #: GeoJSON geometry (RFC 7946) or null when only geocodes are known.
    area = models.JSONField(null=True, blank=True, verbose_name=_("area"))
    geocodes = models.JSONField(default=list, blank=True, verbose_name=_("geocodes"))
    state = models.CharField(
        max_length=20,
        choices=AlertState.choices,
        default=AlertState.ACTIVE,
        verbose_name=_("state"),
    )
    all_clear_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("all-clear at")
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("withdrawn at")
    )
    ended_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ended at"))
    first_seen_at = models.DateTimeField(
        auto_now_add=True, verbose_name=_("first seen at")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    relay_state = models.CharField(
        max_length=20,
        choices=RelayState.choices,
        default=RelayState.NONE,
        verbose_name=_("push state"),
    )
    #: payload_hash of the last version pushed (relaying is idempotent).
    relayed_hash = models.CharField(
        max_length=64, blank=True, verbose_name=_("pushed hash")
    )
    relayed_severity = models.CharField(
        max_length=20, blank=True, verbose_name=_("pushed severity")
    )
    relayed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("pushed at")
    )
    relay_error = models.TextField(blank=True, verbose_name=_("push error"))
    #: Whether the withdrawal or all-clear of a relayed warning was pushed.
    closing_relayed = models.BooleanField(
        default=False, verbose_name=_("closing pushed")
    )

    class Meta:
        ordering = ["-sent", "-pk"]
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key"], name="unique_warning_key"
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "state"]),
            models.Index(fields=["municipality", "identifier"]),
        ]

    def __str__(self):
        return self.headline or self.identifier

    @property
    def headline(self):
        text = self.texts.get(self.source_language) or {}
        return text.get("headline", "")

    @property
    def severity_rank(self):
        return SEVERITY_RANK.get(self.severity, 0)


class SourceStatus(models.Model):
    """A source's health for one municipality, and the feed's validators."""

    #: The NINA dashboard itself (all providers arrive through it).
    NINA = "nina"

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="warning_sources",
        verbose_name=_("municipality"),
    )
    #: ``nina`` or one of ``Source``.
    source = models.CharField(max_length=20, verbose_name=_("source"))
    etag = models.CharField(max_length=200, blank=True, verbose_name=_("ETag"))
    last_modified = models.CharField(
        max_length=100, blank=True, verbose_name=_("last modified")
    )
    last_attempt_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last attempt at")
    )
    last_success_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last success at")
    )
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    last_error_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last error at")
    )
    consecutive_failures = models.PositiveIntegerField(
        default=0, verbose_name=_("consecutive failures")
    )
    #: No request before this time (backoff after failures).
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("next attempt at")
    )
    active_count = models.PositiveIntegerField(
        default=0, verbose_name=_("active warnings")
    )
    #: NINA only: ``{item id: [fingerprint, alert id or null]}`` of the last
    #: dashboard, so unchanged items cost no detail request. Updates and
    #: Cancels add ``{"replaces"|"cancels": [identifiers they reference]}``.
    seen_items = models.JSONField(
        default=dict, blank=True, verbose_name=_("seen items")
    )

    class Meta:
        ordering = ["municipality", "source"]
        verbose_name = _("warning source status")
        verbose_name_plural = _("warning source statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source"], name="unique_warning_source"
            )
        ]

    def __str__(self):
        return f"{self.municipality}: {self.source}"

    @property
    def healthy(self):
        return self.consecutive_failures == 0 and self.last_success_at is not None


class Category(models.TextChoices):
    """CAP 1.2 categories."""

    GEO = "Geo", _("Geophysical")
    MET = "Met", _("Weather")
    SAFETY = "Safety", _("Public safety")
    SECURITY = "Security", _("Security")
    RESCUE = "Rescue", _("Rescue")
    FIRE = "Fire", _("Fire")
    HEALTH = "Health", _("Health")
    ENV = "Env", _("Environment")
    TRANSPORT = "Transport", _("Transport")
    INFRA = "Infra", _("Utilities and infrastructure")
    CBRNE = "CBRNE", _("Chemical, biological, radiological, nuclear, explosive")
    OTHER = "Other", _("Other")


class LocalNotice(models.Model):
    """A warning, instruction or all-clear the municipality issues itself."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        INSTRUCTION = "instruction", _("Instruction")
        ALL_CLEAR = "all_clear", _("All clear")

    class AreaMode(models.TextChoices):
        MUNICIPALITY = "municipality", _("The whole municipality")
        POLYGON = "polygon", _("An area drawn on the map")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        LIFTED = "lifted", _("Lifted")

    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UUID")
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="warning_notices",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.WARNING
    )
    sender_name = models.CharField(
        _("sender"),
        max_length=200,
        help_text=_("Shown to residents, e.g. 'Feuerwehr Castrop-Rauxel'."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default="Safety"
    )
    event = models.CharField(
        pgettext_lazy("warning", "event"),
        max_length=200,
        help_text=_("E.g. 'Großbrand', 'Bombenfund'."),
    )
    headline = models.CharField(_("headline (German)"), max_length=200)
    description = models.TextField(_("description (German)"))
    instruction = models.TextField(
        _("instruction (German)"),
        blank=True,
        help_text=_("What residents should do, e.g. 'Fenster und Türen schließen'."),
    )
    severity = models.CharField(
        _("severity"), max_length=20, choices=Severity.choices, default=Severity.SEVERE
    )
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.IMMEDIATE
    )
    certainty = models.CharField(
        _("certainty"),
        max_length=20,
        choices=Certainty.choices,
        default=Certainty.OBSERVED,
    )
    area_mode = models.CharField(
        _("area"),
        max_length=20,
        choices=AreaMode.choices,
        default=AreaMode.MUNICIPALITY,
    )
    area_description = models.CharField(
        _("area description"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 'Innenstadt, nördlich der Bahnlinie'."),
    )
    area_polygon = models.JSONField(
        _("area on the map"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON polygon drawn on the map."),
    )
    expires = models.DateTimeField(_("expires"))
    web = models.URLField(_("web link"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    #: Each issue, update and lift is one CAP message; this counts them.
    revision = models.PositiveIntegerField(default=0, verbose_name=_("revision"))
    #: (identifier, sent ISO) of every CAP message sent, oldest first.
    messages = models.JSONField(default=list, blank=True, verbose_name=_("messages"))
    issued_at = models.DateTimeField(null=True, blank=True, verbose_name=_("issued at"))
    lifted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("lifted at"))
    lift_message = models.TextField(_("all-clear text (German)"), blank=True)
    alert = models.OneToOneField(
        Alert,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="local_notice",
        editable=False,
        verbose_name=_("alert"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("local notice")
        verbose_name_plural = _("local notices")

    def __str__(self):
        return self.headline

    def clean(self):
        if self.area_mode == self.AreaMode.POLYGON:
            if not self.area_polygon:
                raise ValidationError({"area_polygon": _("Draw the area on the map.")})
            validate_polygon(self.area_polygon, field="area_polygon")
        elif self.area_polygon:
            self.area_polygon = None
