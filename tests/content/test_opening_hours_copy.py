"""Opening hours: "Copy to Monday–Friday" on a day replaces the workdays'
times and note with that day's when the page is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from rathaus.site.content.models import LocationIndexPage, LocationPage
from rathaus.site.content.opening_hours import (
    OpeningHoursBlock,
    serialise_opening_hours,
)

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}


def stream(*days):
    block = OpeningHoursBlock()
    return block.to_python(
        [
            {"type": "day", "value": value, "id": f"id-{value['weekday']}"}
            for value in days
        ]
    )


def day(weekday, slots=(), closed=False, note="", copy=False):
    return {
        "weekday": weekday,
        "closed": closed,
        "appointment_only": False,
        "slots": [{"opens": o, "closes": c} for o, c in slots],
        "note": note,
        "copy_to_weekdays": copy,
    }


def test_a_ticked_day_is_copied_to_monday_to_friday():
    value = stream(
        day("mo", [("07:00", "09:00")], note="alt"),
        day("tu", [("08:00", "12:00"), ("13:00", "16:00")], note="Termin", copy=True),
        day("sa", closed=True),
        day("th", closed=True),
    )

    cleaned = OpeningHoursBlock().clean(value)

    data = serialise_opening_hours(cleaned)
    assert [entry["weekday"] for entry in data] == ["mo", "tu", "we", "th", "fr", "sa"]
    for entry in data[:5]:
        assert entry["slots"] == [
            {"opens": "08:00", "closes": "12:00"},
            {"opens": "13:00", "closes": "16:00"},
        ]
        assert entry["note"] == "Termin" and entry["closed"] is False
    assert data[5]["closed"] is True
    assert not any(child.value["copy_to_weekdays"] for child in cleaned)
    ids = {child.value["weekday"]: child.id for child in cleaned}
    # Days that existed keep their block ids (their translations stay attached).
    assert ids["mo"] == "id-mo" and ids["tu"] == "id-tu" and ids["sa"] == "id-sa"
    # Cleaning again changes nothing: the tick is gone.
    again = OpeningHoursBlock().clean(cleaned)
    assert serialise_opening_hours(again) == data


def test_a_weekend_day_can_be_the_source_and_stays_itself():
    cleaned = OpeningHoursBlock().clean(
        stream(day("sa", [("10:00", "12:00")], copy=True))
    )
    data = serialise_opening_hours(cleaned)
    assert [entry["weekday"] for entry in data] == ["mo", "tu", "we", "th", "fr", "sa"]
    assert {entry["slots"][0]["opens"] for entry in data} == {"10:00"}


def test_the_copy_is_validated_like_any_day():
    with pytest.raises(ValidationError):
        OpeningHoursBlock().clean(stream(day("we", [("12:00", "08:00")], copy=True)))


def test_two_ticked_days_are_refused_in_german():
    value = stream(day("mo", [("08:00", "12:00")], copy=True), day("tu", copy=True))
    with translation.override("de"), pytest.raises(ValidationError) as raised:
        OpeningHoursBlock().clean(value)
    assert "Montag, Dienstag" in " ".join(raised.value.messages)
    assert "nur einen Tag" in " ".join(raised.value.messages)


@pytest.mark.django_db
def test_the_editor_offers_it_in_german(client, superuser, municipality_a):
    home = municipality_a.home_page.specific
    index = home.add_child(instance=LocationIndexPage(title="Orte"))
    location = index.add_child(
        instance=LocationPage(title="Bürgerbüro", latitude=49.94, longitude=11.57)
    )
    client.force_login(superuser)
    body = client.get(
        reverse("wagtailadmin_pages:edit", args=[location.pk]), **GERMAN
    ).content.decode()
    assert "ersetzen beim Speichern die von Montag bis Freitag" in body
