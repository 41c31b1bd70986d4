"""Imports from a configured source (a job feed, a waste calendar service),
run as background tasks: queued by "Import now" or started by the scheduler,
one at a time per source, with their counts while they run.

A module subclasses :class:`BaseImportRun` with a foreign key to its source
model (named by ``source_field``), its counts as ``PositiveIntegerField``\\ s
(named by ``count_fields``) and the constraint :func:`one_active_per_source`;
its task takes ``(source_id, trigger=..., run_id=...)``. The admin side is
``import_admin.ImportNowViewSetMixin``.

A run is queued (the admin asked for it, a task will start it), running, then
succeeded, refused (the source's data was refused, nothing changed) or failed.
The database allows one queued or running run per source, so a second
"Import now", or the scheduler while an import runs, starts nothing: an insert
races no check. A run left queued or running by a worker that died is given up
after ``RATHAUS_IMPORT_STALE_MINUTES`` (default 180), so the source can be
imported again.

Counts so far: an import writes in one transaction, so the run's row shows its
counts only at the end; while it runs, :meth:`BaseImportRun.report_progress`
keeps them in the cache (across processes with Redis; with a per-process cache
the admin sees the state, and the counts once the run has finished).
"""

import datetime
import functools
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from .messages import Message, message_text

logger = logging.getLogger(__name__)

PROGRESS_TIMEOUT = 24 * 60 * 60
DEFAULT_STALE_MINUTES = 180
INTERRUPTED = Message(
    gettext_noop("The import stopped without finishing and was given up.")
)
NOT_QUEUED = Message(gettext_noop("The import could not be queued."))


def unexpected_error(error):
    """What a run records for an exception nobody expected (a bug, the
    database): its class, never its text, which may hold data."""
    return Message(
        gettext_noop("Unexpected error: %(error)s."), error=type(error).__name__
    )


def one_active_per_source(source_field, name):
    """The ``Meta.constraints`` entry: one queued or running run per source."""
    return models.UniqueConstraint(
        fields=[source_field],
        condition=models.Q(status__in=["queued", "running"]),
        name=name,
    )


class BaseImportRun(models.Model):
    """One import from a source; see the module's docstring."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        REFUSED = "refused", _("Refused, nothing changed")
        FAILED = "failed", _("Failed")

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)
    #: The foreign key to the source model.
    source_field = "source"
    #: The counts, fields of the subclass; the status page lists them.
    count_fields = ()

    trigger = models.CharField(_("trigger"), max_length=20, default="task")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    #: The error as an ``api.Message`` (rendered in the reader's language).
    error_detail = models.JSONField(
        _("error detail"), default=dict, blank=True, editable=False
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    # Queueing and starting -------------------------------------------------

    @classmethod
    def of_source(cls, source):
        return cls.objects.filter(**{cls.source_field: source})

    @classmethod
    def latest(cls, source):
        return cls.of_source(source).order_by("-pk").first()

    @classmethod
    def latest_by_source(cls, sources):
        """Source id -> its latest run, in one query."""
        field = cls.source_field
        latest = (
            cls.objects.filter(**{f"{field}__in": [source.pk for source in sources]})
            .values(field)
            .annotate(latest=Max("pk"))
            .values("latest")
        )
        runs = cls.objects.filter(pk__in=latest)
        return {getattr(run, f"{field}_id"): run for run in runs}

    @classmethod
    def release_stale(cls, source):
        """Fail the source's runs queued or running for too long (their
        worker died); returns how many."""
        now = timezone.now()
        minutes = getattr(
            settings, "RATHAUS_IMPORT_STALE_MINUTES", DEFAULT_STALE_MINUTES
        )
        return (
            cls.of_source(source)
            .filter(
                status__in=cls.ACTIVE_STATUSES,
                started_at__lt=now - datetime.timedelta(minutes=minutes),
            )
            .update(status=cls.Status.FAILED, finished_at=now, **INTERRUPTED.stored())
        )

    @classmethod
    def fields_for(cls, source):
        """Further fields of a new run of ``source`` (subclasses)."""
        return {}

    @classmethod
    def _create_active(cls, source, *, status, trigger, user=None):
        """A new queued or running run, or None when the source has one."""
        cls.release_stale(source)
        try:
            with transaction.atomic():
                return cls.objects.create(
                    municipality_id=source.municipality_id,
                    trigger=trigger,
                    status=status,
                    requested_by=user,
                    **{cls.source_field: source},
                    **cls.fields_for(source),
                )
        except IntegrityError:  # the constraint: one queued or running run
            return None

    @classmethod
    def queue(cls, source, *, trigger="admin", user=None):
        """``(run, True)`` with a new queued run, or ``(run, False)`` with the
        source's queued or running one: then nothing is to be enqueued."""
        run = cls._create_active(
            source, status=cls.Status.QUEUED, trigger=trigger, user=user
        )
        if run is not None:
            return run, True
        return cls.latest(source), False

    @classmethod
    def queue_task(cls, task, source, *, user=None):
        """Queue an import of ``source`` by ``user`` and enqueue ``task`` with
        it once the transaction commits; ``(run, queued)`` as :meth:`queue`."""
        run, queued = cls.queue(source, user=user)
        if queued:
            transaction.on_commit(functools.partial(run._enqueue, task))
        return run, queued

    def _enqueue(self, task):
        source_id = getattr(self, f"{self.source_field}_id")
        try:
            task.enqueue(source_id, trigger=self.trigger, run_id=self.pk)
        except Exception:  # the queue is down: the run must not wait forever
            logger.exception("Could not enqueue the import of %s", source_id)
            self.give_up()

    @classmethod
    def begin(cls, source, *, trigger, run_id=None):
        """The run to import now, marked running: the queued run ``run_id``,
        or a new one. None when that run is no longer queued (another worker
        took it) or another import of the source is queued or running."""
        if run_id is None:
            return cls._create_active(
                source, status=cls.Status.RUNNING, trigger=trigger
            )
        taken = (
            cls.of_source(source)
            .filter(pk=run_id, status=cls.Status.QUEUED)
            .update(status=cls.Status.RUNNING, started_at=timezone.now())
        )
        return cls.objects.get(pk=run_id) if taken else None

    def give_up(self, message=NOT_QUEUED):
        """Fail a queued run whose task could not be enqueued; ``message`` is
        an ``api.Message``."""
        type(self).objects.filter(pk=self.pk, status=self.Status.QUEUED).update(
            status=self.Status.FAILED, finished_at=timezone.now(), **message.stored()
        )

    def finish(self, status, error=None, **fields):
        """Record the end: ``status``, ``error`` (an ``api.Message`` or a
        text) and further fields (the counts). Writes these columns only, so
        a run whose source was deleted meanwhile still ends."""
        values = {"status": status, "finished_at": timezone.now(), **fields}
        if isinstance(error, Message):
            values.update(error.stored())
        elif error is not None:
            values["error"] = error
        for name, value in values.items():
            setattr(self, name, value)
        type(self).objects.filter(pk=self.pk).update(**values)
        self.forget_progress()
        return self

    # Progress and display ----------------------------------------------------

    def _progress_key(self):
        return f"imports:{self._meta.label_lower}:{self.pk}:progress"

    def report_progress(self, counts):
        """Publish the counts so far of a running import (one cache set);
        ``counts`` has the count fields as attributes."""
        so_far = {name: getattr(counts, name) for name in self.count_fields}
        cache.set(self._progress_key(), so_far, PROGRESS_TIMEOUT)

    def forget_progress(self):
        cache.delete(self._progress_key())

    def _so_far(self):
        """The counts a running import reported, or None."""
        if self.status != self.Status.RUNNING:
            return None
        return cache.get(self._progress_key())

    def counts(self):
        """The run's counts: so far while it runs, else as recorded."""
        if self.status == self.Status.RUNNING:
            so_far = self._so_far() or {}
            return {name: so_far.get(name, 0) for name in self.count_fields}
        return {name: getattr(self, name) for name in self.count_fields}

    def labelled_counts(self):
        """``(label, count)`` pairs for the status page."""
        counts = self.counts()
        return [
            (self._meta.get_field(name).verbose_name, counts[name])
            for name in self.count_fields
        ]

    def error_text(self):
        """The run's error in the active language."""
        return message_text(self.error, self.error_detail)

    def counts_text(self):
        """The counts in one line; subclasses say what they count."""
        return ", ".join(f"{count} {label}" for label, count in self.labelled_counts())

    def summary(self):
        """One line for the listing and the status page, in the active
        language."""
        label = self.get_status_display()
        if self.status == self.Status.QUEUED or (
            self.status == self.Status.RUNNING and self._so_far() is None
        ):
            return label  # no counts yet
        if self.status in (self.Status.FAILED, self.Status.REFUSED):
            return f"{label}: {self.error_text()}"
        return f"{label}: {self.counts_text()}"

    @staticmethod
    def summary_of(run):
        return gettext("Never imported") if run is None else run.summary()

    def as_json(self):
        """The run as the status page's JSON answer shows it."""
        return {
            "run": self.pk,
            "status": self.status,
            "label": str(self.get_status_display()),
            "active": self.is_active,
            "trigger": self.trigger,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "counts": self.counts(),
            "error": self.error_text(),
            "summary": self.summary(),
        }

    @staticmethod
    def json_of(run):
        if run is None:
            never = BaseImportRun.summary_of(None)
            return {"run": None, "status": None, "active": False, "summary": never}
        return run.as_json()
