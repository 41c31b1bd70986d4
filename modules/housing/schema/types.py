"""Output types, enums and errors of the housing exchange's GraphQL."""

import graphene

from rathaus.site.module_platform import api

from .. import services
from ..jsonld import listing_json_ld
from ..models import (
    CertificateType,
    EfficiencyClass,
    EnergyCarrier,
    EnergyExemption,
    Kind,
    Pets,
    ReportReason,
    RunningCost,
    Status,
)

MODULE = services.MODULE
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class InvalidTokenError(api.RathausError):
    code = "INVALID_TOKEN"
    default_message = "This link is not valid."


def _enum(name, choices, description):
    """The choices' members by name; a blank choice ("unset") is no member."""
    members = [(member.name, member.value) for member in choices if member.value]
    return graphene.Enum(name, members, description=description)


HousingKind = _enum("HousingKind", Kind, "A whole flat or a room in a shared flat.")
HousingPets = _enum(
    "HousingPets", Pets, "Whether pets are allowed, not allowed or allowed on request."
)
HousingRunningCost = _enum(
    "HousingRunningCost", RunningCost, "What the running costs (Nebenkosten) cover."
)
HousingCertificateType = _enum(
    "HousingCertificateType",
    CertificateType,
    "Energy demand (Bedarf) or consumption (Verbrauch) certificate.",
)
HousingEnergyCarrier = _enum(
    "HousingEnergyCarrier",
    EnergyCarrier,
    "The main energy source for heating (energy certificate).",
)
HousingEfficiencyClass = _enum(
    "HousingEfficiencyClass", EfficiencyClass, "A+ (A_PLUS) to H."
)
HousingEnergyExemption = _enum(
    "HousingEnergyExemption",
    EnergyExemption,
    "Why a listing has no energy data (no certificate is required).",
)
HousingListingStatus = _enum(
    "HousingListingStatus",
    Status,
    "Where a listing stands: waiting for e-mail confirmation or moderation, "
    "published or rejected.",
)
HousingReportReason = _enum(
    "HousingReportReason", ReportReason, "Why a resident reports a listing."
)


def enum_value(value):
    return getattr(value, "value", value)


def _or_null(attribute):
    """A resolver for a choice stored as "" when unset (no enum member)."""
    return lambda listing, info: getattr(listing, attribute) or None


def _shown(attribute):
    """Title, description and their language in the asked locale (see
    ``queries._prepare``)."""
    return lambda listing, info: getattr(listing.shown, attribute)


# Output types ------------------------------------------------------------------


HousingPhotoType = api.photo_type(
    "HousingPhoto", "A photo, re-encoded without any metadata."
)


class HousingEnergy(graphene.ObjectType):
    class Meta:
        description = (
            "The energy certificate data German law requires in housing ads "
            "(GEG §87). Null fields and an exemption: no certificate is needed."
        )

    exemption = graphene.Field(
        HousingEnergyExemption, resolver=_or_null("energy_exemption")
    )
    certificate_type = graphene.Field(
        HousingCertificateType, resolver=_or_null("energy_certificate_type")
    )
    value = graphene.Float(description="kWh/(m²·a).", source="energy_value")
    carrier = graphene.Field(HousingEnergyCarrier, resolver=_or_null("energy_carrier"))
    construction_year = graphene.Int()
    efficiency_class = graphene.Field(
        HousingEfficiencyClass, resolver=_or_null("efficiency_class")
    )


class HousingListingType(graphene.ObjectType):
    """A listing from ``queries._prepare``; graphene's scalars serialize the
    model's values (Decimal as Float, the pk as ID) as they are."""

    class Meta:
        name = "HousingListing"
        description = (
            "A published flat or room. The position is approximate (snapped to "
            "a 300 m grid); there is no address and no landlord contact: write "
            "through contactHousingLandlord."
        )

    id = graphene.ID(required=True)
    kind = graphene.Field(HousingKind, required=True)
    title = graphene.String(required=True, resolver=_shown("title"))
    description = graphene.String(required=True, resolver=_shown("description"))
    language = graphene.String(
        required=True,
        description="The language of title and description.",
        resolver=_shown("language"),
    )
    machine_translated = graphene.Boolean(
        required=True,
        description="Title and description are an unreviewed machine translation.",
        resolver=_shown("machine_translated"),
    )
    original_language = graphene.String(
        required=True,
        description="The language the landlord wrote in.",
        source="language",
    )
    district = graphene.String(required=True)
    approximate_position = graphene.Field(
        api.Coordinates, description="About 300 m accurate; null when not given."
    )
    rooms = graphene.Float(required=True)
    size = graphene.Float(required=True, description="Square metres.")
    floor = graphene.Int(description="0 is the ground floor.")
    has_lift = graphene.Boolean(required=True)
    cold_rent = graphene.Float(required=True, description="Euros per month.")
    running_costs = graphene.Float(required=True, description="Euros per month.")
    running_costs_include = graphene.List(
        graphene.NonNull(HousingRunningCost),
        required=True,
        resolver=lambda listing, info: listing.running_costs_include or [],
    )
    heating_costs = graphene.Float(required=True, description="Euros per month.")
    warm_rent = graphene.Float(
        required=True, description="Cold rent + running costs + heating."
    )
    deposit = graphene.Float(required=True, description="At most 3 cold rents.")
    available_from = graphene.Date(required=True)
    available_until = graphene.Date(description="Set for a sublet (Zwischenmiete).")
    is_sublet = graphene.Boolean(
        required=True,
        resolver=lambda listing, info: listing.available_until is not None,
    )
    furnished = graphene.Boolean(required=True)
    barrier_free = graphene.Boolean(required=True)
    wheelchair_accessible = graphene.Boolean(required=True)
    wbs_required = graphene.Boolean(required=True)
    pets = graphene.Field(HousingPets, required=True)
    energy = graphene.Field(
        HousingEnergy, required=True, resolver=lambda listing, info: listing
    )
    photos = graphene.List(graphene.NonNull(HousingPhotoType), required=True)
    published_at = graphene.DateTime(required=True)
    expires_at = graphene.DateTime(required=True)
    within_benefit_limit = graphene.Boolean(
        household_size=graphene.Int(required=True),
        description="Whether the warm rent fits the municipality's limit for "
        "benefit recipients (angemessene Kosten der Unterkunft) for this "
        "household size; null when no limit is configured for it.",
    )
    json_ld = api.JSON(
        required=True, description="schema.org RealEstateListing (coarse address)."
    )

    @staticmethod
    def resolve_approximate_position(listing, info):
        if listing.latitude is None or listing.longitude is None:
            return None
        return api.Coordinates(latitude=listing.latitude, longitude=listing.longitude)

    @staticmethod
    def resolve_photos(listing, info):
        return [
            photo
            for photo in listing.photos.all()
            if photo.public_large and photo.public_thumbnail
        ]

    @staticmethod
    def resolve_within_benefit_limit(listing, info, household_size):
        return services.within_benefit_limit(
            listing, household_size, listing.benefit_limits
        )

    @staticmethod
    def resolve_json_ld(listing, info):
        return listing_json_ld(listing, listing.shown)


class HousingListingList(graphene.ObjectType):
    items = graphene.List(graphene.NonNull(HousingListingType), required=True)
    total_count = graphene.Int(required=True)


class HousingBenefitLimit(graphene.ObjectType):
    household_size = graphene.Int(required=True)
    max_warm_rent = graphene.Float(required=True)


class HousingOptions(graphene.ObjectType):
    class Meta:
        description = "What a municipality's housing forms offer."

    districts = graphene.List(graphene.NonNull(graphene.String), required=True)
    allowed_durations = graphene.List(
        graphene.NonNull(graphene.Int), required=True, description="Days."
    )
    benefit_limits = graphene.List(graphene.NonNull(HousingBenefitLimit), required=True)
    max_photos = graphene.Int(required=True)
