"""Page types: hierarchy, validation, recurrence, opening hours, the map panel."""

import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rathaus.site.content.models import (
    EventIndexPage,
    EventPage,
    LocationIndexPage,
    LocationPage,
    NewsIndexPage,
    NewsPage,
)
from rathaus.site.content.opening_hours import (
    OpeningHoursBlock,
    serialise_opening_hours,
)
from rathaus.site.content.recurrence import occurrences, parse_rrule

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def at(day, hour=10):
    return datetime(2027, 3, day, hour, tzinfo=BERLIN)


def add(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_tree_of_every_type(municipality_a):
    home = municipality_a.home_page.specific
    news = add(home, NewsIndexPage(title="Aktuelles"))
    add(news, NewsPage(title="Neue Sprechzeiten", excerpt="Ab März"))
    locations = add(home, LocationIndexPage(title="Orte"))
    office = add(
        locations,
        LocationPage(
            title="Bürgerbüro", latitude=49.94, longitude=11.57, barrier_free=True
        ),
    )
    events = add(home, EventIndexPage(title="Termine"))
    event = add(
        events,
        EventPage(
            title="Sprachcafé",
            start=at(2),
            end=at(2, 12),
            location=office,
            recurrence="FREQ=WEEKLY;COUNT=4",
        ),
    )
    assert event.location == office
    assert {type(p.specific).__name__ for p in home.get_descendants()} >= {
        "NewsPage",
        "LocationPage",
        "EventPage",
    }


def test_news_cannot_live_outside_its_index():
    assert NewsPage.can_create_at(NewsIndexPage()) is True
    from rathaus.site.content.models import HomePage

    assert NewsPage.can_create_at(HomePage()) is False


def test_event_end_before_start_is_refused():
    event = EventPage(title="x", slug="x", start=at(2), end=at(1))
    with pytest.raises(ValidationError) as raised:
        event.full_clean()
    assert "end" in raised.value.message_dict


@pytest.mark.parametrize(
    "rule", ["FREQ=SOMETIMES", "BYDAY=XX", "DTSTART:20270101T000000\nFREQ=DAILY"]
)
def test_bad_recurrence_is_refused(rule):
    event = EventPage(title="x", slug="x", start=at(2), recurrence=rule)
    with pytest.raises(ValidationError) as raised:
        event.full_clean()
    assert "recurrence" in raised.value.message_dict


def test_rrule_prefix_is_normalised(municipality_a):
    events = add(municipality_a.home_page.specific, EventIndexPage(title="Termine"))
    event = add(
        events, EventPage(title="x", start=at(2), recurrence="RRULE:FREQ=DAILY;COUNT=2")
    )
    event.refresh_from_db()
    assert event.recurrence == "FREQ=DAILY;COUNT=2"


def test_occurrences_in_a_window():
    start, end = at(2, 18), at(2, 20)
    found = occurrences(start, end, "FREQ=WEEKLY;COUNT=10", at(8), at(24))
    assert [s.day for s, _e in found] == [9, 16, 23]
    assert all(e - s == timedelta(hours=2) for s, e in found)


def test_an_occurrence_overlapping_the_window_start_counts():
    start, end = at(1, 22), at(2, 2)  # over midnight
    found = occurrences(start, end, "", at(2, 0), at(3))
    assert found == [(start, end)]


def test_one_off_event_outside_window():
    assert occurrences(at(1), at(1, 12), "", at(5), at(6)) == []


def test_parse_rrule_keeps_dtstart():
    rule = parse_rrule("FREQ=DAILY;COUNT=3", at(1))
    assert list(rule)[0] == at(1)


def opening_hours(*days):
    block = OpeningHoursBlock()
    return block.to_python([{"type": "day", "value": day} for day in days])


def day(weekday, slots=(), closed=False, appointment_only=False, note=""):
    return {
        "weekday": weekday,
        "closed": closed,
        "appointment_only": appointment_only,
        "slots": [{"opens": o, "closes": c} for o, c in slots],
        "note": note,
    }


def test_opening_hours_validation():
    block = OpeningHoursBlock()
    good = opening_hours(
        day("mo", [("08:00", "12:00"), ("13:00", "16:00")]), day("sa", closed=True)
    )
    block.clean(good)
    for bad in [
        opening_hours(day("mo", [("12:00", "08:00")])),
        opening_hours(day("mo", [("08:00", "12:00"), ("11:00", "13:00")])),
        opening_hours(day("mo", [("08:00", "12:00")], closed=True)),
        opening_hours(day("mo"), day("mo")),
    ]:
        with pytest.raises(ValidationError):
            block.clean(bad)


def test_opening_hours_serialise_in_weekday_order():
    value = opening_hours(
        day("fr", [("09:00", "12:00")]),
        day("mo", [("13:00", "16:00"), ("08:00", "12:00")], note="Dolmetscher"),
        day("we", appointment_only=True),
    )
    data = serialise_opening_hours(value)
    assert [d["weekday"] for d in data] == ["mo", "we", "fr"]
    assert data[0]["slots"] == [
        {"opens": "08:00", "closes": "12:00"},
        {"opens": "13:00", "closes": "16:00"},
    ]
    assert data[0]["note"] == "Dolmetscher"
    assert data[1]["appointment_only"] is True


def test_location_edit_form_has_the_map_panel_without_gdal(
    client, superuser, municipality_a
):
    home = municipality_a.home_page.specific
    index = add(home, LocationIndexPage(title="Orte"))
    location = add(
        index, LocationPage(title="Bürgerbüro", latitude=49.94, longitude=11.57)
    )
    client.force_login(superuser)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[location.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "data-rathaus-map-position" in body
    assert "leaflet/leaflet.js" in body and "content/js/map-position-panel.js" in body
    assert "django.contrib.gis.gdal" not in sys.modules
    assert not any(name.startswith("django.contrib.gis.gdal") for name in sys.modules)


def test_location_position_is_validated(municipality_a):
    page = LocationPage(title="x", slug="x", latitude=120, longitude=11)
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "latitude" in raised.value.message_dict
