"""Content trees for the content API tests, built quickly.

Pages are created live with ``add_child`` (no revisions: the API reads live
rows), translations as live pages sharing the source's translation key under
the translated parent, as wagtail-localize leaves them after publishing.
"""

import itertools
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.models import Locale

from rathaus.site.content.models import (
    EventIndexPage,
    EventPage,
    InformationPage,
    LocationContact,
    LocationIndexPage,
    LocationPage,
    NewsIndexPage,
    NewsPage,
)
from rathaus.site.content.snippets import Contact, LocationCategory
from rathaus.site.translation import review

BERLIN = ZoneInfo("Europe/Berlin")
_numbers = itertools.count(1)


@dataclass
class Built:
    municipality: object
    home: object
    sections: list = field(default_factory=list)
    pages: list = field(default_factory=list)  # every German page built
    translations: dict = field(default_factory=dict)  # (de page id, code) -> page
    news: list = field(default_factory=list)
    events: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    category: object = None


def live(parent, page):
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.last_published_at = timezone.now()
    parent.add_child(instance=page)
    return page


def translate(built, page, code, **overrides):
    """A live translation of ``page`` into ``code`` under its parent's
    translation (the locale root for children of the home page)."""
    municipality = built.municipality
    locale = Locale.objects.get(language_code=code)
    parent = page.get_parent()
    if parent.pk == built.home.pk:
        target_parent = municipality.locale_root(locale)
    else:
        target_parent = built.translations[(parent.pk, code)]
    values = {
        field.name: getattr(page, field.name)
        for field in type(page)._meta.concrete_fields
        if not field.primary_key
        and field.name
        not in {
            "path",
            "depth",
            "numchild",
            "url_path",
            "id",
            "page_ptr",
            "locale",
            "translation_key",
            "draft_title",
            "latest_revision",
            "live_revision",
            "content_type",
        }
    }
    values.update(overrides)
    copy = type(page)(**values, locale=locale, translation_key=page.translation_key)
    if "title" in overrides:
        copy.draft_title = overrides["title"]
    # Stands for a translation a reviewer approved: rows written directly,
    # without the review workflow the guard on page saves otherwise demands.
    with review.following_source():
        live(target_parent.specific, copy)
    built.translations[(page.pk, code)] = copy
    return copy


def paragraph(text, link_to=None):
    if link_to is not None:
        text = f'{text} <a linktype="page" id="{link_to.pk}">Link</a>'
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def build_content(municipality, pages=10, translate_to=("en",), image=None):
    """A tree of ``pages`` information pages (sections of up to ten) plus news,
    events and locations; every other page translated into ``translate_to``."""
    home = municipality.home_page.specific
    built = Built(municipality=municipality, home=home)
    number = next(_numbers)
    section = None
    for position in range(pages):
        parent = home if position % 10 == 0 else section
        page = live(
            parent,
            InformationPage(
                title=f"Seite {position}",
                slug=f"seite-{position}",
                excerpt=f"Kurz {position}" if position % 2 else "",
                thumbnail=image,
                body=[
                    {"type": "heading", "value": {"text": "Stadt", "level": "h2"}},
                    paragraph(
                        f"Text {position} über die Stadt",
                        link_to=built.pages[0] if built.pages else None,
                    ),
                    {
                        "type": "links",
                        "value": {
                            "title": "Mehr",
                            "links": [
                                {
                                    "title": "Start",
                                    "page": built.pages[0].pk if built.pages else None,
                                    "url": "https://example.org/",
                                }
                            ],
                        },
                    },
                ],
            ),
        )
        if position % 10 == 0:
            section = page
            built.sections.append(page)
        built.pages.append(page)

    news_index = live(home, NewsIndexPage(title="Aktuelles", slug="aktuelles"))
    events_index = live(home, EventIndexPage(title="Termine", slug="termine"))
    locations_index = live(home, LocationIndexPage(title="Orte", slug="orte"))
    built.pages += [news_index, events_index, locations_index]
    built.category, _created = LocationCategory.objects.get_or_create(
        slug="beratung",
        locale=municipality.default_locale,
        defaults={"name": "Beratung", "icon": "info", "colour": "#005a9c"},
    )
    for position in range(3):
        built.news.append(
            live(
                news_index,
                NewsPage(
                    title=f"Nachricht {position}",
                    slug=f"nachricht-{position}",
                    date=timezone.now() - timedelta(days=position),
                    body=[paragraph(f"Neu {position}")],
                ),
            )
        )
    for position in range(2):
        location = live(
            locations_index,
            LocationPage(
                title=f"Ort {position}",
                slug=f"ort-{position}",
                category=built.category,
                street=f"Marktplatz {position}",
                postal_code="95444",
                city="Bayreuth",
                latitude=49.94 + position / 100,
                longitude=11.57 + position / 100,
                barrier_free=bool(position),
                opening_hours=[
                    {
                        "type": "day",
                        "value": {
                            "weekday": "mo",
                            "closed": False,
                            "appointment_only": False,
                            "slots": [{"opens": time(8), "closes": time(12)}],
                            "note": "",
                        },
                    }
                ],
            ),
        )
        contact = Contact.objects.create(
            municipality=municipality,
            name=f"Kontakt {number}-{position}",
            email="buergerbuero@example.org",
            locale=municipality.default_locale,
        )
        LocationContact.objects.create(page=location, contact=contact, sort_order=0)
        built.locations.append(location)
    start = timezone.now().astimezone(BERLIN).replace(microsecond=0) + timedelta(days=1)
    built.events.append(
        live(
            events_index,
            EventPage(
                title="Sprachcafé",
                slug="sprachcafe",
                start=start,
                end=start + timedelta(hours=2),
                recurrence="FREQ=WEEKLY;COUNT=4",
                location=built.locations[0],
            ),
        )
    )
    built.events.append(
        live(
            events_index,
            EventPage(
                title="Stadtfest",
                slug="stadtfest",
                start=start + timedelta(days=3),
                end=start + timedelta(days=3, hours=5),
            ),
        )
    )
    built.pages += built.news + built.locations + built.events

    for code in translate_to:
        for index, page in enumerate(built.pages):
            parent_done = (
                page.get_parent().pk == home.pk
                or (page.get_parent().pk, code) in built.translations
            )
            if index % 2 == 0 and parent_done:
                translate(built, page.specific, code, title=f"{page.title} ({code})")
    return built


def at(year, month, day, hour=0):
    return datetime(year, month, day, hour, tzinfo=BERLIN)


def contract_variables(name, municipality):
    """Variables an operation needs beyond ``$municipality`` and its defaults,
    for the contract tests (which run every operation)."""
    if name == "PreviewPage":
        page = (
            InformationPage.objects.filter(
                pk__in=municipality.pages().live().values("pk")
            )
            .order_by("path")
            .first()
        )
        if page is None:
            page = build_content(municipality, pages=2, translate_to=()).pages[1]
        preview = page.specific.create_page_preview()
        return {"token": preview.token, "contentType": "content.informationpage"}
    return {}


def publish(page, **changes):
    """Publish ``page`` with ``changes`` through a revision, as an editor does."""
    page = page.specific
    page.refresh_from_db()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page
