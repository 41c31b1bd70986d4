"""Shared models: idempotency keys, photo uploads of anonymous clients and
the scheduler's claims."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .photos import private_storage


class IdempotencyKey(models.Model):
    """One submission attempt's key; see ``rathaus.site.core.idempotency``."""

    scope = models.CharField(max_length=100)
    key = models.CharField(max_length=200)
    client_hash = models.CharField(max_length=64, blank=True)
    request_fingerprint = models.CharField(max_length=64)
    result_reference = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key"], name="core_idempotency_key_unique"
            )
        ]

    def __str__(self):
        return f"{self.scope}:{self.key}"


def upload_original_path(instance, filename):
    return f"uploads/{instance.purpose}/original/{instance.token}-{filename}"


def upload_large_path(instance, filename):
    return f"uploads/{instance.purpose}/large/{instance.token}-{filename}"


def upload_thumbnail_path(instance, filename):
    return f"uploads/{instance.purpose}/thumbnail/{instance.token}-{filename}"


class Upload(models.Model):
    """A checked, cleaned photo waiting to be attached to a submission.

    Created by ``POST /api/uploads/``; the token is single-use, expires, and
    is bound to the municipality and the client that uploaded it. Every file
    lives in private storage: nothing here has a public URL.
    """

    token = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=40)  # the module, e.g. "defects"
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    client_hash = models.CharField(max_length=64)
    original = models.FileField(
        storage=private_storage, upload_to=upload_original_path, max_length=255
    )
    original_content_type = models.CharField(max_length=40)
    large = models.FileField(
        storage=private_storage, upload_to=upload_large_path, max_length=255
    )
    thumbnail = models.FileField(
        storage=private_storage, upload_to=upload_thumbnail_path, max_length=255
    )
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self):
        return f"upload {self.token[:8]}… ({self.purpose})"


class ScheduledRun(models.Model):
    """One periodic job's claim on one interval slot.

    The unique (job, slot) row is the scheduler's lock: of two schedulers
    (replicas) due at the same time, only the one whose insert succeeds
    enqueues the task. ``slot`` is the Unix time divided by the interval.
    """

    job = models.CharField(max_length=200)
    slot = models.BigIntegerField()
    claimed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(
                fields=["job", "slot"], name="core_scheduled_run_unique"
            )
        ]

    def __str__(self):
        return f"{self.job} @ {self.slot}"
