"""Recurring events in local time, checked against dateutil and
recurring-ical-events (property-based, bounded) across daylight-saving
changes, EXDATEs and all-day events."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rathaus.site.content.recurrence import Schedule

BERLIN = ZoneInfo("Europe/Berlin")
ZONES = [BERLIN, ZoneInfo("America/New_York"), ZoneInfo("Australia/Sydney")]


def schedule(start, end=None, rule="", excluded=(), all_day=False, zone=BERLIN):
    return Schedule(start, end, all_day, rule, tuple(excluded), zone)


def local(*args, zone=BERLIN):
    return datetime(*args, tzinfo=zone)


def test_a_weekly_tuesday_event_stays_at_16_00_across_the_march_change():
    start = local(2027, 3, 2, 16).astimezone(UTC)  # stored as UTC
    weekly = schedule(start, start + timedelta(hours=2), "FREQ=WEEKLY;COUNT=6")
    found = weekly.occurrences(start, start + timedelta(days=60))
    assert [o.start.isoformat() for o in found] == [
        "2027-03-02T16:00:00+01:00",
        "2027-03-09T16:00:00+01:00",
        "2027-03-16T16:00:00+01:00",
        "2027-03-23T16:00:00+01:00",
        "2027-03-30T16:00:00+02:00",
        "2027-04-06T16:00:00+02:00",
    ]
    assert all(o.end - o.start == timedelta(hours=2) for o in found)


def test_a_monthly_summer_event_keeps_14_00_in_winter():
    start = local(2027, 9, 1, 14).astimezone(UTC)
    monthly = schedule(start, None, "FREQ=MONTHLY;BYDAY=1WE;COUNT=4")
    found = monthly.occurrences(start, start + timedelta(days=150))
    assert [o.start.hour for o in found] == [14, 14, 14, 14]
    assert [o.start.utcoffset() for o in found] == [
        timedelta(hours=2),
        timedelta(hours=2),
        timedelta(hours=1),
        timedelta(hours=1),
    ]
    assert found[0].end is None


def test_recurrence_set_names_the_zone_and_converts_until_to_utc():
    start = local(2027, 3, 2, 16)
    weekly = schedule(
        start, None, "FREQ=WEEKLY;UNTIL=20270406", excluded=[date(2027, 3, 16)]
    )
    assert weekly.recurrence_set() == (
        "DTSTART;TZID=Europe/Berlin:20270302T160000\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20270406T215959Z\n"
        "EXDATE;TZID=Europe/Berlin:20270316T160000"
    )
    found = weekly.occurrences(start, start + timedelta(days=60))
    assert [o.start.day for o in found] == [2, 9, 23, 30, 6]


def test_an_all_day_event_spans_local_dates():
    start = local(2027, 10, 30, 10)
    fest = schedule(start, local(2027, 10, 31, 18), "FREQ=YEARLY;COUNT=2", all_day=True)
    assert fest.recurrence_set() == (
        "DTSTART;VALUE=DATE:20271030\nRRULE:FREQ=YEARLY;COUNT=2"
    )
    first, second = fest.occurrences(start - timedelta(days=1), local(2029, 1, 1))
    assert first.start.isoformat() == "2027-10-30T00:00:00+02:00"
    # the clocks go back in the night to the 31st: the end is in winter time
    assert first.end.isoformat() == "2027-11-01T00:00:00+01:00"
    assert (first.start_date, first.end_date) == (
        date(2027, 10, 30),
        date(2027, 10, 31),
    )
    assert second.start_date == date(2028, 10, 30)


def test_a_local_time_in_the_spring_gap_takes_the_offset_before_it():
    start = local(2027, 3, 27, 2, 30)
    daily = schedule(start, None, "FREQ=DAILY;COUNT=3")
    found = daily.occurrences(start, start + timedelta(days=5))
    # RFC 5545 3.3.5: 02:30 does not exist on 28 March; it means 03:30 CEST.
    assert [o.start.isoformat() for o in found] == [
        "2027-03-27T02:30:00+01:00",
        "2027-03-28T03:30:00+02:00",
        "2027-03-29T02:30:00+02:00",
    ]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=HOURLY",
        "FREQ=DAILY;BYHOUR=9,17",
        "FREQ=WEEKLY;UNTIL=tomorrow",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    ],
)
def test_rules_that_cannot_work_are_refused(rule):
    with pytest.raises(ValidationError):
        strict = Schedule(local(2027, 3, 2, 16), None, False, rule, (), BERLIN)
        strict.rrule(cap=local(2028, 1, 1))
        strict.validate()


def test_a_start_the_rule_does_not_produce_is_refused():
    thursday = schedule(local(2027, 3, 4, 16), None, "FREQ=WEEKLY;BYDAY=TU")
    with pytest.raises(ValidationError) as raised:
        thursday.validate()
    assert "2027-03-09" in raised.value.messages[0]


def test_a_rule_matching_nothing_costs_little():
    never = schedule(local(2027, 3, 2, 16), None, "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    assert never.occurrences(local(2027, 1, 1), local(2029, 1, 1)) == []
    assert never.next_occurrence(local(2027, 1, 1)) is None


# Property tests: our expansion agrees with two independent expanders.

FREQUENCIES = st.sampled_from(
    [
        "FREQ=DAILY;INTERVAL={i}",
        "FREQ=WEEKLY;INTERVAL={i}",
        "FREQ=WEEKLY;BYDAY=TU,SA;INTERVAL={i}",
        "FREQ=MONTHLY;INTERVAL={i}",
        "FREQ=MONTHLY;BYDAY=-1SU;INTERVAL={i}",
        "FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU",
    ]
)


@st.composite
def schedules(draw):
    zone = draw(st.sampled_from(ZONES))
    all_day = draw(st.booleans())
    day = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)))
    clock = time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45])))
    start = datetime.combine(day, clock, zone).astimezone(UTC)
    length = draw(st.sampled_from([None, 30, 90, 600, 1500, 3000]))
    end = start + timedelta(minutes=length) if length is not None else None
    rule = draw(FREQUENCIES).format(i=draw(st.integers(1, 3)))
    if draw(st.booleans()):
        rule += f";COUNT={draw(st.integers(1, 40))}"
    else:
        until = day + timedelta(days=draw(st.integers(0, 800)))
        rule += f";UNTIL={until:%Y%m%d}"
    probe = Schedule(start, end, all_day, rule, (), zone)
    # The start is the rule's first occurrence (as the model's validation
    # demands): move it there.
    first = probe.next_occurrence(start - timedelta(days=1))
    assume(first is not None)
    shift = first.start - probe.first_occurrence().start
    start, end = start + shift, end + shift if end is not None else None
    probe = Schedule(start, end, all_day, rule, (), zone)
    candidates = probe.occurrences(start, start + timedelta(days=900), limit=40)
    excluded = draw(
        st.lists(st.sampled_from([o.start_date for o in candidates]), max_size=3)
        if candidates
        else st.just([])
    )
    return Schedule(start, end, all_day, rule, tuple(sorted(set(excluded))), zone)


def window_of(event):
    return event.start - timedelta(days=1), event.start + timedelta(days=900)


def ics(event):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//", "BEGIN:VEVENT"]
    lines += ["UID:x@test", "DTSTAMP:20270101T000000Z"]
    lines += event.recurrence_set().split("\n")
    if event.all_day:
        last = event.first_occurrence().end_date + timedelta(days=1)
        lines.append(f"DTEND;VALUE=DATE:{last:%Y%m%d}")
    elif event.end is not None:
        lines.append(f"DTEND;TZID={event.zone.key}:{event.local_end:%Y%m%dT%H%M%S}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


def instant(value, zone):
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, time(), zone).astimezone(UTC)


bounded = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


@bounded
@given(schedules())
def test_expansion_agrees_with_dateutil(event):
    after, before = window_of(event)
    ours = [o.start.astimezone(UTC) for o in event.occurrences(after, before)]
    rules = rrulestr(event.recurrence_set(), forceset=True)
    if event.all_day:
        theirs = [
            instant(moment.date(), event.zone)
            for moment in rules.between(
                after.astimezone(event.zone).replace(tzinfo=None),
                before.astimezone(event.zone).replace(tzinfo=None),
                inc=True,
            )
        ]
    else:
        theirs = [m.astimezone(UTC) for m in rules.between(after, before, inc=True)]
    assert ours == theirs[: len(ours)] and len(ours) == min(len(theirs), 500)


@bounded
@given(schedules())
def test_expansion_agrees_with_recurring_ical_events(event):
    after, before = window_of(event)
    ours = [
        (instant(o.start, event.zone), o.end and instant(o.end, event.zone))
        for o in event.occurrences(after, before)
    ]
    calendar = icalendar.Calendar.from_ical(ics(event))
    found = recurring_ical_events.of(calendar).between(after, before)
    theirs = sorted(
        (
            instant(component.DTSTART, event.zone),
            instant(component.DTEND, event.zone)
            if "DTEND" in component and (event.end or event.all_day)
            else None,
        )
        for component in found
    )
    assert ours == theirs
