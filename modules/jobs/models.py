"""Job offers, their connectors (sources) and import history.

Every offer and connector belongs to one municipality. An offer is identified
by ``(municipality, source, external_reference)``: imports upsert on that key,
so the same ad from the same source is stored once per municipality.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api


class OfferKind(models.TextChoices):
    JOB = "job", _("Job")
    TRAINING = "training", _("Training place (Ausbildung)")
    INTERNSHIP = "internship", _("Internship")
    SELF_EMPLOYMENT = "self_employment", _("Self-employment")


class WorkingTime(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    FULL_OR_PART_TIME = "full_or_part_time", _("Full or part time")
    SHIFTS = "shifts", _("Shifts, nights, weekends")
    MINI_JOB = "mini_job", _("Mini job")


class PostalCodeArea(models.Model):
    """A postal code's place and centroid, for radius search by postal code.

    Reference data shared by every municipality; import it with
    ``manage.py import_postal_codes file.csv``.
    """

    code = models.CharField(max_length=10, unique=True)
    place = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["code"]
        verbose_name = _("postal code area")

    def __str__(self):
        return f"{self.code} {self.place}".strip()


class ConnectorQuerySet(models.QuerySet):
    def failing(self):
        """Connectors whose last error is newer than their last success (the
        rule of ``Connector.status``, in SQL)."""
        return self.exclude(last_error="").filter(
            models.Q(last_success_at__isnull=True)
            | models.Q(last_error_at__gte=models.F("last_success_at"))
        )


class Connector(models.Model):
    """A source of offers for one municipality, with its settings and state."""

    class Kind(models.TextChoices):
        JOBSEARCH = "jobsearch", _("Federal Employment Agency job search API")
        FEED = "feed", _("Feed (JSON, JSON Lines, CSV or XML)")
        MANUAL = "manual", _("Manual entries by staff")

    class FeedFormat(models.TextChoices):
        JSON = "json", "JSON"
        JSON_LINES = "jsonl", "JSON Lines"
        CSV = "csv", "CSV"
        XML = "xml", "XML"

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="job_connectors",
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices)
    source = models.SlugField(
        verbose_name=_("source"),
        max_length=60,
        help_text=_(
            "Identifies where offers come from; offers are deduplicated by "
            "source and reference number (e.g. 'arbeitsagentur', 'hwk-oberfranken')."
        ),
    )
    enabled = models.BooleanField(verbose_name=_("enabled"), default=True)

    # Job-search API
    base_url = models.URLField(
        verbose_name=_("base URL"),
        blank=True,
        default="https://rest.arbeitsagentur.de/jobboerse/jobsuche-service",
    )
    version_path = models.CharField(
        verbose_name=_("version path"),
        max_length=40,
        blank=True,
        default="pc/v4",
        help_text=_("Path of the API version, e.g. 'pc/v4' or 'pc/v6'."),
    )
    # Stored server-side only: never in the API, never rendered in the admin.
    api_key = models.CharField(verbose_name=_("API key"), max_length=200, blank=True)
    postal_code = models.CharField(
        verbose_name=_("postal code"), max_length=10, blank=True
    )
    radius_km = models.PositiveIntegerField(verbose_name=_("radius (km)"), default=25)
    offer_kinds = models.JSONField(
        verbose_name=_("offer kinds"),
        default=list,
        blank=True,
        help_text=_("Kinds to import; empty means the module's setting."),
    )
    fetch_details = models.BooleanField(
        verbose_name=_("fetch details"),
        default=True,
        help_text=_("Fetch each new or changed offer's details (description...)."),
    )
    max_pages = models.PositiveIntegerField(verbose_name=_("maximum pages"), default=20)

    # Feed
    feed_url = models.URLField(verbose_name=_("feed URL"), blank=True, max_length=1000)
    feed_format = models.CharField(
        verbose_name=_("feed format"),
        max_length=10,
        choices=FeedFormat.choices,
        blank=True,
    )
    field_mapping = models.JSONField(
        verbose_name=_("field mapping"),
        default=dict,
        blank=True,
        help_text=_(
            "Offer field -> feed key: a column (CSV), a dotted path (JSON) or a "
            "child path / '@attribute' (XML). E.g. {\"external_reference\": "
            '"id", "title": "title"}.'
        ),
    )
    items_path = models.CharField(
        verbose_name=_("items path"),
        max_length=200,
        blank=True,
        help_text=_(
            "JSON: the ijson prefix of the offers ('item' for a top-level "
            "array, 'offers.item' for {\"offers\": [...]}). XML: the tag of "
            "one offer element."
        ),
    )
    csv_delimiter = models.CharField(
        verbose_name=_("CSV delimiter"), max_length=1, blank=True, default=","
    )

    # State
    last_run_at = models.DateTimeField(
        verbose_name=_("last run"), null=True, blank=True
    )
    last_success_at = models.DateTimeField(
        verbose_name=_("last success"), null=True, blank=True
    )
    last_error = models.TextField(verbose_name=_("last error"), blank=True)
    # The last error as a message to render in the reader's language
    # (``api.Message.detail()``); empty for errors stored before it.
    last_error_detail = models.JSONField(
        verbose_name=_("last error detail"), default=dict, blank=True, editable=False
    )
    last_error_at = models.DateTimeField(
        verbose_name=_("last error at"), null=True, blank=True
    )
    offer_count = models.PositiveIntegerField(verbose_name=_("offers"), default=0)

    objects = ConnectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("job source")
        verbose_name_plural = _("job sources")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="jobs_connector_unique_name"
            )
        ]

    def __str__(self):
        return self.name

    def get_last_error_display(self):
        """The last error in the active language (the admin's inspect view
        and listing show this)."""
        return api.message_text(self.last_error, self.last_error_detail)

    @property
    def status(self):
        if self.last_run_at is None:
            return _("never run")
        if self.last_error and (
            self.last_success_at is None or self.last_error_at >= self.last_success_at
        ):
            return _("failing")
        return _("ok")

    def clean(self):
        from .connectors.feed import validate_mapping

        errors = {}
        if self.kind == self.Kind.FEED:
            if not self.feed_format:
                errors["feed_format"] = _("A feed needs a format.")
            try:
                validate_mapping(self.field_mapping)
            except ValidationError as error:
                errors["field_mapping"] = error.messages
        if self.kind == self.Kind.JOBSEARCH:
            if not self.base_url:
                errors["base_url"] = _("The job-search API needs a base URL.")
            if not self.postal_code:
                errors["postal_code"] = _("Search needs a postal code.")
        unknown = set(self.offer_kinds or []) - set(OfferKind.values)
        if unknown:
            errors["offer_kinds"] = _("Unknown kinds: %s") % ", ".join(sorted(unknown))
        if errors:
            raise ValidationError(errors)


class JobOfferQuerySet(models.QuerySet):
    def current(self, today=None):
        """Offers that have not expired."""
        today = today or timezone.localdate()
        return self.filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gte=today)
        )


class JobOffer(models.Model):
    MANUAL_SOURCE = "manual"

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="job_offers",
    )
    connector = models.ForeignKey(
        Connector,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
        editable=False,
    )
    source = models.SlugField(
        verbose_name=_("source"), max_length=60, default=MANUAL_SOURCE, editable=False
    )
    external_reference = models.CharField(
        verbose_name=_("reference number"), max_length=200, blank=True
    )
    external_url = models.URLField(
        verbose_name=_("external URL"), max_length=1000, blank=True
    )

    title = models.CharField(verbose_name=_("title"), max_length=300)
    employer = models.CharField(verbose_name=_("employer"), max_length=300)
    occupation = models.CharField(
        verbose_name=_("occupation"), max_length=300, blank=True
    )
    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=OfferKind.choices
    )
    working_time = models.CharField(
        verbose_name=_("working time"),
        max_length=20,
        choices=WorkingTime.choices,
        blank=True,
    )
    start_date = models.DateField(verbose_name=_("start date"), null=True, blank=True)
    description = models.TextField(verbose_name=_("description"), blank=True)

    street = models.CharField(verbose_name=_("street"), max_length=200, blank=True)
    postal_code = models.CharField(
        verbose_name=_("postal code"), max_length=10, blank=True
    )
    place = models.CharField(verbose_name=_("place"), max_length=200, blank=True)
    latitude = models.FloatField(verbose_name=_("latitude"), null=True, blank=True)
    longitude = models.FloatField(verbose_name=_("longitude"), null=True, blank=True)

    # [{"language": "de", "level": "B1"}, ...]
    language_requirements = models.JSONField(
        verbose_name=_("language requirements"), default=list, blank=True
    )
    # ",de,en," - the requirement languages, searchable on every database.
    languages = models.CharField(max_length=200, blank=True, editable=False)
    suitable_for_refugees = models.BooleanField(
        verbose_name=_("suitable for refugees"), default=False
    )

    published_at = models.DateField(
        verbose_name=_("published on"), null=True, blank=True
    )
    expires_at = models.DateField(verbose_name=_("expires on"), null=True, blank=True)
    source_modified_at = models.CharField(max_length=40, blank=True, editable=False)

    import_run = models.ForeignKey(
        "ImportRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source", "external_reference"],
                name="jobs_offer_unique_reference",
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "kind"]),
            models.Index(fields=["municipality", "latitude", "longitude"]),
            models.Index(fields=["municipality", "expires_at"]),
        ]

    def __str__(self):
        return f"{self.title} ({self.employer})"

    def save(self, *args, **kwargs):
        if not self.external_reference:
            self.external_reference = f"{self.MANUAL_SOURCE}-{uuid.uuid4().hex[:12]}"
        self.languages = languages_column(self.language_requirements)
        super().save(*args, **kwargs)

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        if self.latitude is not None and not (
            -90 <= self.latitude <= 90 and -180 <= self.longitude <= 180
        ):
            raise ValidationError(_("The position is not a valid WGS84 position."))


def languages_column(requirements):
    codes = sorted(
        {str(item.get("language", "")).lower() for item in requirements or [] if item}
        - {""}
    )
    return f",{','.join(codes)}," if codes else ""


class ImportRun(api.BaseImportRun):
    """One import of a connector (``api.BaseImportRun``)."""

    source_field = "connector"
    count_fields = ("seen", "created", "updated", "unchanged", "skipped", "removed")

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="job_import_runs",
    )
    connector = models.ForeignKey(
        Connector, on_delete=models.CASCADE, related_name="runs"
    )
    seen = models.PositiveIntegerField(_("offers read"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    removed = models.PositiveIntegerField(_("removed"), default=0)

    class Meta(api.BaseImportRun.Meta):
        constraints = [
            api.one_active_per_source(
                "connector", "jobs_importrun_one_active_per_connector"
            )
        ]

    def __str__(self):
        return f"{self.connector} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    def counts_text(self):
        text = gettext(
            "%(seen)s read, %(created)s new, %(updated)s updated, %(removed)s removed"
        )
        return text % self.counts()
