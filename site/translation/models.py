"""Rows of the translation workflow: status, machine translation, jobs, sharing."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from rathaus.site.municipalities.models import Municipality

from .state import Status


class TranslationStatus(models.Model):
    """The one status of a source page's translation into one locale.

    Keyed by the page's ``translation_key`` (shared by the source page and all
    its translations) and the target locale. A cache of ``state.derive``:
    written only by ``status.refresh``, which recomputes it from the facts;
    ``manage.py translation_status --check`` proves it equals them.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="translation_statuses"
    )
    translation_key = models.UUIDField(db_index=True)
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    source_page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.MISSING
    )
    machine_unreviewed = models.BooleanField(
        default=False,
        help_text=_("Machine-translated segments remain that no person reviewed."),
    )
    machine_segments = models.PositiveIntegerField(default=0)
    words_total = models.PositiveIntegerField(default=0)
    words_left = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation status")
        verbose_name_plural = _("translation statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"],
                name="unique_translation_status",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="translation_status_is_known",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "locale", "status"])]

    def __str__(self):
        return f"{self.translation_key} [{self.locale_id}]: {self.status}"


class LiveTranslation(models.Model):
    """Which source segments the live text of a translated page translates.

    Written when a reviewer's approval publishes the page (and by nothing
    else), so it records reviewed text only. ``segments`` holds the
    ``[context_id, string_id]`` keys of the source segments that had a
    translation in the approved content.
    """

    page = models.OneToOneField(
        Page, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField()
    segments = models.JSONField(default=list)

    class Meta:
        verbose_name = _("live translation")
        verbose_name_plural = _("live translations")

    def __str__(self):
        return f"{self.page_id}: {len(self.segments)} reviewed segments live"


class MachineTranslationSettings(models.Model):
    """Machine translation for one municipality and target locale."""

    class Provider(models.TextChoices):
        DEEPL = "deepl", "DeepL"
        LIBRETRANSLATE = "libretranslate", "LibreTranslate"
        OFFLINE = "offline", _("Offline (deterministic, for demo and tests)")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="machine_translation_settings",
        verbose_name=_("municipality"),
    )
    locale = models.ForeignKey(
        Locale, on_delete=models.CASCADE, related_name="+", verbose_name=_("language")
    )
    enabled = models.BooleanField(default=True, verbose_name=_("enabled"))
    provider = models.CharField(
        max_length=20, choices=Provider.choices, verbose_name=_("provider")
    )
    yearly_word_budget = models.PositiveIntegerField(
        default=100_000,
        help_text=_("Words per calendar year; 0 means none."),
        verbose_name=_("yearly word budget"),
    )

    class Meta:
        verbose_name = _("machine translation settings")
        verbose_name_plural = _("machine translation settings")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "locale"], name="unique_mt_settings"
            )
        ]

    def __str__(self):
        return f"{self.municipality} → {self.locale}: {self.get_provider_display()}"

    def clean(self):
        if (
            self.municipality_id
            and self.locale_id
            and not self.municipality.locales.filter(pk=self.locale_id).exists()
        ):
            raise ValidationError(
                {"locale": _("The municipality does not offer this language.")}
            )
        if self.enabled:
            from .machine import missing_configuration  # machine imports models

            missing = missing_configuration(self.provider)
            if missing:
                raise ValidationError({"provider": missing})


class MachineTranslationUsage(models.Model):
    """Words machine-translated per municipality, locale and calendar year."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+"
    )
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    words = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("machine translation usage")
        verbose_name_plural = _("machine translation usage")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "locale", "year"], name="unique_mt_usage"
            )
        ]

    def __str__(self):
        return f"{self.municipality} {self.locale} {self.year}: {self.words}"


class SubtreeTranslationJob(models.Model):
    """Progress of "translate this subtree into locale X" (a background task)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+"
    )
    root_page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    machine_translate = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(max_length=10, choices=State.choices, default="queued")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("subtree translation")
        verbose_name_plural = _("subtree translations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.root_page} → {self.locale}: {self.done}/{self.total}"

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else 0


class SharedPage(models.Model):
    """A page of one municipality shown, read-only, in a partner's tree.

    The partner gets Wagtail aliases (one per locale both offer) under
    ``partner_parent``'s translations; Wagtail keeps aliases in step on
    publish and they cannot be edited.
    """

    source_page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="shared_with_me"
    )
    partner_parent = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shared page")
        verbose_name_plural = _("shared pages")
        constraints = [
            models.UniqueConstraint(
                fields=["source_page", "partner"], name="unique_shared_page"
            )
        ]

    def __str__(self):
        return f"{self.source_page} → {self.partner}"
