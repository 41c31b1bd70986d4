"""A house's collections as an iCalendar feed (RFC 5545 and RFC 7986).

Built with the ``icalendar`` library, which writes CRLF line endings, folds
lines at 75 octets and escapes ``,;\\``. Events are all-day (``DTSTART`` and
the exclusive ``DTEND`` as dates), transparent, and keep a stable ``UID`` per
(district, fraction, date) so calendar apps update instead of duplicating
them when the feed is fetched again. Mobile collections with times are timed
events in Europe/Berlin.
"""

import datetime
import hashlib
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone, translation
from django.utils.translation import gettext as _

TIME_ZONE = ZoneInfo("Europe/Berlin")
PRODID = "-//Rathaus//Waste calendar//DE"
#: The alarm fires at 18:00 the evening before an all-day event.
ALARM_TRIGGER = datetime.timedelta(hours=-6)
#: A year of dates plus the past month (so "last week" stays visible).
PAST_DAYS = 31
FUTURE_DAYS = 366


def feed_range(today):
    return (
        today - datetime.timedelta(days=PAST_DAYS),
        today + datetime.timedelta(days=FUTURE_DAYS),
    )


def event_uid(municipality, collection):
    return (
        f"waste-{collection.district.pk}-{collection.fraction.key}-"
        f"{collection.original_date:%Y%m%d}@{municipality.slug}.rathaus"
    )


def _event(municipality, collection, stamp, alarm, language):
    event = icalendar.Event()
    fraction = collection.fraction
    event.add("uid", event_uid(municipality, collection))
    event.add("dtstamp", stamp)
    summary = fraction.name
    if collection.start_time:
        start = datetime.datetime.combine(
            collection.date, collection.start_time, tzinfo=TIME_ZONE
        )
        end_time = (
            collection.end_time
            or (
                datetime.datetime.combine(collection.date, collection.start_time)
                + datetime.timedelta(hours=1)
            ).time()
        )
        event.add("dtstart", start)
        event.add(
            "dtend",
            datetime.datetime.combine(collection.date, end_time, tzinfo=TIME_ZONE),
        )
    else:
        event.add("dtstart", collection.date)
        event.add("dtend", collection.date + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("categories", [fraction.key])
    event.add("transp", "TRANSPARENT")
    location = collection.district.location
    if location:
        event.add("location", location)
    description = []
    if collection.shifted:
        description.append(
            _("Moved from %(date)s (%(reason)s).")
            % {
                "date": collection.original_date.isoformat(),
                "reason": collection.shift_reason or _("holiday"),
            }
        )
    if collection.note:
        description.append(collection.note)
    if description:
        event.add("description", "\n".join(description))
    if fraction.color:
        event.add("color", fraction.color)
    if alarm:
        valarm = icalendar.Alarm()
        valarm.add("action", "DISPLAY")
        valarm.add("description", _("Tomorrow: %(fraction)s") % {"fraction": summary})
        valarm.add(
            "trigger",
            ALARM_TRIGGER
            if not collection.start_time
            else -datetime.timedelta(hours=12),
        )
        event.add_component(valarm)
    return event


def build_calendar(municipality, calendar, *, language, alarm=False, url=""):
    """The feed's bytes (UTF-8, CRLF, folded)."""
    with translation.override(language):
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        name = _("Waste calendar %(municipality)s: %(street)s") % {
            "municipality": municipality.name,
            "street": calendar.street.name,
        }
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/Berlin")
        cal.add(
            "refresh-interval",
            datetime.timedelta(days=1),
            parameters={"VALUE": "DURATION"},
        )
        cal.add("x-published-ttl", "P1D")
        if url:
            cal.add("url", url)
            cal.add("source", url, parameters={"VALUE": "URI"})
        # DTSTAMP is the newest change we know of: stable between fetches so
        # ETags stay valid while nothing changed.
        stamp = datetime.datetime.combine(
            timezone.localdate(), datetime.time(0, 0), tzinfo=datetime.UTC
        )
        for collection in calendar.collections:
            cal.add_component(_event(municipality, collection, stamp, alarm, language))
        # RFC 5545 3.2.19: every TZID used needs its VTIMEZONE.
        cal.add_missing_timezones()
        return cal.to_ical()


def etag_for(body):
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
