"""GraphQL: search current job offers of a municipality (``jobs``, ``job``)."""

import graphene

from rathaus.site.module_platform import api

from . import services
from .jsonld import job_posting
from .models import OfferKind, WorkingTime

JobOfferKind = graphene.Enum(
    "JobOfferKind",
    [(value.upper(), value) for value in OfferKind.values],
    description="Job, training place (Ausbildung), internship or self-employment.",
)
JobWorkingTime = graphene.Enum(
    "JobWorkingTime",
    [(value.upper(), value) for value in WorkingTime.values],
    description="Working time: full time, part time, either, shifts, mini job.",
)


class JobLanguageRequirement(graphene.ObjectType):
    language = graphene.String(required=True, description="Language code, e.g. de.")
    level = graphene.String(
        required=True, description="Level as the source states it; may be empty."
    )


class JobLocation(graphene.ObjectType):
    street = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    place = graphene.String(required=True)
    coordinates = graphene.Field(api.Coordinates)


class JobOfferType(graphene.ObjectType):
    class Meta:
        name = "JobOffer"
        description = "A job, training place or internship offered near a municipality."

    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    employer = graphene.String(required=True)
    occupation = graphene.String(required=True)
    kind = graphene.Field(JobOfferKind, required=True)
    working_time = graphene.Field(JobWorkingTime)
    start_date = graphene.Date()
    description = graphene.String(required=True)
    location = graphene.Field(JobLocation, required=True)
    language_requirements = graphene.List(
        graphene.NonNull(JobLanguageRequirement), required=True
    )
    suitable_for_refugees = graphene.Boolean(required=True)
    source = graphene.String(required=True, description="Where the offer comes from.")
    external_reference = graphene.String(
        required=True, description="The source's reference number."
    )
    external_url = graphene.String(description="The original ad.")
    published_at = graphene.Date()
    expires_at = graphene.Date()
    distance_km = graphene.Float(
        description="Distance from the searched position, when searching near one."
    )
    json_ld = api.JSON(
        required=True, description="The offer as a schema.org JobPosting."
    )

    @staticmethod
    def resolve_working_time(offer, info):
        return offer.working_time or None

    @staticmethod
    def resolve_external_url(offer, info):
        return offer.external_url or None

    @staticmethod
    def resolve_location(offer, info):
        coordinates = None
        if offer.latitude is not None and offer.longitude is not None:
            coordinates = api.Coordinates(
                latitude=offer.latitude, longitude=offer.longitude
            )
        return JobLocation(
            street=offer.street,
            postal_code=offer.postal_code,
            place=offer.place,
            coordinates=coordinates,
        )

    @staticmethod
    def resolve_language_requirements(offer, info):
        return [
            JobLanguageRequirement(
                language=item.get("language", ""), level=item.get("level", "")
            )
            for item in offer.language_requirements or []
        ]

    @staticmethod
    def resolve_distance_km(offer, info):
        distance = getattr(offer, "distance_km", None)
        return None if distance is None else round(distance, 2)

    @staticmethod
    def resolve_json_ld(offer, info):
        return job_posting(offer)


class JobOfferList(graphene.ObjectType):
    items = graphene.List(graphene.NonNull(JobOfferType), required=True)
    total_count = graphene.Int(required=True)


class GeoPointInput(graphene.InputObjectType):
    latitude = graphene.Float(required=True)
    longitude = graphene.Float(required=True)


class JobsQuery(graphene.ObjectType):
    jobs = graphene.Field(
        JobOfferList,
        required=True,
        municipality=graphene.String(required=True),
        kind=JobOfferKind(),
        text=graphene.String(description="Words in title, employer, description."),
        near=GeoPointInput(description="Search around this position."),
        postal_code=graphene.String(description="Search around this postal code."),
        radius_km=graphene.Float(
            description="Radius around near/postalCode (default: the module's setting)."
        ),
        suitable_for_refugees=graphene.Boolean(),
        language=graphene.String(
            description="Only offers that name this language (code, e.g. en)."
        ),
        first=graphene.Int(
            default_value=services.DEFAULT_PAGE_SIZE,
            description=f"Page size, at most {services.MAX_PAGE_SIZE}.",
        ),
        offset=graphene.Int(default_value=0),
        description="Current job offers of a municipality, newest first or by "
        "distance.",
    )
    job = graphene.Field(
        JobOfferType,
        municipality=graphene.String(required=True),
        id=graphene.ID(required=True),
        description="One current offer; NOT_FOUND when there is none.",
    )

    @staticmethod
    @api.module_required("jobs")
    def resolve_jobs(root, info, municipality, kind=None, near=None, **filters):
        try:
            result = services.search_offers(
                municipality,
                kind=getattr(kind, "value", kind),
                near=(near.latitude, near.longitude) if near else None,
                **filters,
            )
        except services.SearchError as error:
            extensions = {}
            if error.code != api.ValidationFailed.code:
                extensions["reason"] = error.code
            raise api.ValidationFailed(
                str(error), fields=error.fields, **extensions
            ) from None
        return JobOfferList(items=result.offers, total_count=result.total_count)

    @staticmethod
    @api.module_required("jobs")
    def resolve_job(root, info, municipality, id):
        offer = services.get_offer(municipality, id) if str(id).isdigit() else None
        if offer is None:
            raise api.NotFound(f"There is no job offer {id!r}.")
        return offer
