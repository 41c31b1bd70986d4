"""Output types and enums of the defect reporter's GraphQL."""

import graphene

from rathaus.site.module_platform import api

from .. import services
from ..models import CategoryAttribute, Status

MODULE = services.MODULE
MAX_REPORTS = 500


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
        return attribute.choices


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


DefectPhotoType = api.photo_type(
    "DefectPhoto", "A moderated photo, stripped of all metadata."
)


class DefectReport(graphene.ObjectType):
    class Meta:
        description = "A moderated report. Never carries reporters' data."

    id = graphene.ID(required=True)
    status = graphene.Field(DefectStatus, required=True)
    status_notes = graphene.String(required=True)
    category = graphene.Field(DefectCategory, required=True)
    description = graphene.String(required=True)
    address = graphene.String(required=True)
    position = graphene.Field(api.Coordinates, required=True)
    photos = graphene.List(graphene.NonNull(DefectPhotoType), required=True)
    created_at = graphene.DateTime(required=True)
    published_at = graphene.DateTime()
    updated_at = graphene.DateTime(required=True)
    closed_at = graphene.DateTime()

    @staticmethod
    def resolve_category(report, info):
        return getattr(report, "localized_category", None) or report.category

    @staticmethod
    def resolve_position(report, info):
        return api.Coordinates(latitude=report.latitude, longitude=report.longitude)

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
