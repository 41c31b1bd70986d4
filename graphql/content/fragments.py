"""Each page's answer in a ``pageTree`` kept apart, so that the first tree
after a publish recomputes only the pages that changed.

An uncached ``pageTree`` of 1,500 pages spends most of its time completing
the pages' fields in graphql-core and encoding them as JSON. Each worker
process therefore keeps, per selection, municipality and locale, the encoded
JSON of every page of the last tree it answered (a *fragment*) and the
content generation it was computed at. The next tree reuses a fragment when
nothing it was made from changed:

- the page's place and data in the tree index (id, title, slug, path,
  parent, order, level, fallback, locale, type, last publication): compared
  with the current index, which every request has anyway;
- the paths of the pages its body links to: compared with the current index;
- its own content, live translations and translation status: every change of
  these bumps the municipality's generation with a note naming the page's
  translation key (``site/core/generation.py``); a page named by a note
  between the two generations is recomputed;
- anything else a page's answer shows (images, view restrictions, locales,
  moves and slug changes, which change the URL paths its translations list):
  those bumps note "everything", and then nothing is reused. So does a missing
  note, a platform-wide bump, or a process that has no fragments yet.

A fragment is also never older than a cached response may be
(``RESPONSE_CACHE_TIMEOUT``): a change that bumps nothing (a document file
replaced) shows as late in a tree as in any cached answer, never later.

Every field of ``Page`` is in :data:`PAGE_FIELDS`, each depending on nothing
but the above (``tests/graphql/test_page_fragments.py`` fails when ``Page``
gains a field, so that its author decides). Module data never appears in a
page's answer, so module bumps note no page.

The pages to recompute are completed by graphql-core as before, in a batch of
their own (so only their content is loaded); the response is the fragments
joined, never decoded again. ``PAGE_FRAGMENT_SETS`` bounds the sets a process
keeps (0 switches this off). The differential test
(``tests/graphql/test_cache_differential.py``) compares trees built from
fragments after random changes with trees computed from scratch.
"""

import hashlib
import json
import logging
import secrets
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from graphql import located_error, print_ast

from rathaus.graphql.budget import BudgetExecutionContext
from rathaus.graphql.limits import config
from rathaus.site.core.generation import (
    changed_pages,
    is_page_key,
    page_generation,
)

from .batch import PageBatch
from .items import PageItem

logger = logging.getLogger(__name__)

# The fields of Page; each depends only on what the module docstring lists.
PAGE_FIELDS = frozenset(
    {
        "id",
        "title",
        "slug",
        "path",
        "parentId",
        "order",
        "level",
        "pageType",
        "locale",
        "isFallback",
        "translationStatus",
        "lastPublishedAt",
        "html",
        "excerpt",
        "thumbnail",
        "translations",
    }
)


class PageTreeList(list):
    """The items of a ``pageTree`` answer, with the index they come from."""

    def __init__(self, index, items):
        super().__init__(items)
        self.index = index


class RawJSON:
    """JSON text (bytes) placed into a response as it is (see :func:`dumps`)."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


def dumps(payload, **options):
    """``json.dumps(payload, **options)`` as UTF-8 bytes, with every
    :class:`RawJSON` in ``payload`` written as its text."""
    raws = []
    marker = secrets.token_hex(8)

    def default(value):
        if value.__class__ is RawJSON:
            raws.append(value.text)
            return f"\x00{marker}:{len(raws) - 1}\x00"
        raise TypeError(f"{type(value).__name__} is not JSON serializable")

    text = json.dumps(payload, default=default, **options).encode()
    if not raws:
        return text
    parts = []
    for number, raw in enumerate(raws):
        placeholder = f'"\\u0000{marker}:{number}\\u0000"'.encode()
        before, text = text.split(placeholder, 1)
        parts += (before, raw)
    parts.append(text)
    return b"".join(parts)


def facts(node):
    """What a page's answer takes from the tree index."""
    parent = node.parent
    return (
        node.id,
        node.title,
        node.slug,
        node.path,
        parent.id if parent is not None else None,
        node.order,
        node.level,
        node.is_fallback,
        node.published,
        node.locale_id,
        node.content_type_id,
    )


@dataclass(frozen=True, slots=True)
class Fragment:
    facts: tuple
    links: tuple  # ((page id, path it was rendered with or None), ...)
    text: bytes
    made_at: float  # time.monotonic()

    def reusable(self, node, index, changed_ids, oldest):
        if self.made_at < oldest or node.id in changed_ids or self.facts != facts(node):
            return False
        for page_id, path in self.links:
            target = index.page_ids.get(page_id)
            if (target.path if target is not None else None) != path:
                return False
        return True


@dataclass(frozen=True, slots=True)
class FragmentSet:
    generation: tuple
    fragments: dict  # page id -> Fragment


def link_paths(batch, node):
    """The paths the page's body links were rendered with, or None when one
    of them cannot be checked against the index (a page outside it)."""
    targets = batch.link_targets(node)
    if targets is None:
        return None
    return tuple((page_id, target.path) for page_id, target in targets)


def selection_name(field_nodes, info):
    """What makes two ``pageTree`` fields answer alike for the same tree."""
    text = "\n".join(
        [print_ast(node) for node in field_nodes]
        + [print_ast(info.fragments[name]) for name in sorted(info.fragments)]
        + [json.dumps(info.variable_values, sort_keys=True, default=str)]
    )
    return hashlib.sha256(text.encode()).hexdigest()


class FragmentStore:
    """Per process: (selection, municipality, locale) -> :class:`FragmentSet`,
    the least recently used dropped past ``PAGE_FRAGMENT_SETS``."""

    def __init__(self):
        self._sets = OrderedDict()
        self._lock = threading.Lock()

    def get(self, name):
        with self._lock:
            kept = self._sets.get(name)
            if kept is not None:
                self._sets.move_to_end(name)
            return kept

    def keep(self, name, fragment_set, size):
        with self._lock:
            self._sets[name] = fragment_set
            self._sets.move_to_end(name)
            while len(self._sets) > size:
                self._sets.popitem(last=False)

    def clear(self):
        with self._lock:
            self._sets.clear()

    def __len__(self):
        return len(self._sets)

    def complete(self, context, return_type, field_nodes, info, path, pages):
        """The ``pageTree`` list as :class:`RawJSON`, or None to complete it
        the usual way (switched off, or the generations cannot be read)."""
        values = config()
        size = int(values["PAGE_FRAGMENT_SETS"])
        if size <= 0:
            return None
        index = pages.index
        scope = index.scope
        try:
            generation = page_generation(scope.municipality.slug)
        except Exception:
            logger.warning("Content generations unavailable", exc_info=True)
            return None
        name = (
            selection_name(field_nodes, info),
            scope.municipality.pk,
            scope.locale.pk,
        )
        made_at = time.monotonic()
        oldest = made_at - int(values["RESPONSE_CACHE_TIMEOUT"])
        reusable = self._reusable(self.get(name), generation, index, oldest)
        todo = [item.node for item in pages if item.node.id not in reusable]
        batch = PageBatch(index, todo)
        item_type = return_type
        while not hasattr(item_type, "fields"):  # [Page!]! -> Page
            item_type = item_type.of_type
        complete_item = super(FragmentExecutionContext, context).complete_value
        parts, kept = [], {}
        for position, item in enumerate(pages):
            node = item.node
            fragment = reusable.get(node.id)
            if fragment is None:
                errors = context.field_errors
                item_path = path.add_key(position, None)
                try:
                    data = complete_item(
                        item_type, field_nodes, info, item_path, PageItem(node, batch)
                    )
                except Exception as error:
                    raise located_error(
                        error, field_nodes, item_path.as_list()
                    ) from error
                text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
                links = link_paths(batch, node)
                if context.field_errors > errors or links is None:
                    parts.append(text.encode())
                    continue  # never kept: an error, or links it cannot check
                fragment = Fragment(facts(node), links, text.encode(), made_at)
            parts.append(fragment.text)
            kept[node.id] = fragment
        self.keep(name, FragmentSet(generation, kept), size)
        return RawJSON(b"[" + b",".join(parts) + b"]")

    @staticmethod
    def _reusable(kept, generation, index, oldest):
        if kept is None:
            return {}
        try:
            changed = changed_pages(
                index.scope.municipality.slug, kept.generation, generation
            )
        except Exception:
            logger.warning("Content change notes unavailable", exc_info=True)
            return {}
        if changed is None:
            return {}
        # The nodes of the changed translation keys (one per key in a tree).
        # New orders among children show in the facts compared below.
        changed_ids = set()
        for key in changed:
            if not is_page_key(key):
                continue
            node = index.by_key.get(uuid.UUID(key))
            if node is not None:
                changed_ids.add(node.id)
        fragments = kept.fragments
        reusable = {}
        for node in index.nodes:
            fragment = fragments.get(node.id)
            if fragment is not None and fragment.reusable(
                node, index, changed_ids, oldest
            ):
                reusable[node.id] = fragment
        return reusable


page_fragments = FragmentStore()


class FragmentExecutionContext(BudgetExecutionContext):
    """The view's execution: a ``pageTree`` is completed from fragments."""

    field_errors = 0  # errors met so far: a page's answer with one is not kept

    def handle_field_error(self, error, *args, **kwargs):
        self.field_errors += 1
        return super().handle_field_error(error, *args, **kwargs)

    def complete_value(self, return_type, field_nodes, info, path, result):
        if result.__class__ is PageTreeList:
            completed = page_fragments.complete(
                self, return_type, field_nodes, info, path, result
            )
            if completed is not None:
                return completed
        return super().complete_value(return_type, field_nodes, info, path, result)
