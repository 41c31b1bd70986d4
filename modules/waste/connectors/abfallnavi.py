"""regio iT AbfallNavi: places → streets → house numbers → dates.

The REST API behind the AbfallNavi apps
(``https://{service}-abfallapp.regioit.de/abfall-app-{service}/rest``):

- ``GET orte`` → ``[{id, name}]``
- ``GET orte/{id}/strassen`` → ``[{id, name, ortsteilName?}]``
- ``GET strassen/{id}`` → ``{id, name, hausNrList: [{id, nr}]}``
- ``GET fraktionen`` → ``[{id, name}]``
- ``GET strassen/{id}/termine`` or ``hausnummern/{id}/termine`` →
  ``[{datum: "YYYY-MM-DD", bezirk: {id, name, fraktionId}}]``

Ids change at the turn of the year, so nothing is matched by id: streets by
name and locality, districts by fraction and name; the ids are stored only
for reference. A street with house numbers gets one assignment per house
number (its integer part).
"""

import datetime

import requests
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ..services.importing import Record, Refused

TIMEOUT = (5, 30)
USER_AGENT = "Rathaus waste calendar importer"


class SourceError(Exception):
    """The service could not be read (network, HTTP status, bad JSON)."""


def session(retries=3):
    """A session retrying transient failures (429, 5xx) with backoff."""
    http = requests.Session()
    retry = Retry(
        total=retries,
        backoff_factor=1.0,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=("GET",),
        respect_retry_after_header=True,
    )
    http.mount("https://", HTTPAdapter(max_retries=retry))
    http.headers["User-Agent"] = USER_AGENT
    return http


def base_url(service):
    return f"https://{service}-abfallapp.regioit.de/abfall-app-{service}/rest"


class Client:
    def __init__(self, service, http=None):
        self.base = base_url(service)
        self.http = http or session()

    def get(self, path):
        url = f"{self.base}/{path}"
        try:
            response = self.http.get(url, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise SourceError(f"{path}: {type(error).__name__}") from error
        if response.status_code != 200:
            raise SourceError(f"{path}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise SourceError(f"{path}: the answer is not JSON.") from None

    def place_id(self, name):
        for place in self.get("orte"):
            if str(place.get("name", "")).strip().casefold() == name.casefold():
                return place["id"]
        raise SourceError(
            _("The place %(name)s is not in this AbfallNavi service.")
            % {"name": repr(name)}
        )


def _house_number(text):
    digits = ""
    for char in str(text).strip():
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits else None


def records(client, place, fraction_mapping, *, skipped=None):
    """Yield ``(reference, Record | Refused)`` for every date of the place.

    ``fraction_mapping`` maps AbfallNavi fraction names to fraction keys;
    unmapped fractions are left out and counted in ``skipped``.
    """
    skipped = {} if skipped is None else skipped
    fractions = {item["id"]: item["name"] for item in client.get("fraktionen")}
    place_id = client.place_id(place)
    for street in client.get(f"orte/{place_id}/strassen"):
        detail = client.get(f"strassen/{street['id']}")
        locality = street.get("ortsteilName") or ""
        houses = detail.get("hausNrList") or []
        targets = (
            [
                (f"hausnummern/{house['id']}", _house_number(house["nr"]))
                for house in houses
            ]
            if houses
            else [(f"strassen/{street['id']}", None)]
        )
        for path, number in targets:
            if houses and number is None:
                yield path, Refused(_("House number without digits."))
                continue
            for entry in client.get(f"{path}/termine"):
                district = entry.get("bezirk") or {}
                name = fractions.get(district.get("fraktionId"))
                key = fraction_mapping.get(name)
                if key is None:
                    skipped[name] = skipped.get(name, 0) + 1
                    continue
                try:
                    day = datetime.date.fromisoformat(entry["datum"])
                except (KeyError, TypeError, ValueError):
                    yield (
                        f"{path}/termine",
                        Refused(
                            _("Bad date %(value)s.")
                            % {"value": repr(entry.get("datum"))}
                        ),
                    )
                    continue
                yield (
                    f"{path}/termine",
                    Record(
                        street=str(street["name"]).strip(),
                        locality=locality,
                        house_from=number,
                        house_to=number,
                        fraction=key,
                        district=str(district.get("name") or district.get("id")),
                        district_external_id=str(district.get("id", "")),
                        street_external_id=str(street["id"]),
                        date=day,
                    ),
                )
