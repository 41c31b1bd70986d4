"""The Federal Employment Agency's job search ("Jobsuche") API.

Unofficial but widely used (bundesAPI/jobsuche-api): ``GET {base}/{version}/jobs``
searches (``wo``, ``umkreis``, ``angebotsart``, ``page`` from 1, ``size`` up to
100), ``GET {base}/{version}/jobdetails/{base64(refnr)}`` has the details.
Every request carries the ``X-API-Key`` header. The version path is
configurable because the agency moves it (v4, v6).
"""

import base64

import requests
from django.utils.translation import gettext_noop

from rathaus.site.module_platform import api

from ..errors import ImportFailed
from ..models import OfferKind

PAGE_SIZE = 100
ANGEBOTSART = {
    OfferKind.JOB: 1,
    OfferKind.SELF_EMPLOYMENT: 2,
    OfferKind.TRAINING: 4,
    OfferKind.INTERNSHIP: 34,
}
WORKING_TIME_MODELS = {
    "VOLLZEIT": "full_time",
    "TEILZEIT": "part_time",
    "SCHICHT_NACHTARBEIT_WOCHENENDE": "shifts",
    "MINIJOB": "mini_job",
}
DETAIL_URL = "https://www.arbeitsagentur.de/jobsuche/jobdetail/{refnr}"


class JobSearchClient:
    def __init__(self, base_url, version_path, api_key):
        self.base_url = base_url.rstrip("/")
        self.version_path = version_path.strip("/")
        self.session = requests.Session()
        self.session.headers.update(
            {"X-API-Key": api_key, "Accept": "application/json"}
        )

    def _get(self, path, **kwargs):
        """The answer's JSON data, and the URL for messages."""
        url = f"{self.base_url}/{self.version_path}/{path}"
        response = api.http_get(self.session, url, **kwargs)
        try:
            return response.json(), api.describe_url(url)
        except ValueError:
            raise ImportFailed(
                gettext_noop("%(url)s did not answer with JSON."),
                url=api.describe_url(url),
            ) from None

    def search(self, *, where, radius_km, kind, page):
        params = {
            "wo": where,
            "umkreis": radius_km,
            "angebotsart": ANGEBOTSART[kind],
            "page": page,
            "size": PAGE_SIZE,
        }
        data, url = self._get("jobs", params=params)
        if not isinstance(data, dict) or not isinstance(
            data.get("stellenangebote", []), list
        ):
            raise ImportFailed(
                gettext_noop("%(url)s answered without a list of offers."), url=url
            )
        return data

    def details(self, refnr):
        """The offer's details, or None when the agency no longer has it."""
        encoded = base64.b64encode(refnr.encode()).decode()
        try:
            data, url = self._get(f"jobdetails/{encoded}")
        except api.TransportError as error:
            if error.params.get("status") == 404:
                return None
            raise
        if not isinstance(data, dict):
            raise ImportFailed(
                gettext_noop("%(url)s answered without an object."), url=url
            )
        return data


def from_search_item(item, kind):
    if not isinstance(item, dict) or not item.get("refnr"):
        raise ImportFailed(gettext_noop("An offer in the search result has no refnr."))
    place = item.get("arbeitsort") or {}
    position = place.get("koordinaten") or {}
    refnr = item["refnr"]
    return {
        "external_reference": refnr,
        "title": item.get("titel") or item.get("beruf") or "",
        "employer": item.get("arbeitgeber") or "",
        "occupation": item.get("beruf") or "",
        "kind": kind,
        "postal_code": place.get("plz") or "",
        "place": place.get("ort") or "",
        "street": place.get("strasse") or "",
        "latitude": position.get("lat"),
        "longitude": position.get("lon"),
        "published_at": item.get("aktuelleVeroeffentlichungsdatum"),
        "start_date": item.get("eintrittsdatum"),
        "external_url": item.get("externeUrl") or DETAIL_URL.format(refnr=refnr),
    }


def from_details(details):
    record = {
        "description": details.get("stellenangebotsBeschreibung") or "",
        "suitable_for_refugees": bool(details.get("fuerFluechtlingeGeeignet")),
        "language_requirements": details.get("sprachkenntnisse") or [],
    }
    if details.get("stellenangebotsTitel"):
        record["title"] = details["stellenangebotsTitel"]
    models = {
        WORKING_TIME_MODELS[name]
        for name in details.get("arbeitszeitmodelle") or []
        if name in WORKING_TIME_MODELS
    }
    if {"full_time", "part_time"} <= models:
        record["working_time"] = "full_or_part_time"
    elif models:
        record["working_time"] = min(models)
    return record


def fetch_offers(connector, kinds, known):
    """Every offer the connector's search finds, as raw records.

    ``known`` maps reference numbers already stored to their modification
    stamp: details are fetched only for new or changed offers. The result is
    bounded by ``max_pages`` pages of ``PAGE_SIZE`` per kind.
    """
    client = JobSearchClient(
        connector.base_url, connector.version_path, connector.api_key
    )
    records = {}
    for kind in kinds:
        for page in range(1, max(1, connector.max_pages) + 1):
            data = client.search(
                where=connector.postal_code,
                radius_km=connector.radius_km,
                kind=kind,
                page=page,
            )
            items = data.get("stellenangebote") or []
            for item in items:
                record = from_search_item(item, kind)
                refnr = record["external_reference"]
                modified = str(item.get("modifikationsTimestamp") or "")
                record["source_modified_at"] = modified
                if connector.fetch_details and (
                    refnr not in known or known[refnr] != modified or not modified
                ):
                    details = client.details(refnr)
                    if details:
                        record.update(from_details(details))
                records[refnr] = record
            total = data.get("maxErgebnisse")
            size = data.get("size") if isinstance(data.get("size"), int) else PAGE_SIZE
            if not items or (isinstance(total, int) and page * size >= total):
                break
    return list(records.values())
