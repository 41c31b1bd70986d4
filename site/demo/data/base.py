"""Building blocks of the demo data: translatable texts, blocks and pages.

A :class:`Text` holds a German source string and the human translations we
have for it. Missing translations stay missing: wagtail-localize then falls
back to the German source, exactly as it does for a page a translator has not
finished yet.
"""

from dataclasses import dataclass, field

#: Short keyword names for the locales used in :func:`t`.
LANGUAGE_KEYWORDS = {"ls": "de-x-ls"}


class MissingValue(KeyError):
    """A placeholder has no value in the language being rendered."""


@dataclass(frozen=True)
class Text:
    de: str
    translations: dict[str, str] = field(default_factory=dict)

    def languages(self):
        return set(self.translations)

    def render(self, context, language="de"):
        """The text in ``language`` with placeholders filled, or None."""
        template = self.de if language == "de" else self.translations.get(language)
        if template is None:
            return None
        return template.format_map(_Values(context, language))


class _Values(dict):
    """Placeholder values: a string, or a dict of strings by language."""

    def __init__(self, context, language):
        super().__init__()
        self.context, self.language = context, language

    def __missing__(self, key):
        value = self.context[key]
        if isinstance(value, str):
            return value
        if self.language in value:
            return value[self.language]
        raise MissingValue(f"{key!r} has no value in {self.language!r}")


def t(de, **translations):
    """``t("Notruf", en="Emergency", ls="Not-Ruf")``; ``ls`` is de-x-ls."""
    return Text(
        de,
        {LANGUAGE_KEYWORDS.get(key, key): value for key, value in translations.items()},
    )


# Blocks of InformationPage.body, kept as plain tuples until rendered.


def heading(text, level="h2"):
    return ("heading", text, level)


def paragraph(text):
    return ("paragraph", text)


def callout(kind, title, text):
    return ("callout", kind, title, text)


@dataclass(frozen=True)
class Link:
    title: Text | None = None
    url: str = ""
    page: str = ""  # path of a demo page, e.g. "notfall/notrufnummern"


def link(title=None, url="", page=""):
    if bool(url) == bool(page):
        raise ValueError("A link needs either a url or a page.")
    if title is None and not page:
        raise ValueError("Only a link to a page may take its title from the page.")
    return Link(title, url, page)


def links(title, *items):
    return ("links", title, items)


@dataclass
class PageSpec:
    slug: str
    title: Text
    excerpt: Text
    body: list = field(default_factory=list)
    children: list["PageSpec"] = field(default_factory=list)
    path: str = ""  # filled in by walk()


def page(slug, title, excerpt, body=(), children=()):
    return PageSpec(slug, title, excerpt, list(body), list(children))


def walk(specs, prefix=""):
    """Yield every spec depth first, parents before children, with its path."""
    for spec in specs:
        spec.path = f"{prefix}{spec.slug}"
        yield spec
        yield from walk(spec.children, f"{spec.path}/")


# News, events, locations, snippets and legal pages (see content.py).


@dataclass
class NewsSpec:
    slug: str
    title: Text
    excerpt: Text
    body: list
    days_ago: int
    path: str = ""


@dataclass
class EventSpec:
    slug: str
    title: Text
    excerpt: Text
    body: list
    #: Days from today of the (first) start; negative for a series begun earlier.
    days_from_today: int
    #: "HH:MM" start and end, or None for an all-day event.
    starts_at: str | None = None
    ends_at: str | None = None
    #: Weekday (0 = Monday) the first start is moved to, for weekly series.
    weekday: int | None = None
    recurrence: str = ""
    location: str = ""  # key of a LocationSpec
    online_meeting_url: str = ""
    path: str = ""

    @property
    def all_day(self):
        return self.starts_at is None


@dataclass(frozen=True)
class Place:
    """Where a location is in one municipality."""

    name: str
    street: str
    postal_code: str
    city: str
    latitude: float
    longitude: float


@dataclass
class LocationSpec:
    slug: str
    title: Text
    excerpt: Text
    body: list
    category: str
    #: Opening hours: (weekday, slots, note) with slots like ("08:00", "12:00"),
    #: "closed" or "appointment" instead of slots.
    opening_hours: list = field(default_factory=list)
    barrier_free: bool = True
    temporarily_closed_note: Text | None = None
    appointment_url: str = ""
    contacts: list[str] = field(default_factory=list)
    path: str = ""


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: Text
    icon: str
    colour: str


@dataclass(frozen=True)
class ContactSpec:
    key: str
    name: Text
    role: Text
    organisation: str
    email: str
    phone: str
    address: str
    languages: Text
    office_hours: Text
    website: str = ""


@dataclass
class LegalSpec:
    slug: str
    kind: str  # "imprint", "privacy" or "accessibility"
    title: Text
    excerpt: Text
    body: list = field(default_factory=list)
    path: str = ""
