"""Content query fields: page tree, pages, search, news, events, locations,
images and preview. Mixed into the core Query (``rathaus.graphql.core.query``).

Every field takes the municipality slug and the locale code, answers only
live, public pages of that municipality, and falls back to the default
locale for pages without a live translation (``isFallback``).
"""

from datetime import timedelta

import graphene
from django.db.models import Prefetch, Q
from django.utils import timezone

from rathaus.graphql.errors import NotFound, ValidationFailed
from rathaus.site.module_platform.geo import in_bbox

from . import dependencies, sync
from . import preview as preview_service
from .batch import PageBatch, pages_condition
from .fragments import PageTreeList
from .index import scoped_index
from .items import EventItem, LocationItem, PageItem, Places
from .types import (
    BoundingBoxInput,
    ContentChanges,
    Event,
    Image,
    Location,
    NewsList,
    Page,
    PageList,
)

DEFAULT_PAGE_SIZE = 20
DEFAULT_EVENT_WINDOW = timedelta(days=365)
MAX_EVENT_WINDOW = timedelta(days=2 * 366)


def _args(**extra):
    return {
        "municipality": graphene.String(
            required=True, description="Municipality slug."
        ),
        "locale": graphene.String(required=True, description="Locale code, e.g. de."),
        **extra,
    }


def items(index, nodes, whole_tree=False):
    batch = PageBatch(index, nodes, whole_tree=whole_tree)
    return [PageItem(node, batch) for node in batch.nodes]


def node_for_path(index, path):
    node = index.node_for_path(path)
    if node is None:
        raise NotFound(
            f"No live page has the path {path!r} in {index.scope.municipality.name} "
            f"({index.scope.locale.language_code}).",
            path=path,
        )
    return node


def nodes_of_type(index, model, ids=None):
    from django.contrib.contenttypes.models import ContentType

    content_type_id = ContentType.objects.get_for_model(model).pk
    return [
        node
        for node in index.nodes
        if node.content_type_id == content_type_id and (ids is None or node.id in ids)
    ]


def id_condition(index, nodes):
    """Select the given nodes' pages: by id, or by tree for long lists."""
    return pages_condition(index.scope, nodes)


def check_page_arguments(first, offset):
    errors = {}
    if first is not None and first < 0:
        errors["first"] = ["first must not be negative."]
    if offset is not None and offset < 0:
        errors["offset"] = ["offset must not be negative."]
    if errors:
        raise ValidationFailed("Invalid paging arguments.", fields=errors)


class ContentQuery(graphene.ObjectType):
    page_tree = graphene.List(
        graphene.NonNull(Page),
        required=True,
        args=_args(),
        description="The municipality's whole page tree in one locale, depth first "
        "in sibling order, the home page first.",
    )
    page = graphene.Field(
        Page,
        args=_args(path=graphene.String(required=True)),
        description='One page by path, e.g. "/ankommen/anmeldung/"; NOT_FOUND if none.',
    )
    children = graphene.List(
        graphene.NonNull(Page),
        required=True,
        args=_args(
            path=graphene.String(required=True),
            depth=graphene.Int(default_value=1, description="1: children only."),
        ),
        description="The descendants of a page down to `depth` levels, depth first.",
    )
    ancestors = graphene.List(
        graphene.NonNull(Page),
        required=True,
        args=_args(path=graphene.String(required=True)),
        description="The ancestors of a page, the home page first.",
    )
    search = graphene.Field(
        PageList,
        required=True,
        args=_args(
            query=graphene.String(required=True),
            first=graphene.Int(default_value=DEFAULT_PAGE_SIZE),
            offset=graphene.Int(default_value=0),
        ),
        description="Full-text search in the municipality's pages in one locale "
        "(and default-locale pages that have no translation).",
    )
    news = graphene.Field(
        NewsList,
        required=True,
        args=_args(
            first=graphene.Int(default_value=DEFAULT_PAGE_SIZE),
            offset=graphene.Int(default_value=0),
        ),
        description="News articles, newest first.",
    )
    events = graphene.List(
        graphene.NonNull(Event),
        required=True,
        args=_args(
            window_start=graphene.Argument(
                graphene.DateTime, name="from", description="Default: now."
            ),
            window_end=graphene.Argument(
                graphene.DateTime, name="to", description="Default: a year after from."
            ),
            expand_recurrences=graphene.Boolean(default_value=True),
        ),
        description="Events overlapping the window, by start. Recurring events are "
        "expanded into occurrences, or returned once with their RRULE.",
    )
    locations = graphene.List(
        graphene.NonNull(Location),
        required=True,
        args=_args(bbox=BoundingBoxInput(), category=graphene.String()),
        description="Locations for the map, optionally within a bounding box and of "
        "one category (slug).",
    )
    image = graphene.Field(
        Image,
        municipality=graphene.String(required=True),
        id=graphene.ID(required=True),
        description="An image that a live, public page (or a public object) of the "
        "municipality uses.",
    )
    changes = graphene.Field(
        ContentChanges,
        required=True,
        args=_args(
            since=graphene.String(
                description="The cursor of the last answer; none for a first, "
                "full sync."
            ),
            first=graphene.Int(
                default_value=sync.DEFAULT_PAGE_SIZE,
                description="Most objects per answer (removals are not counted).",
            ),
        ),
        description="Delta sync for offline apps: the pages, events, locations "
        "and objects of the modules' synced lists created, changed or removed "
        "since a cursor, with a new cursor.",
    )
    preview_page = graphene.Field(
        Page,
        municipality=graphene.String(required=True),
        token=graphene.String(required=True),
        content_type=graphene.String(
            required=True, description="e.g. content.newspage"
        ),
        description="The draft a wagtail-headless-preview token names. Never cached.",
    )

    @staticmethod
    def resolve_page_tree(root, info, municipality, locale):
        _scope, index = scoped_index(info, municipality, locale)
        return PageTreeList(index, items(index, index.nodes, whole_tree=True))

    @staticmethod
    def resolve_page(root, info, municipality, locale, path):
        _scope, index = scoped_index(info, municipality, locale)
        item = items(index, [node_for_path(index, path)])[0]
        dependencies.record_items(info, [item])
        return item

    @staticmethod
    def resolve_children(root, info, municipality, locale, path, depth=1):
        if depth is None or depth < 1:
            raise ValidationFailed(
                "depth must be at least 1.", fields={"depth": ["At least 1."]}
            )
        _scope, index = scoped_index(info, municipality, locale)
        node = node_for_path(index, path)
        found = items(index, node.descendants(max_depth=depth))
        dependencies.record(info, node, children=True)
        dependencies.record_items(info, found, children_below_level=node.level + depth)
        return found

    @staticmethod
    def resolve_ancestors(root, info, municipality, locale, path):
        _scope, index = scoped_index(info, municipality, locale)
        node = node_for_path(index, path)
        found = items(index, node.ancestors())
        dependencies.record(info, node)
        dependencies.record_items(info, found)
        return found

    @staticmethod
    def resolve_search(root, info, municipality, locale, query, first=None, offset=0):
        first = DEFAULT_PAGE_SIZE if first is None else first
        offset = offset or 0
        check_page_arguments(first, offset)
        scope, index = scoped_index(info, municipality, locale)
        nodes = search_nodes(scope, index, query, limit=offset + first)
        found = items(index, nodes[offset : offset + first])
        dependencies.record_locales(info, scope)
        dependencies.record_items(info, found)
        return PageList(total_count=len(nodes), items=found)

    @staticmethod
    def resolve_news(root, info, municipality, locale, first=None, offset=0):
        from rathaus.site.content.models import NewsPage

        first = DEFAULT_PAGE_SIZE if first is None else first
        offset = offset or 0
        check_page_arguments(first, offset)
        _scope, index = scoped_index(info, municipality, locale)
        nodes = nodes_of_type(index, NewsPage)
        by_id = {node.id: node for node in nodes}
        rows = [
            row
            for row in NewsPage.objects.filter(id_condition(index, nodes))
            .order_by("-date", "pk")
            .only("pk", "date")
            if row.pk in by_id
        ]
        page = rows[offset : offset + first]
        batch = PageBatch(index, [by_id[row.pk] for row in page])
        found = [PageItem(by_id[row.pk], batch, row) for row in page]
        dependencies.record_types(info, NewsPage)
        dependencies.record_items(info, found)
        return NewsList(total_count=len(rows), items=found)

    @staticmethod
    def resolve_events(
        root,
        info,
        municipality,
        locale,
        window_start=None,
        window_end=None,
        expand_recurrences=True,
    ):
        window_start = window_start or timezone.now()
        window_end = window_end or window_start + DEFAULT_EVENT_WINDOW
        if window_end < window_start:
            raise ValidationFailed(
                "`to` must not be before `from`.", fields={"to": ["Before from."]}
            )
        if window_end - window_start > MAX_EVENT_WINDOW:
            raise ValidationFailed(
                "The window may span at most two years.",
                fields={"to": ["At most two years after from."]},
            )
        from rathaus.site.content.models import EventPage, LocationPage

        _scope, index = scoped_index(info, municipality, locale)
        found = list_events(index, window_start, window_end, expand_recurrences)
        dependencies.record_types(info, EventPage, LocationPage)
        dependencies.record_items(info, found)
        dependencies.record_items(
            info, [item.location for item in found if item.location is not None]
        )
        return found

    @staticmethod
    def resolve_locations(root, info, municipality, locale, bbox=None, category=None):
        from rathaus.site.content.models import LocationPage

        _scope, index = scoped_index(info, municipality, locale)
        found = list_locations(index, bbox, category)
        dependencies.record_types(info, LocationPage)
        dependencies.record_items(info, found)
        return found

    @staticmethod
    def resolve_image(root, info, municipality, id):
        from wagtail.images import get_image_model

        from rathaus.site.municipalities.models import Municipality

        from .batch import IMAGE_SIZES

        owner = (
            Municipality.objects.select_related("collection")
            .filter(slug=municipality)
            .first()
        )
        if owner is None:
            raise NotFound(f"No municipality has the slug {municipality!r}.")
        try:
            pk = int(id)
        except (TypeError, ValueError):
            raise ValidationFailed(
                "The id must be a number.", fields={"id": ["Not a number."]}
            ) from None
        collection = owner.collection
        image = (
            get_image_model()
            .objects.filter(
                pk=pk,
                collection__path__startswith=collection.path,
            )
            .prefetch_renditions(*IMAGE_SIZES)
            .first()
        )
        if image is None or not _used_publicly(owner, image):
            # Unused and draft-only images answer like unknown ids.
            raise NotFound(f"{owner.name} has no image {id}.", id=id)
        return image

    @staticmethod
    def resolve_changes(root, info, municipality, locale, since=None, first=None):
        return sync.changes(info, municipality, locale, since, first)

    @staticmethod
    def resolve_preview_page(root, info, municipality, token, content_type):
        return preview_service.preview_item(municipality, token, content_type)


def search_nodes(scope, index, query, limit):
    """Nodes matching the query: hits in the locale's tree first, then
    default-locale hits for pages the locale does not have (fallbacks)."""
    from wagtail.models import Page as WagtailPage

    query = (query or "").strip()
    if not query:
        return []
    roots = [scope.root]
    if not scope.is_default_locale and scope.default_root is not None:
        roots.append(scope.default_root)
    found, seen = [], set()
    for root_page in roots:
        results = (
            WagtailPage.objects.live()
            .filter(locale=root_page.locale_id)
            .filter(path__startswith=root_page.path)
            .search(query)
        )
        for hit in results[: max(limit, 1) * 2 + 50]:
            node = index.node_for_page_id(hit.pk)
            if node is None or node.id != hit.pk or node.id in seen:
                continue
            seen.add(node.id)
            found.append(node)
    return found


def list_events(index, window_start, window_end, expand_recurrences, ids=None):
    """Events overlapping the window, expanded in the municipality's zone
    (of the pages ``ids`` only, when given)."""
    from rathaus.site.content.models import EventPage

    zone = index.scope.municipality.zone
    nodes = nodes_of_type(index, EventPage, ids)
    by_id = {node.id: node for node in nodes}
    # A margin of two days: all-day occurrences run from local midnight to
    # midnight, beyond the stored instants; the exact test is below.
    margin = timedelta(days=2)
    in_window = Q(start__lte=window_end + margin) & (
        ~Q(recurrence="")
        | Q(end__gte=window_start - margin)
        | Q(end__isnull=True, start__gte=window_start - margin)
    )
    events = [
        event
        for event in EventPage.objects.filter(id_condition(index, nodes))
        .filter(in_window)
        .defer_streamfields()
        .order_by("start", "pk")
        if event.pk in by_id
    ]
    batch = PageBatch(index, [by_id[event.pk] for event in events])
    location_nodes = {}
    for event in events:
        if event.location_id:
            node = index.node_for_page_id(event.location_id)
            if node is not None:
                location_nodes[event.location_id] = node
    location_batch = PageBatch(index, list(dict.fromkeys(location_nodes.values())))
    location_items = {
        page_id: PageItem(node, location_batch)
        for page_id, node in location_nodes.items()
    }

    places = Places(node.id for node in location_nodes.values())
    result = []
    for event in events:
        node = by_id[event.pk]
        location = location_items.get(event.location_id)
        schedule = event.schedule(zone)
        found = schedule.occurrences(window_start, window_end)
        if schedule.recurs and expand_recurrences:
            chosen = [(occurrence, True) for occurrence in found]
        elif found:
            chosen = [(schedule.first_occurrence(), False)]
        else:
            chosen = []
        for occurrence, is_occurrence in chosen:
            result.append(
                EventItem(
                    node,
                    batch,
                    event,
                    schedule,
                    occurrence,
                    is_occurrence,
                    location,
                    places,
                )
            )
    result.sort(key=lambda item: (item.start, item.id))
    return result


def list_locations(index, bbox, category, ids=None):
    from rathaus.site.content.models import LocationContact, LocationPage

    nodes = nodes_of_type(index, LocationPage, ids)
    by_id = {node.id: node for node in nodes}
    queryset = LocationPage.objects.filter(id_condition(index, nodes))
    if bbox is not None:
        if bbox.south > bbox.north or bbox.west > bbox.east:
            raise ValidationFailed(
                "The bounding box needs south <= north and west <= east.",
                fields={"bbox": ["south <= north and west <= east."]},
            )
        queryset = in_bbox(queryset, (bbox.south, bbox.west, bbox.north, bbox.east))
    if category:
        queryset = queryset.filter(category__slug=category)
    locations = [
        location
        for location in queryset.select_related("category")
        .prefetch_related(
            Prefetch(
                "location_contacts",
                queryset=LocationContact.objects.select_related("contact"),
            )
        )
        .defer("body")
        if location.pk in by_id
    ]
    locations.sort(key=lambda location: by_id[location.pk].path)
    batch = PageBatch(index, [by_id[location.pk] for location in locations])
    categories = localized(
        index.scope, {location.category for location in locations} - {None}
    )
    contacts = localized(
        index.scope,
        {
            link.contact
            for location in locations
            for link in location.location_contacts.all()
        },
    )
    return [
        LocationItem(
            by_id[location.pk],
            batch,
            location,
            categories.get(location.category_id),
            [contacts[link.contact_id] for link in location.location_contacts.all()],
        )
        for location in locations
    ]


def localized(scope, objects):
    """id -> the object in the requested locale where translated, else itself.

    A translated location keeps its source's contact links (wagtail-localize
    copies child rows that are not translatable unchanged) and may point at a
    source category; one query per model swaps in their translations.
    """
    result = {obj.pk: obj for obj in objects}
    pending = [obj for obj in objects if obj.locale_id != scope.locale.pk]
    if not pending:
        return result
    model = type(pending[0])
    translations = {
        obj.translation_key: obj
        for obj in model.objects.filter(
            translation_key__in={obj.translation_key for obj in pending},
            locale_id=scope.locale.pk,
        )
    }
    for obj in pending:
        result[obj.pk] = translations.get(obj.translation_key, obj)
    return result


def _is_public(obj):
    """A module object is public when it says so (``is_public``) or is live."""
    for name in ("is_public", "live"):
        value = getattr(obj, name, None)
        if value is not None:
            return bool(value() if callable(value) else value)
    return False


def _used_publicly(owner, image):
    """Whether a live, public page of ``owner`` or a public object of
    ``owner`` references ``image``, as Wagtail's reference index records it
    (page thumbnails, StreamField image blocks, snippet and module fields)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    references = ReferenceIndex.get_references_to(image)
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = [
        int(object_id)
        for object_id in references.filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
        .distinct()
        if str(object_id).isdigit()
    ]
    if page_ids and owner.pages().live().public().filter(pk__in=page_ids).exists():
        return True
    others = references.exclude(base_content_type=page_type).values_list(
        "content_type", "object_id"
    )
    for content_type_id, object_id in others.distinct()[:50]:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not hasattr(model, "municipality_id"):
            continue
        obj = model._default_manager.filter(pk=object_id, municipality=owner).first()
        if obj is not None and _is_public(obj):
            return True
    return False
