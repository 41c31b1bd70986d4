"""Operators' per-street iCalendar feeds.

Many operators publish one ``.ics`` per street (``...?strasse=Hauptstraße``).
The source's URL template names ``{street}`` (and may name ``{locality}``);
each of the municipality's streets is fetched, every ``VEVENT``'s
``SUMMARY`` is matched against the fraction mapping (the first mapped name
the summary contains wins), and each street gets a district of its own per
fraction (named after the street), since a feed says nothing about
districts.
"""

import datetime
from urllib.parse import quote

import icalendar
from django.utils.translation import gettext as _

from ..services.importing import Record, Refused
from .abfallnavi import TIMEOUT, SourceError, session

MAX_BYTES = 2 * 1024 * 1024


def fetch(http, url):
    """The feed's bytes, read in chunks: never more than ``MAX_BYTES``."""
    body = bytearray()
    try:
        with http.get(url, timeout=TIMEOUT, stream=True) as response:
            if response.status_code != 200:
                raise SourceError(f"{url}: HTTP {response.status_code}")
            for chunk in response.iter_content(64 * 1024):
                body.extend(chunk)
                if len(body) > MAX_BYTES:
                    raise SourceError(f"{url}: larger than {MAX_BYTES // 1024} KB.")
    except SourceError:
        raise
    except Exception as error:  # requests' and urllib3's errors
        raise SourceError(f"{url}: {type(error).__name__}") from error
    return bytes(body)


def events(body):
    """``(summary, date, start time, end time)`` of each event of a feed."""
    try:
        calendar = icalendar.Calendar.from_ical(body)
    except ValueError as error:
        raise Refused(
            _("Not an iCalendar file: %(error)s") % {"error": error}
        ) from None
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is None:
            continue
        value = start.dt
        if isinstance(value, datetime.datetime):
            yield str(event.get("SUMMARY", "")), value.date(), value.time(), None
        else:
            yield str(event.get("SUMMARY", "")), value, None, None


def _fraction(summary, mapping):
    folded = summary.casefold()
    for name, key in mapping.items():
        if name.casefold() in folded:
            return key
    return None


def records(streets, url_template, mapping, *, http=None, skipped=None):
    """Yield ``(reference, Record | Refused)`` for the given streets."""
    http = http or session()
    skipped = {} if skipped is None else skipped
    for street in streets:
        url = url_template.format(
            street=quote(street.name), locality=quote(street.locality)
        )
        body = fetch(http, url)
        try:
            found = list(events(body))
        except Refused as error:
            yield str(street), error
            continue
        for summary, day, start, end in found:
            key = _fraction(summary, mapping)
            if key is None:
                skipped[summary] = skipped.get(summary, 0) + 1
                continue
            yield (
                f"{street} {day}",
                Record(
                    street=street.name,
                    locality=street.locality,
                    postal_code=street.postal_code,
                    fraction=key,
                    district=str(street),
                    date=day,
                    start_time=start if start and start != datetime.time(0) else None,
                    end_time=end,
                ),
            )
