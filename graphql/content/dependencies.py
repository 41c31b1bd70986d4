"""The pages a single page's answer depends on, so that its cached answer
outlives publishes of other pages.

A cached answer is keyed by the municipality's content generation, which
every publish changes. For an operation that asks for single pages only
(``page``, :data:`REVALIDATED_ROOT_FIELDS`), the view keeps the last answer
with the translation keys of the pages it depends on; on a miss, if every
bump since names pages (``site/core/generation.py``) and none of those, the
answer is still what a fresh execution gives, and is served again (see
``RathausGraphQLView.revalidated_response``).

A page's answer (the fields of ``Page``, see ``fragments.py``) depends on
the page itself (content, translations, status: its key), its ancestors
(its path, level and parent; unpublishing one removes it), its siblings (its
order among them, which a sibling published again also moves: a note names
the children of the parent for that), and the pages its body links to with their ancestors
(the links' paths). Moves, slug changes, view restrictions and images note
"everything" and are never revalidated. A link to a page outside the index
cannot be followed: such an answer is not kept.
"""

from rathaus.site.core.generation import children_of

ATTRIBUTE = "_rathaus_single_pages"
REVALIDATED_ROOT_FIELDS = frozenset({"page", "__typename"})


def record(info, item):
    """Note a page item the ``page`` field answers (on the request)."""
    context = info.context
    items = getattr(context, ATTRIBUTE, None)
    if items is None:
        items = []
        try:
            setattr(context, ATTRIBUTE, items)
        except AttributeError:  # a context that takes no attributes
            return
    items.append(item)


def _with_ancestors(node, keys):
    while node is not None:
        keys.add(str(node.translation_key))
        node = node.parent


def page_keys(request):
    """The translation keys the recorded answers depend on; None when there
    are none or one cannot be told."""
    items = getattr(request, ATTRIBUTE, None)
    if not items:
        return None
    keys = set()
    for item in items:
        node, batch = item.node, item.batch
        _with_ancestors(node, keys)
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
