"""The housing exchange (Wohnraumbörse): listings, their photos and
translations, contact relay messages, reports, the ban list and the record of
trusted landlords. Every row belongs to a municipality (directly or through
its listing).

Personal data (the landlord's e-mail and name, senders' addresses, client
hashes) lives only on ``HousingListing``, ``HousingContact`` and
``HousingReport`` rows and is deleted with them by the purge
(``services.purge``). The exact address of a flat is never stored: the
landlord gives it to interested people directly.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from rathaus.site.module_platform import api


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    IN_MODERATION = "in_moderation", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Kind(models.TextChoices):
    FLAT = "flat", _("Flat")
    SHARED_FLAT = "shared_flat", _("Room in a shared flat (WG)")


class Pets(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    NOT_ALLOWED = "not_allowed", _("Not allowed")
    ON_REQUEST = "on_request", _("On request")


class RunningCost(models.TextChoices):
    """What the running costs (Nebenkosten) cover."""

    WATER = "water", _("Water and sewage")
    WASTE = "waste", _("Waste collection")
    PROPERTY_TAX = "property_tax", _("Property tax")
    INSURANCE = "insurance", _("Building insurance")
    CARETAKER = "caretaker", _("Caretaker")
    CLEANING = "cleaning", _("Cleaning of common areas")
    GARDEN = "garden", _("Garden care")
    LIFT = "lift", _("Lift")
    CHIMNEY = "chimney", _("Chimney sweep")
    STREET_CLEANING = "street_cleaning", _("Street cleaning")
    LIGHTING = "lighting", _("Common lighting")
    CABLE = "cable", _("Cable TV or internet")
    HOT_WATER = "hot_water", _("Hot water")
    OTHER = "other", _("Other")


class CertificateType(models.TextChoices):
    """The kind of energy certificate (GEG §87 Abs. 1 Nr. 1)."""

    DEMAND = "demand", _("Energy demand certificate (Bedarfsausweis)")
    CONSUMPTION = "consumption", _("Energy consumption certificate (Verbrauchsausweis)")


class EnergyCarrier(models.TextChoices):
    """The main energy carrier of the heating (GEG §87 Abs. 1 Nr. 3)."""

    GAS = "gas", _("Natural gas")
    OIL = "oil", _("Heating oil")
    DISTRICT_HEATING = "district_heating", _("District heating")
    ELECTRICITY = "electricity", _("Electricity")
    HEAT_PUMP = "heat_pump", _("Heat pump (electricity)")
    WOOD = "wood", _("Wood, pellets, wood chips")
    LIQUID_GAS = "liquid_gas", _("Liquid gas")
    SOLAR = "solar", _("Solar thermal")
    COAL = "coal", _("Coal")
    OTHER = "other", _("Other")


class EfficiencyClass(models.TextChoices):
    A_PLUS = "A+", "A+"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"
    F = "F", "F"
    G = "G", "G"
    H = "H", "H"


class EnergyExemption(models.TextChoices):
    """Why an ad may lack energy data. GEG §79 Abs. 4 exempts listed buildings
    and small buildings (under 50 m² usable floor space) from the certificate,
    and without a certificate §87 has nothing to require."""

    NONE = "", _("Not exempt: energy data required")
    LISTED_BUILDING = "listed_building", _("Listed building (Baudenkmal)")
    SMALL_BUILDING = "small_building", _("Small building under 50 m²")


def row(*names):
    """Admin fields side by side."""
    return FieldRowPanel([FieldPanel(name) for name in names])


class HousingLandlord(models.Model):
    """A landlord whose listings a moderator has approved before, known only by
    the hash of the e-mail address (so "first-time landlord" survives the
    purge of their listings without keeping the address)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="housing_landlords",
    )
    email_hash = models.CharField(max_length=64)
    approved_listings = models.PositiveIntegerField(default=0)
    first_approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("landlord")
        verbose_name_plural = _("landlords")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "email_hash"],
                name="housing_landlord_unique",
            )
        ]

    def __str__(self):
        return f"landlord {self.email_hash[:10]}…"


class HousingListing(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="housing_listings",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.UNCONFIRMED,
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.FLAT
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"))
    #: The language of title and description (a locale of the municipality).
    language = models.CharField(_("language"), max_length=10, default="de")

    # Where: the district and an approximate position only (see services.
    # approximate_position); the exact address is never stored.
    district = models.CharField(
        pgettext_lazy("housing", "district"), max_length=100, blank=True
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    rooms = models.DecimalField(_("rooms"), max_digits=4, decimal_places=1)
    size = models.DecimalField(_("size in m²"), max_digits=7, decimal_places=2)
    floor = models.SmallIntegerField(
        _("floor"),
        null=True,
        blank=True,
        help_text=_("0 is the ground floor, -1 the basement."),
    )
    has_lift = models.BooleanField(_("lift"), default=False)

    cold_rent = models.DecimalField(_("cold rent"), max_digits=8, decimal_places=2)
    running_costs = models.DecimalField(
        _("running costs"), max_digits=8, decimal_places=2, default=0
    )
    running_costs_include = models.JSONField(
        _("running costs include"), default=list, blank=True
    )
    heating_costs = models.DecimalField(
        _("heating costs"), max_digits=8, decimal_places=2, default=0
    )
    #: cold rent + running costs + heating; kept for searching.
    warm_rent = models.DecimalField(
        _("warm rent"), max_digits=9, decimal_places=2, editable=False
    )
    deposit = models.DecimalField(
        _("deposit"), max_digits=9, decimal_places=2, default=0
    )

    available_from = models.DateField(_("available from"))
    available_until = models.DateField(
        _("available until"),
        null=True,
        blank=True,
        help_text=_("For a sublet (Zwischenmiete)."),
    )
    furnished = models.BooleanField(_("furnished"), default=False)
    barrier_free = models.BooleanField(_("barrier-free"), default=False)
    wheelchair_accessible = models.BooleanField(
        _("wheelchair accessible"), default=False
    )
    wbs_required = models.BooleanField(
        _("WBS required"),
        default=False,
        help_text=_("A Wohnberechtigungsschein is needed."),
    )
    pets = models.CharField(
        _("pets"),
        max_length=20,
        choices=Pets.choices,
        default=Pets.ON_REQUEST,
    )

    # Energy data required in ads by GEG §87.
    energy_exemption = models.CharField(
        _("energy certificate exemption"),
        max_length=20,
        choices=EnergyExemption.choices,
        blank=True,
        default="",
    )
    energy_certificate_type = models.CharField(
        _("energy certificate type"),
        max_length=20,
        choices=CertificateType.choices,
        blank=True,
    )
    energy_value = models.DecimalField(
        _("energy value in kWh/(m²·a)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
    )
    energy_carrier = models.CharField(
        _("energy carrier"),
        max_length=20,
        choices=EnergyCarrier.choices,
        blank=True,
    )
    construction_year = models.PositiveSmallIntegerField(
        _("construction year"), null=True, blank=True
    )
    efficiency_class = models.CharField(
        _("efficiency class"),
        max_length=2,
        choices=EfficiencyClass.choices,
        blank=True,
    )

    # Lifecycle.
    duration_days = models.PositiveSmallIntegerField(_("duration in days"), default=14)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    #: Changes whenever a token is used, so every e-mailed link works once.
    token_nonce = models.CharField(max_length=32, default="", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Moderation.
    flagged_terms = models.JSONField(default=list, blank=True, editable=False)
    moderation_note = models.TextField(_("moderation note"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    # Personal data: never public, deleted by the purge.
    landlord_name = models.CharField(_("landlord's name"), max_length=200, blank=True)
    landlord_email = models.EmailField(_("landlord's e-mail address"))
    landlord_email_hash = models.CharField(max_length=64, editable=False)
    client_ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    client_device_hash = models.CharField(max_length=64, blank=True, editable=False)

    panels = [
        FieldPanel("municipality"),
        row("kind", "language"),
        FieldPanel("title"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("district"), row("latitude", "longitude")],
            heading=_("Where (approximate: snapped to a 300 m grid on saving)"),
        ),
        row("rooms", "size", "floor", "has_lift"),
        MultiFieldPanel(
            [
                row("cold_rent", "running_costs", "heating_costs", "deposit"),
                FieldPanel("running_costs_include"),
            ],
            heading=_("Costs (euros per month; deposit at most 3 cold rents)"),
        ),
        row("available_from", "available_until"),
        row(
            "furnished", "barrier_free", "wheelchair_accessible", "wbs_required", "pets"
        ),
        MultiFieldPanel(
            [
                FieldPanel("energy_exemption"),
                row("energy_certificate_type", "energy_value", "energy_carrier"),
                row("construction_year", "efficiency_class"),
            ],
            heading=_("Energy certificate (GEG §87)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel(name)
                for name in ("status", "duration_days", "expires_at", "moderation_note")
            ],
            heading=_("Lifecycle"),
        ),
        MultiFieldPanel(
            [FieldPanel("landlord_name"), FieldPanel("landlord_email")],
            heading=_("Landlord (never public)"),
        ),
    ]

    class Meta:
        verbose_name = _("housing listing")
        verbose_name_plural = _("housing listings")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(
                fields=["municipality", "status", "expires_at"],
                name="housing_public_idx",
            ),
            models.Index(
                fields=["municipality", "status", "warm_rent"],
                name="housing_rent_idx",
            ),
            models.Index(fields=["expires_at"], name="housing_expiry_idx"),
        ]
        permissions = [("moderate_housinglisting", "Can moderate housing listings")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.warm_rent = (
            (self.cold_rent or 0)
            + (self.running_costs or 0)
            + (self.heating_costs or 0)
        )
        if self.landlord_email:
            self.landlord_email_hash = api.email_hash(self.landlord_email)
        if not self.token_nonce:
            self.token_nonce = uuid.uuid4().hex
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {
                "warm_rent",
                "landlord_email_hash",
                "token_nonce",
            }
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )


class HousingListingTranslation(models.Model):
    """Title and description of a listing in another of the municipality's
    languages; ``machine_translated`` until someone reviews it."""

    listing = models.ForeignKey(
        HousingListing, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=300)
    description = models.TextField()
    machine_translated = models.BooleanField(default=True)
    #: A hash of the source text, so an edit is translated again.
    source_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("listing translation")
        verbose_name_plural = _("listing translations")
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "language"], name="housing_translation_unique"
            )
        ]

    def __str__(self):
        return f"{self.listing_id} [{self.language}]"


#: Named by migration 0001.
photo_path = api.SubmissionPhoto.public_large.field.upload_to


class HousingPhoto(api.SubmissionPhoto):
    """A cleaned photo; public copies only while the listing is published."""

    listing = models.ForeignKey(
        HousingListing, on_delete=models.CASCADE, related_name="photos"
    )

    submission_field = "listing"

    class Meta(api.SubmissionPhoto.Meta):
        verbose_name = _("listing photo")
        verbose_name_plural = _("listing photos")

    def __str__(self):
        return f"photo {self.position + 1} of listing #{self.listing_id}"


class HousingContact(models.Model):
    """A message relayed from an interested person to the landlord. Neither
    address is shown to the other until the landlord answers."""

    listing = models.ForeignKey(
        HousingListing, on_delete=models.CASCADE, related_name="contacts"
    )
    sender_email = models.EmailField()
    message = models.TextField()
    client_ip_hash = models.CharField(max_length=64, blank=True)
    client_device_hash = models.CharField(max_length=64, blank=True)
    reply_nonce = models.CharField(max_length=32, default="", editable=False)
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"contact #{self.pk} for listing #{self.listing_id}"

    def save(self, *args, **kwargs):
        if not self.reply_nonce:
            self.reply_nonce = uuid.uuid4().hex
        super().save(*args, **kwargs)


class ReportReason(models.TextChoices):
    DISCRIMINATION = "discrimination", _("Discriminatory")
    SCAM = "scam", _("Suspected scam")
    WRONG = "wrong", _("Wrong or misleading information")
    UNAVAILABLE = "unavailable", _("No longer available")
    OTHER = "other", _("Other")


class HousingReport(models.Model):
    """ "Report this listing": feeds the moderation queue."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="housing_reports",
    )
    listing = models.ForeignKey(
        HousingListing,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("listing"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    message = models.TextField(_("message"), blank=True)
    client_ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    client_device_hash = models.CharField(max_length=64, blank=True, editable=False)
    resolved_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [FieldPanel("reason"), FieldPanel("message"), FieldPanel("resolved_at")]

    class Meta:
        verbose_name = _("listing report")
        verbose_name_plural = _("listing reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_reason_display()}: listing #{self.listing_id}"


class HousingBan(api.ClientBan):
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="housing_bans",
    )
    value_hash = models.CharField(
        _("value"),
        max_length=254,
        help_text=_(
            "For e-mail bans, type the address: it is stored as a hash. IP and "
            "device bans are made from a listing in the moderation queue."
        ),
    )

    panels = [
        FieldPanel("municipality"),
        FieldPanel("kind"),
        FieldPanel("value_hash"),
        FieldPanel("reason"),
        FieldPanel("expires_at"),
    ]

    class Meta(api.ClientBan.Meta):
        verbose_name = _("blocked sender")
        verbose_name_plural = _("blocked senders")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "value_hash"],
                name="housing_ban_unique",
            )
        ]
