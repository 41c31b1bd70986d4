"""GraphQL of the housing exchange: search and read published listings, and
the landlord's and interested people's mutations. Resolvers are thin; the
logic is in ``services.py``. Nothing here ever returns a landlord's or a
sender's e-mail address, a client hash or an exact address.
"""

import graphene
from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from rathaus.graphql.core.types import JSON, Coordinates
from rathaus.graphql.errors import (
    NotFound,
    RateLimited,
    RathausError,
    ValidationFailed,
)
from rathaus.site.core import ratelimit
from rathaus.site.core.idempotency import IdempotencyConflict
from rathaus.site.module_platform.graphql import module_required

from . import services
from .jsonld import listing_json_ld
from .models import (
    CertificateType,
    EfficiencyClass,
    EnergyCarrier,
    EnergyExemption,
    HousingListingTranslation,
    HousingPhoto,
    Kind,
    Pets,
    ReportReason,
    RunningCost,
    Status,
)

MODULE = services.MODULE
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class SubmissionRefusedError(RathausError):
    code = "SUBMISSION_REFUSED"
    default_message = "The submission was refused."


class IdempotencyConflictError(RathausError):
    code = "IDEMPOTENCY_CONFLICT"
    default_message = (
        "This idempotency key was already used for a different listing; "
        "generate a new key for a new listing."
    )


class InvalidTokenError(RathausError):
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


def _value(value):
    return getattr(value, "value", value)


def _money(value):
    return None if value is None else float(value)


def _absolute(info, url):
    request = getattr(info, "context", None)
    if request is not None and hasattr(request, "build_absolute_uri"):
        return request.build_absolute_uri(url)
    return url


def _base_url(info):
    request = getattr(info, "context", None)
    if request is not None and hasattr(request, "build_absolute_uri"):
        return request.build_absolute_uri("/")
    return ""


def _identity(info, device_id):
    if device_id is not None and len(device_id) > 200:
        raise ValidationFailed(fields={"deviceId": ["At most 200 characters."]})
    return ratelimit.ClientIdentity.from_request(info.context, device_id)


# Output types ------------------------------------------------------------------


class HousingPhotoType(graphene.ObjectType):
    class Meta:
        name = "HousingPhoto"
        description = "A photo, re-encoded without any metadata."

    url = graphene.String(required=True)
    thumbnail_url = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)

    @staticmethod
    def resolve_url(photo, info):
        return _absolute(info, photo.public_large.url)

    @staticmethod
    def resolve_thumbnail_url(photo, info):
        return _absolute(info, photo.public_thumbnail.url)


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
        Coordinates, description="About 300 m accurate; null when not given."
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
    json_ld = JSON(
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
        return Coordinates(latitude=listing.latitude, longitude=listing.longitude)

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


class HousingBoundingBoxInput(graphene.InputObjectType):
    south = graphene.Float(required=True)
    west = graphene.Float(required=True)
    north = graphene.Float(required=True)
    east = graphene.Float(required=True)


def _check_bbox(bbox):
    if bbox is None:
        return None
    south, west, north, east = bbox.south, bbox.west, bbox.north, bbox.east
    if not (-90 <= south <= north <= 90 and -180 <= west <= east <= 180):
        raise ValidationFailed(
            "The bounding box is not valid.",
            fields={"bbox": ["Send south <= north and west <= east in WGS84."]},
        )
    return (south, west, north, east)


def _prepare(listings, municipality, locale, settings):
    """Fetch photos and the asked language's translation in two queries and
    attach what the fields need, so the query count never depends on size."""
    from django.db.models import prefetch_related_objects

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
        listing.requested_language = locale
        listing.benefit_limits = limits
    return listings


def _check_number(value, name, minimum=0):
    if value is not None and (value != value or value < minimum or value > 1e7):
        raise ValidationFailed(fields={name: [f"Send a number from {minimum}."]})


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
    @module_required(MODULE)
    def resolve_housing_listings(
        root,
        info,
        municipality,
        locale=None,
        max_warm_rent=None,
        min_rooms=None,
        min_size=None,
        accessible=None,
        wheelchair_accessible=None,
        available_from=None,
        district=None,
        kind=None,
        bbox=None,
        within_benefit_limit_for=None,
        first=DEFAULT_PAGE_SIZE,
        offset=0,
    ):
        if first is None or not 1 <= first <= MAX_PAGE_SIZE:
            raise ValidationFailed(fields={"first": [f"Send 1 to {MAX_PAGE_SIZE}."]})
        if offset is None or offset < 0:
            raise ValidationFailed(fields={"offset": ["Send 0 or more."]})
        _check_number(max_warm_rent, "maxWarmRent")
        _check_number(min_rooms, "minRooms")
        _check_number(min_size, "minSize")
        settings = services.settings_for(municipality)
        search = services.Search(
            max_warm_rent=max_warm_rent,
            min_rooms=min_rooms,
            min_size=min_size,
            accessible=accessible,
            wheelchair_accessible=wheelchair_accessible,
            available_from=available_from,
            district=district,
            kind=_value(kind),
            bbox=_check_bbox(bbox),
            within_benefit_limit_for=within_benefit_limit_for,
        )
        listings = services.search_listings(municipality, search, settings)
        total = listings.count()
        items = list(listings[offset : offset + first]) if total > offset else []
        return HousingListingList(
            items=_prepare(items, municipality, locale, settings), total_count=total
        )

    @staticmethod
    @module_required(MODULE)
    def resolve_housing_listing(root, info, municipality, id, locale=None):
        listing = services.public_listing(municipality, id)
        if listing is None:
            return None
        settings = services.settings_for(municipality)
        return _prepare([listing], municipality, locale, settings)[0]

    @staticmethod
    @module_required(MODULE)
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
            max_photos=services.MAX_PHOTOS,
        )


# Mutations --------------------------------------------------------------------------


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
    values = {name: _value(value) for name, value in dict(data).items()}
    values["running_costs_include"] = [
        _value(item) for item in values.get("running_costs_include") or []
    ]
    values["photos"] = list(values.get("photos") or [])
    for name in (
        "has_lift",
        "furnished",
        "barrier_free",
        "wheelchair_accessible",
        "wbs_required",
    ):
        values[name] = bool(values.get(name))
    for name in ("running_costs", "heating_costs", "deposit"):
        if values.get(name) is None:
            values[name] = 0
    for name in (
        "pets",
        "energy_exemption",
        "energy_certificate_type",
        "energy_carrier",
        "efficiency_class",
        "language",
        "landlord_name",
    ):
        if values.get(name) is None:
            values.pop(name, None)
    return services.ListingInput(**values)


class HousingWarning(graphene.ObjectType):
    class Meta:
        description = "A hint to the submitter; it does not block the submission."

    code = graphene.String(required=True)
    message = graphene.String(required=True)
    terms = graphene.List(graphene.NonNull(graphene.String), required=True)


class SubmittedHousingListing(graphene.ObjectType):
    id = graphene.ID(required=True)
    status = graphene.Field(HousingListingStatus, required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_status(listing, info):
        return _value(listing.status)

    @staticmethod
    def resolve_id(listing, info):
        return str(listing.pk)


class SubmitHousingListingPayload(graphene.ObjectType):
    listing = graphene.Field(SubmittedHousingListing, required=True)
    replayed = graphene.Boolean(
        required=True,
        description="This idempotency key was used before: the first attempt's "
        "listing is returned and nothing new is stored or sent.",
    )
    warnings = graphene.List(graphene.NonNull(HousingWarning), required=True)


def _warnings(flagged):
    if not flagged:
        return []
    return [
        HousingWarning(
            code="DISCRIMINATORY_WORDING",
            message="Your text contains wording that may discriminate against "
            "people (AGG §19). A moderator will check the listing before it is "
            "published; please rephrase it.",
            terms=list(flagged),
        )
    ]


def _token_errors(call):
    try:
        return call()
    except services.InvalidToken as error:
        raise InvalidTokenError(error.message, reason=error.reason) from None
    except ValidationError as error:
        raise ValidationFailed.from_django(error) from None


class SubmitHousingListing(graphene.Mutation):
    class Meta:
        description = (
            "Offer a flat. Upload photos first (POST /api/uploads/, purpose "
            "housing). The landlord gets an e-mail with a confirmation link; "
            "nothing is public before that (and moderation, where configured). "
            "Send the same idempotencyKey when retrying."
        )

    class Arguments:
        municipality = graphene.String(required=True)
        input = SubmitHousingListingInput(required=True)
        idempotency_key = graphene.String(required=True)
        device_id = graphene.String()
        honeypot = graphene.String(
            description="Leave empty: a hidden form field that only bots fill in."
        )

    Output = SubmitHousingListingPayload

    @staticmethod
    @module_required(MODULE)
    def mutate(
        root, info, municipality, input, idempotency_key, device_id=None, honeypot=None
    ):
        identity = _identity(info, device_id)
        try:
            submitted = services.submit_listing(
                municipality,
                listing_input(input),
                identity=identity,
                idempotency_key=idempotency_key,
                honeypot=honeypot or "",
                base_url=_base_url(info),
            )
        except ValidationError as error:
            raise ValidationFailed.from_django(error) from None
        except services.RateLimitExceeded as error:
            raise RateLimited(retry_after=error.retry_after) from None
        except services.SubmissionRefused as error:
            raise SubmissionRefusedError(error.message, reason=error.reason) from None
        except IdempotencyConflict:
            raise IdempotencyConflictError() from None
        return SubmitHousingListingPayload(
            listing=submitted.listing,
            replayed=submitted.replayed,
            warnings=_warnings(submitted.flagged_terms),
        )


class ManagedHousingListing(graphene.ObjectType):
    id = graphene.ID(required=True)
    status = graphene.Field(HousingListingStatus, required=True)
    expires_at = graphene.DateTime()

    @staticmethod
    def resolve_status(listing, info):
        return _value(listing.status)

    @staticmethod
    def resolve_id(listing, info):
        return str(listing.pk)


class HousingListingTokenPayload(graphene.ObjectType):
    listing = graphene.Field(ManagedHousingListing, required=True)


class ConfirmHousingListing(graphene.Mutation):
    class Meta:
        description = "The e-mailed confirmation link (double opt-in); works once."

    class Arguments:
        municipality = graphene.String(required=True)
        token = graphene.String(required=True)

    Output = HousingListingTokenPayload

    @staticmethod
    @module_required(MODULE)
    def mutate(root, info, municipality, token):
        listing = _token_errors(
            lambda: services.confirm_listing(
                municipality, token, base_url=_base_url(info)
            )
        )
        return HousingListingTokenPayload(listing=listing)


class ExtendHousingListing(graphene.Mutation):
    class Meta:
        description = "Run a listing longer, with an e-mailed link; works once."

    class Arguments:
        municipality = graphene.String(required=True)
        token = graphene.String(required=True)
        duration_days = graphene.Int(required=True)

    Output = HousingListingTokenPayload

    @staticmethod
    @module_required(MODULE)
    def mutate(root, info, municipality, token, duration_days):
        listing = _token_errors(
            lambda: services.extend_listing(
                municipality, token, duration_days, base_url=_base_url(info)
            )
        )
        return HousingListingTokenPayload(listing=listing)


class DeleteHousingListingPayload(graphene.ObjectType):
    deleted = graphene.Boolean(required=True)


class DeleteHousingListing(graphene.Mutation):
    class Meta:
        description = "Delete a listing and all its data, with an e-mailed link."

    class Arguments:
        municipality = graphene.String(required=True)
        token = graphene.String(required=True)

    Output = DeleteHousingListingPayload

    @staticmethod
    @module_required(MODULE)
    def mutate(root, info, municipality, token):
        deleted = _token_errors(lambda: services.delete_listing(municipality, token))
        return DeleteHousingListingPayload(deleted=deleted)


class SentPayload(graphene.ObjectType):
    sent = graphene.Boolean(required=True)


class ContactHousingLandlord(graphene.Mutation):
    class Meta:
        description = (
            "Write to a listing's landlord through the platform. The landlord "
            "sees neither address until answering; the answer comes by e-mail "
            "with the landlord's address."
        )

    class Arguments:
        municipality = graphene.String(required=True)
        listing = graphene.ID(required=True)
        message = graphene.String(required=True)
        reply_to = graphene.String(required=True, description="Your e-mail address.")
        honeypot = graphene.String(description="Leave empty.")
        device_id = graphene.String()

    Output = SentPayload

    @staticmethod
    @module_required(MODULE)
    def mutate(
        root,
        info,
        municipality,
        listing,
        message,
        reply_to,
        honeypot=None,
        device_id=None,
    ):
        identity = _identity(info, device_id)
        try:
            services.contact_landlord(
                municipality,
                listing,
                message=message,
                reply_to=reply_to,
                identity=identity,
                honeypot=honeypot or "",
                base_url=_base_url(info),
            )
        except services.ListingNotFound:
            raise NotFound("There is no such listing.") from None
        except ValidationError as error:
            raise ValidationFailed.from_django(error) from None
        except services.RateLimitExceeded as error:
            raise RateLimited(retry_after=error.retry_after) from None
        except services.SubmissionRefused as error:
            raise SubmissionRefusedError(error.message, reason=error.reason) from None
        return SentPayload(sent=True)


class ReplyHousingContact(graphene.Mutation):
    class Meta:
        description = (
            "The landlord answers a relayed message (the e-mailed link, once). "
            "Both then get each other's address."
        )

    class Arguments:
        municipality = graphene.String(required=True)
        token = graphene.String(required=True)
        message = graphene.String(required=True)

    Output = SentPayload

    @staticmethod
    @module_required(MODULE)
    def mutate(root, info, municipality, token, message):
        _token_errors(lambda: services.reply_to_contact(municipality, token, message))
        return SentPayload(sent=True)


class ReportHousingListingPayload(graphene.ObjectType):
    received = graphene.Boolean(required=True)


class ReportHousingListing(graphene.Mutation):
    class Meta:
        description = "Report a listing to the moderators."

    class Arguments:
        municipality = graphene.String(required=True)
        listing = graphene.ID(required=True)
        reason = HousingReportReason(required=True)
        message = graphene.String()
        device_id = graphene.String()

    Output = ReportHousingListingPayload

    @staticmethod
    @module_required(MODULE)
    def mutate(root, info, municipality, listing, reason, message=None, device_id=None):
        identity = _identity(info, device_id)
        try:
            services.report_listing(
                municipality,
                listing,
                reason=_value(reason),
                message=message or "",
                identity=identity,
            )
        except services.ListingNotFound:
            raise NotFound("There is no such listing.") from None
        except ValidationError as error:
            raise ValidationFailed.from_django(error) from None
        except services.RateLimitExceeded as error:
            raise RateLimited(retry_after=error.retry_after) from None
        return ReportHousingListingPayload(received=True)


class HousingMutation(graphene.ObjectType):
    submit_housing_listing = SubmitHousingListing.Field()
    confirm_housing_listing = ConfirmHousingListing.Field()
    extend_housing_listing = ExtendHousingListing.Field()
    delete_housing_listing = DeleteHousingListing.Field()
    contact_housing_landlord = ContactHousingLandlord.Field()
    reply_housing_contact = ReplyHousingContact.Field()
    report_housing_listing = ReportHousingListing.Field()
