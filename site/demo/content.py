"""Load news, events, locations, snippets and legal pages of a demo municipality.

Idempotent like the rest of the demo: pages are found by their slug under
their parent, location categories by their slug, contacts by their name in
the municipality, snippet translations by their translation key and locale.
Nothing that exists is changed. Dates of news and events are relative to the
day the demo is first loaded.

Page translations go through wagtail-localize with the human translations of
the data as StringTranslation rows (see DemoLoader.ensure_translation).
Snippets are translated as TranslatableMixin copies; a field without a human
translation keeps its German source, as wagtail-localize would show it.
"""

import datetime
import uuid
from zoneinfo import ZoneInfo

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
from rathaus.site.municipalities.models import MunicipalitySettings

from .data.base import PageSpec, Text
from .data.events import EVENT_INDEX, EVENTS
from .data.legal import (
    ACCESSIBILITY,
    APP_SETTINGS,
    ENFORCEMENT_PROCEDURE,
    IMPRINT,
    NON_ACCESSIBLE_CONTENT,
    PRIVACY,
)
from .data.locations import CATEGORIES, CONTACT_CONTEXT, CONTACTS, LOCATIONS, PLACES
from .data.news import NEWS, NEWS_INDEX

TIME_ZONE = ZoneInfo("Europe/Berlin")

NEWS_INDEX_SPEC = PageSpec("aktuelles", *NEWS_INDEX, path="aktuelles")
EVENT_INDEX_SPEC = PageSpec("veranstaltungen", *EVENT_INDEX, path="veranstaltungen")
LOCATION_INDEX_SPEC = PageSpec(
    "orte",
    Text(
        "Orte",
        {
            "en": "Places",
            "ar": "الأماكن",
            "uk": "Місця",
            "tr": "Yerler",
            "fa": "مکان‌ها",
            "de-x-ls": "Wichtige Orte",
        },
    ),
    Text(
        "Ämter, Beratung, Schulen und Ärzte {in_place} auf der Karte.",
        {
            "en": "Offices, counselling, schools and doctors {in_place} on the map.",
            "ar": "الدوائر ومراكز الاستشارة والمدارس والأطباء {in_place} على الخريطة.",
            "uk": "Установи, консультації, школи та лікарі {in_place} на мапі.",
            "tr": "{in_place} resmî daireler, danışmanlık, okullar ve doktorlar "
            "haritada.",
            "fa": "اداره‌ها، مشاوره، مدرسه‌ها و پزشکان {in_place} روی نقشه.",
            "de-x-ls": "Ämter, Beratung, Schulen und Ärzte {in_place}. "
            "Auf einer Karte.",
        },
    ),
    path="orte",
)
LEGAL_SPECS = [IMPRINT, PRIVACY, ACCESSIBILITY]
for _spec in [*NEWS, *EVENTS, *LOCATIONS, *LEGAL_SPECS]:
    _spec.path = _spec.path or _spec.slug


class ContentLoader:
    """The news, events, locations and legal pages part of :class:`DemoLoader`."""

    def __init__(self, loader):
        self.loader = loader

    def steps(self, target_count):
        """Progress steps for one municipality: pages, translations, snippets."""
        pages = 3 + len(NEWS) + len(EVENTS) + len(LOCATIONS) + len(LEGAL_SPECS)
        translations = target_count if self.loader.translations else 0
        return pages * (1 + translations) + len(CATEGORIES) + len(CONTACTS)

    def load(self, municipality, demo, users, images, targets, bar):
        if not self.loader.translations:
            targets = []
        context = demo.context | CONTACT_CONTEXT[demo.slug]
        categories = {}
        for spec in CATEGORIES:
            categories[spec.slug] = self.ensure_category(spec, municipality, targets)
            bar.update()
        contacts = {}
        for spec in CONTACTS:
            contacts[spec.key] = self.ensure_contact(
                spec, municipality, context, targets
            )
            bar.update()

        translatable = []  # (page, spec, texts, context), parents first

        def add(parent, spec, page_class, fields, texts=None, page_context=None):
            page_context = page_context or demo.context
            page = self.ensure_page(
                municipality, users, parent, spec, page_class, fields, page_context
            )
            translatable.append((page, spec, texts, page_context))
            bar.update()
            return page

        home = municipality.home_page
        location_index = add(home, LOCATION_INDEX_SPEC, LocationIndexPage, {})
        locations = {}
        places = PLACES[demo.slug]
        for spec in LOCATIONS:
            place = places[spec.slug]
            page_context = demo.context | {"place": place.name}
            fields = self.location_fields(
                spec, place, categories, contacts, page_context
            )
            locations[spec.slug] = add(
                location_index,
                spec,
                LocationPage,
                fields | {"thumbnail": images.category(spec.category)},
                texts=self.loader.texts_of(spec) + self.location_texts(spec),
                page_context=page_context,
            )
        event_index = add(home, EVENT_INDEX_SPEC, EventIndexPage, {})
        for spec in EVENTS:
            add(event_index, spec, EventPage, self.event_fields(spec, locations))
        news_index = add(home, NEWS_INDEX_SPEC, NewsIndexPage, {})
        for spec in NEWS:
            fields = {
                "date": self.days_ago(spec.days_ago),
                "thumbnail": images.news(spec.slug),
            }
            add(news_index, spec, NewsPage, fields)
        imprint = add(home, IMPRINT, LegalPage, {"kind": IMPRINT.kind})
        privacy = add(home, PRIVACY, LegalPage, {"kind": PRIVACY.kind})
        accessibility = add(
            home,
            ACCESSIBILITY,
            AccessibilityStatementPage,
            self.accessibility_fields(contacts["integration"], context),
            texts=[
                ACCESSIBILITY.title,
                ACCESSIBILITY.excerpt,
                NON_ACCESSIBLE_CONTENT,
                ENFORCEMENT_PROCEDURE,
            ],
        )
        self.ensure_settings(municipality, demo, imprint, privacy, accessibility)

        for page, spec, texts, page_context in translatable:
            for locale in targets:
                self.loader.ensure_translation(
                    page, spec, demo, locale, users, texts=texts, context=page_context
                )
                bar.update()

    # Snippets

    def ensure_category(self, spec, municipality, targets):
        source, _created = LocationCategory.objects.get_or_create(
            slug=spec.slug,
            locale=municipality.default_locale,
            defaults={
                "name": spec.name.de,
                "icon": spec.icon,
                "colour": spec.colour,
            },
        )
        self.ensure_snippet_translations(source, targets, {"name": spec.name}, {})
        return source

    def ensure_contact(self, spec, municipality, context, targets):
        name = spec.name.render(context)
        source, _created = Contact.objects.get_or_create(
            municipality=municipality,
            locale=municipality.default_locale,
            name=name,
            defaults={
                "role": spec.role.render(context),
                "organisation": spec.organisation.format_map(context),
                "email": spec.email.format_map(context),
                "phone": spec.phone.format_map(context),
                "address": spec.address.format_map(context),
                "website": spec.website.format_map(context),
                "languages": spec.languages.render(context),
                "office_hours": spec.office_hours.render(context),
            },
        )
        texts = {
            "role": spec.role,
            "languages": spec.languages,
            "office_hours": spec.office_hours,
        }
        self.ensure_snippet_translations(source, targets, texts, context)
        return source

    def ensure_snippet_translations(self, source, targets, texts, context):
        """A copy of ``source`` in every target locale that has none yet."""
        existing = set(
            type(source)
            .objects.filter(translation_key=source.translation_key)
            .values_list("locale_id", flat=True)
        )
        for locale in targets:
            if locale.pk in existing:
                continue
            copy = source.copy_for_translation(locale)
            for name, text in texts.items():
                translated = text.render(context, locale.language_code)
                if translated is not None:
                    setattr(copy, name, translated)
            copy.save()

    # Pages

    def ensure_page(
        self, municipality, users, parent, spec, page_class, fields, context
    ):
        existing = parent.get_children().filter(slug=spec.slug).first()
        if existing is not None:
            return existing.specific
        contacts = fields.pop("contacts", [])
        page = page_class(
            title=spec.title.render(context),
            slug=spec.slug,
            excerpt=spec.excerpt.render(context),
            locale=municipality.default_locale,
            **fields,
        )
        if getattr(spec, "body", None):
            page.body = self.loader.render_body(spec, context, {})
        if contacts:
            page.location_contacts = [
                LocationContact(contact=contact, sort_order=index)
                for index, contact in enumerate(contacts)
            ]
        parent.add_child(instance=page)
        editor = users.get("editor")
        page.save_revision(user=editor).publish(user=editor)
        self.loader.report.pages_created += 1
        return page

    def location_fields(self, spec, place, categories, contacts, context):
        note = spec.temporarily_closed_note
        return {
            "category": categories[spec.category],
            "street": place.street,
            "postal_code": place.postal_code,
            "city": place.city,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "opening_hours": opening_hours(spec.opening_hours, context),
            "barrier_free": spec.barrier_free,
            "temporarily_closed": note is not None,
            "temporarily_closed_note": note.render(context) if note else "",
            "appointment_url": spec.appointment_url.format_map(context),
            "contacts": [contacts[key] for key in spec.contacts],
        }

    def location_texts(self, spec):
        texts = [note for _day, _slots, note in spec.opening_hours if note]
        if spec.temporarily_closed_note:
            texts.append(spec.temporarily_closed_note)
        return texts

    def event_fields(self, spec, locations):
        start, end = event_dates(spec, self.loader.today)
        rule = recurrence.normalise_rrule(spec.recurrence) if spec.recurrence else ""
        return {
            "start": start,
            "end": end,
            "all_day": spec.all_day,
            "recurrence": rule,
            "location": locations.get(spec.location),
            "online_meeting_url": spec.online_meeting_url,
        }

    def days_ago(self, days):
        return at(self.loader.today - datetime.timedelta(days=days), "10:00")

    def accessibility_fields(self, contact, context):
        prepared = self.loader.today - datetime.timedelta(days=90)
        return {
            "conformance": AccessibilityStatementPage.Conformance.PARTIAL,
            "non_accessible_content": f"<p>{NON_ACCESSIBLE_CONTENT.de}</p>",
            "prepared_on": prepared,
            "last_reviewed_on": prepared + datetime.timedelta(days=60),
            "feedback_contact": contact,
            "feedback_email": "barrierefreiheit@{domain}".format_map(context),
            "enforcement_procedure": f"<p>{ENFORCEMENT_PROCEDURE.de}</p>",
        }

    # Settings

    def ensure_settings(self, municipality, demo, imprint, privacy, accessibility):
        """Fill what is empty in the municipality's settings; keep the rest."""
        settings = MunicipalitySettings.for_site(municipality.site)
        app_name, colour = APP_SETTINGS[demo.slug]
        wanted = {
            "imprint_page_id": imprint.pk,
            "privacy_page_id": privacy.pk,
            "accessibility_page_id": accessibility.pk,
            "app_name": app_name,
            "primary_colour": colour,
        }
        changed = False
        for name, value in wanted.items():
            if not getattr(settings, name):
                setattr(settings, name, value)
                changed = True
        if changed:
            settings.save()


def event_dates(spec, today):
    """An event's start and end (or None), counted from ``today``."""
    day = today + datetime.timedelta(days=spec.days_from_today)
    if spec.weekday is not None:
        day += datetime.timedelta(days=(spec.weekday - day.weekday()) % 7)
    if spec.recurrence:
        # The start must be the rule's first occurrence: move to it.
        probe = at(day, spec.starts_at or "00:00")
        day = next(iter(recurrence.parse_rrule(spec.recurrence, probe))).date()
    start = at(day, spec.starts_at or "00:00")
    end = at(day, spec.ends_at) if spec.ends_at else None
    return start, end


def at(day, clock):
    hour, minute = map(int, clock.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), TIME_ZONE)


def opening_hours(days, context):
    """StreamField data of OpeningHoursBlock from (weekday, slots, note) rows."""
    blocks = []
    for weekday, slots, note in days:
        blocks.append(
            {
                "type": "day",
                "id": str(uuid.uuid4()),
                "value": {
                    "weekday": weekday,
                    "closed": slots == "closed",
                    "appointment_only": slots == "appointment",
                    "slots": [
                        {
                            "type": "item",
                            "id": str(uuid.uuid4()),
                            "value": {"opens": opens, "closes": closes},
                        }
                        for opens, closes in (slots if isinstance(slots, list) else [])
                    ],
                    "note": note.render(context) if note else "",
                },
            }
        )
    return blocks
