"""HTTP clients of the two kinds of geocoding server Rathaus can ask.

- Nominatim (``GET /search?format=jsonv2``): a JSON list of places, each with
  ``display_name``, ``lat`` and ``lon`` (numbers as strings).
- Photon (``GET /api``): a GeoJSON FeatureCollection of points whose
  properties hold the address parts (``name``, ``street``, ``housenumber``,
  ``postcode``, ``city``...).

Both are asked for German addresses in German, inside a bounding box (the
municipality's), at most ``MAX_RESULTS``. One attempt per search: an editor
is waiting, and a retry would only add load to a server that is in trouble.
Anything short of a usable answer (a network error, a timeout, a status other
than 200, an answer that is not the expected JSON) raises
:class:`GeocoderUnavailable`.
"""

import json
import math
from dataclasses import dataclass

import requests

MAX_RESULTS = 5
MAX_BYTES = 1024 * 1024
DEFAULT_TIMEOUT = 5  # seconds
USER_AGENT = "Rathaus address search (+https://github.com/rathaus)"


class GeocoderUnavailable(Exception):
    """The geocoder could not be asked or gave no usable answer."""


@dataclass(frozen=True)
class Place:
    """One search result: what to show and where it is (WGS84)."""

    label: str
    latitude: float
    longitude: float

    def as_dict(self):
        return {
            "label": self.label,
            "latitude": self.latitude,
            "longitude": self.longitude,
        }


@dataclass(frozen=True)
class BoundingBox:
    south: float
    west: float
    north: float
    east: float


def _coordinate(value, limit):
    """A float within ±``limit``, or None."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or abs(number) > limit:
        return None
    return number


def _place(label, latitude, longitude):
    latitude = _coordinate(latitude, 90)
    longitude = _coordinate(longitude, 180)
    label = str(label or "").strip()
    if latitude is None or longitude is None or not label:
        return None
    return Place(label=label[:300], latitude=latitude, longitude=longitude)


class HttpGeocoder:
    """The HTTP side both kinds share: a session with our User-Agent, a
    timeout, a size limit, and one error type for every failure."""

    path = ""

    def __init__(
        self, url, *, user_agent=USER_AGENT, timeout=DEFAULT_TIMEOUT, session=None
    ):
        self.url = url.rstrip("/") + self.path
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent or USER_AGENT

    def _get_json(self, params):
        try:
            with self.session.get(
                self.url, params=params, timeout=self.timeout, stream=True
            ) as response:
                if response.status_code != 200:
                    raise GeocoderUnavailable(f"HTTP {response.status_code}.")
                body = bytearray()
                for chunk in response.iter_content(64 * 1024):
                    body.extend(chunk)
                    if len(body) > MAX_BYTES:
                        raise GeocoderUnavailable("The answer is too large.")
        except requests.Timeout as error:
            raise GeocoderUnavailable("Timed out.") from error
        except requests.RequestException as error:
            raise GeocoderUnavailable(type(error).__name__) from error
        try:
            return json.loads(body)
        except ValueError as error:
            raise GeocoderUnavailable("The answer is not JSON.") from error

    def search(self, query, bbox):
        """Up to ``MAX_RESULTS`` places for ``query`` inside ``bbox``."""
        raise NotImplementedError


class NominatimGeocoder(HttpGeocoder):
    path = "/search"

    def search(self, query, bbox):
        data = self._get_json(
            {
                "format": "jsonv2",
                "q": query,
                "countrycodes": "de",
                "viewbox": f"{bbox.west},{bbox.north},{bbox.east},{bbox.south}",
                "bounded": 1,
                "limit": MAX_RESULTS,
                "accept-language": "de",
            }
        )
        if not isinstance(data, list):
            raise GeocoderUnavailable("The answer is not a list.")
        places = (
            _place(item.get("display_name"), item.get("lat"), item.get("lon"))
            for item in data
            if isinstance(item, dict)
        )
        return [place for place in places if place][:MAX_RESULTS]


def photon_label(properties):
    """``Rathaus, Luitpoldplatz 13, 95444 Bayreuth``: the feature's name (not
    when it only repeats the street), street and number, postcode and city."""

    def joined(*keys):
        return " ".join(
            str(properties[key]).strip() for key in keys if properties.get(key)
        )

    name, street = joined("name"), joined("street")
    parts = [
        name if name != street else "",
        joined("street", "housenumber"),
        joined("postcode", "city"),
    ]
    return ", ".join(part for part in parts if part)


class PhotonGeocoder(HttpGeocoder):
    path = "/api"

    def search(self, query, bbox):
        data = self._get_json(
            {
                "q": query,
                "bbox": f"{bbox.west},{bbox.south},{bbox.east},{bbox.north}",
                "lang": "de",
                "limit": MAX_RESULTS,
            }
        )
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            raise GeocoderUnavailable("The answer is not a FeatureCollection.")
        places = []
        for feature in data["features"]:
            if not isinstance(feature, dict):
                continue
            geometry = feature.get("geometry")
            properties = feature.get("properties")
            if not isinstance(geometry, dict) or not isinstance(properties, dict):
                continue
            coordinates = geometry.get("coordinates")
            if geometry.get("type") != "Point" or not (
                isinstance(coordinates, list) and len(coordinates) >= 2
            ):
                continue
            place = _place(photon_label(properties), coordinates[1], coordinates[0])
            if place:
                places.append(place)
        return places[:MAX_RESULTS]


PROVIDERS = {"nominatim": NominatimGeocoder, "photon": PhotonGeocoder}
