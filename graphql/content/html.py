"""Page bodies as HTML, rendered from the stored (raw) StreamField data.

Rendering from the raw JSON instead of ``StreamValue.render_as_block()``
avoids one query per page for page choosers, links and images: the caller
collects every referenced page and image of a whole batch first
(:func:`references`) and passes lookups in (:class:`Links`).

Each block class has one renderer (``@renders(BlockClass)``, found along the
block's class hierarchy), and its markup is the block's template
(``content/blocks/*.html``): a system check (``content.E010``) reports a
body block without a renderer, and ``tests/content/test_block_rendering.py``
compares every renderer with ``block.render()``.
"""

import functools
import re
from dataclasses import dataclass, field
from html import unescape

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import escape
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import get_page_models
from wagtail.rich_text import LinkHandler
from wagtail.rich_text.rewriters import LinkRewriter

from rathaus.site.content.blocks import (
    AccessibleImageBlock,
    CalloutBlock,
    HeadingBlock,
    LinkListBlock,
)

PAGE_LINK = re.compile(r'<a\s[^>]*linktype="page"[^>]*>')
ID_ATTRIBUTE = re.compile(r'\bid="(\d+)"')
BODY_IMAGE_SIZE = "width-800"


@dataclass
class References:
    page_ids: set = field(default_factory=set)
    image_ids: set = field(default_factory=set)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def references(raw_blocks, rich_texts=(), found=None):
    """Page and image ids referenced by a body (raw blocks) and rich texts."""
    found = found or References()
    for text in rich_texts:
        _rich_text_references(text, found)
    for block in raw_blocks or ():
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph":
            _rich_text_references(value, found)
        elif kind == "callout" and isinstance(value, dict):
            _rich_text_references(value.get("text"), found)
        elif kind == "image" and isinstance(value, dict):
            image_id = _int(value.get("image"))
            if image_id:
                found.image_ids.add(image_id)
        elif kind == "links" and isinstance(value, dict):
            for item in _list_items(value.get("links")):
                page_id = _int(item.get("page"))
                if page_id:
                    found.page_ids.add(page_id)
    return found


def _rich_text_references(text, found):
    if not text:
        return
    for tag in PAGE_LINK.findall(text):
        match = ID_ATTRIBUTE.search(tag)
        if match:
            found.page_ids.add(int(match.group(1)))


def _list_items(value):
    """ListBlock raw data: new style [{"type": "item", "value": ...}] or old."""
    for item in value or ():
        if isinstance(item, dict) and "value" in item and "type" in item:
            item = item["value"]
        if isinstance(item, dict):
            yield item


class Links:
    """Lookups a batch resolved in bulk: page id -> path, image id -> image."""

    def __init__(self, page_paths, images, renditions):
        self.page_paths = page_paths
        self.images = images
        self.renditions = renditions  # callable(image, spec) -> rendition or None

    def page_href(self, page_id):
        return self.page_paths.get(_int(page_id))

    def rewriter(self):
        if getattr(self, "_rewriter", None) is None:
            self._rewriter = self._make_rewriter()
        return self._rewriter

    def _make_rewriter(self):
        links = self

        class PageLinks(LinkHandler):
            identifier = "page"

            @classmethod
            def expand_db_attributes_many(cls, attrs_list):
                tags = []
                for attrs in attrs_list:
                    href = links.page_href(attrs.get("id"))
                    tags.append(f'<a href="{escape(href)}">' if href else "<a>")
                return tags

        # External, e-mail and anchor links stay as they are.
        return LinkRewriter(bulk_rules={"page": PageLinks.expand_db_attributes_many})


def render_rich_text(text, rewriter):
    return rewriter(text) if text else ""


_RENDERERS = {}


def renders(block_class):
    """Register the API renderer ``function(value, links, rewriter)`` of a
    block class (and its subclasses without a renderer of their own)."""

    def register(function):
        _RENDERERS[block_class] = function
        return function

    return register


def renderer_for(block):
    for block_class in type(block).__mro__:
        if block_class in _RENDERERS:
            return _RENDERERS[block_class]
    return None


def body_fields():
    """``(page model, StreamField)`` for every page type's ``body``."""
    for model in get_page_models():
        try:
            body = model._meta.get_field("body")
        except FieldDoesNotExist:
            continue
        if isinstance(body, StreamField) and body.model is model:
            yield model, body


@functools.cache
def body_renderers():
    """Block name -> renderer, over every page type's body."""
    return {
        name: renderer_for(block)
        for _model, body in body_fields()
        for name, block in body.stream_block.child_blocks.items()
    }


def render_body(raw_blocks, links, rewriter=None):
    rewriter = rewriter or links.rewriter()
    renderers = body_renderers()
    parts = []
    for block in raw_blocks or ():
        renderer = renderers.get(block.get("type"))
        if renderer is not None:
            parts.append(renderer(block.get("value"), links, rewriter))
    return "".join(part for part in parts if part)


@renders(HeadingBlock)
def _heading(value, links, rewriter):
    level = value.get("level") if value.get("level") in ("h2", "h3", "h4") else "h2"
    return f"<{level}>{escape(value.get('text', ''))}</{level}>"


@renders(blocks.RichTextBlock)
def _paragraph(value, links, rewriter):
    return render_rich_text(value, rewriter)


@renders(AccessibleImageBlock)
def _image(value, links, rewriter):
    image = links.images.get(_int(value.get("image")))
    if image is None:
        return ""
    rendition = links.renditions(image, BODY_IMAGE_SIZE)
    if rendition is None:
        return ""
    img = (
        f'<img src="{escape(rendition.url)}" width="{rendition.width}" '
        f'height="{rendition.height}" alt="{escape(value.get("alt_text", ""))}">'
    )
    caption = value.get("caption")
    if caption:
        return f"<figure>{img}<figcaption>{escape(caption)}</figcaption></figure>"
    return f"<figure>{img}</figure>"


@renders(CalloutBlock)
def _callout(value, links, rewriter):
    kind = escape(value.get("kind") or "info")
    title = value.get("title")
    heading = f"<p><strong>{escape(title)}</strong></p>" if title else ""
    text = render_rich_text(value.get("text"), rewriter)
    return f'<aside class="callout callout-{kind}">{heading}{text}</aside>'


@renders(LinkListBlock)
def _links(value, links, rewriter):
    items = []
    for item in _list_items(value.get("links")):
        href = links.page_href(item.get("page")) if item.get("page") else None
        href = href or item.get("url") or ""
        title = escape(item.get("title", ""))
        if href:
            items.append(f'<li><a href="{escape(href)}">{title}</a></li>')
        else:
            items.append(f"<li>{title}</li>")
    title = value.get("title")
    heading = f"<h2>{escape(title)}</h2>" if title else ""
    return f"<nav>{heading}<ul>{''.join(items)}</ul></nav>" if items else heading


BLOCK_END = re.compile(r"(</(?:p|h\d|li|blockquote)>|<(?:br|hr)\s*/?>)", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")


def text_of(rich_text):
    """Rich text as plain text, with a space between blocks: what Wagtail's
    ``get_text_for_indexing`` returns, without its HTML parser (a regex is
    enough for the editor's markup and ten times faster on a whole tree)."""
    return " ".join(unescape(TAG.sub("", BLOCK_END.sub(r"\1 ", rich_text))).split())


def truncate_chars(text, length, ellipsis="…"):
    """``Truncator(text).chars(length)`` without its per-character scan."""
    if len(text) <= length:
        return text
    return text[: length - len(ellipsis)] + ellipsis


def plain_text(raw_blocks, rich_texts=(), limit=None):
    """The readable text of a body without rendering it (for excerpts): stops
    once ``limit`` characters are collected."""
    parts, size = [], 0

    def add(text):
        nonlocal size
        text = text_of(text or "")
        if text:
            parts.append(text)
            size += len(text) + 1
        return limit is not None and size > limit

    for text in rich_texts:
        if add(text):
            return " ".join(parts)
    for block in raw_blocks or ():
        kind, value = block.get("type"), block.get("value")
        if kind == "heading" and isinstance(value, dict):
            stop = add(escape(value.get("text", "")))
        elif kind == "paragraph":
            stop = add(value)
        elif kind == "callout" and isinstance(value, dict):
            stop = add(escape(value.get("title") or "")) or add(value.get("text"))
        else:
            stop = False
        if stop:
            break
    return " ".join(parts)
