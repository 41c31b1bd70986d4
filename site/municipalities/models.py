"""Municipalities are the tenants of Rathaus.

Wagtail is not multi-tenant by itself: each municipality gets its own Site,
home page (plus one locale root per offered language, siblings in the tree),
media collection and groups. Every municipal row elsewhere carries a
foreign key to ``Municipality``.
"""

from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Collection, Locale, Page, Site

from rathaus.site.settings.languages import get_content_language

from . import validators

DEFAULT_TIME_ZONE = "Europe/Berlin"


def validate_time_zone(value):
    """An IANA time zone name the system's zone database knows."""
    if value not in available_timezones():
        raise ValidationError(
            _("%(value)s is not an IANA time zone such as Europe/Berlin."),
            code="invalid_time_zone",
            params={"value": value},
        )


def zone_for_page(page):
    """The time zone of the municipality whose tree (in any locale) holds
    ``page``; the default zone for a page not (yet) in such a tree. One query."""
    zone = (
        Municipality.objects.holding_page(page)
        .values_list("time_zone", flat=True)
        .first()
    )
    return ZoneInfo(zone or DEFAULT_TIME_ZONE)


class MunicipalityQuerySet(models.QuerySet):
    def holding_page(self, page):
        """The municipality whose trees (in any locale) hold ``page``: its
        locale root is a translation of the municipality's home page. Empty
        for a page outside such a tree (or not saved yet)."""
        root_path = (getattr(page, "path", "") or "")[: Page.steplen * 2]
        if len(root_path) < Page.steplen * 2:
            return self.none()
        return self.filter(
            site__root_page__translation_key__in=Page.objects.filter(
                path=root_path
            ).values("translation_key")
        )

    def for_user(self, user):
        """The municipalities whose staff the user belongs to (all for superusers)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(roles__group__user=user).distinct()


class Municipality(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("City")
        COUNTY = "county", _("County")
        MUNICIPALITY = "municipality", _("Municipality")

    site = models.OneToOneField(
        Site, on_delete=models.PROTECT, related_name="municipality"
    )
    collection = models.OneToOneField(
        Collection, on_delete=models.PROTECT, related_name="municipality"
    )
    slug = models.SlugField(max_length=63, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ags = models.CharField(
        "AGS",
        max_length=8,
        unique=True,
        validators=[validators.validate_ags],
        help_text=_("Amtlicher Gemeindeschlüssel, 8 digits"),
    )
    ars = models.CharField(
        "ARS",
        max_length=12,
        unique=True,
        validators=[validators.validate_ars],
        help_text=_("Amtlicher Regionalschlüssel, 12 digits"),
    )
    postal_codes = models.JSONField(
        default=list, blank=True, validators=[validators.validate_postal_codes]
    )
    centre_latitude = models.FloatField(validators=[validators.validate_latitude])
    centre_longitude = models.FloatField(validators=[validators.validate_longitude])
    bbox_south = models.FloatField(validators=[validators.validate_latitude])
    bbox_west = models.FloatField(validators=[validators.validate_longitude])
    bbox_north = models.FloatField(validators=[validators.validate_latitude])
    bbox_east = models.FloatField(validators=[validators.validate_longitude])
    boundary = models.JSONField(
        null=True,
        blank=True,
        validators=[validators.validate_boundary],
        help_text=_("GeoJSON Polygon or MultiPolygon in WGS84"),
    )
    locales = models.ManyToManyField(Locale, related_name="municipalities")
    default_locale = models.ForeignKey(
        Locale, on_delete=models.PROTECT, related_name="default_for_municipalities"
    )
    partners = models.ManyToManyField("self", symmetrical=True, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_(
            "IANA time zone, e.g. Europe/Berlin. Events are entered, expanded and "
            "published in it."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        ordering = ["name"]
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.ags and self.ars:
            try:
                validators.validate_ags_matches_ars(self.ags, self.ars)
            except ValidationError as error:
                errors["ars"] = error
        coordinates = (self.bbox_south, self.bbox_west, self.bbox_north, self.bbox_east)
        if None not in coordinates:
            try:
                validators.validate_bounding_box(*coordinates)
            except ValidationError as error:
                errors["bbox_south"] = error
            else:
                if not self.contains_in_bbox(
                    self.centre_latitude, self.centre_longitude
                ):
                    errors["centre_latitude"] = ValidationError(
                        _("The map centre must lie inside the bounding box."),
                        code="centre_outside_bbox",
                    )
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self):
        try:
            return ZoneInfo(self.time_zone or DEFAULT_TIME_ZONE)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(DEFAULT_TIME_ZONE)

    @property
    def home_page(self):
        return self.site.root_page

    @property
    def bounding_box(self):
        return (self.bbox_south, self.bbox_west, self.bbox_north, self.bbox_east)

    def contains_in_bbox(self, latitude, longitude):
        if latitude is None or longitude is None:
            return False
        return (
            self.bbox_south <= latitude <= self.bbox_north
            and self.bbox_west <= longitude <= self.bbox_east
        )

    @cached_property
    def boundary_geometry(self):
        return validators.parse_boundary(self.boundary) if self.boundary else None

    def contains(self, latitude, longitude):
        """True if the point lies in the boundary, or the bounding box without one."""
        from shapely.geometry import Point

        if self.boundary_geometry is not None:
            return self.boundary_geometry.covers(Point(longitude, latitude))
        return self.contains_in_bbox(latitude, longitude)

    def random_position(self, rng, attempts=200):
        """A random (latitude, longitude) inside the municipality, for demo data.

        Rejection sampling in the bounding box against the boundary; the map
        centre if no sample lands inside.
        """
        for _attempt in range(attempts):
            latitude = rng.uniform(self.bbox_south, self.bbox_north)
            longitude = rng.uniform(self.bbox_west, self.bbox_east)
            if self.contains(latitude, longitude):
                return latitude, longitude
        return self.centre_latitude, self.centre_longitude

    def locale_roots(self):
        """The home page and its translations: one root per locale."""
        return Page.objects.filter(translation_key=self.home_page.translation_key)

    def locale_root(self, locale):
        return self.locale_roots().filter(locale=locale).first()

    def pages(self):
        """Every page in every locale tree of this municipality."""
        query = models.Q()
        for path in self.locale_roots().values_list("path", flat=True):
            query |= models.Q(path__startswith=path)
        return Page.objects.filter(query) if query else Page.objects.none()

    def language_info(self, locale):
        return get_content_language(locale.language_code)


class MunicipalityRole(models.Model):
    """A group of a municipality's staff. Translators and reviewers are per locale."""

    class Role(models.TextChoices):
        EDITORS = "editors", _("Editors")
        TRANSLATORS = "translators", _("Translators")
        REVIEWERS = "reviewers", _("Reviewers")
        MODULE_ADMINS = "module_admins", _("Module admins")

    PER_LOCALE = {Role.TRANSLATORS, Role.REVIEWERS}

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    locale = models.ForeignKey(
        Locale, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="municipality_role"
    )

    class Meta:
        verbose_name = _("municipality role")
        verbose_name_plural = _("municipality roles")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "role", "locale"],
                condition=models.Q(locale__isnull=False),
                name="unique_locale_role_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["municipality", "role"],
                condition=models.Q(locale__isnull=True),
                name="unique_role_per_municipality",
            ),
        ]

    def __str__(self):
        if self.locale_id:
            return f"{self.municipality}: {self.get_role_display()} ({self.locale})"
        return f"{self.municipality}: {self.get_role_display()}"


@register_setting(icon="site")
class MunicipalitySettings(BaseSiteSetting):
    """What a municipality's editors configure for its apps and websites."""

    app_name = models.CharField(max_length=100, blank=True, verbose_name=_("app name"))
    primary_colour = models.CharField(
        max_length=7,
        blank=True,
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #005a9c."))
        ],
        verbose_name=_("primary colour"),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    contact_email = models.EmailField(
        blank=True, verbose_name=_("contact e-mail address")
    )
    contact_phone = models.CharField(
        max_length=40, blank=True, verbose_name=_("contact phone")
    )
    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imprint page"),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy page"),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accessibility statement page"),
    )

    class Meta:
        verbose_name = _("municipality settings")
