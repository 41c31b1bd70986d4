"""News, events (recurrences), locations (bbox, category, hours, contacts),
search, and their isolation between municipalities."""

from datetime import timedelta

import pytest

from .content_builders import build_content, translate
from .test_content_pages import data, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(municipality_a):
    return build_content(municipality_a, pages=4)


def test_news_newest_first_with_paging(client, built):
    news = data(client, "News", {"municipality": "stadt-a"})["news"]
    assert news["totalCount"] == 3
    assert [item["title"] for item in news["items"]] == [
        "Nachricht 0",
        "Nachricht 1",
        "Nachricht 2",
    ]
    assert news["items"][0]["html"] == "<p>Neu 0</p>"
    second = data(client, "News", {"municipality": "stadt-a", "first": 1, "offset": 1})
    assert [item["title"] for item in second["news"]["items"]] == ["Nachricht 1"]
    english = data(client, "News", {"municipality": "stadt-a", "locale": "en"})["news"]
    assert [item["isFallback"] for item in english["items"]] == [True, False, True]
    assert english["items"][1]["title"] == "Nachricht 1 (en)"


def test_negative_paging_is_a_validation_error(client, built):
    payload = run(client, "News", {"municipality": "stadt-a", "offset": -1})
    assert payload["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    assert "offset" in payload["errors"][0]["extensions"]["fields"]


def test_events_expand_recurrences(client, built):
    weekly, fest = built.events
    window = {
        "municipality": "stadt-a",
        "from": (weekly.start - timedelta(hours=1)).isoformat(),
        "to": (weekly.start + timedelta(days=30)).isoformat(),
    }
    events = data(client, "Events", window)["events"]
    titles = [event["title"] for event in events]
    assert titles.count("Sprachcafé") == 4 and titles.count("Stadtfest") == 1
    occurrence = events[0]
    assert occurrence["isOccurrence"] is True
    assert occurrence["recurrence"] == "FREQ=WEEKLY;COUNT=4"
    assert occurrence["location"]["title"] == "Ort 0"
    starts = [event["start"] for event in events]
    assert starts == sorted(starts)

    once = data(client, "Events", {**window, "expandRecurrences": False})["events"]
    assert [event["title"] for event in once] == ["Sprachcafé", "Stadtfest"]
    assert once[0]["isOccurrence"] is False

    later = data(
        client,
        "Events",
        {
            **window,
            "from": (weekly.start + timedelta(days=8)).isoformat(),
        },
    )["events"]
    assert [event["title"] for event in later] == ["Sprachcafé", "Sprachcafé"]


def test_events_window_must_be_ordered(client, built):
    payload = run(
        client,
        "Events",
        {
            "municipality": "stadt-a",
            "from": "2027-03-02T00:00:00+00:00",
            "to": "2027-03-01T00:00:00+00:00",
        },
    )
    assert payload["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"


def test_locations_with_hours_contacts_bbox_and_category(client, built):
    locations = data(client, "Locations", {"municipality": "stadt-a"})["locations"]
    assert [location["title"] for location in locations] == ["Ort 0", "Ort 1"]
    first = locations[0]
    assert first["category"]["slug"] == "beratung"
    assert first["address"] == {
        "street": "Marktplatz 0",
        "postalCode": "95444",
        "city": "Bayreuth",
    }
    assert first["position"] == {"latitude": 49.94, "longitude": 11.57}
    assert first["openingHours"] == [
        {
            "weekday": "mo",
            "closed": False,
            "appointmentOnly": False,
            "slots": [{"opens": "08:00", "closes": "12:00"}],
            "note": "",
        }
    ]
    assert first["contacts"][0]["email"] == "buergerbuero@example.org"
    assert locations[1]["barrierFree"] is True

    box = {"south": 49.945, "west": 11.5, "north": 50.0, "east": 11.7}
    inside = data(client, "Locations", {"municipality": "stadt-a", "bbox": box})
    assert [location["title"] for location in inside["locations"]] == ["Ort 1"]
    none = data(client, "Locations", {"municipality": "stadt-a", "category": "schule"})
    assert none["locations"] == []
    bad = run(
        client,
        "Locations",
        {"municipality": "stadt-a", "bbox": {**box, "south": 51.0}},
    )
    assert bad["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"


def test_search_in_locale_with_fallbacks(client, built):
    found = data(client, "Search", {"municipality": "stadt-a", "query": "Seite"})[
        "search"
    ]
    assert found["totalCount"] == 4
    assert all(item["locale"] == "de" for item in found["items"])
    english = data(
        client,
        "Search",
        {"municipality": "stadt-a", "locale": "en", "query": "Seite"},
    )["search"]
    titles = {item["title"] for item in english["items"]}
    # Translated pages in English, the others as German fallbacks.
    assert "Seite 0 (en)" in titles and "Seite 1" in titles and "Seite 0" not in titles
    assert english["totalCount"] == 4


def test_listings_are_isolated(client, built, municipality_b):
    build_content(municipality_b, pages=1)
    for name, key in (("News", "news"), ("Search", "search")):
        result = data(client, name, {"municipality": "stadt-b", "query": "Seite"})
        assert result[key]["totalCount"] == (3 if name == "News" else 1)
    b_ids = set(municipality_b.pages().values_list("pk", flat=True))
    locations = data(client, "Locations", {"municipality": "stadt-b"})["locations"]
    assert {int(location["id"]) for location in locations} <= b_ids
    events = data(client, "Events", {"municipality": "stadt-b"})["events"]
    assert events and {int(event["id"]) for event in events} <= b_ids


def test_raw_opening_hours_match_the_block_serialiser(built):
    from rathaus.graphql.content.opening_hours import raw_opening_hours
    from rathaus.site.content.models import LocationPage
    from rathaus.site.content.opening_hours import serialise_opening_hours

    location = LocationPage.objects.get(pk=built.locations[0].pk)
    location.opening_hours = [
        {
            "type": "day",
            "value": {
                "weekday": day,
                "closed": day == "sa",
                "appointment_only": day == "we",
                "slots": []
                if day == "sa"
                else [
                    {"opens": "13:30:00", "closes": "16:00:00"},
                    {"opens": "08:00:00", "closes": "12:15:00"},
                ],
                "note": "Nur mit Termin" if day == "we" else "",
            },
        }
        for day in ("sa", "we", "mo")
    ]
    location.save()
    stored = LocationPage.objects.get(pk=location.pk).opening_hours
    assert raw_opening_hours(stored) == serialise_opening_hours(
        LocationPage.objects.get(pk=location.pk).opening_hours
    )
    assert [day["weekday"] for day in raw_opening_hours(stored)] == ["mo", "we", "sa"]


def test_translated_locations_show_translated_contacts_category_and_event_place(
    client, municipality_a
):
    """wagtail-localize copies a location's contact links unchanged and keeps
    an event's location pointing at the source page: the API shows their
    translations where they exist, and the source where not."""
    from wagtail.models import Locale

    from rathaus.site.content.models import LocationContact
    from rathaus.site.content.snippets import Contact

    built = build_content(municipality_a, pages=4, translate_to=())
    english = Locale.objects.get(language_code="en")
    location = built.locations[0]
    for index_page in (location, built.events[0]):
        translate(built, index_page.get_parent().specific, "en")
    translated = translate(built, location, "en", title="Place 0")
    german_contact = location.location_contacts.get().contact
    untranslated_contact = Contact.objects.create(
        municipality=municipality_a,
        name="Nur Deutsch",
        locale=municipality_a.default_locale,
    )
    for order, contact in enumerate((german_contact, untranslated_contact)):
        LocationContact.objects.create(
            page=translated, contact=contact, sort_order=order
        )
    english_contact = german_contact.copy_for_translation(english)
    english_contact.name = "Citizens' office"
    english_contact.save()
    english_category = built.category.copy_for_translation(english)
    english_category.name = "Counselling"
    english_category.save()
    translate(built, built.events[0], "en", title="Language café")

    with_locale = {"municipality": "stadt-a", "locale": "en"}
    locations = data(client, "Locations", with_locale)["locations"]
    place = next(item for item in locations if item["title"] == "Place 0")
    assert [contact["name"] for contact in place["contacts"]] == [
        "Citizens' office",
        "Nur Deutsch",
    ]
    assert place["category"]["name"] == "Counselling"
    fallback = next(item for item in locations if item["isFallback"])
    assert fallback["category"]["name"] == "Counselling"
    assert fallback["contacts"][0]["name"].startswith("Kontakt")  # no translation

    german = data(client, "Locations", {"municipality": "stadt-a"})["locations"]
    assert german[0]["contacts"][0]["name"] == german_contact.name
    assert german[0]["category"]["name"] == built.category.name

    window = {
        **with_locale,
        "from": (built.events[0].start - timedelta(hours=1)).isoformat(),
        "to": (built.events[0].start + timedelta(days=2)).isoformat(),
        "expandRecurrences": False,
    }
    events = data(client, "Events", window)["events"]
    cafe = next(event for event in events if event["title"] == "Language café")
    assert cafe["location"]["title"] == "Place 0"
