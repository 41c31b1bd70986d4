"""Public read: published listings and their search."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from ..models import (
    HousingListing,
    Status,
)
from .common import benefit_limits, settings_for

# Public read ------------------------------------------------------------------------


def public_listings(municipality, now=None):
    now = now or timezone.now()
    return HousingListing.objects.filter(
        municipality=municipality, status=Status.PUBLISHED, expires_at__gt=now
    )


@dataclass
class Search:
    max_warm_rent: object = None
    min_rooms: object = None
    min_size: object = None
    accessible: bool | None = None
    wheelchair_accessible: bool | None = None
    available_from: date | None = None
    district: str | None = None
    kind: str | None = None
    bbox: tuple | None = None  # south, west, north, east
    within_benefit_limit_for: int | None = None


def search_listings(municipality, search, settings=None):
    """Public listings matching ``search``, newest first.

    ``available_from``: the flat is free by that date. ``accessible``:
    barrier-free. ``within_benefit_limit_for``: the warm rent fits the
    configured limit for that household size (nothing if none is set).
    """
    listings = public_listings(municipality)
    if search.max_warm_rent is not None:
        listings = listings.filter(warm_rent__lte=search.max_warm_rent)
    if search.min_rooms is not None:
        listings = listings.filter(rooms__gte=search.min_rooms)
    if search.min_size is not None:
        listings = listings.filter(size__gte=search.min_size)
    if search.accessible:
        listings = listings.filter(barrier_free=True)
    if search.wheelchair_accessible:
        listings = listings.filter(wheelchair_accessible=True)
    if search.available_from is not None:
        listings = listings.filter(available_from__lte=search.available_from)
    if search.district:
        listings = listings.filter(district=search.district)
    if search.kind:
        listings = listings.filter(kind=search.kind)
    if search.bbox is not None:
        south, west, north, east = search.bbox
        listings = listings.filter(
            latitude__gte=south,
            latitude__lte=north,
            longitude__gte=west,
            longitude__lte=east,
        )
    if search.within_benefit_limit_for is not None:
        limit = benefit_limits(settings or settings_for(municipality)).get(
            search.within_benefit_limit_for
        )
        listings = (
            listings.filter(warm_rent__lte=limit)
            if limit is not None
            else listings.none()
        )
    return listings.order_by("-published_at", "-pk")
