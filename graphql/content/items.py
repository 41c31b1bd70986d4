"""The objects page resolvers read: a tree node and the batch it belongs to."""

from . import html
from .batch import rendition

EXCERPT_LENGTH = 200


class PageItem:
    def __init__(self, node, batch, specific=None):
        self.node = node
        self.batch = batch
        self.specific = specific  # the specific page, for news/events/locations

    # plain node data
    id = property(lambda self: self.node.id)
    title = property(lambda self: self.node.title)
    slug = property(lambda self: self.node.slug)
    path = property(lambda self: self.node.path)
    parent_id = property(lambda self: self.node.parent_id)
    order = property(lambda self: self.node.order)
    level = property(lambda self: self.node.level)
    is_fallback = property(lambda self: self.node.is_fallback)
    last_published_at = property(lambda self: self.node.last_published_at)

    @property
    def locale(self):
        return self.batch.scope.locale_codes.get(self.node.locale_id, "")

    @property
    def page_type(self):
        from django.contrib.contenttypes.models import ContentType

        model = ContentType.objects.get_for_id(self.node.content_type_id).model_class()
        return model.__name__ if model else "Page"

    # bulk-loaded data
    def html(self):
        return self.batch.html(self.node)

    def excerpt(self):
        content = self.batch.content(self.node)
        if content.excerpt:
            return content.excerpt
        text = html.plain_text(
            content.body, [content.rich_text], limit=EXCERPT_LENGTH * 2
        )
        return html.truncate_chars(text, EXCERPT_LENGTH)

    def thumbnail(self, spec):
        image = self.batch.thumbnail(self.node)
        return rendition(image, spec) if image is not None else None

    def translations(self):
        return self.batch.translations(self.node)

    def translation_status(self):
        return self.batch.translation_status(self.node)


class EventItem(PageItem):
    """An event, or one occurrence of it, with its schedule."""

    def __init__(
        self, node, batch, specific, schedule, occurrence, is_occurrence, location
    ):
        super().__init__(node, batch, specific)
        self.schedule = schedule
        self.occurrence = occurrence
        self.is_occurrence = is_occurrence
        self.location = location

    start = property(lambda self: self.occurrence.start)
    end = property(lambda self: self.occurrence.end)
    start_date = property(lambda self: self.occurrence.start_date)
    end_date = property(lambda self: self.occurrence.end_date)


class LocationItem(PageItem):
    """A location with its category and contacts in the requested locale."""

    def __init__(self, node, batch, specific, category, contacts):
        super().__init__(node, batch, specific)
        self.category = category
        self.contacts = contacts
