"""Address search (forward geocoding) for the admin's map panel.

``clients`` talks to a Nominatim or Photon server, ``service`` adds the
settings, the cache and the server's rate limit, ``views`` is the admin's
JSON endpoint (``/admin/geocode/``).
"""

from .clients import BoundingBox, GeocoderUnavailable, Place
from .service import Config, GeocoderBusy, search

__all__ = [
    "BoundingBox",
    "Config",
    "GeocoderBusy",
    "GeocoderUnavailable",
    "Place",
    "search",
]
