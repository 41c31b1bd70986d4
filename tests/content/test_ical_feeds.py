"""iCalendar feeds: parsed with ``icalendar`` and expanded with
``recurring-ical-events``; RFC 5545 framing, ETag/304, locales with
fallback, and isolation between municipalities."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.utils import timezone

from rathaus.site.content.models import EventIndexPage, EventPage
from tests.graphql.content_builders import live, translate

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def next_tuesday_16():
    today = timezone.now().astimezone(BERLIN).date() + timedelta(days=1)
    day = today + timedelta(days=(1 - today.weekday()) % 7)
    return datetime(day.year, day.month, day.day, 16, tzinfo=BERLIN)


@pytest.fixture
def events(municipality_a):
    index = live(
        municipality_a.home_page.specific,
        EventIndexPage(title="Termine", slug="termine"),
    )
    start = next_tuesday_16()
    weekly = live(
        index,
        EventPage(
            title="Sprachcafé für alle, die Deutsch üben möchten – mit Kaffee und "
            "Kuchen in der Stadtbibliothek am Marktplatz",
            slug="sprachcafe",
            excerpt="Jeden Dienstag.",
            start=start,
            end=start + timedelta(hours=2),
            recurrence="FREQ=WEEKLY;BYDAY=TU;COUNT=30",
            excluded_dates=(start.date() + timedelta(days=14)).isoformat(),
        ),
    )
    fest = live(
        index,
        EventPage(
            title="Stadtfest",
            slug="stadtfest",
            start=start + timedelta(days=4),
            end=start + timedelta(days=5),
            all_day=True,
        ),
    )
    past = live(
        index,
        EventPage(
            title="Vorbei",
            slug="vorbei",
            start=start - timedelta(days=30),
            end=start - timedelta(days=30, hours=-1),
        ),
    )
    return weekly, fest, past


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_feed_lists_upcoming_events_with_rrule_and_vtimezone(client, events):
    weekly, fest, _past = events
    response = client.get("/ical/stadt-a/events.ics")
    raw = response.content
    # RFC 5545: CRLF line ends, content lines folded at 75 octets
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\r\n " in raw  # the long summary was folded
    calendar = parse(response)
    vevents = calendar.walk("VEVENT")
    assert sorted(str(e["SUMMARY"])[:10] for e in vevents) == [
        "Sprachcafé",
        "Stadtfest",
    ]
    (tz,) = calendar.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Berlin"
    cafe = next(e for e in vevents if str(e["SUMMARY"]).startswith("Sprach"))
    assert cafe["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert cafe["RRULE"]["FREQ"] == ["WEEKLY"]
    assert str(cafe["UID"]) == f"{weekly.translation_key}@stadt-a.rathaus"
    assert str(cafe["URL"]).startswith("http")
    stadtfest = next(e for e in vevents if str(e["SUMMARY"]) == "Stadtfest")
    assert stadtfest["DTSTART"].params.get("VALUE") == "DATE" or not isinstance(
        stadtfest.DTSTART, datetime
    )
    # Expanded by recurring-ical-events: 16:00 local every time, the
    # excluded Tuesday missing, as many as the API returns.
    start = weekly.start
    found = recurring_ical_events.of(calendar).between(
        start, start + timedelta(days=7 * 31)
    )
    cafes = [e for e in found if str(e["SUMMARY"]).startswith("Sprach")]
    assert len(cafes) == 29
    assert {e.DTSTART.astimezone(BERLIN).hour for e in cafes} == {16}
    excluded = start.date() + timedelta(days=14)
    assert excluded not in {e.DTSTART.date() for e in cafes}
    expected = weekly.occurrences(start, start + timedelta(days=7 * 31), BERLIN)
    assert [e.DTSTART.astimezone(UTC) for e in cafes] == [
        o.start.astimezone(UTC) for o in expected
    ]


def test_feed_in_a_locale_uses_translations_and_falls_back(
    client, events, municipality_a
):
    from tests.graphql.content_builders import Built

    weekly, _fest, _past = events
    built = Built(municipality=municipality_a, home=municipality_a.home_page.specific)
    translate(built, weekly.get_parent(), "en", title="Events")
    translate(built, weekly, "en", title="Language café")
    calendar = parse(client.get("/ical/stadt-a/events.ics?locale=en"))
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == ["Language café", "Stadtfest"]
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert f"{weekly.translation_key}@stadt-a.rathaus" in uids  # same UID


def test_one_event_feed_and_etag(client, events):
    weekly, _fest, past = events
    response = client.get(f"/ical/stadt-a/events/{weekly.pk}.ics")
    (vevent,) = parse(response).walk("VEVENT")
    assert str(vevent["SUMMARY"]).startswith("Sprachcafé")
    assert "EXDATE" in vevent
    assert response["Cache-Control"].startswith("public, max-age=")
    again = client.get(
        f"/ical/stadt-a/events/{weekly.pk}.ics", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304 and again["ETag"] == response["ETag"]
    # a past event still has its own feed
    assert parse(client.get(f"/ical/stadt-a/events/{past.pk}.ics")).walk("VEVENT")


def test_unknown_or_foreign_is_404(client, events, municipality_b):
    weekly, _fest, _past = events
    assert client.get("/ical/nowhere/events.ics").status_code == 404
    assert client.get("/ical/stadt-a/events.ics?locale=xx").status_code == 404
    assert client.get("/ical/stadt-a/events/999999.ics").status_code == 404
    # municipality B's feed has nothing of A, and A's event is not B's
    assert client.get(f"/ical/stadt-b/events/{weekly.pk}.ics").status_code == 404
    feed_b = parse(client.get("/ical/stadt-b/events.ics"))
    assert feed_b.walk("VEVENT") == []
    # a page that is not an event
    home = municipality_b.home_page
    assert client.get(f"/ical/stadt-b/events/{home.pk}.ics").status_code == 404
    assert client.post("/ical/stadt-a/events.ics").status_code == 405


def test_feed_cost_does_not_grow_with_the_number_of_events(
    client, events, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get("/ical/stadt-a/events.ics")
