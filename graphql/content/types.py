"""GraphQL types of content: pages, news, events, locations, images.

Resolvers read from *items* (``items.py``): a node of the tree index plus the
batch that loads content for every page of the response at once.
"""

from dataclasses import dataclass

import graphene
from graphene.utils.str_converters import to_snake_case

from rathaus.graphql.core.types import JSON, Coordinates
from rathaus.site.content import jsonld

from .opening_hours import raw_opening_hours


class ImageSize(graphene.Enum):
    """The renditions the API serves (Wagtail filter specs)."""

    FILL_400X300 = "fill-400x300"
    WIDTH_800 = "width-800"
    WIDTH_1600 = "width-1600"


def size_spec(size):
    return getattr(size, "value", size) or ImageSize.FILL_400X300.value


class Rendition(graphene.ObjectType):
    class Meta:
        description = "An image resized to one of the ImageSize renditions."

    url = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)
    alt = graphene.String(required=True, description="Alternative text.")

    @staticmethod
    def resolve_alt(rendition, info):
        return rendition.alt or ""


class Image(graphene.ObjectType):
    class Meta:
        description = "An image of a municipality's media library."

    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    alt = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)
    rendition = graphene.Field(
        Rendition, size=graphene.Argument(ImageSize, required=True)
    )

    @staticmethod
    def resolve_alt(image, info):
        return image.default_alt_text or ""

    @staticmethod
    def resolve_rendition(image, info, size):
        from .batch import rendition

        return rendition(image, size_spec(size))


class TranslationStatus(graphene.Enum):
    """Where the translation of a page into a locale stands."""

    MISSING = "missing"
    IN_TRANSLATION = "in_translation"
    IN_REVIEW = "in_review"
    UP_TO_DATE = "up_to_date"
    OUTDATED = "outdated"
    MACHINE_TRANSLATED = "machine_translated"


class PageTranslation(graphene.ObjectType):
    class Meta:
        description = "A live translation of a page: its locale and path there."

    locale = graphene.String(required=True)
    path = graphene.String(required=True)


class PageFields(graphene.ObjectType):
    """The fields every kind of page has."""

    class Meta:
        abstract = True

    id = graphene.ID(
        required=True, description="The id of the page returned (see isFallback)."
    )
    title = graphene.String(required=True)
    slug = graphene.String(required=True)
    path = graphene.String(
        required=True,
        description='Path relative to the locale root, e.g. "/ankommen/anmeldung/"; '
        'the home page is "/".',
    )
    parent_id = graphene.ID(
        description="The parent in this tree; null for the home page."
    )
    order = graphene.Int(
        required=True, description="Position among its siblings, from 0."
    )
    level = graphene.Int(required=True, description="Depth below the home page (0).")
    page_type = graphene.String(required=True, description="e.g. InformationPage.")
    locale = graphene.String(
        required=True, description="The locale of the text returned."
    )
    is_fallback = graphene.Boolean(
        required=True,
        description="True when the page has no live translation into the requested "
        "locale and the municipality's default-locale version is returned.",
    )
    translation_status = graphene.Field(
        TranslationStatus,
        description="The status of the page's translation into the requested "
        "locale; null in the municipality's default locale (the source).",
    )
    last_published_at = graphene.DateTime()
    html = graphene.String(
        required=True, description="The body as HTML; page links are paths."
    )
    excerpt = graphene.String(required=True)
    thumbnail = graphene.Field(
        Rendition,
        size=graphene.Argument(ImageSize, default_value=ImageSize.FILL_400X300.value),
    )
    translations = graphene.List(
        graphene.NonNull(PageTranslation),
        required=True,
        description="Every locale the page is live in (this one included).",
    )

    @staticmethod
    def resolve_html(item, info):
        return item.html()

    @staticmethod
    def resolve_excerpt(item, info):
        return item.excerpt()

    @staticmethod
    def resolve_thumbnail(item, info, size=ImageSize.FILL_400X300.value):
        return item.thumbnail(size_spec(size))

    @staticmethod
    def resolve_translation_status(item, info):
        return item.translation_status()

    @staticmethod
    def resolve_translations(item, info):
        return [
            PageTranslation(locale=code, path=path)
            for code, path in item.translations()
        ]


class Page(PageFields):
    class Meta:
        description = "A page of a municipality's content tree in one locale."


class PageList(graphene.ObjectType):
    class Meta:
        description = "A page of results and the number of all results."

    total_count = graphene.Int(required=True)
    items = graphene.List(graphene.NonNull(Page), required=True)


class NewsArticle(PageFields):
    date = graphene.DateTime(required=True)

    @staticmethod
    def resolve_date(item, info):
        return item.specific.date


class NewsList(graphene.ObjectType):
    total_count = graphene.Int(required=True)
    items = graphene.List(graphene.NonNull(NewsArticle), required=True)


class Event(PageFields):
    class Meta:
        description = (
            "An event, or one occurrence of a recurring event when recurrences "
            "are expanded (start and end are then the occurrence's). Times are "
            "in the municipality's time zone (timeZone) with their UTC offset; "
            "recurrences keep their local wall-clock time across daylight-saving "
            "changes."
        )

    start = graphene.DateTime(
        required=True,
        description="ISO 8601 with the UTC offset in timeZone, e.g. "
        '"2027-03-30T16:00:00+02:00". All-day events: local midnight of the '
        "first day.",
    )
    end = graphene.DateTime(
        description="Exclusive end, like start; all-day events: local midnight "
        "after the last day. Null when the event has no end."
    )
    start_date = graphene.Date(
        required=True, description="The local date the event (occurrence) starts."
    )
    end_date = graphene.Date(
        required=True,
        description="The local date it ends (inclusive; the start date if no end).",
    )
    all_day = graphene.Boolean(required=True)
    time_zone = graphene.String(
        required=True,
        description="The IANA time zone the event is held in, e.g. Europe/Berlin "
        "(the municipality's).",
    )
    recurrence = graphene.String(
        description="The iCalendar RRULE of a recurring event (without DTSTART); "
        "null for one-off events. Expand it with recurrenceSet, which carries "
        "DTSTART;TZID and EXDATE."
    )
    recurrence_set = graphene.String(
        description="A recurring event's schedule as RFC 5545 lines: "
        "DTSTART;TZID=<timeZone> (DTSTART;VALUE=DATE for all-day events), RRULE "
        "and EXDATE, separated by newlines. dateutil's rrulestr(forceset=True), "
        "rrule.js and iCalendar libraries expand it to the occurrences this API "
        "returns. Null for one-off events."
    )
    excluded_dates = graphene.List(
        graphene.NonNull(graphene.Date),
        required=True,
        description="Local dates on which a recurring event does not take place.",
    )
    is_occurrence = graphene.Boolean(
        required=True,
        description="True for an expanded occurrence of a recurring event.",
    )
    online_meeting_url = graphene.String()
    location = graphene.Field(Page, description="Where it takes place.")
    json_ld = JSON(
        required=True,
        description="schema.org Event as a JSON-LD object: the occurrence, or "
        "(isOccurrence false) the event with its eventSchedule; location as a "
        "Place with address and geo. Put it into a "
        '<script type="application/ld+json"> as it is; add your page URL as url.',
    )

    @staticmethod
    def resolve_json_ld(item, info):
        page = item.specific
        place = item.place()
        return jsonld.event(
            item.title,
            item.schedule,
            item.occurrence,
            series=not item.is_occurrence,
            description=item.excerpt(),
            language=item.locale,
            online_url=page.online_meeting_url,
            location=jsonld.place(place, []) if place is not None else None,
        )

    @staticmethod
    def resolve_all_day(item, info):
        return item.schedule.all_day

    @staticmethod
    def resolve_time_zone(item, info):
        return item.schedule.zone.key

    @staticmethod
    def resolve_recurrence(item, info):
        return item.schedule.ical_rule() or None

    @staticmethod
    def resolve_recurrence_set(item, info):
        return item.schedule.recurrence_set()

    @staticmethod
    def resolve_excluded_dates(item, info):
        return list(item.schedule.excluded_dates)

    @staticmethod
    def resolve_online_meeting_url(item, info):
        return item.specific.online_meeting_url or None


class LocationCategory(graphene.ObjectType):
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    icon = graphene.String(required=True)
    colour = graphene.String(required=True)


class Address(graphene.ObjectType):
    street = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    city = graphene.String(required=True)


class TimeSlot(graphene.ObjectType):
    opens = graphene.String(required=True, description="HH:MM")
    closes = graphene.String(required=True, description="HH:MM")


class OpeningDay(graphene.ObjectType):
    weekday = graphene.String(required=True, description="mo, tu, we, th, fr, sa, su")
    closed = graphene.Boolean(required=True)
    appointment_only = graphene.Boolean(required=True)
    slots = graphene.List(graphene.NonNull(TimeSlot), required=True)
    note = graphene.String(required=True)


class Contact(graphene.ObjectType):
    name = graphene.String(required=True)
    role = graphene.String(required=True)
    organisation = graphene.String(required=True)
    email = graphene.String(required=True)
    phone = graphene.String(required=True)
    address = graphene.String(required=True)
    website = graphene.String(required=True)
    languages = graphene.String(required=True)
    office_hours = graphene.String(required=True)


class Location(PageFields):
    class Meta:
        description = "A place residents can go to, for the map."

    category = graphene.Field(LocationCategory)
    address = graphene.Field(Address, required=True)
    position = graphene.Field(Coordinates, required=True)
    opening_hours = graphene.List(graphene.NonNull(OpeningDay), required=True)
    temporarily_closed = graphene.Boolean(required=True)
    temporarily_closed_note = graphene.String(required=True)
    barrier_free = graphene.Boolean(required=True)
    appointment_url = graphene.String()
    contacts = graphene.List(graphene.NonNull(Contact), required=True)
    json_ld = JSON(
        required=True,
        description="schema.org Place (or the category's type, e.g. "
        "GovernmentOffice) as a JSON-LD object: address, geo, "
        "openingHoursSpecification (none while temporarily closed).",
    )

    @staticmethod
    def resolve_json_ld(item, info):
        page = item.specific
        category = item.category
        return jsonld.place(
            page,
            raw_opening_hours(page.opening_hours),
            schema_type=category.schema_type if category else "Place",
            description=item.excerpt(),
        )

    @staticmethod
    def resolve_category(item, info):
        return item.category

    @staticmethod
    def resolve_address(item, info):
        page = item.specific
        return Address(street=page.street, postal_code=page.postal_code, city=page.city)

    @staticmethod
    def resolve_position(item, info):
        page = item.specific
        return Coordinates(latitude=page.latitude, longitude=page.longitude)

    @staticmethod
    def resolve_opening_hours(item, info):
        # From the stored data: converting the StreamField to blocks first
        # costs milliseconds per location (see serialise_opening_hours).
        return [
            OpeningDay(
                weekday=day["weekday"],
                closed=day["closed"],
                appointment_only=day["appointment_only"],
                slots=[TimeSlot(**slot) for slot in day["slots"]],
                note=day["note"],
            )
            for day in raw_opening_hours(item.specific.opening_hours)
        ]

    @staticmethod
    def resolve_temporarily_closed(item, info):
        return item.specific.temporarily_closed

    @staticmethod
    def resolve_temporarily_closed_note(item, info):
        return item.specific.temporarily_closed_note

    @staticmethod
    def resolve_barrier_free(item, info):
        return item.specific.barrier_free

    @staticmethod
    def resolve_appointment_url(item, info):
        return item.specific.appointment_url or None

    @staticmethod
    def resolve_contacts(item, info):
        # Loaded and localised with the locations (query.list_locations).
        return item.contacts


class BoundingBoxInput(graphene.InputObjectType):
    south = graphene.Float(required=True)
    west = graphene.Float(required=True)
    north = graphene.Float(required=True)
    east = graphene.Float(required=True)


class SyncKind(graphene.Enum):
    """Which list of ``changes`` an object belongs to."""

    PAGE = "pages"
    EVENT = "events"
    LOCATION = "locations"


class RemovedObject(graphene.ObjectType):
    kind = graphene.Field(SyncKind, required=True)
    id = graphene.ID(
        required=True, description="The object's id (or the key of a module's list)."
    )

    @staticmethod
    def resolve_kind(removed, info):
        return removed[0]

    @staticmethod
    def resolve_id(removed, info):
        return removed[1]


class ContentChanges(graphene.ObjectType):
    """What changed since a cursor. Upsert ``pages``, ``events``,
    ``locations`` and the modules' lists by id (or key), delete ``removed``,
    keep ``cursor``; call again with it while ``hasMore``."""

    #: The modules' synced lists in this schema (``SyncedModuleList``).
    module_lists = ()

    pages = graphene.List(
        graphene.NonNull(Page),
        required=True,
        description="Pages of pageTree created or changed, in tree order.",
    )
    events = graphene.List(
        graphene.NonNull(Event),
        required=True,
        description="Events created or changed: as `events` returns them with "
        "expandRecurrences false, from the start of today for a year.",
    )
    locations = graphene.List(
        graphene.NonNull(Location),
        required=True,
        description="Locations of `locations` created or changed.",
    )
    removed = graphene.List(
        graphene.NonNull(RemovedObject),
        required=True,
        description="Objects the app holds that are gone from their list.",
    )
    cursor = graphene.String(
        required=True,
        description="The state after applying this answer: pass it as `since` "
        "next time. Unchanged when nothing changed.",
    )
    has_more = graphene.Boolean(
        required=True,
        description="More changes than `first`: call again with this cursor.",
    )


@dataclass(frozen=True)
class SyncedModuleList:
    """A module's list that ``changes`` sends (``ModuleConfig.synced_lists``).

    ``kind`` is the root field's GraphQL name, which ``changes`` answers it
    under and ``removed`` names it by; ``key`` the GraphQL name of the field
    that identifies its objects."""

    module: str
    attribute: str  # the Python name of the root field
    kind: str
    key: str
    item_type: type


def content_changes_type(module_lists):
    """``ContentChanges`` with a list per synced module list, and the kinds
    of ``removed`` with theirs (the core's type when there are none)."""
    if not module_lists:
        return ContentChanges
    kind = graphene.Enum(
        "SyncKind",
        [(member.name, member.value) for member in SyncKind]
        + [(to_snake_case(item.kind).upper(), item.kind) for item in module_lists],
        description=SyncKind._meta.description,
    )
    removed = type(
        "RemovedObject",
        (RemovedObject,),
        {"kind": graphene.Field(kind, required=True)},
    )
    namespace = {
        "Meta": type(
            "Meta",
            (),
            {
                "name": "ContentChanges",
                "description": ContentChanges._meta.description,
            },
        ),
        "module_lists": tuple(module_lists),
        "removed": graphene.List(
            graphene.NonNull(removed),
            required=True,
            description=ContentChanges._meta.fields["removed"].description,
        ),
    }
    for item in module_lists:
        namespace[item.attribute] = graphene.List(
            graphene.NonNull(item.item_type),
            required=True,
            description=f"Objects of `{item.kind}` created or changed (module "
            f"{item.module}; none where it is not enabled).",
        )
        namespace[f"resolve_{item.attribute}"] = staticmethod(
            lambda changes, info, kind=item.kind: changes.modules.get(kind, [])
        )
    return type("ContentChangesWithModules", (ContentChanges,), namespace)
