"""A municipality's page tree in one locale, with fallbacks, in few queries.

The tree a frontend sees in locale L is the municipality's default-locale
tree in which every page is replaced by its live translation into L where one
exists. A page without a live translation into L keeps its default-locale
version and is flagged ``is_fallback``. Pages that exist only in L's tree are
included under their parent. Paths are built from the slugs of the pages along
the chain, relative to the locale root ("/" is the home page), so a fallback
page gets a path inside the L tree.

Only ``.values()`` rows are read here (one query for both trees plus one for
view restrictions); page content is loaded in bulk later (``batch.py``).
"""

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.models import Page

from rathaus.graphql.errors import NotFound, ValidationFailed
from rathaus.graphql.limits import config
from rathaus.site.core.generation import generation_token
from rathaus.site.municipalities.models import Municipality

logger = logging.getLogger(__name__)

INDEX_FIELDS = (
    "id",
    "path",
    "depth",
    "slug",
    "title",
    "translation_key",
    "locale_id",
    "content_type_id",
    "published",
)
# The publication time is read as the database's text and parsed only for
# the pages answered: converting 1,500 timestamps was a third of the tree
# query (text compares as well in fragments.facts).
PUBLISHED = Cast("last_published_at", output_field=CharField())


def parse_timestamp(text):
    """A timestamp the database wrote as text (PostgreSQL: with its offset,
    the session is UTC; SQLite: UTC without one) as an aware datetime."""
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Scope:
    """A municipality, the requested locale and the locale roots."""

    municipality: Municipality
    locale: object  # wagtail Locale
    default_locale: object
    roots: dict  # locale_id -> root Page (only locales the municipality offers)
    locale_codes: dict  # locale_id -> language code

    @property
    def root(self):
        return self.roots.get(self.locale.pk)

    @property
    def default_root(self):
        return self.roots.get(self.default_locale.pk)

    @property
    def is_default_locale(self):
        return self.locale.pk == self.default_locale.pk

    def root_for_path(self, path):
        for root in self.roots.values():
            if path.startswith(root.path):
                return root
        return None


@dataclass(eq=False, slots=True)
class Node:
    """One page of the tree as the frontend sees it."""

    id: int
    page_path: str  # treebeard path of the page returned
    slug: str
    title: str
    translation_key: object
    locale_id: int
    content_type_id: int
    published: str | None  # last_published_at as the database's text
    is_fallback: bool
    sort_key: tuple = ()
    parent: "Node | None" = None
    children: list = field(default_factory=list)
    path: str = "/"
    order: int = 0
    level: int = 0

    @property
    def parent_id(self):
        return self.parent.id if self.parent else None

    @property
    def last_published_at(self):
        return parse_timestamp(self.published)

    def ancestors(self):
        node, chain = self.parent, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def descendants(self, max_depth=None):
        """Depth-first, in sibling order; ``max_depth`` 1 means children only."""
        result = []

        def walk(node, depth):
            if max_depth is not None and depth > max_depth:
                return
            for child in node.children:
                result.append(child)
                walk(child, depth + 1)

        walk(self, 1)
        return result


class TreeIndex:
    def __init__(self, scope, nodes, root, private_q):
        self.scope = scope
        self.private_q = private_q
        self.root = root
        self.nodes = nodes  # in tree order (depth first)
        self.by_path = {node.path: node for node in nodes}
        self.by_key = {node.translation_key: node for node in nodes}
        self.page_ids = {}  # id of any page of either tree -> node

    def node_for_path(self, path):
        return self.by_path.get(normalise_path(path))

    def node_for_page_id(self, page_id):
        return self.page_ids.get(page_id)


def normalise_path(path):
    path = "/" + (path or "").strip().strip("/")
    return path if path == "/" else path + "/"


def municipality_scope(slug, locale_code):
    """Resolve the municipality and locale arguments, or raise a typed error.

    Two queries: the municipality with its default locale and home page, and
    the locale roots of the locales it offers.
    """
    municipality = (
        Municipality.objects.select_related("default_locale", "site__root_page")
        .filter(slug=slug)
        .first()
    )
    if municipality is None:
        raise NotFound(f"No municipality has the slug {slug!r}.", slug=slug)
    roots = {
        root.locale_id: root
        for root in Page.objects.filter(
            translation_key=municipality.site.root_page.translation_key,
            locale__municipalities=municipality,
        )
        .select_related("locale")
        .only(
            "id",
            "path",
            "depth",
            "url_path",
            "translation_key",
            "locale__language_code",
            "live",
        )
    }
    codes = {root.locale_id: root.locale.language_code for root in roots.values()}
    locale = next(
        (
            root.locale
            for root in roots.values()
            if root.locale.language_code == locale_code
        ),
        None,
    )
    if locale is None:
        offered = ", ".join(sorted(codes.values()))
        message = (
            f"{municipality.name} does not offer the locale {locale_code!r}. "
            f"It offers: {offered}."
        )
        raise ValidationFailed(message, fields={"locale": [message]})
    return Scope(
        municipality=municipality,
        locale=locale,
        default_locale=municipality.default_locale,
        roots=roots,
        locale_codes=codes,
    )


def build_index(scope):
    """The tree in the scope's locale, with fallbacks: two queries."""
    roots = [scope.root]
    if not scope.is_default_locale and scope.default_root is not None:
        roots.append(scope.default_root)
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    private_q = Page.objects.private_q()  # one query: the view restrictions
    rows = list(
        Page.objects.live()
        .filter(condition)
        .exclude(private_q)
        .annotate(published=PUBLISHED)
        .values(*INDEX_FIELDS)
    )

    locale_id = scope.locale.pk
    default_id = scope.default_locale.pk
    by_path = {row["path"]: row for row in rows}
    own = {}  # translation_key -> row in the requested locale's tree
    source = {}  # translation_key -> row in the default locale's tree
    for row in rows:
        if row["locale_id"] == locale_id and row["path"].startswith(scope.root.path):
            own[row["translation_key"]] = row
        elif row["locale_id"] == default_id:
            source[row["translation_key"]] = row

    steplen = Page.steplen

    def parent_key(row):
        parent = by_path.get(row["path"][:-steplen])
        if parent is not None:
            return parent["translation_key"]
        counterpart = source.get(row["translation_key"])
        if counterpart is not None and counterpart is not row:
            parent = by_path.get(counterpart["path"][:-steplen])
            if parent is not None:
                return parent["translation_key"]
        return None

    def make(row, fallback, sort_key):
        return Node(
            id=row["id"],
            page_path=row["path"],
            slug=row["slug"],
            title=row["title"],
            translation_key=row["translation_key"],
            locale_id=row["locale_id"],
            content_type_id=row["content_type_id"],
            published=row["published"],
            is_fallback=fallback,
            sort_key=sort_key,
        )

    chosen = {}
    for key, row in source.items():
        if key in own:
            chosen[key] = make(own[key], False, (0, row["path"]))
        else:
            chosen[key] = make(row, True, (0, row["path"]))
    for key, row in own.items():
        if key not in chosen:
            chosen[key] = make(row, False, (1, row["path"]))

    root_key = scope.root.translation_key
    root = chosen.get(root_key)
    if root is None:
        return TreeIndex(scope, [], None, private_q)
    children = {}
    for key, node in chosen.items():
        if key == root_key:
            continue
        row = own.get(key) if not node.is_fallback else source.get(key)
        parent = parent_key(row) if row is not None else None
        if parent is not None:
            children.setdefault(parent, []).append(node)

    ordered = []

    def attach(node):
        ordered.append(node)
        kids = sorted(children.get(node.translation_key, ()), key=lambda n: n.sort_key)
        for position, child in enumerate(kids):
            child.parent = node
            child.order = position
            child.level = node.level + 1
            child.path = f"{node.path}{child.slug}/"
            node.children.append(child)
            attach(child)

    attach(root)  # nodes unreachable from the root (orphans) are left out
    index = TreeIndex(scope, ordered, root, private_q)
    reachable = index.by_key
    for row in rows:
        node = reachable.get(row["translation_key"])
        if node is not None:
            index.page_ids[row["id"]] = node
    return index


def scoped_index(info, municipality, locale):
    """The scope and index, computed once per request and (scope, locale)."""
    store = _request_store(info)
    key = ("index", municipality, locale)
    if key not in store:
        scope = municipality_scope(municipality, locale)
        store[key] = (scope, built_indexes.get(scope))
    return store[key]


class BuiltIndexes:
    """Each worker process keeps the indexes it built, per content generation.

    An index is a pure function of the municipality's live, public pages, and
    every change to those bumps the municipality's content generation (publishing,
    unpublishing, moves, deletions, view restrictions), so an index stored
    under the current generation is the index a fresh build gives. That is
    the response cache's argument too; here it spares the tree query and
    building the nodes (most of an uncached single page) for every page view
    between two publishes. A least-recently-used bound keeps memory small.
    Nodes are never changed after the build, so threads may share them.

    Like the response cache, this assumes the API is read outside the
    transactions that change pages: an index read inside one that bumps and
    then rolls back would describe rows that never were (only tests do that;
    they clear it, see ``tests/conftest.py``).
    """

    def __init__(self):
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, scope):
        try:
            generation = generation_token([scope.municipality.slug], content=True)
        except Exception:  # the cache is down: build, as without this layer
            logger.warning("Content generations unavailable", exc_info=True)
            return build_index(scope)
        key = (scope.municipality.pk, scope.locale.pk, generation)
        with self._lock:
            index = self._entries.get(key)
            if index is not None:
                self._entries.move_to_end(key)
                return index
        index = build_index(scope)
        size = config()["INDEX_CACHE_SIZE"]
        with self._lock:
            self._entries[key] = index
            while len(self._entries) > size:
                self._entries.popitem(last=False)
        return index

    def clear(self):
        with self._lock:
            self._entries.clear()


built_indexes = BuiltIndexes()


def _request_store(info):
    context = info.context
    store = getattr(context, "_rathaus_content", None)
    if store is None:
        store = {}
        try:
            context._rathaus_content = store
        except AttributeError:  # a context that takes no attributes
            return {}
    return store
