"""Event schedules: iCalendar RRULEs (RFC 5545) in the municipality's time zone.

An event's ``start`` and ``end`` are stored as instants (UTC in the
database). Recurrences are expanded in local wall-clock time, as RFC 5545
does for ``DTSTART;TZID=...``: the instant is converted to the
municipality's zone first, so a weekly Tuesday 16:00 event stays at 16:00
local time across daylight-saving changes. Local times that do not exist
(the spring gap) take the offset before the gap, ambiguous ones (autumn)
the first of the two, both as RFC 5545 section 3.3.5 says.

All-day events are expanded on local dates (``VALUE=DATE``). Excluded dates
are local dates; each becomes one ``EXDATE``. Rules are limited to daily or
coarser frequencies without BYHOUR/BYMINUTE/BYSECOND, so every occurrence
keeps the start's time of day and a date names at most one occurrence.
"""

import logging
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_OCCURRENCES = 500
MAX_EXCLUDED_DATES = 366
# A rule must yield its first occurrences within this span of the start, and
# a look-ahead for the next occurrence stops here: bounded expansion cost.
HORIZON = timedelta(days=5 * 366)
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
FORBIDDEN_PARTS = {"DTSTART", "BYHOUR", "BYMINUTE", "BYSECOND"}
UNTIL = re.compile(r"^(\d{8})(?:T(\d{6})(Z?))?$")


def normalise_rrule(rule):
    """The rule without an ``RRULE:`` prefix, parts upper-cased."""
    text = (rule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    return text.strip().upper()


def rule_parts(rule):
    """The rule's ``NAME=value`` parts as an ordered dict; raises on junk."""
    text = normalise_rrule(rule)
    if not text:
        raise ValidationError(_("The recurrence rule is empty."), code="empty")
    if "\n" in text or "DTSTART" in text:
        raise ValidationError(
            _("Leave DTSTART out: the event's start is the first occurrence."),
            code="dtstart",
        )
    parts = {}
    for part in text.split(";"):
        name, sep, value = part.partition("=")
        if not sep or not name or not value:
            raise ValidationError(
                _("This is not a valid iCalendar RRULE: %(error)s"),
                code="invalid_rrule",
                params={"error": part or ";"},
            )
        parts[name] = value
    forbidden = sorted(FORBIDDEN_PARTS & parts.keys())
    if forbidden:
        raise ValidationError(
            _(
                "Leave %(parts)s out: every occurrence starts at the time of day "
                "of the event's start."
            ),
            code="forbidden_part",
            params={"parts": ", ".join(forbidden)},
        )
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise ValidationError(
            _("FREQ must be one of DAILY, WEEKLY, MONTHLY or YEARLY."),
            code="frequency",
        )
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= 999:
        raise ValidationError(
            _("INTERVAL must be a whole number from 1 to 999."), code="interval"
        )
    if "UNTIL" in parts and not UNTIL.match(parts["UNTIL"]):
        raise ValidationError(
            _("UNTIL must be a date (20271231) or a date-time (20271231T235959Z)."),
            code="until",
        )
    return parts


def parse_until(value, zone):
    """UNTIL as a UTC instant: a date means the end of that local day."""
    day, clock, utc = UNTIL.match(value).groups()
    day = datetime.strptime(day, "%Y%m%d").date()
    if clock is None:
        local = datetime.combine(day + timedelta(days=1), time(), zone)
        return local.astimezone(UTC) - timedelta(seconds=1)
    moment = datetime.combine(day, datetime.strptime(clock, "%H%M%S").time())
    if utc:
        return moment.replace(tzinfo=UTC)
    return moment.replace(tzinfo=zone).astimezone(UTC)


def ical_rule(rule, zone, all_day):
    """The rule as RFC 5545 wants it beside ``DTSTART;TZID``: UNTIL in UTC,
    or as a DATE for all-day events (``DTSTART;VALUE=DATE``)."""
    parts = rule_parts(rule)
    if "UNTIL" in parts:
        until = parse_until(parts["UNTIL"], zone)
        if all_day:
            parts["UNTIL"] = until.astimezone(zone).strftime("%Y%m%d")
        else:
            parts["UNTIL"] = until.strftime("%Y%m%dT%H%M%SZ")
    return ";".join(f"{name}={value}" for name, value in parts.items())


def parse_rrule(rule, dtstart, all_day=False):
    """Return a dateutil rrule for ``rule`` starting at ``dtstart``.

    ``dtstart`` is an aware local datetime (or a naive midnight for all-day
    events). Raises ValidationError for rules dateutil cannot read.
    """
    zone = dtstart.tzinfo or ZoneInfo("UTC")
    text = ical_rule(rule, zone, all_day)
    try:
        return rrulestr(text, dtstart=dtstart)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("This is not a valid iCalendar RRULE: %(error)s"),
            code="invalid_rrule",
            params={"error": error},
        ) from None


def parse_excluded_dates(text):
    """Dates on which a recurring event does not take place, one per line
    (or separated by commas), as a sorted tuple of dates."""
    found = set()
    for token in re.split(r"[\s,;]+", (text or "").strip()):
        if not token:
            continue
        try:
            found.add(date.fromisoformat(token))
        except ValueError:
            raise ValidationError(
                _("%(value)s is not a date like 2027-03-16."),
                code="invalid_date",
                params={"value": token},
            ) from None
    if len(found) > MAX_EXCLUDED_DATES:
        raise ValidationError(
            _("At most %(limit)d dates can be excluded."),
            code="too_many",
            params={"limit": MAX_EXCLUDED_DATES},
        )
    return tuple(sorted(found))


def format_excluded_dates(dates):
    return "\n".join(day.isoformat() for day in dates)


def normalise(moment, zone):
    """The instant shown in ``zone`` with its real offset (resolves gaps)."""
    return moment.astimezone(UTC).astimezone(zone)


@dataclass(frozen=True)
class Occurrence:
    start: datetime  # aware, in the municipality's zone
    end: datetime | None  # exclusive end; for all-day events the next midnight
    start_date: date  # local
    end_date: date  # local, inclusive


@dataclass(frozen=True)
class Schedule:
    """When an event takes place, in the municipality's time zone."""

    start: datetime
    end: datetime | None
    all_day: bool
    rule: str
    excluded_dates: tuple
    zone: ZoneInfo

    @classmethod
    def of(cls, event, zone, strict=False):
        """The event's schedule. Unless ``strict``, a stored rule or
        exception list that no longer validates (saved before the rules were
        tightened) is served as a one-off event and logged, never an error."""
        schedule = cls(
            start=event.start,
            end=event.end,
            all_day=event.all_day,
            rule=event.recurrence or "",
            excluded_dates=(),
            zone=zone,
        )
        if not schedule.rule:
            return schedule
        try:
            schedule = replace(
                schedule, excluded_dates=parse_excluded_dates(event.excluded_dates)
            )
            schedule.rrule(cap=schedule.local_start)
        except ValidationError:
            if strict:
                raise
            logger.warning("Event %s has an invalid schedule; served once.", event.pk)
            return replace(schedule, rule="", excluded_dates=())
        return schedule

    # The first occurrence, in local time
    @property
    def local_start(self):
        return self.start.astimezone(self.zone)

    @property
    def local_end(self):
        return self.end.astimezone(self.zone) if self.end else None

    @property
    def first_day(self):
        return self.local_start.date()

    @property
    def days(self):
        """How many local dates an all-day occurrence spans (at least 1)."""
        if self.local_end is None:
            return 1
        return max((self.local_end.date() - self.first_day).days + 1, 1)

    @property
    def duration(self):
        """Wall-clock length, as recurring-ical-events and calendars apply it."""
        if self.local_end is None:
            return None
        naive = self.local_end.replace(tzinfo=None) - self.local_start.replace(
            tzinfo=None
        )
        return max(naive, timedelta(0))

    @property
    def recurs(self):
        return bool(self.rule)

    # RFC 5545 text
    def dtstart_line(self):
        if self.all_day:
            return f"DTSTART;VALUE=DATE:{self.first_day:%Y%m%d}"
        return f"DTSTART;TZID={self.zone.key}:{self.local_start:%Y%m%dT%H%M%S}"

    def exdate_values(self):
        """Local EXDATE values: dates, or date-times at the start's time."""
        if self.all_day:
            return list(self.excluded_dates)
        clock = self.local_start.time().replace(tzinfo=None)
        return [datetime.combine(day, clock, self.zone) for day in self.excluded_dates]

    def recurrence_set(self):
        """``DTSTART``, ``RRULE`` and ``EXDATE`` lines (RFC 5545) that
        ``dateutil.rrule.rrulestr(..., forceset=True)`` and calendar
        libraries expand to the same occurrences as this server."""
        if not self.rule:
            return None
        lines = [self.dtstart_line(), f"RRULE:{self.ical_rule()}"]
        if self.excluded_dates:
            if self.all_day:
                values = ",".join(f"{day:%Y%m%d}" for day in self.excluded_dates)
                lines.append(f"EXDATE;VALUE=DATE:{values}")
            else:
                values = ",".join(f"{m:%Y%m%dT%H%M%S}" for m in self.exdate_values())
                lines.append(f"EXDATE;TZID={self.zone.key}:{values}")
        return "\n".join(lines)

    def ical_rule(self):
        return ical_rule(self.rule, self.zone, self.all_day) if self.rule else ""

    # Expansion
    def rrule(self, cap):
        """The dateutil rule and its COUNT (or None), cut off at ``cap``.

        COUNT is applied by the caller: dateutil takes either COUNT or UNTIL,
        and the cut-off keeps rules that match (almost) nothing, such as
        ``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``, from searching to year 9999.
        """
        if self.all_day:
            dtstart = datetime.combine(self.first_day, time())
            cap = cap.astimezone(self.zone).replace(tzinfo=None)
        else:
            dtstart = self.local_start
        rule = parse_rrule(self.rule, dtstart, all_day=self.all_day)
        count = rule._count
        until = min(rule._until, cap) if rule._until else cap
        return rule.replace(count=None, until=until), count

    def occurrence_at(self, moment):
        """The occurrence that starts at ``moment`` (a local start from the
        rule; a naive midnight for all-day events)."""
        if self.all_day:
            first = moment.date()
            last = first + timedelta(days=self.days - 1)
            return Occurrence(
                start=datetime.combine(first, time(), self.zone),
                end=normalise(
                    datetime.combine(last + timedelta(days=1), time(), self.zone),
                    self.zone,
                ),
                start_date=first,
                end_date=last,
            )
        start = normalise(moment, self.zone)
        duration = self.duration
        end = normalise(moment + duration, self.zone) if duration is not None else None
        return Occurrence(
            start=start,
            end=end,
            start_date=start.date(),
            end_date=(end - timedelta(microseconds=1)).date()
            if end is not None and end > start
            else start.date(),
        )

    def first_occurrence(self):
        if self.all_day:
            return self.occurrence_at(datetime.combine(self.first_day, time()))
        return self.occurrence_at(self.local_start)

    def reach(self):
        """How far before its start an occurrence can still be running."""
        if self.all_day:
            return timedelta(days=self.days + 1)
        return (self.duration or timedelta(0)) + timedelta(hours=2)

    def occurrences(self, window_start, window_end, limit=MAX_OCCURRENCES):
        """Occurrences overlapping ``[window_start, window_end]``, by start."""
        if not self.rule:
            candidates = [self.first_occurrence()]
        else:
            candidates = self._expand(window_start, window_end)
        result = []
        for occurrence in candidates:
            if occurrence.start > window_end:
                break
            if (occurrence.end or occurrence.start) >= window_start:
                result.append(occurrence)
                if len(result) >= limit:
                    break
        return result

    def _expand(self, window_start, window_end):
        after = (window_start - self.reach()).astimezone(self.zone)
        if self.all_day:
            after = after.replace(tzinfo=None)
        excluded = set(self.excluded_dates)
        rule, count = self.rrule(cap=window_end + timedelta(days=1))
        for index, moment in enumerate(rule):
            if count is not None and index >= count:
                return
            if moment < after or moment.date() in excluded:
                continue
            yield self.occurrence_at(moment)

    def next_occurrence(self, moment):
        """The first occurrence still running at or after ``moment`` (looking
        at most ``HORIZON`` ahead), or None."""
        found = self.occurrences(moment, moment + HORIZON, limit=1)
        return found[0] if found else None

    def validate(self):
        """Raise ValidationError unless the rule reads and yields an
        occurrence within ``HORIZON`` of the start."""
        if not self.rule:
            return
        start = self.first_occurrence().start
        found = self.occurrences(start, start + HORIZON, limit=1)
        if not found:
            raise ValidationError(
                _("This rule yields no occurrence within five years of the start."),
                code="no_occurrence",
            )
        if found[0].start != start:
            # RFC 5545 leaves a start the rule does not produce undefined:
            # calendars count it, dateutil does not.
            raise ValidationError(
                _(
                    "The start must be an occurrence of the rule: the next one "
                    "is %(next)s."
                ),
                code="start_not_in_rule",
                params={"next": found[0].start_date.isoformat()},
            )


def occurrences(start, end, rule, window_start, window_end, limit=MAX_OCCURRENCES):
    """(start, end) pairs of a timed event's occurrences overlapping the
    window, expanded in ``start``'s own time zone."""
    zone = start.tzinfo if isinstance(start.tzinfo, ZoneInfo) else ZoneInfo("UTC")
    schedule = Schedule(start, end, False, rule or "", (), zone)
    return [
        (occurrence.start, occurrence.end if end else occurrence.start)
        for occurrence in schedule.occurrences(window_start, window_end, limit)
    ]


# The rule in words, for the admin's recurrence picker and its preview.

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DESCRIBED_PARTS = {
    "FREQ",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "COUNT",
    "UNTIL",
    "WKST",
}
WEEKDAY_ITEM = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
NTH_WEEKDAY = {
    1: _("the first %(weekday)s"),
    2: _("the second %(weekday)s"),
    3: _("the third %(weekday)s"),
    4: _("the fourth %(weekday)s"),
    5: _("the fifth %(weekday)s"),
    -1: _("the last %(weekday)s"),
    -2: _("the second to last %(weekday)s"),
}


def describe(rule, start=None, zone=None, all_day=False):
    """The rule as a phrase in the active language, such as "every Tuesday
    at 4 p.m. until June 30, 2027" ("jeden Dienstag um 16:00 Uhr bis 30. Juni
    2027").

    ``start`` (the first occurrence) fills in what the rule leaves to it, as
    RFC 5545 does: the weekday of a weekly rule, the day of a monthly or
    yearly one, and the time of day (left out for ``all_day`` events). An
    aware ``start`` is shown in ``zone`` (default: its own zone). Returns
    None for a rule that does not read, or one these words cannot state
    exactly (BYSETPOS, BYWEEKNO, ...): a preview says nothing rather than
    something wrong. Never raises.
    """
    if not normalise_rrule(rule):
        return gettext("does not repeat")
    if start is not None and timezone.is_aware(start):
        zone = zone or start.tzinfo
        start = start.astimezone(zone)
    try:
        return _describe(rule_parts(rule), start, zone, all_day)
    except (ValidationError, ValueError, OverflowError):
        return None


def _describe(parts, start, zone, all_day):
    if not parts.keys() <= DESCRIBED_PARTS or {"COUNT", "UNTIL"} <= parts.keys():
        return None
    frequency = parts["FREQ"]
    interval = _positive(parts.get("INTERVAL", "1"))
    weekdays = [_weekday_item(item) for item in _items(parts.get("BYDAY"))]
    monthdays = [int(item) for item in _items(parts.get("BYMONTHDAY"))]
    months = [int(item) for item in _items(parts.get("BYMONTH"))]
    if not all(0 < abs(day) <= 31 for day in monthdays):
        return None
    if not all(1 <= month <= 12 for month in months):
        return None
    nth = any(n is not None for n, _day in weekdays)
    if nth and frequency not in {"MONTHLY", "YEARLY"}:
        return None
    if frequency in {"MONTHLY", "YEARLY"} and weekdays and (not nth or monthdays):
        return None  # "every Tuesday of the month", "Friday the 13th"
    if monthdays and frequency not in {"MONTHLY", "YEARLY"}:
        return None
    if frequency == "YEARLY" and (monthdays or nth) and not months:
        return None  # the 15th of every month, the 20th Monday of the year
    # What the rule leaves out comes from the start (RFC 5545, 3.3.10).
    if start is not None and not weekdays and not monthdays:
        if frequency == "WEEKLY":
            weekdays = [(None, start.weekday())]
        elif frequency == "MONTHLY":
            monthdays = [start.day]
        elif frequency == "YEARLY":
            months = months or [start.month]
            monthdays = [start.day]

    if frequency == "DAILY":
        text = ngettext("daily", "every %(count)s days", interval)
    elif frequency == "WEEKLY" and weekdays and interval == 1:
        text = gettext("every %(days)s") % {"days": _weekday_list(weekdays)}
        weekdays = []
    elif frequency == "WEEKLY":
        text = ngettext("weekly", "every %(count)s weeks", interval)
    elif frequency == "MONTHLY":
        text = ngettext("every month", "every %(count)s months", interval)
    else:
        text = ngettext("every year", "every %(count)s years", interval)
    text = text % {"count": interval}

    if frequency == "YEARLY" and monthdays:
        if any(day < 0 for day in monthdays):
            return None
        dates = [
            formats.date_format(date(2000, month, day), "MONTH_DAY_FORMAT")
            for month in months
            for day in monthdays
        ]
        text = gettext("%(rule)s on %(days)s") % {"rule": text, "days": _and(dates)}
        months = []
    elif monthdays:
        days = [_monthday(day) for day in monthdays]
        if None in days:
            return None
        text = gettext("%(rule)s on %(days)s") % {"rule": text, "days": _and(days)}
    elif weekdays:
        days = _weekday_list(weekdays)
        if days is None:
            return None
        text = gettext("%(rule)s on %(days)s") % {"rule": text, "days": days}
    if months:
        names = _and([str(MONTHS[month]) for month in months])
        text = gettext("%(rule)s in %(months)s") % {"rule": text, "months": names}
    if start is not None and not all_day:
        clock = formats.time_format(start, "TIME_FORMAT")
        text = gettext("%(rule)s at %(time)s") % {"rule": text, "time": clock}
    if "COUNT" in parts:
        count = _positive(parts["COUNT"])
        text = ngettext(
            "%(rule)s, %(count)s time", "%(rule)s, %(count)s times", count
        ) % {"rule": text, "count": count}
    if "UNTIL" in parts:
        text = gettext("%(rule)s until %(date)s") % {
            "rule": text,
            "date": _until(parts["UNTIL"], zone),
        }
    return text


def _items(value):
    return [item for item in (value or "").split(",") if item]


def _positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _weekday_item(item):
    """``2TU`` as ``(2, 1)``, ``TU`` as ``(None, 1)`` (Monday is 0)."""
    match = WEEKDAY_ITEM.match(item)
    if match is None:
        raise ValueError(item)
    nth, code = match.groups()
    return (int(nth) if nth else None), WEEKDAY_CODES.index(code)


def _weekday_list(weekdays):
    names = []
    for nth, day in weekdays:
        if nth is None:
            names.append(str(WEEKDAYS[day]))
        elif nth in NTH_WEEKDAY:
            names.append(str(NTH_WEEKDAY[nth]) % {"weekday": WEEKDAYS[day]})
        else:
            return None
    return _and(names)


def _monthday(day):
    if day > 0:
        return gettext("day %(day)s") % {"day": day}
    if day == -1:
        return gettext("the last day")
    if day == -2:
        return gettext("the second to last day")
    return None


def _and(items):
    """``a, b and c`` in the active language."""
    if len(items) == 1:
        return items[0]
    return gettext("%(first)s and %(last)s") % {
        "first": ", ".join(items[:-1]),
        "last": items[-1],
    }


def _until(value, zone):
    """A date-only UNTIL as its date; a date-time as the local date, with
    the time unless it is the end of the day."""
    day, clock, _utc = UNTIL.match(value).groups()
    if clock is None:
        return formats.date_format(datetime.strptime(day, "%Y%m%d").date())
    moment = parse_until(value, zone or timezone.get_current_timezone())
    moment = moment.astimezone(zone or timezone.get_current_timezone())
    if moment.time() == time(23, 59, 59):
        return formats.date_format(moment.date())
    return formats.date_format(moment, "DATETIME_FORMAT")
