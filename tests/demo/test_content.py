"""News, events, locations, snippets and legal pages of the demo."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from rathaus.site.content import recurrence
from rathaus.site.content.models import (
    AccessibilityStatementPage,
    Contact,
    EventIndexPage,
    EventPage,
    LegalPage,
    LocationCategory,
    LocationContact,
    LocationIndexPage,
    LocationPage,
    NewsIndexPage,
    NewsPage,
)
from rathaus.site.content.opening_hours import serialise_opening_hours
from rathaus.site.demo.content import (
    EVENT_INDEX_SPEC,
    LEGAL_SPECS,
    LOCATION_INDEX_SPEC,
    NEWS_INDEX_SPEC,
    ContentLoader,
    at,
)
from rathaus.site.demo.data.base import Text
from rathaus.site.demo.data.events import EVENTS
from rathaus.site.demo.data.legal import APP_SETTINGS
from rathaus.site.demo.data.locations import CATEGORIES, CONTACTS, LOCATIONS, PLACES
from rathaus.site.demo.data.municipalities import MUNICIPALITIES
from rathaus.site.demo.data.news import NEWS
from rathaus.site.demo.loader import DemoLoader
from rathaus.site.municipalities.models import Municipality, MunicipalitySettings

ALL_LANGUAGES = {"en", "ar", "uk", "tr", "fa", "de-x-ls"}
PAGE_SPECS = [
    NEWS_INDEX_SPEC,
    EVENT_INDEX_SPEC,
    LOCATION_INDEX_SPEC,
    *NEWS,
    *EVENTS,
    *LOCATIONS,
    *LEGAL_SPECS,
]
PAGE_TYPES = [
    NewsIndexPage,
    NewsPage,
    EventIndexPage,
    EventPage,
    LocationIndexPage,
    LocationPage,
    LegalPage,
    AccessibilityStatementPage,
]


# The data


def test_titles_and_excerpts_are_translated_into_every_demo_language():
    for spec in PAGE_SPECS:
        assert spec.title.languages() >= ALL_LANGUAGES, spec.slug
        assert spec.excerpt.languages() >= ALL_LANGUAGES, spec.slug
    for category in CATEGORIES:
        assert category.name.languages() >= ALL_LANGUAGES, category.slug


def test_english_and_arabic_cover_every_body_string():
    loader = DemoLoader()
    content = ContentLoader(loader)
    for spec in [*NEWS, *EVENTS, *LOCATIONS, *LEGAL_SPECS]:
        texts = loader.texts_of(spec)
        if spec in LOCATIONS:
            texts += content.location_texts(spec)
        for text in texts:
            assert isinstance(text, Text)
            assert {"en", "ar"} <= text.languages(), (spec.slug, text.de)
    for contact in CONTACTS:
        for text in (contact.role, contact.languages, contact.office_hours):
            assert {"en", "ar", "uk", "tr"} <= text.languages(), text.de


@pytest.mark.parametrize("demo", MUNICIPALITIES, ids=lambda demo: demo.slug)
def test_every_location_lies_inside_its_municipality(demo):
    spec = demo.spec
    south, west, north, east = spec.bbox
    municipality = Municipality(
        bbox_south=south,
        bbox_west=west,
        bbox_north=north,
        bbox_east=east,
        boundary=spec.boundary,
    )
    places = PLACES[demo.slug]
    assert set(places) == {location.slug for location in LOCATIONS}
    for key, place in places.items():
        assert municipality.contains(place.latitude, place.longitude), key
        assert place.postal_code and place.street and place.city


def test_events_are_valid_and_recurring_ones_have_a_valid_rrule():
    locations = {location.slug for location in LOCATIONS}
    recurring = [event for event in EVENTS if event.recurrence]
    assert {"FREQ=WEEKLY;BYDAY=TU", "FREQ=MONTHLY;BYDAY=1WE"} <= {
        event.recurrence for event in recurring
    }
    assert any(event.all_day for event in EVENTS)
    assert any(event.online_meeting_url for event in EVENTS)
    start = at(datetime.date(2026, 1, 6), "16:00")
    for event in EVENTS:
        assert not event.location or event.location in locations, event.slug
        if event.recurrence:
            assert recurrence.parse_rrule(event.recurrence, start)


# The loaded demo


@pytest.fixture
def load(django_capture_on_commit_callbacks):
    def run(*args):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", *args, verbosity=0)

    return run


def counts():
    return {
        "pages": {model.__name__: model.objects.count() for model in PAGE_TYPES},
        "categories": LocationCategory.objects.count(),
        "contacts": Contact.objects.count(),
        "location_contacts": LocationContact.objects.count(),
        "settings": MunicipalitySettings.objects.count(),
    }


@pytest.mark.django_db
def test_castrop_rauxel_has_every_content_type_translated_and_idempotent(load):
    load("--municipality", "castrop-rauxel")
    municipality = Municipality.objects.get(slug="castrop-rauxel")
    locales = {locale.language_code: locale for locale in municipality.locales.all()}
    pages = municipality.pages()

    def of(model, code):
        in_municipality = pages.type(model).filter(locale=locales[code])
        return model.objects.filter(pk__in=in_municipality.values("pk"))

    expected = {
        NewsIndexPage: 1,
        NewsPage: len(NEWS),
        EventIndexPage: 1,
        EventPage: len(EVENTS),
        LocationIndexPage: 1,
        LocationPage: len(LOCATIONS),
        LegalPage: 2,
        AccessibilityStatementPage: 1,
    }
    for model, count in expected.items():
        for code in ("de", "en", "ar", "uk", "tr"):
            live = pages.type(model).filter(locale__language_code=code, live=True)
            assert live.count() == count, (model.__name__, code)

    # Titles of the English and Arabic pages are the human translations (keyed
    # by the German page's slug: translations have slugs of their own).
    german_slugs = dict(
        pages.filter(locale=locales["de"]).values_list("translation_key", "slug")
    )
    for code in ("en", "ar"):
        titles = {
            german_slugs[page.translation_key]: page.title
            for model in PAGE_TYPES
            for page in pages.type(model).filter(locale=locales[code])
        }
        assert titles == {
            spec.slug: spec.title.translations[code] for spec in PAGE_SPECS
        }

    # News are dated over the last weeks, newest first.
    news = of(NewsPage, "de")
    dates = sorted((page.date for page in news), reverse=True)
    assert dates[0] <= timezone.now()
    assert dates[-1] >= timezone.now() - datetime.timedelta(days=45)

    # Locations: inside the municipality, categorised, with contacts and hours.
    locations = of(LocationPage, "de")
    for location in locations:
        assert municipality.contains(location.latitude, location.longitude)
        assert location.category.locale == municipality.default_locale
        assert location.opening_hours
        hours = serialise_opening_hours(location.opening_hours)
        assert hours and {"weekday", "closed", "appointment_only", "slots"} <= set(
            hours[0]
        )
    office = locations.get(slug="buergerbuero")
    assert office.street == "Europaplatz 1" and office.barrier_free
    hours = serialise_opening_hours(office.opening_hours)
    assert hours[0] == {
        "weekday": "mo",
        "closed": False,
        "appointment_only": False,
        "slots": [{"opens": "08:00", "closes": "12:00"}],
        "note": "",
    }
    assert hours[3]["note"] == "Langer Donnerstag"
    assert hours[5]["closed"] and not hours[5]["slots"]
    assert [link.contact.municipality for link in office.location_contacts.all()] == [
        municipality,
        municipality,
    ]
    assert locations.filter(temporarily_closed=True).count() == 1
    assert serialise_opening_hours(
        locations.get(slug="auslaenderbehoerde").opening_hours
    )[0]["appointment_only"]
    arabic_office = office.get_translation(locales["ar"]).specific
    assert arabic_office.title == "مكتب خدمة المواطنين"
    # Translations show the source's illustration (images are not translated).
    assert office.thumbnail is not None
    assert arabic_office.thumbnail_id == office.thumbnail_id
    assert arabic_office.category.locale == locales["ar"]
    assert arabic_office.category.name == "الإدارة العامة"
    assert serialise_opening_hours(arabic_office.opening_hours)[3]["note"] == (
        "دوام مسائي أيام الخميس"
    )

    # Snippets: categories platform-wide, contacts per municipality, translated.
    assert LocationCategory.objects.filter(locale=locales["de"]).count() == len(
        CATEGORIES
    )
    for code in ("en", "ar", "uk", "tr"):
        assert LocationCategory.objects.filter(locale=locales[code]).count() == len(
            CATEGORIES
        )
        assert Contact.objects.filter(
            municipality=municipality, locale=locales[code]
        ).count() == len(CONTACTS)
    integration = Contact.objects.get(
        municipality=municipality,
        locale=locales["en"],
        name="Integrationsbeauftragte",
    )
    assert integration.role == "Integration officer"
    assert integration.phone == "02305 106 1500"

    # Events: a weekly series on Tuesdays, an online one, an all-day one.
    events = of(EventPage, "de")
    weekly = events.get(slug="sprachcafe")
    assert weekly.recurrence == "FREQ=WEEKLY;BYDAY=TU"
    assert weekly.location.specific.slug == "bibliothek"
    now = timezone.now()
    upcoming = weekly.occurrences(now, now + datetime.timedelta(days=28))
    assert len(upcoming) >= 4
    # in the municipality's zone: Tuesdays at 16:00, summer or winter
    assert {occurrence.start.weekday() for occurrence in upcoming} == {1}
    assert {occurrence.start.hour for occurrence in upcoming} == {16}
    assert events.exclude(online_meeting_url="").count() == 1
    assert events.filter(all_day=True).exists()
    assert events.filter(start__gte=now).count() >= 3
    arabic_event = weekly.get_translation(locales["ar"]).specific
    assert arabic_event.title == "مقهى اللغة"
    assert arabic_event.recurrence == weekly.recurrence

    # Legal pages and the settings that link them.
    settings = MunicipalitySettings.for_site(municipality.site)
    assert settings.imprint_page.specific.kind == "imprint"
    assert settings.privacy_page.specific.kind == "privacy"
    assert settings.accessibility_page.specific_class is AccessibilityStatementPage
    assert (settings.app_name, settings.primary_colour) == APP_SETTINGS[
        "castrop-rauxel"
    ]
    statement = settings.accessibility_page.specific
    english = statement.get_translation(locales["en"]).specific
    assert english.title == "Accessibility statement"
    assert "older PDF documents" in english.non_accessible_content
    assert english.feedback_contact.locale == locales["en"]
    imprint = settings.imprint_page.get_translation(locales["en"]).specific
    assert imprint.title == "Imprint" and "Europaplatz 1" in str(imprint.body)

    before = counts()
    load("--municipality", "castrop-rauxel")
    assert counts() == before
