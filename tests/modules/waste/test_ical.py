"""The iCalendar feed: parsed with icalendar and checked against the API."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from rathaus.site.module_platform.services import disable_module

from .conftest import post
from .test_api import COLLECTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    day = datetime.date(2026, 1, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    return day


def feed(client, street, **params):
    return client.get(f"/ical/stadt-a/waste/{street.pk}.ics", params)


def test_feed_matches_the_api_dates(client, calendar_a, today):
    main = calendar_a["main"]
    response = feed(client, main, house="8", fractions="residual,paper", alarm="1")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(body)
    for name, value in (
        ("VERSION", "2.0"),
        ("METHOD", "PUBLISH"),
        ("X-PUBLISHED-TTL", "P1D"),
    ):
        assert str(calendar[name]) == value
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(days=1)
    assert "Hauptstraße" in str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"])
    events = calendar.walk("VEVENT")
    api = post(
        client,
        COLLECTIONS,
        {
            "municipality": "stadt-a",
            "street": str(main.pk),
            "houseNumber": "8",
            "fractions": ["residual", "paper"],
            "from": "2025-12-01",
            "to": "2027-01-02",
        },
    )["data"]["wasteCollections"]["collections"]
    assert sorted(
        (e["DTSTART"].dt.isoformat(), str(e["CATEGORIES"].cats[0])) for e in events
    ) == sorted((c["date"], c["fraction"]["key"]) for c in api)
    first = events[0]
    assert first["DTSTART"].params.get("VALUE") == "DATE"
    assert first["DTEND"].dt - first["DTSTART"].dt == datetime.timedelta(days=1)
    assert str(first["TRANSP"]) == "TRANSPARENT"
    alarm = first.walk("VALARM")[0]
    assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])
    assert alarm["TRIGGER"].dt == datetime.timedelta(hours=-6)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    south = calendar_a["south"]
    assert f"waste-{south.pk}-residual-20260106@stadt-a.rathaus" in uids


def test_uids_are_stable_and_etag_answers_304(client, calendar_a, today):
    first = feed(client, calendar_a["mill"])
    again = feed(client, calendar_a["mill"])
    assert first.content == again.content
    assert first["ETag"] and first["Cache-Control"] == "public, max-age=3600"
    cached = client.get(
        f"/ical/stadt-a/waste/{calendar_a['mill'].pk}.ics",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert cached.status_code == 304
    assert b"VALARM" not in first.content


def test_mobile_collections_are_timed_events(client, calendar_a, today):
    response = feed(client, calendar_a["main"], house="1", fractions="hazardous")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt.hour == 9
    assert calendar.get_missing_tzids() == set()
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(event["DTSTART"].dt.tzinfo) == "Europe/Berlin"
    assert str(event["LOCATION"]) == "Marktplatz 1"


def test_bad_parameters_and_isolation(client, calendar_a, waste_b, today):
    main = calendar_a["main"]
    assert feed(client, main).status_code == 400  # split street, no house
    assert feed(client, main, house="1", fractions="nope").status_code == 400
    assert client.get(f"/ical/stadt-b/waste/{main.pk}.ics").status_code == 404
    assert client.get(f"/ical/nowhere/waste/{main.pk}.ics").status_code == 404
    disable_module(main.municipality, "waste")
    assert feed(client, calendar_a["mill"]).status_code == 404
