"""Events through the API in the municipality's time zone: offsets, the
RFC 5545 recurrence set an app can expand itself, all-day events, EXDATEs,
Municipality.timeZone, and two municipalities in different zones."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils import timezone

from rathaus.site.content.models import EventIndexPage, EventPage

from .content_builders import live
from .test_content_pages import data

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def weekly_event(municipality, zone, **fields):
    index = live(
        municipality.home_page.specific, EventIndexPage(title="Termine", slug="termine")
    )
    start = datetime(2027, 3, 2, 16, tzinfo=zone)
    return live(
        index,
        EventPage(
            title="Sprachcafé",
            slug="sprachcafe",
            start=start,
            end=start.replace(hour=18),
            recurrence="FREQ=WEEKLY;UNTIL=20270413",
            excluded_dates="2027-03-16",
            **fields,
        ),
    )


WINDOW = {"from": "2027-03-01T00:00:00+01:00", "to": "2027-04-30T00:00:00+02:00"}


def test_weekly_event_keeps_its_local_time_and_shows_its_offset(client, municipality_a):
    weekly_event(municipality_a, BERLIN)
    events = data(client, "Events", {"municipality": "stadt-a", **WINDOW})["events"]
    assert [event["start"] for event in events] == [
        "2027-03-02T16:00:00+01:00",
        "2027-03-09T16:00:00+01:00",
        "2027-03-23T16:00:00+01:00",
        "2027-03-30T16:00:00+02:00",
        "2027-04-06T16:00:00+02:00",
        "2027-04-13T16:00:00+02:00",
    ]
    assert events[3]["end"] == "2027-03-30T18:00:00+02:00"
    assert events[3]["startDate"] == events[3]["endDate"] == "2027-03-30"
    assert {event["timeZone"] for event in events} == {"Europe/Berlin"}
    assert events[0]["excludedDates"] == ["2027-03-16"]
    assert events[0]["recurrence"] == "FREQ=WEEKLY;UNTIL=20270413T215959Z"


def test_an_apps_own_expansion_of_recurrence_set_agrees(client, municipality_a):
    weekly_event(municipality_a, BERLIN)
    variables = {"municipality": "stadt-a", **WINDOW}
    expanded = data(client, "Events", variables)["events"]
    (once,) = data(client, "Events", {**variables, "expandRecurrences": False})[
        "events"
    ]
    assert once["isOccurrence"] is False
    assert once["recurrenceSet"].startswith(
        "DTSTART;TZID=Europe/Berlin:20270302T160000\n"
    )
    theirs = [
        moment.astimezone(UTC)
        for moment in rrulestr(once["recurrenceSet"], forceset=True)
    ]
    ours = [
        datetime.fromisoformat(event["start"]).astimezone(UTC) for event in expanded
    ]
    assert ours == theirs


def test_all_day_events_run_from_local_midnight(client, municipality_a):
    index = live(
        municipality_a.home_page.specific,
        EventIndexPage(title="Termine", slug="termine"),
    )
    live(
        index,
        EventPage(
            title="Stadtfest",
            slug="stadtfest",
            start=datetime(2027, 3, 27, 10, tzinfo=BERLIN),
            end=datetime(2027, 3, 28, 18, tzinfo=BERLIN),
            all_day=True,
        ),
    )
    (fest,) = data(client, "Events", {"municipality": "stadt-a", **WINDOW})["events"]
    assert fest["start"] == "2027-03-27T00:00:00+01:00"
    assert fest["end"] == "2027-03-29T00:00:00+02:00"
    assert (fest["startDate"], fest["endDate"]) == ("2027-03-27", "2027-03-28")
    assert fest["recurrenceSet"] is None


def test_each_municipality_uses_its_own_zone(client, municipality_a, municipality_b):
    municipality_b.time_zone = "America/New_York"
    municipality_b.save()
    weekly_event(municipality_a, BERLIN)
    weekly_event(municipality_b, NEW_YORK)
    b_events = data(client, "Events", {"municipality": "stadt-b", **WINDOW})["events"]
    # New York changed its clocks on 14 March 2027: 16:00 stays 16:00.
    assert [event["start"][11:] for event in b_events] == [
        "16:00:00-05:00",
        "16:00:00-05:00",
        "16:00:00-04:00",
        "16:00:00-04:00",
        "16:00:00-04:00",
        "16:00:00-04:00",
    ]
    a = data(client, "Municipality", {"municipality": "stadt-a"})["municipality"]
    b = data(client, "Municipality", {"municipality": "stadt-b"})["municipality"]
    assert (a["timeZone"], b["timeZone"]) == ("Europe/Berlin", "America/New_York")
    a_events = data(client, "Events", {"municipality": "stadt-a", **WINDOW})["events"]
    assert {event["timeZone"] for event in a_events} == {"Europe/Berlin"}
    assert len(a_events) == len(b_events)


def test_the_rule_is_validated_in_the_municipalitys_zone(municipality_b):
    municipality_b.time_zone = "America/New_York"
    municipality_b.save()
    event = weekly_event(municipality_b, NEW_YORK)
    # Tuesday 20:00 in New York is Wednesday 01:00 in Berlin: BYDAY=TU fits
    # only when the rule is read in the municipality's zone.
    event.start = datetime(2027, 3, 2, 20, tzinfo=NEW_YORK)
    event.end = None
    event.recurrence = "FREQ=WEEKLY;BYDAY=TU"
    event.excluded_dates = ""
    event.full_clean()
    event.start = datetime(2027, 3, 4, 20, tzinfo=NEW_YORK)  # a Thursday
    with pytest.raises(ValidationError) as raised:
        event.full_clean()
    assert "2027-03-09" in raised.value.message_dict["recurrence"][0]


def test_an_unknown_time_zone_is_refused(municipality_a):
    municipality_a.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError) as raised:
        municipality_a.full_clean(exclude=["locales", "partners"])
    assert "time_zone" in raised.value.message_dict


def test_bad_excluded_dates_are_refused(municipality_a):
    event = weekly_event(municipality_a, BERLIN)
    event.excluded_dates = "2027-03-16\n16.03.2027"
    with pytest.raises(ValidationError) as raised:
        event.full_clean()
    assert "excluded_dates" in raised.value.message_dict
    event.excluded_dates = "2027-03-23, 2027-03-16"
    event.full_clean()
    assert event.excluded_dates == "2027-03-16\n2027-03-23"


def test_the_admin_form_shows_and_reads_times_in_the_municipalitys_zone(
    municipality_b, superuser
):
    municipality_b.time_zone = "America/New_York"
    municipality_b.save()
    event = weekly_event(municipality_b, NEW_YORK)
    form_class = EventPage.get_edit_handler().get_form_class()
    form = form_class(instance=event, for_user=superuser)
    # shown as 16:00 although the editor's (the site's) zone is Europe/Berlin
    assert form.initial["start"] == datetime(2027, 3, 2, 16)
    assert "America/New_York" in str(form.fields["start"].help_text)
    # the form cleans inside the municipality's zone (full_clean)
    with timezone.override(form.zone):
        start = form.fields["start"].clean("2027-03-09 16:00")
    assert start == datetime(2027, 3, 9, 16, tzinfo=NEW_YORK)
