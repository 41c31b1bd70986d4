"""Public read: moderated reports, nearby reports, categories."""

from django.db.models import Prefetch, prefetch_related_objects

from rathaus.site.module_platform import api

from ..models import (
    PUBLIC_STATUSES,
    DefectCategory,
    DefectPhoto,
    DefectReport,
    Status,
)
from .common import NEARBY_RADIUS_METRES


def public_reports(municipality, *, bbox=None, statuses=None, categories=None):
    """Moderated reports (never contact data), newest first, with their
    categories and visible photos.

    ``bbox`` is ``(south, west, north, east)``; ``categories`` service codes.
    """
    allowed = set(PUBLIC_STATUSES)
    if statuses:
        allowed &= {Status(status) for status in statuses}
    reports = (
        DefectReport.objects.filter(municipality=municipality, status__in=allowed)
        .select_related("category")
        .prefetch_related(visible_photos())
    )
    if bbox is not None:
        reports = api.in_bbox(reports, bbox)
    if categories:
        reports = reports.filter(category__code__in=categories)
    return reports.order_by("-published_at", "-pk")


def visible_photos():
    """Prefetch a report's photos that are not hidden, in their order."""
    return Prefetch(
        "photos",
        queryset=DefectPhoto.objects.filter(hidden=False).order_by("position", "pk"),
    )


def nearby_reports(municipality, latitude, longitude, category=None):
    """Public reports within ``NEARBY_RADIUS_METRES`` (same category if
    given), nearest first, as ``[(report, metres)]``."""
    reports = public_reports(municipality)
    if category:
        reports = reports.filter(category__code=category)
    return api.nearest(reports, latitude, longitude, NEARBY_RADIUS_METRES)


def categories_for(municipality, locale_code=None, active_only=True):
    """The municipality's categories in a language: the translation where one
    exists, else the default-locale row. Returns a list, in display order."""
    rows = DefectCategory.objects.filter(municipality=municipality).select_related(
        "locale"
    )
    if active_only:
        rows = rows.filter(active=True)
    by_key = {}
    for row in rows.order_by("sort_order", "name", "pk"):
        chosen = by_key.get(row.translation_key)
        if (
            locale_code
            and row.locale.language_code == locale_code
            or chosen is None
            or (
                row.locale_id == municipality.default_locale_id
                and not (locale_code and chosen.locale.language_code == locale_code)
            )
        ):
            by_key[row.translation_key] = row
    return sorted(by_key.values(), key=lambda row: (row.sort_order, row.name))


def categories_with_attributes(municipality, locale_code=None, active_only=True):
    """``categories_for`` with each category's attributes prefetched."""
    categories = categories_for(municipality, locale_code, active_only)
    prefetch_related_objects(categories, "attributes")
    return categories
