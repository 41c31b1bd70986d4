"""Translatable snippets: contacts (per municipality) and location categories."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Contact(TranslatableMixin, index.Indexed, models.Model):
    """A person or office residents can reach; shown on pages and locations."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("municipality"),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("e.g. Integration officer"),
        verbose_name=_("role"),
    )
    organisation = models.CharField(
        max_length=200, blank=True, verbose_name=_("organisation")
    )
    email = models.EmailField(blank=True, verbose_name=_("e-mail address"))
    phone = models.CharField(max_length=40, blank=True, verbose_name=_("phone"))
    address = models.TextField(blank=True, verbose_name=_("address"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    languages = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Languages spoken, e.g. Deutsch, English"),
        verbose_name=_("languages"),
    )
    office_hours = models.TextField(blank=True, verbose_name=_("office hours"))

    panels = [
        FieldPanel("municipality"),
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("address"),
        FieldPanel("website"),
        FieldPanel("languages"),
        FieldPanel("office_hours"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("organisation"),
        index.SearchField("role"),
        # Staff find "Bürgerbüro" by typing "Bürg" (listing and chooser).
        index.AutocompleteField("name"),
        index.AutocompleteField("organisation"),
        index.FilterField("municipality"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


# schema.org types (subtypes of Place) a category's places are published as.
SCHEMA_TYPES = [
    ("Place", _("Place")),
    ("GovernmentOffice", _("Government office")),
    ("GovernmentBuilding", _("Government building")),
    ("CivicStructure", _("Civic structure")),
    ("Library", _("Library")),
    ("School", _("School")),
    ("Museum", _("Museum")),
    ("MedicalClinic", _("Medical clinic")),
    ("Hospital", _("Hospital")),
    ("Park", _("Park")),
    ("Playground", _("Playground")),
    ("PublicToilet", _("Public toilet")),
    ("ParkingFacility", _("Parking")),
    ("TouristInformationCenter", _("Tourist information")),
    ("SportsActivityLocation", _("Sports facility")),
    ("PlaceOfWorship", _("Place of worship")),
]


class LocationCategory(TranslatableMixin, models.Model):
    """A platform-wide category of places, e.g. counselling, doctor, school."""

    name = models.CharField(max_length=100, verbose_name=_("name"))
    slug = models.SlugField(max_length=100, verbose_name=_("short name"))
    icon = models.CharField(
        max_length=50,
        blank=True,
        help_text=_("An icon name the apps know, e.g. 'school'."),
        verbose_name=_("icon"),
    )
    colour = models.CharField(
        max_length=7, blank=True, help_text=_("e.g. #005a9c"), verbose_name=_("colour")
    )
    schema_type = models.CharField(
        _("schema.org type"),
        max_length=40,
        choices=SCHEMA_TYPES,
        default="Place",
        help_text=_("How search engines and apps classify places of this category."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("icon"),
        FieldPanel("colour"),
        FieldPanel("schema_type"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("location category")
        ordering = ["name"]
        verbose_name_plural = _("location categories")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_location_category_slug"
            )
        ]

    def __str__(self):
        return self.name
