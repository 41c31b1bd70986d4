"""Queries: search and read published listings, and the options."""

import graphene
from django.db.models import Prefetch, prefetch_related_objects

from rathaus.site.module_platform import api

from .. import services
from ..forms import MAX_PHOTOS
from ..models import HousingListingTranslation, HousingPhoto
from .types import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MODULE,
    HousingBenefitLimit,
    HousingKind,
    HousingListingList,
    HousingListingType,
    HousingOptions,
    enum_value,
)


class HousingBoundingBoxInput(graphene.InputObjectType):
    south = graphene.Float(required=True)
    west = graphene.Float(required=True)
    north = graphene.Float(required=True)
    east = graphene.Float(required=True)


def _prepare(listings, municipality, locale, settings):
    """Fetch photos and the asked language's translation in two queries and
    attach what the fields need, so the query count never depends on size."""
    prefetch_related_objects(
        listings,
        Prefetch(
            "photos",
            queryset=HousingPhoto.objects.exclude(public_large="").order_by(
                "position", "pk"
            ),
        ),
        Prefetch(
            "translations",
            queryset=HousingListingTranslation.objects.filter(language=locale or ""),
        ),
    )
    limits = services.benefit_limits(settings)
    for listing in listings:
        listing.municipality = municipality
        listing.benefit_limits = limits
        listing.shown = services.text_in(listing, locale)
    return listings


def _check_number(value, name, minimum=0):
    if value is not None and (value != value or value < minimum or value > 1e7):
        raise api.ValidationFailed(fields={name: [f"Send a number from {minimum}."]})


class HousingQuery(graphene.ObjectType):
    housing_listings = graphene.Field(
        HousingListingList,
        required=True,
        municipality=graphene.String(required=True),
        locale=graphene.String(description="Language code for title and description."),
        max_warm_rent=graphene.Float(),
        min_rooms=graphene.Float(),
        min_size=graphene.Float(description="Square metres."),
        accessible=graphene.Boolean(description="Only barrier-free flats."),
        wheelchair_accessible=graphene.Boolean(),
        available_from=graphene.Date(description="Free on or before this date."),
        district=graphene.String(),
        kind=HousingKind(),
        bbox=HousingBoundingBoxInput(),
        within_benefit_limit_for=graphene.Int(
            description="Only flats within the benefit rent limit for this "
            "household size."
        ),
        first=graphene.Int(default_value=DEFAULT_PAGE_SIZE),
        offset=graphene.Int(default_value=0),
        description="Published listings, newest first.",
    )
    housing_listing = graphene.Field(
        HousingListingType,
        municipality=graphene.String(required=True),
        id=graphene.ID(required=True),
        locale=graphene.String(),
        description="A published listing; null when it is unknown, expired or "
        "taken down.",
    )
    housing_options = graphene.Field(
        HousingOptions, required=True, municipality=graphene.String(required=True)
    )

    @staticmethod
    @api.module_required(MODULE)
    def resolve_housing_listings(
        root,
        info,
        municipality,
        locale=None,
        kind=None,
        bbox=None,
        first=DEFAULT_PAGE_SIZE,
        offset=0,
        **filters,
    ):
        if first is None or not 1 <= first <= MAX_PAGE_SIZE:
            raise api.ValidationFailed(
                fields={"first": [f"Send 1 to {MAX_PAGE_SIZE}."]}
            )
        if offset is None or offset < 0:
            raise api.ValidationFailed(fields={"offset": ["Send 0 or more."]})
        for name in ("max_warm_rent", "min_rooms", "min_size"):
            _check_number(filters.get(name), api.camel_case(name))
        settings = services.settings_for(municipality)
        listings = services.search_listings(
            municipality,
            settings,
            kind=enum_value(kind),
            bbox=api.bbox_argument(bbox),
            **filters,
        )
        total = listings.count()
        items = list(listings[offset : offset + first]) if total > offset else []
        return HousingListingList(
            items=_prepare(items, municipality, locale, settings), total_count=total
        )

    @staticmethod
    @api.module_required(MODULE)
    def resolve_housing_listing(root, info, municipality, id, locale=None):
        listing = services.public_listing(municipality, id)
        if listing is None:
            return None
        settings = services.settings_for(municipality)
        return _prepare([listing], municipality, locale, settings)[0]

    @staticmethod
    @api.module_required(MODULE)
    def resolve_housing_options(root, info, municipality):
        settings = services.settings_for(municipality)
        return HousingOptions(
            districts=list(settings.get("districts") or []),
            allowed_durations=sorted(
                int(days) for days in settings["allowed_durations"]
            ),
            benefit_limits=[
                HousingBenefitLimit(household_size=size, max_warm_rent=float(limit))
                for size, limit in sorted(services.benefit_limits(settings).items())
            ],
            max_photos=MAX_PHOTOS,
        )
