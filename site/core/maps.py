"""What the admin's Leaflet maps take from ``LEAFLET_CONFIG`` (django-leaflet's
setting), read in one place for every map script."""

from django.conf import settings

#: Germany, when neither a municipality nor ``DEFAULT_CENTER`` says where.
GERMANY = (51.1657, 10.4515)


def leaflet_config():
    return getattr(settings, "LEAFLET_CONFIG", {})


def tile_layer():
    """The first of the configured tile layers, as the map scripts take it:
    ``{"tileUrl": ..., "tileOptions": ...}`` (empty without tiles)."""
    tiles = leaflet_config().get("TILES") or []
    url, options = (tiles[0][1], tiles[0][2]) if tiles else ("", {})
    return {"tileUrl": url, "tileOptions": options}


def default_view():
    """The configured centre and zoom: ``{"center": [lat, lng], "zoom": n}``."""
    config = leaflet_config()
    return {
        "center": list(config.get("DEFAULT_CENTER", GERMANY)),
        "zoom": config.get("DEFAULT_ZOOM", 6),
    }
