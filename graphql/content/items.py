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
        self,
        node,
        batch,
        specific,
        schedule,
        occurrence,
        is_occurrence,
        location,
        places=None,
    ):
        super().__init__(node, batch, specific)
        self.schedule = schedule
        self.occurrence = occurrence
        self.is_occurrence = is_occurrence
        self.location = location
        self.places = places

    def place(self):
        """The LocationPage of the event's location (address, position),
        loaded for the whole list on first use; None without one."""
        if self.location is None or self.places is None:
            return None
        return self.places.get(self.location.id)

    start = property(lambda self: self.occurrence.start)
    end = property(lambda self: self.occurrence.end)
    start_date = property(lambda self: self.occurrence.start_date)
    end_date = property(lambda self: self.occurrence.end_date)


class Places:
    """LocationPages by id, loaded in one query on first use."""

    FIELDS = (
        "id",
        "title",
        "street",
        "postal_code",
        "city",
        "latitude",
        "longitude",
        "barrier_free",
        "temporarily_closed",
        "appointment_url",
    )

    def __init__(self, page_ids):
        self.page_ids = set(page_ids)
        self._pages = None

    def get(self, page_id):
        if self._pages is None:
            from rathaus.site.content.models import LocationPage

            self._pages = {
                page.pk: page
                for page in LocationPage.objects.filter(pk__in=self.page_ids).only(
                    *self.FIELDS
                )
            }
        return self._pages.get(page_id)


class LocationItem(PageItem):
    """A location with its category and contacts in the requested locale."""

    def __init__(self, node, batch, specific, category, contacts):
        super().__init__(node, batch, specific)
        self.category = category
        self.contacts = contacts
