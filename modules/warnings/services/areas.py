"""Areas drawn in the admin: GeoJSON polygons checked with shapely."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import shape

MAX_VERTICES = 500


def validate_polygon(value, *, field):
    """A valid GeoJSON Polygon in WGS84, or a ValidationError on ``field``."""
    try:
        if not isinstance(value, dict) or value.get("type") != "Polygon":
            raise ValueError(_("The area must be a GeoJSON polygon."))
        rings = value.get("coordinates") or []
        points = [point for ring in rings for point in ring]
        if not rings or len(rings[0]) < 4:
            raise ValueError(_("An area needs at least three corners."))
        if len(points) > MAX_VERTICES:
            raise ValueError(
                _("An area may have at most %(count)s corners.")
                % {"count": MAX_VERTICES}
            )
        for longitude, latitude in points:
            if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
                raise ValueError(_("A corner lies outside WGS84."))
        geometry = shape(value)
    except ValidationError:
        raise
    except (ValueError, TypeError) as error:
        raise ValidationError({field: str(error)}) from error
    if not geometry.is_valid:
        raise ValidationError({field: _("The area crosses itself.")})
