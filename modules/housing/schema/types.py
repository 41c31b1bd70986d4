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


def _enum(name, choices, description=None, skip_empty=False):
    members = []
    for value in choices.values:
        if skip_empty and value == "":
            continue
        key = value.upper().replace("+", "_PLUS") if value else "NONE"
        members.append((key, value))
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
    skip_empty=True,
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


def _money(value):
    return None if value is None else float(value)


def base_url_of(info):
    request = getattr(info, "context", None)
    if request is not None and hasattr(request, "build_absolute_uri"):
        return request.build_absolute_uri("/")
    return ""


def client_identity(info, device_id):
    if device_id is not None and len(device_id) > 200:
        raise api.ValidationFailed(fields={"deviceId": ["At most 200 characters."]})
    return api.ratelimit.ClientIdentity.from_request(info.context, device_id)


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

    exemption = graphene.Field(HousingEnergyExemption)
    certificate_type = graphene.Field(HousingCertificateType)
    value = graphene.Float(description="kWh/(m²·a).")
    carrier = graphene.Field(HousingEnergyCarrier)
    construction_year = graphene.Int()
    efficiency_class = graphene.Field(HousingEfficiencyClass)

    @staticmethod
    def resolve_exemption(listing, info):
        return listing.energy_exemption or None

    @staticmethod
    def resolve_certificate_type(listing, info):
        return listing.energy_certificate_type or None

    @staticmethod
    def resolve_value(listing, info):
        return _money(listing.energy_value)

    @staticmethod
    def resolve_carrier(listing, info):
        return listing.energy_carrier or None

    @staticmethod
    def resolve_construction_year(listing, info):
        return listing.construction_year

    @staticmethod
    def resolve_efficiency_class(listing, info):
        return listing.efficiency_class or None


class HousingListingType(graphene.ObjectType):
    class Meta:
        name = "HousingListing"
        description = (
            "A published flat or room. The position is approximate (snapped to "
            "a 300 m grid); there is no address and no landlord contact: write "
            "through contactHousingLandlord."
        )

    id = graphene.ID(required=True)
    kind = graphene.Field(HousingKind, required=True)
    title = graphene.String(required=True)
    description = graphene.String(required=True)
    language = graphene.String(
        required=True, description="The language of title and description."
    )
    machine_translated = graphene.Boolean(
        required=True,
        description="Title and description are an unreviewed machine translation.",
    )
    original_language = graphene.String(
        required=True, description="The language the landlord wrote in."
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
        graphene.NonNull(HousingRunningCost), required=True
    )
    heating_costs = graphene.Float(required=True, description="Euros per month.")
    warm_rent = graphene.Float(
        required=True, description="Cold rent + running costs + heating."
    )
    deposit = graphene.Float(required=True, description="At most 3 cold rents.")
    available_from = graphene.Date(required=True)
    available_until = graphene.Date(description="Set for a sublet (Zwischenmiete).")
    is_sublet = graphene.Boolean(required=True)
    furnished = graphene.Boolean(required=True)
    barrier_free = graphene.Boolean(required=True)
    wheelchair_accessible = graphene.Boolean(required=True)
    wbs_required = graphene.Boolean(required=True)
    pets = graphene.Field(HousingPets, required=True)
    energy = graphene.Field(HousingEnergy, required=True)
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
    def resolve_id(listing, info):
        return str(listing.pk)

    @staticmethod
    def _text(listing):
        cached = getattr(listing, "_text", None)
        if cached is None:
            cached = listing._text = services.text_in(
                listing, getattr(listing, "requested_language", None)
            )
        return cached

    @staticmethod
    def resolve_title(listing, info):
        return HousingListingType._text(listing)[0]

    @staticmethod
    def resolve_description(listing, info):
        return HousingListingType._text(listing)[1]

    @staticmethod
    def resolve_language(listing, info):
        return HousingListingType._text(listing)[2]

    @staticmethod
    def resolve_machine_translated(listing, info):
        return HousingListingType._text(listing)[3]

    @staticmethod
    def resolve_original_language(listing, info):
        return listing.language

    @staticmethod
    def resolve_approximate_position(listing, info):
        if listing.latitude is None or listing.longitude is None:
            return None
        return api.Coordinates(latitude=listing.latitude, longitude=listing.longitude)

    @staticmethod
    def resolve_rooms(listing, info):
        return float(listing.rooms)

    @staticmethod
    def resolve_size(listing, info):
        return float(listing.size)

    @staticmethod
    def resolve_cold_rent(listing, info):
        return _money(listing.cold_rent)

    @staticmethod
    def resolve_running_costs(listing, info):
        return _money(listing.running_costs)

    @staticmethod
    def resolve_heating_costs(listing, info):
        return _money(listing.heating_costs)

    @staticmethod
    def resolve_warm_rent(listing, info):
        return _money(listing.warm_rent)

    @staticmethod
    def resolve_deposit(listing, info):
        return _money(listing.deposit)

    @staticmethod
    def resolve_running_costs_include(listing, info):
        return list(listing.running_costs_include or [])

    @staticmethod
    def resolve_is_sublet(listing, info):
        return listing.available_until is not None

    @staticmethod
    def resolve_energy(listing, info):
        return listing

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
            listing, household_size, getattr(listing, "benefit_limits", {})
        )

    @staticmethod
    def resolve_json_ld(listing, info):
        title, description, language, _machine = HousingListingType._text(listing)
        return listing_json_ld(
            listing,
            listing.municipality,
            title=title,
            description=description,
            language=language,
        )


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
