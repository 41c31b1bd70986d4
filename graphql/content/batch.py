"""Bulk loading for a list of pages: content, translations, images, links.

A :class:`PageBatch` holds the nodes one field of a response returns. Each
kind of data is loaded the first time a resolver of any node in the batch asks
for it, for every node at once, in a fixed number of queries: so a query's
SQL count depends on the fields selected, never on the number of pages.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, JSONField, Q, TextField, Value
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from . import html

# Renditions the API offers (ImageSize); all are prefetched together.
IMAGE_SIZES = ("fill-400x300", "width-800", "width-1600")
# Above this many pages, filter by tree instead of listing ids.
ID_LIST_LIMIT = 200


def content_models():
    """Concrete page models with the shared excerpt/thumbnail fields, those
    with a StreamField ``body`` first (see :func:`_content_query`)."""
    from rathaus.site.content.models import BasePage

    models = [
        model
        for model in _page_models()
        if issubclass(model, BasePage) and not model._meta.abstract
    ]
    return sorted(
        models, key=lambda model: (_body_field(model) is None, model._meta.label)
    )


def _page_models():
    from wagtail.models import get_page_models

    return get_page_models()


def _body_field(model):
    try:
        field = model._meta.get_field("body")
    except Exception:
        return None
    return field if isinstance(field, StreamField) else None


def _rich_text_field(model):
    for field in model._meta.get_fields():
        if isinstance(field, RichTextField) and field.model is model:
            return field
    return None


def pages_condition(scope, nodes):
    """Select the nodes' pages: by id, or for long lists by tree (the
    requested locale's, and the default locale's when some are fallbacks)."""
    if len(nodes) <= ID_LIST_LIMIT:
        return Q(pk__in=[node.id for node in nodes])
    roots = [scope.root]
    if scope.default_root is not None and any(node.is_fallback for node in nodes):
        roots.append(scope.default_root)
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return condition & Q(live=True)


class Content:
    __slots__ = ("excerpt", "thumbnail_id", "body", "rich_text")

    def __init__(self, excerpt, thumbnail_id, body, rich_text):
        self.excerpt = excerpt or ""
        self.thumbnail_id = thumbnail_id
        self.body = body or []
        self.rich_text = rich_text or ""


def _raw(stream):
    if stream is None:
        return []
    raw = getattr(stream, "raw_data", stream)
    return list(raw) if raw is not None else []


def load_content(condition, models):
    """page id -> Content for the pages matching ``condition``, in ONE query:
    a UNION ALL over the tables of ``models`` (content page models, in
    :func:`content_models` order)."""
    queries = []
    for model in models:
        body = _body_field(model)
        rich = _rich_text_field(model)
        query = (
            model.objects.filter(condition)
            .order_by()
            .annotate(
                body_data=F(body.name)
                if body
                else Value(None, output_field=JSONField()),
                rich_data=F(rich.name) if rich else Value("", output_field=TextField()),
            )
            .values_list(
                "page_ptr_id", "excerpt", "thumbnail_id", "body_data", "rich_data"
            )
        )
        queries.append(query)
    if not queries:
        return {}
    combined = (
        queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    )
    return {
        page_id: Content(excerpt, thumbnail_id, _raw(body), rich)
        for page_id, excerpt, thumbnail_id, body, rich in combined
    }


class PageBatch:
    """The nodes of one list (or single page) in a response."""

    def __init__(self, index, nodes, whole_tree=False):
        self.index = index
        self.scope = index.scope
        self.nodes = list(nodes)
        self.whole_tree = whole_tree
        self._content = None
        self._translations = None
        self._statuses = None
        self._images = None
        self._links = None
        self._html = {}

    # content

    def content(self, node):
        if self._content is None:
            self._content = load_content(self._condition(), self._content_models())
        return self._content.get(node.id) or Content("", None, [], "")

    def link_targets(self, node):
        """The index nodes of the pages the page's body links to, as rendered
        (none when its content was not loaded: no html, excerpt or thumbnail
        was asked for); None when one lies outside the index, so cannot be
        followed by what is kept of the answer."""
        if self._content is None:
            return []
        content = self.content(node)
        targets = []
        for page_id in sorted(
            html.references(content.body, [content.rich_text]).page_ids
        ):
            target = self.index.page_ids.get(page_id)
            if target is None:
                return None
            targets.append((page_id, target))
        return targets

    def _content_models(self):
        """The content models of the batch's pages only: building the query
        for every page model cost a single page ~25 ms of Python."""
        types = {node.content_type_id for node in self.nodes}
        return [
            model
            for model in content_models()
            if ContentType.objects.get_for_model(model).pk in types
        ]

    def _condition(self):
        return pages_condition(self.scope, self.nodes)

    # translations

    def translations(self, node):
        """[(language code, path)] of the page's live translations, by code."""
        if self._translations is None:
            self._translations = self._load_translations()
        return self._translations.get(node.translation_key, [])

    def _load_translations(self):
        scope = self.scope
        roots_by_path = {root.path: root for root in scope.roots.values()}
        if len(self.nodes) <= ID_LIST_LIMIT:
            condition = Q(
                translation_key__in={node.translation_key for node in self.nodes}
            )
            tree = Q()
            for root in scope.roots.values():
                tree |= Q(path__startswith=root.path)
            condition &= tree
        else:
            condition = Q()
            for root in scope.roots.values():
                condition |= Q(path__startswith=root.path)
        rows = (
            Page.objects.live()
            .filter(condition)
            .exclude(self.index.private_q)
            .values_list("translation_key", "locale_id", "path", "url_path")
        )
        steplen = Page.steplen
        result = {}
        for key, locale_id, path, url_path in rows:
            root = roots_by_path.get(path[: steplen * 2])
            if root is None or root.locale_id != locale_id:
                continue
            relative = "/" + url_path[len(root.url_path) :]
            result.setdefault(key, []).append(
                (scope.locale_codes.get(locale_id, ""), relative)
            )
        for entries in result.values():
            entries.sort()
        return result

    # translation status (rathaus.site.translation)

    def translation_status(self, node):
        """The status value of the page in the requested locale, or None in
        the default locale. One query for the whole batch."""
        scope = self.scope
        if scope.is_default_locale:
            return None
        if self._statuses is None:
            from rathaus.site.translation.status import statuses_for

            keys = {str(node.translation_key) for node in self.nodes}
            self._statuses = statuses_for(keys, scope.locale.language_code)
        status = self._statuses.get(str(node.translation_key))
        return getattr(status, "value", status)

    # images

    def images(self):
        if self._images is None:
            ids = set()
            for node in self.nodes:
                content = self.content(node)
                if content.thumbnail_id:
                    ids.add(content.thumbnail_id)
            ids |= self._references().image_ids
            self._images = load_images(ids)
        return self._images

    def thumbnail(self, node):
        image_id = self.content(node).thumbnail_id
        return self.images().get(image_id) if image_id else None

    # html

    def _references(self):
        found = html.References()
        for node in self.nodes:
            content = self.content(node)
            html.references(content.body, [content.rich_text], found)
        return found

    def links(self):
        if self._links is None:
            page_ids = self._references().page_ids
            paths = {}
            unknown = []
            for page_id in page_ids:
                target = self.index.node_for_page_id(page_id)
                if target is not None:
                    paths[page_id] = target.path
                else:
                    unknown.append(page_id)
            if unknown:
                keys = Page.objects.filter(pk__in=unknown).values_list(
                    "pk", "translation_key"
                )
                for page_id, key in keys:
                    target = self.index.by_key.get(key)
                    if target is not None:
                        paths[page_id] = target.path
            self._links = html.Links(paths, self.images(), rendition)
        return self._links

    def html(self, node):
        if node.id not in self._html:
            content = self.content(node)
            links = self.links()
            rewriter = links.rewriter()
            self._html[node.id] = html.render_rich_text(
                content.rich_text, rewriter
            ) + html.render_body(content.body, links, rewriter)
        return self._html[node.id]


def load_images(ids):
    if not ids:
        return {}
    images = (
        get_image_model().objects.filter(pk__in=ids).prefetch_renditions(*IMAGE_SIZES)
    )
    return {image.pk: image for image in images}


def rendition(image, spec):
    """The rendition, or None when the source file is missing or broken."""
    try:
        return image.get_rendition(spec)
    except Exception:  # SourceImageIOError, decoding errors: show no image
        import logging

        logging.getLogger(__name__).warning(
            "No %s rendition of image %s", spec, image.pk, exc_info=True
        )
        return None
