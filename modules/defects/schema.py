"""GraphQL of the defect reporter: public read and the ``reportDefect``
mutation. Resolvers are thin; see ``services.py``."""

import graphene
from django.core.exceptions import ValidationError

from rathaus.graphql.core.types import Coordinates
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
from .models import CategoryAttribute, DefectPhoto, Status

MODULE = services.MODULE
MAX_REPORTS = 500


class SubmissionRefusedError(RathausError):
    code = "SUBMISSION_REFUSED"
    default_message = "The report was refused."


class IdempotencyConflictError(RathausError):
    code = "IDEMPOTENCY_CONFLICT"
    default_message = (
        "This idempotency key was already used for a different report; "
        "generate a new key for a new report."
    )


DefectStatus = graphene.Enum(
    "DefectStatus",
    [(status.name, status.value) for status in Status],
    description="The processing state of a report.",
)
DefectAttributeDatatype = graphene.Enum(
    "DefectAttributeDatatype",
    [(choice.name, choice.value) for choice in CategoryAttribute.Datatype],
    description="The type of value an extra question of a category asks for "
    "(Open311 attribute datatype).",
)


def _absolute(info, url):
    request = getattr(info, "context", None)
    if request is not None and hasattr(request, "build_absolute_uri"):
        return request.build_absolute_uri(url)
    return url


class DefectAttributeValue(graphene.ObjectType):
    key = graphene.String(required=True)
    name = graphene.String(required=True)


class DefectCategoryAttribute(graphene.ObjectType):
    class Meta:
        description = "An extra question of a category (an Open311 attribute)."

    code = graphene.String(required=True)
    description = graphene.String(required=True)
    datatype = graphene.Field(DefectAttributeDatatype, required=True)
    required = graphene.Boolean(required=True)
    datatype_description = graphene.String(required=True)
    order = graphene.Int(required=True)
    values = graphene.List(graphene.NonNull(DefectAttributeValue), required=True)

    @staticmethod
    def resolve_order(attribute, info):
        return attribute.sort_order or 0

    @staticmethod
    def resolve_values(attribute, info):
        return [
            DefectAttributeValue(key=str(value.get("key")), name=value.get("name", ""))
            for value in attribute.values or []
        ]


class DefectCategory(graphene.ObjectType):
    class Meta:
        description = "What citizens can report (an Open311 service)."

    code = graphene.String(required=True, description="The Open311 service_code.")
    name = graphene.String(required=True)
    description = graphene.String(required=True)
    group = graphene.String(required=True)
    icon = graphene.String(required=True)
    department = graphene.String(required=True)
    attributes = graphene.List(graphene.NonNull(DefectCategoryAttribute), required=True)

    @staticmethod
    def resolve_attributes(category, info):
        return list(category.attributes.all())


class DefectPhotoType(graphene.ObjectType):
    class Meta:
        name = "DefectPhoto"
        description = "A moderated photo, stripped of all metadata."

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


class DefectReport(graphene.ObjectType):
    class Meta:
        description = "A moderated report. Never carries reporters' data."

    id = graphene.ID(required=True)
    status = graphene.Field(DefectStatus, required=True)
    status_notes = graphene.String(required=True)
    category = graphene.Field(DefectCategory, required=True)
    description = graphene.String(required=True)
    address = graphene.String(required=True)
    position = graphene.Field(Coordinates, required=True)
    photos = graphene.List(graphene.NonNull(DefectPhotoType), required=True)
    created_at = graphene.DateTime(required=True)
    published_at = graphene.DateTime()
    updated_at = graphene.DateTime(required=True)
    closed_at = graphene.DateTime()

    @staticmethod
    def resolve_id(report, info):
        return str(report.pk)

    @staticmethod
    def resolve_category(report, info):
        return getattr(report, "localized_category", None) or report.category

    @staticmethod
    def resolve_position(report, info):
        return Coordinates(latitude=report.latitude, longitude=report.longitude)

    @staticmethod
    def resolve_photos(report, info):
        return [
            photo
            for photo in report.photos.all()
            if not photo.hidden and photo.public_large and photo.public_thumbnail
        ]


class NearbyDefect(graphene.ObjectType):
    distance = graphene.Float(required=True, description="Metres.")
    report = graphene.Field(DefectReport, required=True)


class DefectBoundingBoxInput(graphene.InputObjectType):
    south = graphene.Float(required=True)
    west = graphene.Float(required=True)
    north = graphene.Float(required=True)
    east = graphene.Float(required=True)


class DefectAttributeInput(graphene.InputObjectType):
    code = graphene.String(required=True)
    value = graphene.String(description="For single values.")
    values = graphene.List(
        graphene.NonNull(graphene.String), description="For multi-value lists."
    )


class ReportDefectInput(graphene.InputObjectType):
    category = graphene.String(required=True, description="The category's code.")
    description = graphene.String(required=True, description="1 to 4000 characters.")
    latitude = graphene.Float(required=True)
    longitude = graphene.Float(required=True)
    address = graphene.String()
    email = graphene.String(description="For status notices; never published.")
    photos = graphene.List(
        graphene.NonNull(graphene.String),
        description="Up to 3 tokens from POST /api/uploads/.",
    )
    attributes = graphene.List(graphene.NonNull(DefectAttributeInput))


class SubmittedDefect(graphene.ObjectType):
    id = graphene.ID(required=True)
    token = graphene.String(required=True, description="The Open311 token.")
    status = graphene.Field(DefectStatus, required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_id(report, info):
        return str(report.pk)

    @staticmethod
    def resolve_token(report, info):
        return str(report.token)


def _localise(reports, municipality, locale):
    """Attach each report's category in the asked language (2 queries)."""
    categories = _prefetch_attributes(
        services.categories_for(municipality, locale, active_only=False)
    )
    by_key = {category.translation_key: category for category in categories}
    for report in reports:
        report.localized_category = by_key.get(report.category.translation_key)
    return reports


def _prefetch_attributes(categories):
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(categories, "attributes")
    return categories


def _public(queryset):
    return queryset.select_related("category").prefetch_related(
        graphene_photos_prefetch()
    )


def graphene_photos_prefetch():
    from django.db.models import Prefetch

    return Prefetch(
        "photos",
        queryset=DefectPhoto.objects.filter(hidden=False).order_by("position", "pk"),
    )


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


class DefectQuery(graphene.ObjectType):
    defect_categories = graphene.List(
        graphene.NonNull(DefectCategory),
        required=True,
        municipality=graphene.String(required=True),
        locale=graphene.String(),
    )
    defect_reports = graphene.List(
        graphene.NonNull(DefectReport),
        required=True,
        municipality=graphene.String(required=True),
        bbox=DefectBoundingBoxInput(),
        statuses=graphene.List(graphene.NonNull(DefectStatus)),
        categories=graphene.List(graphene.NonNull(graphene.String)),
        locale=graphene.String(),
        limit=graphene.Int(default_value=200),
        description="Moderated reports, newest first.",
    )
    defect_report = graphene.Field(
        DefectReport,
        municipality=graphene.String(required=True),
        id=graphene.ID(required=True),
        locale=graphene.String(),
    )
    nearby_defects = graphene.List(
        graphene.NonNull(NearbyDefect),
        required=True,
        municipality=graphene.String(required=True),
        latitude=graphene.Float(required=True),
        longitude=graphene.Float(required=True),
        category=graphene.String(),
        locale=graphene.String(),
        description="Public reports within about 50 m (possible duplicates), "
        "nearest first: show them before submitting.",
    )

    @staticmethod
    @module_required(MODULE)
    def resolve_defect_categories(root, info, municipality, locale=None):
        return _prefetch_attributes(services.categories_for(municipality, locale))

    @staticmethod
    @module_required(MODULE)
    def resolve_defect_reports(
        root,
        info,
        municipality,
        bbox=None,
        statuses=None,
        categories=None,
        locale=None,
        limit=200,
    ):
        if limit is None or limit < 1 or limit > MAX_REPORTS:
            raise ValidationFailed(
                fields={"limit": [f"Send 1 to {MAX_REPORTS}."]},
            )
        statuses = [
            Status(getattr(status, "value", status)) for status in statuses or []
        ]
        reports = list(
            _public(
                services.public_reports(
                    municipality,
                    bbox=_check_bbox(bbox),
                    statuses=statuses,
                    categories=categories,
                    limit=limit,
                )
            )
        )
        return _localise(reports, municipality, locale)

    @staticmethod
    @module_required(MODULE)
    def resolve_defect_report(root, info, municipality, id, locale=None):
        try:
            pk = int(id)
        except (TypeError, ValueError):
            raise NotFound("There is no such report.") from None
        report = _public(services.public_reports(municipality)).filter(pk=pk).first()
        if report is None:
            raise NotFound("There is no such report.")
        return _localise([report], municipality, locale)[0]

    @staticmethod
    @module_required(MODULE)
    def resolve_nearby_defects(
        root, info, municipality, latitude, longitude, category=None, locale=None
    ):
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValidationFailed(
                fields={"position": ["Send a WGS84 latitude and longitude."]}
            )
        found = services.nearby_reports(
            municipality,
            latitude,
            longitude,
            category=category,
            queryset=_public(services.public_reports(municipality)),
        )
        _localise([report for report, _distance in found], municipality, locale)
        return [
            NearbyDefect(distance=round(distance, 1), report=report)
            for report, distance in found
        ]


class ReportDefectPayload(graphene.ObjectType):
    report = graphene.Field(SubmittedDefect, required=True)
    replayed = graphene.Boolean(
        required=True,
        description="True when this idempotency key was already used: the "
        "report of the first attempt is returned and nothing new is stored.",
    )


def _attributes(items):
    attributes = {}
    for item in items or []:
        attributes[item.code] = list(item.values) if item.values else item.value
    return attributes


class ReportDefect(graphene.Mutation):
    class Meta:
        description = (
            "Report a defect. Upload photos first (POST /api/uploads/) and send "
            "their tokens. Send the same idempotencyKey when retrying."
        )

    class Arguments:
        municipality = graphene.String(required=True)
        input = ReportDefectInput(required=True)
        idempotency_key = graphene.String(required=True)
        device_id = graphene.String()
        honeypot = graphene.String(
            description="Leave empty: a hidden form field that only bots fill in."
        )

    Output = ReportDefectPayload

    @staticmethod
    @module_required(MODULE)
    def mutate(
        root,
        info,
        municipality,
        input,
        idempotency_key,
        device_id=None,
        honeypot=None,
    ):
        data = services.ReportInput(
            category=input.category,
            description=input.description,
            latitude=input.latitude,
            longitude=input.longitude,
            address=input.address or "",
            email=input.email or "",
            photos=list(input.photos or []),
            attributes=_attributes(input.attributes),
        )
        if device_id is not None and len(device_id) > 200:
            raise ValidationFailed(fields={"deviceId": ["At most 200 characters."]})
        identity = ratelimit.ClientIdentity.from_request(info.context, device_id)
        try:
            report, replayed = services.submit_report(
                municipality,
                data,
                identity=identity,
                idempotency_key=idempotency_key,
                honeypot=honeypot or "",
            )
        except ValidationError as error:
            raise ValidationFailed.from_django(error) from None
        except services.RateLimitExceeded as error:
            raise RateLimited(retry_after=error.retry_after) from None
        except services.SubmissionRefused as error:
            raise SubmissionRefusedError(error.message, reason=error.reason) from None
        except IdempotencyConflict:
            raise IdempotencyConflictError() from None
        return ReportDefectPayload(report=report, replayed=replayed)


class DefectMutation(graphene.ObjectType):
    report_defect = ReportDefect.Field()
