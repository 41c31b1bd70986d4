"""Validators for official keys, postal codes and geometry.

AGS (Amtlicher Gemeindeschlüssel, 8 digits) = Land (2) + Regierungsbezirk (1)
+ Kreis (2) + Gemeinde (3). ARS (Amtlicher Regionalschlüssel, 12 digits) =
Land (2) + Regierungsbezirk (1) + Kreis (2) + Gemeindeverband (4) + Gemeinde (3).
"""

import json
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from shapely.geometry import shape
from shapely.validation import explain_validity

LAND_CODES = {f"{n:02d}" for n in range(1, 17)}
POSTAL_CODE = re.compile(r"^\d{5}$")


def _check_land(key, label):
    if key[:2] not in LAND_CODES:
        raise ValidationError(
            _(
                "%(label)s %(key)s starts with %(land)s, which is no German "
                "Land (01 to 16)."
            ),
            code="invalid_land",
            params={"label": label, "key": key, "land": key[:2]},
        )


def validate_ags(value):
    if not re.fullmatch(r"\d{8}", value or ""):
        raise ValidationError(
            _("The AGS must be exactly 8 digits, e.g. 09462000."), code="invalid_ags"
        )
    _check_land(value, "AGS")


def validate_ars(value):
    if not re.fullmatch(r"\d{12}", value or ""):
        raise ValidationError(
            _("The ARS must be exactly 12 digits, e.g. 094620000000."),
            code="invalid_ars",
        )
    _check_land(value, "ARS")


def validate_ags_matches_ars(ags, ars):
    """The ARS holds the AGS: its first five and its last three digits."""
    if ags[:5] != ars[:5] or ags[5:] != ars[9:]:
        raise ValidationError(
            _(
                "The ARS %(ars)s does not belong to the AGS %(ags)s: the ARS must "
                "start with %(head)s and end with %(tail)s."
            ),
            code="ars_mismatch",
            params={"ars": ars, "ags": ags, "head": ags[:5], "tail": ags[5:]},
        )


def validate_postal_codes(value):
    if not isinstance(value, list) or not all(
        isinstance(code, str) and POSTAL_CODE.match(code) for code in value
    ):
        raise ValidationError(
            _("Postal codes must be a list of five-digit German postal codes."),
            code="invalid_postal_codes",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Postal codes are listed twice."), code="duplicate")


def validate_latitude(value):
    if not -90 <= value <= 90:
        raise ValidationError(_("A latitude lies between -90 and 90."), code="range")


def validate_longitude(value):
    if not -180 <= value <= 180:
        raise ValidationError(_("A longitude lies between -180 and 180."), code="range")


def validate_bounding_box(south, west, north, east):
    validate_latitude(south)
    validate_latitude(north)
    validate_longitude(west)
    validate_longitude(east)
    if south >= north or west >= east:
        raise ValidationError(
            _("The bounding box needs south < north and west < east."),
            code="invalid_bbox",
        )


def parse_boundary(value):
    """Return a shapely geometry for a GeoJSON Polygon or MultiPolygon.

    Accepts a dict or a JSON string; raises ValidationError with the reason.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("The boundary is not valid JSON: %(error)s"),
                code="invalid_json",
                params={"error": error.msg},
            ) from None
    if not isinstance(value, dict) or value.get("type") not in (
        "Polygon",
        "MultiPolygon",
    ):
        raise ValidationError(
            _("The boundary must be a GeoJSON Polygon or MultiPolygon geometry."),
            code="invalid_geometry_type",
        )
    try:
        geometry = shape(value)
    except Exception as error:  # shapely raises several types for bad input
        raise ValidationError(
            _("The boundary is not a valid GeoJSON geometry: %(error)s"),
            code="invalid_geometry",
            params={"error": str(error)},
        ) from None
    if geometry.is_empty:
        raise ValidationError(_("The boundary is empty."), code="empty_geometry")
    if not geometry.is_valid:
        raise ValidationError(
            _("The boundary polygon is invalid: %(reason)s"),
            code="invalid_polygon",
            params={"reason": explain_validity(geometry)},
        )
    minx, miny, maxx, maxy = geometry.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise ValidationError(
            _("The boundary must use WGS84 longitude/latitude coordinates."),
            code="invalid_coordinates",
        )
    return geometry


def validate_boundary(value):
    if value in (None, ""):
        return
    parse_boundary(value)
