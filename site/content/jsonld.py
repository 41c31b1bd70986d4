"""schema.org JSON-LD for event and location pages (what search engines and
apps read): ``Event`` with its ``Schedule``, and a ``Place`` (or the
category's subtype, e.g. ``GovernmentOffice``) with address, geo and
``openingHoursSpecification``. Plain data, so the API returns it as a JSON
object and a frontend can put it into a ``<script type="application/ld+json">``
as it is."""

from .opening_hours import WEEKDAY_ORDER
from .recurrence import parse_until, rule_parts

CONTEXT = "https://schema.org"
DAY_NAMES = dict(
    zip(
        WEEKDAY_ORDER,
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ],
        strict=True,
    )
)
ICAL_DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
FREQUENCY_PERIODS = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}


def compact_json_ld(data):
    """``data`` without its empty values (schema.org leaves them out)."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def postal_address(street, postal_code, city, country="DE", region=None):
    return compact_json_ld(
        {
            "@type": "PostalAddress",
            "streetAddress": street,
            "postalCode": postal_code,
            "addressLocality": city,
            "addressRegion": region,
            "addressCountry": country,
        }
    )


def geo_coordinates(row):
    """The row's ``latitude`` and ``longitude`` as ``GeoCoordinates``, or None."""
    if row.latitude is None or row.longitude is None:
        return None
    return {
        "@type": "GeoCoordinates",
        "latitude": row.latitude,
        "longitude": row.longitude,
    }


def opening_hours_specification(days):
    """From ``raw_opening_hours`` data: one entry per slot; a closed day is
    0:00–0:00 as schema.org recommends. Appointment-only days are left out
    (schema.org has no way to say so)."""
    result = []
    for day in days:
        name = f"https://schema.org/{DAY_NAMES[day['weekday']]}"
        if day["closed"]:
            result.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": name,
                    "opens": "00:00",
                    "closes": "00:00",
                }
            )
        elif not day["appointment_only"]:
            result.extend(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": name,
                    "opens": slot["opens"],
                    "closes": slot["closes"],
                }
                for slot in day["slots"]
            )
    return result


def place(location, opening_days, schema_type="Place", description="", url=""):
    """A ``Place`` (or subtype) for a LocationPage."""
    data = {
        "@context": CONTEXT,
        "@type": schema_type or "Place",
        "name": location.title,
        "description": description,
        "url": url or location.appointment_url,
        "address": postal_address(location.street, location.postal_code, location.city),
        "geo": geo_coordinates(location),
        "openingHoursSpecification": []
        if location.temporarily_closed
        else opening_hours_specification(opening_days),
    }
    if location.barrier_free:
        data["amenityFeature"] = [
            {
                "@type": "LocationFeatureSpecification",
                "name": "wheelchair accessible",
                "value": True,
            }
        ]
    return compact_json_ld(data)


def _moment(value, all_day):
    return value.date().isoformat() if all_day else value.isoformat()


def schedule_of(schedule):
    """A schema.org ``Schedule`` for a recurring event's rule."""
    parts = rule_parts(schedule.ical_rule())
    interval = parts.get("INTERVAL", "1")
    data = {
        "@type": "Schedule",
        "repeatFrequency": f"P{interval}{FREQUENCY_PERIODS[parts['FREQ']]}",
        "repeatCount": int(parts["COUNT"]) if "COUNT" in parts else None,
        "startDate": schedule.first_day.isoformat(),
        "scheduleTimezone": schedule.zone.key,
        "exceptDate": [day.isoformat() for day in schedule.excluded_dates],
    }
    if not schedule.all_day:
        first = schedule.first_occurrence()
        data["startTime"] = first.start.strftime("%H:%M:%S")
        if first.end is not None:
            data["endTime"] = first.end.strftime("%H:%M:%S")
    if "UNTIL" in parts:
        until = parse_until(parts["UNTIL"], schedule.zone)
        data["endDate"] = until.astimezone(schedule.zone).date().isoformat()
    if "BYDAY" in parts:
        # Plain weekdays as DayOfWeek; ordinals ("1WE") as iCal text, which
        # schema.org allows for byDay.
        data["byDay"] = [
            f"https://schema.org/{ICAL_DAYS[day]}" if day in ICAL_DAYS else day
            for day in parts["BYDAY"].split(",")
        ]
    if "BYMONTH" in parts:
        data["byMonth"] = [int(value) for value in parts["BYMONTH"].split(",")]
    if "BYMONTHDAY" in parts:
        data["byMonthDay"] = [int(value) for value in parts["BYMONTHDAY"].split(",")]
    return compact_json_ld(data)


def event(
    title,
    schedule,
    occurrence,
    *,
    series=False,
    description="",
    language="",
    online_url="",
    location=None,
    url="",
):
    """An ``Event``: one occurrence, or (``series``) a recurring event with
    its ``eventSchedule``. ``location`` is a ``place()`` dict or None."""
    places = [location] if location else []
    if online_url:
        places.append({"@type": "VirtualLocation", "url": online_url})
    if online_url and location:
        mode = "MixedEventAttendanceMode"
    elif online_url:
        mode = "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    for entry in places:
        entry.pop("@context", None)
    data = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": title,
        "description": description,
        "url": url,
        "inLanguage": language,
        "startDate": _moment(occurrence.start, schedule.all_day),
        "endDate": occurrence.end_date.isoformat()
        if schedule.all_day
        else (occurrence.end.isoformat() if occurrence.end else None),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": places[0] if len(places) == 1 else places,
    }
    if series and schedule.rule:
        data["eventSchedule"] = schedule_of(schedule)
    return compact_json_ld(data)
