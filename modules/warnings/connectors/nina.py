"""The NINA warning API of the BBK (``https://warnung.bund.de/api31``).

``GET /dashboard/{ARS}.json`` lists a district's warnings (the ARS with the
last seven digits zero); ``GET /warnings/{id}.json`` is one warning as CAP
JSON and ``/warnings/{id}.geojson`` its area. No key is needed.

The dashboard is fetched conditionally (``If-None-Match`` and
``If-Modified-Since``), so an unchanged district costs one 304. Transient
failures (timeouts, connection errors, 429 and 5xx) are retried with
exponential backoff; every request has a timeout and a size limit.
"""

import json
import logging
import re
import time
from dataclasses import dataclass, field

import requests

from rathaus.site.module_platform import api

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://warnung.bund.de/api31"
#: (connect, read) seconds.
DEFAULT_TIMEOUT = (3.05, 10)
DEFAULT_RETRIES = 2
BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 10.0
MAX_BYTES = 5 * 1024 * 1024
WARNING_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,190}$")
USER_AGENT = "Rathaus warnings (+https://github.com/rathaus)"


class NinaError(Exception):
    """NINA could not be reached or answered with something unusable."""


@dataclass(frozen=True)
class DashboardItem:
    id: str
    version: str
    hash: str
    provider: str
    msg_type: str

    @property
    def fingerprint(self):
        """Changes whenever NINA changes the warning."""
        return f"{self.version}:{self.hash}"


@dataclass
class Dashboard:
    not_modified: bool
    items: list = field(default_factory=list)
    etag: str = ""
    last_modified: str = ""


def district_key(ars):
    """The dashboard key of the district (Kreis) an ARS lies in."""
    if not (isinstance(ars, str) and len(ars) == 12 and ars.isdigit()):
        raise ValueError(f"{ars!r} is not a 12-digit ARS.")
    return ars[:5] + "0" * 7


def _dashboard_item(raw):
    if not isinstance(raw, dict) or not isinstance(raw.get("payload"), dict):
        raise NinaError("A dashboard item has no payload.")
    payload = raw["payload"]
    data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
    warning_id = str(raw.get("id") or payload.get("id") or "")
    if not WARNING_ID.match(warning_id):
        raise NinaError(f"A dashboard item has a bad id: {warning_id!r}.")
    return DashboardItem(
        id=warning_id,
        version=str(payload.get("version", "")),
        hash=str(payload.get("hash", "")),
        provider=str(data.get("provider", "")).upper(),
        msg_type=str(data.get("msgType", "")),
    )


class NinaClient:
    def __init__(
        self,
        base_url=DEFAULT_BASE_URL,
        *,
        session=None,
        timeout=DEFAULT_TIMEOUT,
        retries=DEFAULT_RETRIES,
        sleep=time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        self.timeout = timeout
        self.retries = retries
        self.sleep = sleep
        #: Requests made (each attempt counts), for the bench and logs.
        self.request_count = 0

    # HTTP --------------------------------------------------------------------

    def _get_once(self, url, headers):
        """The answer and its body (empty for 304); an error answer as it is,
        for ``api.with_retries`` to judge."""
        self.request_count += 1
        with self.session.get(
            url, headers=headers, timeout=self.timeout, stream=True
        ) as response:
            if not response.ok:
                return response
            body = bytearray()
            for chunk in response.iter_content(64 * 1024):
                body.extend(chunk)
                if len(body) > MAX_BYTES:
                    raise NinaError(f"{url} is larger than {MAX_BYTES} bytes.")
            return response, bytes(body)

    def _get(self, path, headers=None):
        url = f"{self.base_url}/{path}"
        try:
            return api.with_retries(
                lambda: self._get_once(url, headers or {}),
                url,
                retries=self.retries,
                backoff=BACKOFF_SECONDS,
                max_backoff=MAX_BACKOFF_SECONDS,
                wait=self.sleep,
            )
        except api.TransportError as error:
            raise NinaError(str(error)) from error

    def _json(self, path, headers=None):
        response, body = self._get(path, headers)
        if response.status_code == 304:
            return response, None
        try:
            return response, json.loads(body)
        except ValueError as error:
            raise NinaError(f"{path} is not JSON.") from error

    # Endpoints -----------------------------------------------------------------

    def dashboard(self, key, *, etag="", last_modified=""):
        """The district's dashboard; ``not_modified`` when the validators match."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response, data = self._json(f"dashboard/{key}.json", headers)
        if response.status_code == 304:
            return Dashboard(not_modified=True, etag=etag, last_modified=last_modified)
        if not isinstance(data, list):
            raise NinaError("The dashboard is not a list.")
        return Dashboard(
            not_modified=False,
            items=[_dashboard_item(raw) for raw in data],
            etag=response.headers.get("ETag", ""),
            last_modified=response.headers.get("Last-Modified", ""),
        )

    def detail(self, warning_id):
        """One warning as CAP JSON (a dict)."""
        if not WARNING_ID.match(warning_id):
            raise NinaError(f"Bad warning id {warning_id!r}.")
        _response, data = self._json(f"warnings/{warning_id}.json")
        if not isinstance(data, dict):
            raise NinaError(f"The detail of {warning_id} is not an object.")
        return data

    def geometry(self, warning_id):
        """The warning's area as one GeoJSON geometry, or None."""
        if not WARNING_ID.match(warning_id):
            raise NinaError(f"Bad warning id {warning_id!r}.")
        _response, data = self._json(f"warnings/{warning_id}.geojson")
        return geometry_from_geojson(data)


def geometry_from_geojson(data):
    """One geometry from a GeoJSON geometry, Feature or FeatureCollection."""
    if not isinstance(data, dict):
        return None
    kind = data.get("type")
    if kind == "FeatureCollection":
        geometries = [
            geometry_from_geojson(feature) for feature in data.get("features") or []
        ]
        geometries = [geometry for geometry in geometries if geometry]
        polygons = []
        for geometry in geometries:
            if geometry["type"] == "Polygon":
                polygons.append(geometry["coordinates"])
            elif geometry["type"] == "MultiPolygon":
                polygons.extend(geometry["coordinates"])
        if not polygons:
            return None
        if len(polygons) == 1:
            return {"type": "Polygon", "coordinates": polygons[0]}
        return {"type": "MultiPolygon", "coordinates": polygons}
    if kind == "Feature":
        return geometry_from_geojson(data.get("geometry"))
    if kind in ("Polygon", "MultiPolygon") and isinstance(
        data.get("coordinates"), list
    ):
        return {"type": kind, "coordinates": data["coordinates"]}
    return None
