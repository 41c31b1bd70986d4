"""iCalendar (RFC 5545) documents of a municipality's events, built with the
``icalendar`` library: one ``VEVENT`` per event with its RRULE and EXDATEs in
the municipality's zone, the ``VTIMEZONE`` it needs, a stable ``UID`` (the
event's translation key, the same in every language) and the ``URL`` of its
page. The library writes CRLF line ends and folds lines at 75 octets."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import icalendar

PRODUCT_ID = "-//Rathaus//Events//EN"


@dataclass(frozen=True)
class FeedEvent:
    """What a ``VEVENT`` says about one event, in the requested locale."""

    uid: str
    title: str
    description: str
    url: str
    location: str
    schedule: object  # recurrence.Schedule
    last_modified: datetime | None
    language: str


def event_uid(translation_key, municipality_slug):
    return f"{translation_key}@{municipality_slug}.rathaus"


def vevent(item):
    schedule = item.schedule
    event = icalendar.Event()
    event.add("uid", item.uid)
    # Stable (not the time of the request), so the ETag stays the same too.
    event.add("dtstamp", (item.last_modified or schedule.start).astimezone(UTC))
    if item.last_modified:
        event.add("last-modified", item.last_modified.astimezone(UTC))
    first = schedule.first_occurrence()
    if schedule.all_day:
        event.add("dtstart", first.start_date)
        event.add("dtend", first.end_date + timedelta(days=1))
    else:
        event.add("dtstart", first.start)
        if first.end is not None:
            event.add("dtend", first.end)
    if schedule.rule:
        event.add("rrule", icalendar.vRecur.from_ical(schedule.ical_rule()))
        if schedule.excluded_dates:
            event.add("exdate", schedule.exdate_values())
    event.add("summary", item.title, parameters={"LANGUAGE": item.language})
    if item.description:
        event.add(
            "description", item.description, parameters={"LANGUAGE": item.language}
        )
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    return event


def calendar(items, name, zone, now=None):
    """The VCALENDAR of ``items`` (FeedEvent) as bytes."""
    now = now or datetime.now(UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", zone.key)
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    starts = []
    for item in items:
        cal.add_component(vevent(item))
        starts.append(item.schedule.first_occurrence().start)
    if starts:
        # Transitions from the first event's start to five years ahead:
        # enough for every client to place every occurrence.
        first = min(starts).date()
        cal.add_missing_timezones(
            first_date=first, last_date=max(first, now.date()) + timedelta(days=1830)
        )
    return cal.to_ical()
