"""Public read: moderated reports, nearby reports, categories."""

import math

from rathaus.site.module_platform import api

from ..models import (
    PUBLIC_STATUSES,
    DefectCategory,
    DefectReport,
    Status,
)
from .common import EARTH_RADIUS_METRES, MODULE, NEARBY_RADIUS_METRES

# Public read ------------------------------------------------------------------


def public_status_filter(statuses=None):
    allowed = set(PUBLIC_STATUSES)
    if statuses:
        allowed &= {Status(status) for status in statuses}
    return sorted(allowed)


def public_reports(
    municipality,
    *,
    bbox=None,
    statuses=None,
    categories=None,
    since=None,
    limit=None,
):
    """Moderated reports (never contact data): newest first.

    ``bbox`` is ``(south, west, north, east)``; ``categories`` service codes.
    """
    reports = DefectReport.objects.filter(
        municipality=municipality, status__in=public_status_filter(statuses)
    )
    if bbox is not None:
        south, west, north, east = bbox
        reports = reports.filter(
            latitude__gte=south,
            latitude__lte=north,
            longitude__gte=west,
            longitude__lte=east,
        )
    if categories:
        reports = reports.filter(category__code__in=categories)
    if since is not None:
        reports = reports.filter(updated_at__gte=since)
    reports = reports.order_by("-published_at", "-pk")
    if limit is not None:
        reports = reports[:limit]
    return reports


def haversine_metres(lat1, lng1, lat2, lng2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lng2 - lng1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def bbox_around(latitude, longitude, radius):
    """A (south, west, north, east) box containing the circle."""
    dlat = math.degrees(radius / EARTH_RADIUS_METRES)
    cos_lat = max(math.cos(math.radians(latitude)), 1e-6)
    dlng = math.degrees(radius / (EARTH_RADIUS_METRES * cos_lat))
    return (latitude - dlat, longitude - dlng, latitude + dlat, longitude + dlng)


def nearby_reports(
    municipality,
    latitude,
    longitude,
    category=None,
    radius=NEARBY_RADIUS_METRES,
    statuses=None,
    queryset=None,
):
    """Public reports within ``radius`` metres (same category if given),
    nearest first: a bounding-box prefilter in SQL (indexed, works on every
    database), then the exact haversine distance in Python. Returns a list of
    ``(report, distance_in_metres)``."""
    south, west, north, east = bbox_around(latitude, longitude, radius)
    reports = (
        queryset
        if queryset is not None
        else public_reports(municipality, statuses=statuses)
    )
    reports = reports.filter(
        latitude__gte=south,
        latitude__lte=north,
        longitude__gte=west,
        longitude__lte=east,
    )
    if category:
        reports = reports.filter(category__code=category)
    found = []
    for report in reports:
        distance = haversine_metres(
            latitude, longitude, report.latitude, report.longitude
        )
        if distance <= radius:
            found.append((report, distance))
    found.sort(key=lambda item: (item[1], item[0].pk))
    return found


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


def module_enabled(municipality):
    return api.is_enabled(municipality, MODULE)
