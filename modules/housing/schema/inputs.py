"""The submission input and its adapter to the form's data."""

import graphene

from .types import (
    HousingCertificateType,
    HousingEfficiencyClass,
    HousingEnergyCarrier,
    HousingEnergyExemption,
    HousingKind,
    HousingPets,
    HousingRunningCost,
    enum_value,
)


class SubmitHousingListingInput(graphene.InputObjectType):
    kind = HousingKind(required=True)
    title = graphene.String(required=True, description="5 to 120 characters.")
    description = graphene.String(required=True, description="20 to 5000 characters.")
    language = graphene.String(
        description="The language written in (default: the municipality's)."
    )
    district = graphene.String(
        required=True, description="One of housingOptions.districts (if any)."
    )
    latitude = graphene.Float(description="Optional; stored only approximately.")
    longitude = graphene.Float()
    rooms = graphene.Float(required=True)
    size = graphene.Float(required=True, description="Square metres.")
    floor = graphene.Int()
    has_lift = graphene.Boolean()
    cold_rent = graphene.Float(required=True)
    running_costs = graphene.Float()
    running_costs_include = graphene.List(graphene.NonNull(HousingRunningCost))
    heating_costs = graphene.Float()
    deposit = graphene.Float(description="At most 3 cold rents (§ 551 BGB).")
    available_from = graphene.Date(required=True)
    available_until = graphene.Date(description="For a sublet.")
    furnished = graphene.Boolean()
    barrier_free = graphene.Boolean()
    wheelchair_accessible = graphene.Boolean()
    wbs_required = graphene.Boolean()
    pets = HousingPets()
    energy_exemption = HousingEnergyExemption(
        description="Leave empty unless the building needs no energy certificate."
    )
    energy_certificate_type = HousingCertificateType()
    energy_value = graphene.Float(description="kWh/(m²·a).")
    energy_carrier = HousingEnergyCarrier()
    construction_year = graphene.Int()
    efficiency_class = HousingEfficiencyClass()
    duration_days = graphene.Int(
        required=True, description="One of housingOptions.allowedDurations."
    )
    landlord_email = graphene.String(
        required=True, description="For the confirmation link; never published."
    )
    landlord_name = graphene.String(description="Never published.")
    photos = graphene.List(
        graphene.NonNull(graphene.String),
        description="Up to 8 tokens from POST /api/uploads/ (purpose housing).",
    )


def listing_input(data):
    """The GraphQL input as the form's data (enum members as their values)."""
    values = {name: enum_value(value) for name, value in dict(data).items()}
    values["running_costs_include"] = [
        enum_value(item) for item in values.get("running_costs_include") or []
    ]
    values["photos"] = list(values.get("photos") or [])
    return values
