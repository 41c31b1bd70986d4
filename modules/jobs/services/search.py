"""Offer search: by text, kind, language and distance from a postal code."""

import math
from dataclasses import dataclass

from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from rathaus.site.module_platform import api

from ..models import (
    JobOffer,
    OfferKind,
)
from ..records import LANGUAGE_CODE
from .common import MODULE, SearchError
from .postal_codes import position_of_postal_code

EARTH_RADIUS_KM = 6371.0088
MAX_RADIUS_KM = 200
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


@dataclass
class SearchResult:
    offers: list
    total_count: int


def _distance_km(latitude, longitude):
    """Haversine distance from a point, as an SQL expression (SQLite and
    PostgreSQL both have the math functions Django needs)."""
    lat0 = math.radians(latitude)
    lng0 = math.radians(longitude)
    half_dlat = (Radians(F("latitude")) - Value(lat0)) / Value(2.0)
    half_dlng = (Radians(F("longitude")) - Value(lng0)) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(math.cos(lat0)) * Cos(
        Radians(F("latitude"))
    ) * Power(Sin(half_dlng), 2)
    return Value(2 * EARTH_RADIUS_KM) * ASin(
        Sqrt(Least(Value(1.0), a, output_field=FloatField()))
    )


def search_offers(
    municipality,
    *,
    kind=None,
    text=None,
    near=None,
    postal_code=None,
    radius_km=None,
    suitable_for_refugees=None,
    language=None,
    first=DEFAULT_PAGE_SIZE,
    offset=0,
):
    """One page of current offers and the total count.

    ``near`` is a (latitude, longitude) pair. With a position (``near`` or a
    postal code's centroid) offers are limited to the radius (default: the
    module's setting) and ordered by distance, each with ``distance_km``.
    """
    errors = {}
    if kind is not None and kind not in OfferKind.values:
        errors["kind"] = [f"Unknown kind {kind!r}."]
    if radius_km is not None and not 0 < radius_km <= MAX_RADIUS_KM:
        errors["radiusKm"] = [
            f"The radius must be above 0 and at most {MAX_RADIUS_KM} km."
        ]
    if near is not None and postal_code:
        errors["near"] = ["Give either near or postalCode, not both."]
    if radius_km is not None and near is None and not postal_code:
        errors["radiusKm"] = ["A radius needs near or postalCode."]
    if near is not None and not (-90 <= near[0] <= 90 and -180 <= near[1] <= 180):
        errors["near"] = ["Not a WGS84 position."]
    if language is not None and not LANGUAGE_CODE.match(language.lower()):
        errors["language"] = [f"{language!r} is not a language code."]
    if first is not None and not 0 <= first <= MAX_PAGE_SIZE:
        errors["first"] = [f"The page size must be between 0 and {MAX_PAGE_SIZE}."]
    if offset is not None and offset < 0:
        errors["offset"] = ["The offset cannot be negative."]
    if errors:
        raise SearchError(errors)
    offers = JobOffer.objects.current().filter(municipality=municipality)
    if kind:
        offers = offers.filter(kind=kind)
    if suitable_for_refugees is not None:
        offers = offers.filter(suitable_for_refugees=suitable_for_refugees)
    if language:
        offers = offers.filter(languages__contains=f",{language.lower()},")
    for word in (text or "").split()[:8]:
        offers = offers.filter(
            Q(title__icontains=word)
            | Q(employer__icontains=word)
            | Q(occupation__icontains=word)
            | Q(description__icontains=word)
            | Q(place__icontains=word)
        )
    if postal_code:
        near = position_of_postal_code(postal_code)
    if near is not None:
        if radius_km is None:
            radius_km = api.get_settings(municipality, MODULE)[
                "default_search_radius_km"
            ]
        box = api.bbox_around(near[0], near[1], radius_km * 1000)
        offers = (
            api.in_bbox(offers, box)
            .annotate(distance_km=_distance_km(*near))
            .filter(distance_km__lte=radius_km)
            .order_by("distance_km", "-published_at", "pk")
        )
    else:
        offers = offers.order_by("-published_at", "-pk")
    total = offers.count()
    page = list(offers[offset : offset + first]) if first else []
    return SearchResult(offers=page, total_count=total)


def get_offer(municipality, pk):
    return JobOffer.objects.current().filter(municipality=municipality, pk=pk).first()
