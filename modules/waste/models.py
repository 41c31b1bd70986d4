"""The waste calendar: streets → a collection district per fraction → dates.

A street (one name in one locality) is split into *assignments*: a house-number
range with a parity (all, odd, even) that belongs to one collection district of
one fraction. A district has dates; the hazardous-waste mobile's districts are
stops with a place and times. Holiday shifts are explicit overrides (an
original date → the date collections really happen), generated from the
public holidays of the municipality's state and editable by staff.

Fractions and bulky-waste items are translatable snippets (wagtail-localize):
their names go through the same translation review workflow as every other
snippet, and the API picks the resident's language with a fallback to the
municipality's default locale. Every other row is language-neutral and points
at the fraction of the default locale.

Every row carries its municipality: admin querysets and API lookups are scoped
by it directly.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import TranslatableMixin

from rathaus.site.module_platform import api

from .services.normalise import search_key

MUNICIPALITY = "municipalities.Municipality"


class Fraction(TranslatableMixin, models.Model):
    """A kind of waste collected in a municipality (Restmüll, Papier, ...)."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Collected on dates (bins, bags)")
        CONTAINERS = "containers", _("Containers without dates (glass)")
        MOBILE = "mobile", _("Mobile collection with stops and times")
        ON_REQUEST = "on_request", _("On request (bulky waste)")

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="waste_fractions",
        verbose_name=_("municipality"),
    )
    key = models.SlugField(
        max_length=50,
        help_text=_(
            "A stable key (residual, bio, paper...); the same in every "
            "language. Push topics and calendar feeds use it."
        ),
        verbose_name=_("key"),
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.SCHEDULED
    )
    color = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        help_text=_("The bin's colour as #rrggbb, for the apps."),
    )
    icon = models.CharField(_("icon"), max_length=50, blank=True)
    sort_order = models.IntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "key"]
        verbose_name = _("waste fraction")
        verbose_name_plural = _("waste fractions")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key", "locale"],
                name="waste_fraction_key_unique",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def has_dates(self):
        return self.kind in (self.Kind.SCHEDULED, self.Kind.MOBILE)


class CollectionDistrict(models.Model):
    """A collection round (Bezirk) of one fraction, or a mobile stop."""

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="waste_districts",
        verbose_name=_("municipality"),
    )
    fraction = models.ForeignKey(
        Fraction,
        on_delete=models.CASCADE,
        related_name="districts",
        help_text=_("The fraction in the municipality's default language."),
        verbose_name=_("fraction"),
    )
    name = models.CharField(_("name"), max_length=200)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_("The id in the operator's system; imports match on it."),
    )
    location = models.CharField(
        _("stop"),
        max_length=300,
        blank=True,
        help_text=_("For mobile collections: where the vehicle stops."),
    )
    latitude = models.FloatField(null=True, blank=True, verbose_name=_("latitude"))
    longitude = models.FloatField(null=True, blank=True, verbose_name=_("longitude"))

    class Meta:
        ordering = ["fraction__sort_order", "name"]
        verbose_name = _("collection district")
        verbose_name_plural = _("collection districts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fraction", "name"],
                name="waste_district_name_unique",
            )
        ]

    def __str__(self):
        return f"{self.fraction.key}: {self.name}"


class Street(models.Model):
    """A street of a municipality (one name in one locality)."""

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="waste_streets",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    locality = models.CharField(
        _("locality"),
        max_length=200,
        blank=True,
        help_text=_("Ortsteil, where one name exists in two localities."),
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    search_key = models.CharField(
        max_length=200,
        editable=False,
        db_index=True,
        help_text="The name folded for prefix search (see services.normalise).",
        verbose_name=_("search key"),
    )
    external_id = models.CharField(_("external id"), max_length=100, blank=True)

    class Meta:
        ordering = ["search_key", "locality"]
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "locality"],
                name="waste_street_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["municipality", "search_key"], name="waste_street_search"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.locality})" if self.locality else self.name

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)


class Parity(models.TextChoices):
    ALL = "all", _("All house numbers")
    ODD = "odd", _("Odd house numbers")
    EVEN = "even", _("Even house numbers")


class StreetAssignment(models.Model):
    """Which district of a fraction collects a range of a street's houses."""

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    street = models.ForeignKey(
        Street,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("street"),
    )
    district = models.ForeignKey(
        CollectionDistrict,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("district"),
    )
    number_from = models.PositiveIntegerField(
        _("from house number"),
        null=True,
        blank=True,
        help_text=_("Empty: from the first house."),
    )
    number_to = models.PositiveIntegerField(
        _("to house number"),
        null=True,
        blank=True,
        help_text=_("Empty: to the last house."),
    )
    parity = models.CharField(
        _("house numbers"), max_length=4, choices=Parity.choices, default=Parity.ALL
    )

    class Meta:
        verbose_name = _("street assignment")
        verbose_name_plural = _("street assignments")
        indexes = [models.Index(fields=["street", "district"])]

    def __str__(self):
        return f"{self.street} → {self.district}"

    def covers(self, number):
        """Whether the house ``number`` (an int, or None for "any") is in it."""
        if number is None:
            return True
        if self.number_from is not None and number < self.number_from:
            return False
        if self.number_to is not None and number > self.number_to:
            return False
        if self.parity == Parity.ODD:
            return number % 2 == 1
        if self.parity == Parity.EVEN:
            return number % 2 == 0
        return True


class CollectionDate(models.Model):
    """One scheduled collection of a district (before holiday shifts)."""

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    district = models.ForeignKey(
        CollectionDistrict,
        on_delete=models.CASCADE,
        related_name="dates",
        verbose_name=_("district"),
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("collection date")
        verbose_name_plural = _("collection dates")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "date"], name="waste_date_unique"
            )
        ]
        indexes = [models.Index(fields=["municipality", "date"])]

    def __str__(self):
        return f"{self.district}: {self.date:%Y-%m-%d}"


class HolidayShift(models.Model):
    """Collections due on ``original_date`` happen on ``shifted_date``."""

    class Source(models.TextChoices):
        GENERATED = "generated", _("From the public holidays")
        MANUAL = "manual", _("Entered by staff")

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="waste_holiday_shifts",
        verbose_name=_("municipality"),
    )
    original_date = models.DateField(_("scheduled date"))
    shifted_date = models.DateField(_("collection date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    source = models.CharField(
        max_length=10,
        choices=Source.choices,
        default=Source.MANUAL,
        verbose_name=_("source"),
    )

    class Meta:
        ordering = ["original_date"]
        verbose_name = _("holiday shift")
        verbose_name_plural = _("holiday shifts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "original_date"],
                name="waste_shift_unique",
            )
        ]

    def __str__(self):
        return f"{self.original_date} → {self.shifted_date}"


class BulkyItem(TranslatableMixin, models.Model):
    """An item residents may put out for a bulky-waste pickup."""

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="waste_bulky_items",
        verbose_name=_("municipality"),
    )
    key = models.SlugField(max_length=50, verbose_name=_("key"))
    name = models.CharField(_("name"), max_length=200)
    max_quantity = models.PositiveIntegerField(
        _("at most"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    sort_order = models.IntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "key"]
        verbose_name = _("bulky-waste item")
        verbose_name_plural = _("bulky-waste items")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key", "locale"],
                name="waste_bulky_item_unique",
            )
        ]

    def __str__(self):
        return self.name


class BulkyWasteRecipient(api.ForwardingRecipient):
    """Where bulky-waste requests go: the operator (e-mail, webhook, Open311)."""

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="waste_recipients",
        verbose_name=_("municipality"),
    )

    class Meta(api.ForwardingRecipient.Meta):
        verbose_name = _("bulky-waste operator")
        verbose_name_plural = _("bulky-waste operators")


class BulkyWasteRequest(models.Model):
    """A resident's request for a bulky-waste pickup."""

    class Forwarding(models.TextChoices):
        PENDING = "pending", _("Waiting to be forwarded")
        FORWARDED = "forwarded", _("Forwarded to the operator")
        FAILED = "failed", _("Forwarding failed")
        NO_RECIPIENT = "no_recipient", _("No operator configured")

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="waste_bulky_requests",
        verbose_name=_("municipality"),
    )
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="+", verbose_name=_("street")
    )
    house_number = models.CharField(_("house number"), max_length=10)
    items = models.JSONField(pgettext_lazy("bulky waste", "items"), default=list)
    preferred_dates = models.JSONField(_("preferred dates"), default=list)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    forwarding_state = models.CharField(
        _("forwarding"),
        max_length=20,
        choices=Forwarding.choices,
        default=Forwarding.PENDING,
    )
    recipient = models.ForeignKey(
        BulkyWasteRecipient,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("recipient"),
    )
    forwarding_attempts = models.PositiveIntegerField(
        default=0, verbose_name=_("forwarding attempts")
    )
    forwarding_error = models.TextField(blank=True, verbose_name=_("forwarding error"))
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("next attempt")
    )
    external_id = models.CharField(
        max_length=200, blank=True, verbose_name=_("external ID")
    )
    forwarded_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("forwarded at")
    )
    confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("confirmation sent at")
    )
    client_hash = models.CharField(
        max_length=64, blank=True, editable=False, verbose_name=_("client hash")
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bulky-waste request")
        verbose_name_plural = _("bulky-waste requests")

    def __str__(self):
        return f"#{self.pk} {self.street} {self.house_number}"

    @property
    def address(self):
        return f"{self.street.name} {self.house_number}".strip()


class ImportSource(models.Model):
    """Where a municipality's calendar comes from, for repeated imports."""

    class Kind(models.TextChoices):
        ABFALLNAVI = "abfallnavi", _("regio iT AbfallNavi")
        ICS = "ics", _("Per-street iCalendar feeds")

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="waste_import_sources",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    service = models.CharField(
        _("AbfallNavi service"),
        max_length=50,
        blank=True,
        help_text=_("The service id in the AbfallNavi host name, e.g. aachen."),
    )
    place = models.CharField(
        _("AbfallNavi place"),
        max_length=200,
        blank=True,
        help_text=_("The place (Ort) name as AbfallNavi lists it."),
    )
    ics_url_template = models.URLField(
        _("ICS URL template"),
        max_length=500,
        blank=True,
        help_text=_("With {street} (and optionally {house}) in it."),
    )
    fraction_mapping = models.JSONField(
        _("fraction mapping"),
        default=dict,
        blank=True,
        help_text=_(
            'The source\'s fraction names to fraction keys, e.g. {"Restabfall": '
            '"residual"}.'
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("import source")
        verbose_name_plural = _("import sources")

    def __str__(self):
        return self.name

    @property
    def description(self):
        """What the source's runs say they imported from."""
        if self.kind == self.Kind.ABFALLNAVI:
            return f"AbfallNavi {self.service}/{self.place}"
        return f"ICS {self.ics_url_template}"[:300]


class ImportRun(api.BaseImportRun):
    """One import (``api.BaseImportRun``): what changed, what was refused
    (line and reason). CSV uploads have no source."""

    count_fields = ("created", "updated", "deleted", "unchanged", "refused")

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="waste_import_runs",
        verbose_name=_("municipality"),
    )
    source = models.ForeignKey(
        ImportSource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("source"),
    )
    kind = models.CharField(_("kind"), max_length=20)
    description = models.CharField(_("source"), max_length=300, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    deleted = models.PositiveIntegerField(_("deleted"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    report = models.JSONField(default=dict, blank=True, verbose_name=_("report"))

    class Meta(api.BaseImportRun.Meta):
        constraints = [
            api.one_active_per_source("source", "waste_importrun_one_active_per_source")
        ]

    def __str__(self):
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M}"

    @classmethod
    def fields_for(cls, source):
        return {"kind": source.kind, "description": source.description}


class ReminderLog(models.Model):
    """One reminder per (district, date): the idempotency of the daily task."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        UNAVAILABLE = "unavailable", _("No push provider")
        FAILED = "failed", _("Failed")

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    district = models.ForeignKey(
        CollectionDistrict,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("district"),
    )
    date = models.DateField(verbose_name=_("date"))
    status = models.CharField(
        max_length=20, choices=Status.choices, verbose_name=_("status")
    )
    detail = models.TextField(blank=True, verbose_name=_("detail"))
    sent_at = models.DateTimeField(auto_now=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("reminder log entry")
        verbose_name_plural = _("reminder log entries")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "date"], name="waste_reminder_unique"
            )
        ]

    def __str__(self):
        return f"{self.district} {self.date}: {self.status}"


class BulkyWasteBan(api.ClientBan):
    """A client or e-mail address whose bulky-waste requests are refused."""

    municipality = models.ForeignKey(
        MUNICIPALITY,
        on_delete=models.CASCADE,
        related_name="waste_bulky_bans",
        verbose_name=_("municipality"),
    )

    class Meta(api.ClientBan.Meta):
        verbose_name = _("bulky-waste ban")
        verbose_name_plural = _("bulky-waste bans")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "value_hash"],
                name="waste_bulky_ban_unique",
            )
        ]
