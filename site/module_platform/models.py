"""Which module is enabled where, with its settings, and who changed what."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleActivationQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)


class ModuleActivation(models.Model):
    """A module's state in one municipality. Disabling keeps the row and its
    settings, so enabling again brings everything back."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="module_activations",
    )
    module = models.CharField(_("module"), max_length=100, db_index=True)
    enabled = models.BooleanField(_("enabled"), default=False)
    settings = models.JSONField(
        _("settings"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ModuleActivationQuerySet.as_manager()

    class Meta:
        verbose_name = _("module activation")
        ordering = ["municipality", "module"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "module"],
                name="unique_module_activation_per_municipality",
            )
        ]
        indexes = [models.Index(fields=["module", "enabled"])]

    def __str__(self):
        state = "enabled" if self.enabled else "disabled"
        return f"{self.module} in {self.municipality_id}: {state}"


class ModuleActivationLog(models.Model):
    """The audit trail: one row per enable, disable or change of settings."""

    class Action(models.TextChoices):
        ENABLE = "enable", _("Enabled")
        DISABLE = "disable", _("Disabled")
        CONFIGURE = "configure", _("Configured")

    activation = models.ForeignKey(
        ModuleActivation, on_delete=models.CASCADE, related_name="logs"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The name at the time, kept when the user is deleted; blank for scripts.
    username = models.CharField(max_length=150, blank=True)
    settings_before = models.JSONField(
        default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    settings_after = models.JSONField(
        default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    #: ``{"setting": [before, after]}`` for every setting that changed.
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("module activation log entry")
        verbose_name_plural = _("module activation log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.activation.module}"
