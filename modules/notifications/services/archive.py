"""The public archive of messages sent on the city's channels."""

from dataclasses import dataclass

from ..models import Message
from ..topics import CORE_TOPIC_KEYS

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_OFFSET = 10000


class PageError(Exception):
    def __init__(self, fields):
        super().__init__(str(fields))
        self.fields = fields


@dataclass
class Page:
    items: list
    total_count: int


def locale_or_default(municipality, locale):
    """``locale`` if the municipality offers it, else its default."""
    codes = {locale.language_code for locale in municipality.locales.all()}
    if locale in codes:
        return locale
    return municipality.default_locale.language_code


def sent_messages(municipality, locale, first, offset):
    fields = {}
    if first is None or not 1 <= first <= MAX_PAGE_SIZE:
        fields["first"] = [f"Between 1 and {MAX_PAGE_SIZE}."]
    if offset is None or not 0 <= offset <= MAX_OFFSET:
        fields["offset"] = [f"Between 0 and {MAX_OFFSET}."]
    if fields:
        raise PageError(fields)
    locale = locale_or_default(municipality, locale)
    queryset = Message.objects.filter(
        municipality=municipality,
        status=Message.Status.SENT,
        topic__in=CORE_TOPIC_KEYS,
    ).order_by("-sent_at", "-pk")
    items = []
    for message in queryset[offset : offset + first]:
        if locale in message.title:
            text_locale, fallback = locale, False
        else:
            text_locale, fallback = message.default_locale, True
        items.append(
            {
                "id": str(message.pk),
                "topic": message.topic,
                "title": message.title.get(text_locale, ""),
                "body": message.body.get(text_locale, ""),
                "url": message.url or None,
                "locale": text_locale,
                "fallback": fallback,
                "machine_translated": text_locale in message.machine_translated,
                "urgency": message.urgency,
                "sent_at": message.sent_at,
            }
        )
    return Page(items=items, total_count=queryset.count())
