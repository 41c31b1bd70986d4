"""WGS84 positions of a module's rows: bounding boxes and "near here" on
models with ``latitude`` and ``longitude`` float fields, on every database
(no spatial extension needed)."""

import math

from rathaus.graphql.errors import ValidationFailed

EARTH_RADIUS_METRES = 6_371_008.8


def haversine_metres(lat1, lng1, lat2, lng2):
    """The great-circle distance between two positions, in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lng2 - lng1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def bbox_around(latitude, longitude, radius):
    """A (south, west, north, east) box containing the circle of ``radius``
    metres."""
    dlat = math.degrees(radius / EARTH_RADIUS_METRES)
    cos_lat = max(math.cos(math.radians(latitude)), 1e-6)
    dlng = math.degrees(radius / (EARTH_RADIUS_METRES * cos_lat))
    return (latitude - dlat, longitude - dlng, latitude + dlat, longitude + dlng)


def bbox_argument(bbox):
    """A GraphQL bounding-box input (``south``, ``west``, ``north``, ``east``)
    as the tuple ``in_bbox`` takes, ``None`` when none was sent; a typed
    error on the field ``bbox`` unless south <= north and west <= east in
    WGS84."""
    if bbox is None:
        return None
    south, west, north, east = bbox.south, bbox.west, bbox.north, bbox.east
    if not (-90 <= south <= north <= 90 and -180 <= west <= east <= 180):
        raise ValidationFailed(
            "The bounding box is not valid.",
            fields={"bbox": ["Send south <= north and west <= east in WGS84."]},
        )
    return (south, west, north, east)


def in_bbox(queryset, bbox):
    """The rows of ``queryset`` inside ``bbox``, (south, west, north, east)."""
    south, west, north, east = bbox
    return queryset.filter(
        latitude__gte=south,
        latitude__lte=north,
        longitude__gte=west,
        longitude__lte=east,
    )


def nearest(queryset, latitude, longitude, radius):
    """The rows of ``queryset`` within ``radius`` metres, nearest first (ties
    by pk), as ``[(row, metres)]``: a bounding-box prefilter in SQL (it can
    use an index on the coordinates), then the exact distance in Python."""
    found = []
    for row in in_bbox(queryset, bbox_around(latitude, longitude, radius)):
        distance = haversine_metres(latitude, longitude, row.latitude, row.longitude)
        if distance <= radius:
            found.append((row, distance))
    found.sort(key=lambda item: (item[1], item[0].pk))
    return found
