"""Devices, messages and delivery counts.

A device is anonymous: its municipality, language, transport, the transport's
token or subscription, the topics it follows and when it last checked in.
No IP address, no account, nothing about the person. Delivery counts are kept
per message and locale, never per device.
"""

import hashlib

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail_localize.fields import SynchronizedField, TranslatableField


def token_digest(token):
    """The key a token is unique by (tokens and endpoints can be long)."""
    return hashlib.sha256(token.encode()).hexdigest()


class Transport(models.TextChoices):
    FCM = "fcm", _("Firebase Cloud Messaging (Android, iOS)")
    WEBPUSH = "webpush", _("Web Push (browsers)")
    UNIFIEDPUSH = "unifiedpush", _("UnifiedPush (phones without Google services)")


class Device(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="push_devices",
        verbose_name=_("municipality"),
    )
    locale = models.CharField(max_length=20, verbose_name=_("language"))
    transport = models.CharField(
        max_length=20, choices=Transport.choices, verbose_name=_("transport")
    )
    #: The FCM registration token or the Web Push endpoint URL.
    token = models.TextField(verbose_name=_("token"))
    token_hash = models.CharField(
        max_length=64, editable=False, verbose_name=_("token hash")
    )
    #: Web Push and UnifiedPush: the subscription's public key and secret.
    p256dh = models.CharField(
        max_length=200, blank=True, verbose_name=_("P-256 public key")
    )
    auth = models.CharField(max_length=100, blank=True, verbose_name=_("auth secret"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    last_seen = models.DateTimeField(db_index=True, verbose_name=_("last seen"))

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        constraints = [
            models.UniqueConstraint(
                fields=["transport", "token_hash"],
                name="notifications_device_unique_token",
            )
        ]
        indexes = [models.Index(fields=["municipality", "locale"])]

    def __str__(self):
        return f"{self.get_transport_display()} ({self.locale})"

    def save(self, *args, **kwargs):
        self.token_hash = token_digest(self.token)
        super().save(*args, **kwargs)


class Subscription(models.Model):
    """A device follows a topic (``news``, ``waste:district-12:paper``...)."""

    device = models.ForeignKey(
        Device,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("device"),
    )
    topic = models.CharField(max_length=200, verbose_name=_("topic"))

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "device"], name="notifications_subscription_unique"
            )
        ]

    def __str__(self):
        return self.topic


class Urgency(models.TextChoices):
    VERY_LOW = "very-low", _("Very low")
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")


class MissingLocale(models.TextChoices):
    FALLBACK = "fallback", _("Send the German text")
    SKIP = "skip", _("Skip that language")


class Message(models.Model):
    """One message to one topic of one municipality, as it goes out.

    ``title`` and ``body`` map locale codes to text. Editorial messages are
    written as ``Announcement`` snippets and copied here when they go out;
    modules create messages directly through ``api.send_push``.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", pgettext_lazy("push message status", "Cancelled")

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="push_messages",
        verbose_name=_("municipality"),
    )
    topic = models.CharField(max_length=200, verbose_name=_("topic"))
    #: ``editorial`` or the identifier of the module that sent it.
    origin = models.CharField(
        max_length=50, default="editorial", verbose_name=_("origin")
    )
    title = models.JSONField(default=dict, verbose_name=_("title"))
    body = models.JSONField(default=dict, verbose_name=_("text"))
    url = models.URLField(max_length=500, blank=True, verbose_name=_("URL"))
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))
    machine_translated = models.JSONField(
        default=list, blank=True, verbose_name=_("machine translated")
    )
    default_locale = models.CharField(max_length=20, verbose_name=_("default locale"))
    missing_locale = models.CharField(
        max_length=10,
        choices=MissingLocale.choices,
        default=MissingLocale.FALLBACK,
        verbose_name=_("missing locale"),
    )
    urgency = models.CharField(
        max_length=10,
        choices=Urgency.choices,
        default=Urgency.NORMAL,
        verbose_name=_("urgency"),
    )
    collapse_key = models.CharField(
        max_length=64, blank=True, verbose_name=_("collapse key")
    )
    dedupe_key = models.CharField(
        max_length=200, blank=True, verbose_name=_("dedupe key")
    )
    ignore_quiet_hours = models.BooleanField(
        default=False, verbose_name=_("ignore quiet hours")
    )
    time_to_live = models.PositiveIntegerField(
        default=86400, verbose_name=_("time to live")
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.SCHEDULED,
        verbose_name=_("status"),
    )
    #: When it may go out at the earliest (schedule and quiet hours applied).
    send_after = models.DateTimeField(db_index=True, verbose_name=_("send after"))
    queued_at = models.DateTimeField(null=True, blank=True, verbose_name=_("queued at"))
    started_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("started at")
    )
    #: Updated after every batch: a sending message that stops moving resumes.
    progress_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("progress at")
    )
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    #: The last device id handled, so a retried task resumes after it.
    cursor = models.BigIntegerField(default=0, verbose_name=_("cursor"))
    announcement = models.ForeignKey(
        "notifications.Announcement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        verbose_name=_("announcement"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("push message")
        verbose_name_plural = _("push messages")
        ordering = ["-send_after", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notifications_message_unique_dedupe_key",
            )
        ]
        indexes = [models.Index(fields=["municipality", "status", "sent_at"])]

    def __str__(self):
        return self.title.get(self.default_locale, "") or self.topic

    def text_for(self, locale):
        """(title, body, fallback) in ``locale``, or None to skip that locale."""
        if locale in self.title:
            return self.title[locale], self.body.get(locale, ""), False
        if self.missing_locale == MissingLocale.SKIP:
            return None
        return (
            self.title.get(self.default_locale, ""),
            self.body.get(self.default_locale, ""),
            True,
        )


class Delivery(models.Model):
    """Counts for one message in one locale: never per device or person."""

    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("message"),
    )
    locale = models.CharField(max_length=20, verbose_name=_("language"))
    #: The text went out in the default locale because no translation existed.
    fallback = models.BooleanField(default=False, verbose_name=_("fallback"))
    skipped = models.BooleanField(default=False, verbose_name=_("skipped"))
    sent = models.PositiveIntegerField(default=0, verbose_name=_("sent"))
    failed = models.PositiveIntegerField(default=0, verbose_name=_("failed"))
    pruned = models.PositiveIntegerField(default=0, verbose_name=_("removed"))

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["locale"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "locale"], name="notifications_delivery_unique"
            )
        ]

    def __str__(self):
        return f"{self.locale}: {self.sent} sent"


class Announcement(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    models.Model,
):
    """A message an editor writes in German; translated like a page.

    wagtail-localize translates it (title and text; everything else follows
    the source), each translation goes through the municipality's review
    workflow of its locale, and ``send`` takes the live text of every locale.
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="push_announcements",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), max_length=500)
    topic = models.CharField(
        _("topic"),
        max_length=200,
        default="news",
        help_text=_("Who receives it: the devices that follow this topic."),
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("link to a page or event"),
        help_text=_("Opened when the resident taps the message."),
    )
    scheduled_at = models.DateTimeField(
        _("send at"),
        null=True,
        blank=True,
        help_text=_("Europe/Berlin. Empty: as soon as it is sent off."),
    )
    missing_locale = models.CharField(
        _("where a translation is missing"),
        max_length=10,
        choices=MissingLocale.choices,
        default=MissingLocale.FALLBACK,
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    partners = models.ManyToManyField(
        "municipalities.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("also send to partner municipalities"),
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="notifications_announcement",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="notifications_announcement",
        for_concrete_model=False,
    )

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("text"),
        SynchronizedField("municipality"),
        SynchronizedField("topic"),
        SynchronizedField("link_page"),
        SynchronizedField("scheduled_at"),
        SynchronizedField("missing_locale"),
        SynchronizedField("urgency"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("push message")
        verbose_name_plural = _("push messages")
        permissions = [("send_announcement", _("Can send push messages"))]

    def __str__(self):
        return self.title

    def get_workflow(self):
        """Translations go through their locale's review, like pages; the
        German source is published by editors directly. A message not yet
        assigned to a municipality (the empty create form) has Wagtail's
        default."""
        if self.municipality_id is None:
            return self.get_default_workflow()
        municipality = self.municipality
        if self.locale_id == municipality.default_locale_id:
            return None
        root = municipality.locale_root(self.locale)
        return root.get_workflow() if root is not None else None
