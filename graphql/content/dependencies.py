"""The pages an answer of single pages, of a page's neighbourhood, of a page
type or of a search depends on, so that its cached answer outlives publishes
of other pages.

A cached answer is keyed by the municipality's content generation, which
every publish changes. For an operation that asks only for such answers
(``page``, ``children``, ``ancestors``, ``news``, ``events``, ``locations``,
``search``: :data:`REVALIDATED_ROOT_FIELDS`), the view keeps the last answer
with the translation keys of the pages it depends on; on a miss, if every
bump since names pages (``site/core/generation.py``) and none of those, the
answer is still what a fresh execution gives, and is served again (see
``RathausGraphQLView.revalidated_response``), for as long as a cached
response may live.

A page's answer (the fields of ``Page``, see ``fragments.py``) depends on
the page itself (content, translations, status: its key), its ancestors
(its path, level and parent; unpublishing one removes it), its siblings (its
order among them, which a sibling published again also moves: a note names
the children of the parent for that), and the pages its body links to with
their ancestors (the links' paths). A list of children also depends on the
children of its parent (and of every listed page above the deepest level
asked): a first publish or a republish there adds one. A list of a page type
(news, events, locations) depends on every page of that type (a note names
the type of a published page), and events on the locations too. Search
results depend on every page of their locale and of the default locale (a
note names the locale). Moves, slug changes, view restrictions and images
note "everything" and are never revalidated. A link to a page outside the
index cannot be followed: such an answer is not kept.
"""

from django.contrib.contenttypes.models import ContentType

from rathaus.site.core.generation import children_of, of_locale, of_type

ATTRIBUTE = "_rathaus_page_dependencies"
REVALIDATED_ROOT_FIELDS = frozenset(
    {
        "page",
        "children",
        "ancestors",
        "news",
        "events",
        "locations",
        "search",
        "__typename",
    }
)


def _entries(info):
    context = info.context
    entries = getattr(context, ATTRIBUTE, None)
    if entries is None:
        entries = []
        try:
            setattr(context, ATTRIBUTE, entries)
        except AttributeError:  # a context that takes no attributes
            return []
    return entries


def record(info, node, batch=None, children=False):
    """Note on the request that the answer shows ``node``: its fields (an
    item of ``batch``), or, without a batch, only that it exists there (a
    path looked up); ``children``: and which children it has."""
    _entries(info).append((node, batch, children))


def record_locales(info, scope):
    """Note that the answer depends on every page of the scope's locale and,
    outside the default locale, of the default one (its fallbacks)."""
    _entries(info).extend(
        {of_locale(scope.locale.pk), of_locale(scope.default_locale.pk)}
    )


def record_types(info, *models):
    """Note that the answer lists every page of these page models."""
    _entries(info).extend(
        of_type(ContentType.objects.get_for_model(model).pk) for model in models
    )


def record_items(info, page_items, children_below_level=None):
    """Note page items the answer shows; those above a level also with
    their children."""
    for item in page_items:
        node = item.node
        below = children_below_level is not None and node.level < children_below_level
        record(info, node, item.batch, children=below)


def _with_ancestors(node, keys):
    while node is not None:
        keys.add(str(node.translation_key))
        node = node.parent


def page_keys(request):
    """The translation keys (and :func:`children_of` entries) the recorded
    answers depend on; None when there are none or one cannot be told."""
    entries = getattr(request, ATTRIBUTE, None)
    if not entries:
        return None
    keys = set()
    for entry in entries:
        if isinstance(entry, str):
            keys.add(entry)
            continue
        node, batch, children = entry
        _with_ancestors(node, keys)
        if children:
            keys.add(children_of(node.translation_key))
        if batch is None:
            continue
        if node.parent is not None:
            keys.update(
                str(sibling.translation_key) for sibling in node.parent.children
            )
            # A sibling that is not live now changes the order when it is
            # published (again).
            keys.add(children_of(node.parent.translation_key))
        targets = batch.link_targets(node)
        if targets is None:
            return None
        for _page_id, target in targets:
            _with_ancestors(target, keys)
    return keys
