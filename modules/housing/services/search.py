"""Public read: published listings and their search."""

from django.utils import timezone

from rathaus.site.module_platform import api

from ..models import HousingListing, Status
from .common import benefit_limits


def public_listings(municipality):
    return HousingListing.objects.filter(
        municipality=municipality,
        status=Status.PUBLISHED,
        expires_at__gt=timezone.now(),
    )


#: Search argument -> lookup, applied when the argument is given.
BOUNDS = {
    "max_warm_rent": "warm_rent__lte",
    "min_rooms": "rooms__gte",
    "min_size": "size__gte",
    "available_from": "available_from__lte",  # the flat is free by then
}
#: Search argument -> lookup, applied when the argument is true or not empty.
MATCHES = {
    "accessible": "barrier_free",
    "wheelchair_accessible": "wheelchair_accessible",
    "district": "district",
    "kind": "kind",
}


def search_listings(
    municipality, settings, *, bbox=None, within_benefit_limit_for=None, **filters
):
    """Public listings matching the filters, newest first. ``bbox``: (south,
    west, north, east). ``within_benefit_limit_for``: the warm rent fits the
    configured limit for that household size (nothing if none is set)."""
    listings = public_listings(municipality)
    for name, lookup in BOUNDS.items():
        if filters.get(name) is not None:
            listings = listings.filter(**{lookup: filters[name]})
    for name, lookup in MATCHES.items():
        if filters.get(name):
            listings = listings.filter(**{lookup: filters[name]})
    if bbox is not None:
        listings = api.in_bbox(listings, bbox)
    if within_benefit_limit_for is not None:
        limit = benefit_limits(settings).get(within_benefit_limit_for)
        listings = (
            listings.filter(warm_rent__lte=limit)
            if limit is not None
            else listings.none()
        )
    return listings.order_by("-published_at", "-pk")
