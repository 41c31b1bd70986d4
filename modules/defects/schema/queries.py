"""Queries: public read of moderated reports and categories."""

import graphene

from rathaus.site.module_platform import api

from .. import services
from ..models import Status
from .inputs import DefectBoundingBoxInput
from .types import (
    MAX_REPORTS,
    MODULE,
    DefectCategory,
    DefectReport,
    DefectStatus,
    NearbyDefect,
)


class SubmittedDefect(graphene.ObjectType):
    id = graphene.ID(required=True)
    token = graphene.String(required=True, description="The Open311 token.")
    status = graphene.Field(DefectStatus, required=True)
    created_at = graphene.DateTime(required=True)


def _localise(reports, municipality, locale):
    """Attach each report's category in the asked language (2 queries)."""
    categories = services.categories_with_attributes(
        municipality, locale, active_only=False
    )
    by_key = {category.translation_key: category for category in categories}
    for report in reports:
        report.localized_category = by_key.get(report.category.translation_key)
    return reports


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
    @api.module_required(MODULE)
    def resolve_defect_categories(root, info, municipality, locale=None):
        return services.categories_with_attributes(municipality, locale)

    @staticmethod
    @api.module_required(MODULE)
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
            raise api.ValidationFailed(
                fields={"limit": [f"Send 1 to {MAX_REPORTS}."]},
            )
        statuses = [
            Status(getattr(status, "value", status)) for status in statuses or []
        ]
        reports = services.public_reports(
            municipality,
            bbox=api.bbox_argument(bbox),
            statuses=statuses,
            categories=categories,
        )
        return _localise(list(reports[:limit]), municipality, locale)

    @staticmethod
    @api.module_required(MODULE)
    def resolve_defect_report(root, info, municipality, id, locale=None):
        try:
            pk = int(id)
        except (TypeError, ValueError):
            raise api.NotFound("There is no such report.") from None
        report = services.public_reports(municipality).filter(pk=pk).first()
        if report is None:
            raise api.NotFound("There is no such report.")
        return _localise([report], municipality, locale)[0]

    @staticmethod
    @api.module_required(MODULE)
    def resolve_nearby_defects(
        root, info, municipality, latitude, longitude, category=None, locale=None
    ):
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise api.ValidationFailed(
                fields={"position": ["Send a WGS84 latitude and longitude."]}
            )
        found = services.nearby_reports(
            municipality, latitude, longitude, category=category
        )
        _localise([report for report, _distance in found], municipality, locale)
        return [
            NearbyDefect(distance=round(distance, 1), report=report)
            for report, distance in found
        ]
