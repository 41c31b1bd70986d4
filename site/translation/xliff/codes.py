"""Inline markup of a segment as XLIFF inline codes, and back to HTML."""

from dataclasses import dataclass
from xml.etree import ElementTree as ET

from bs4 import BeautifulSoup, Tag
from django.utils.translation import gettext as _
from wagtail_localize.strings import StringValue

from .common import (
    ATTR_HTML_ID,
    ATTR_TAG,
    CTYPES,
    NAMESPACES,
    PAIRED,
    STANDALONE,
    SUBTYPES,
    TRANSPARENT,
    VOID_TAGS,
)


@dataclass(frozen=True)
class Code:
    """One HTML tag of a source segment, as XLIFF inline code ``id``."""

    id: str
    tag: str
    html_id: str | None

    @property
    def paired(self):
        return self.tag not in VOID_TAGS

    def __str__(self):
        return f"{self.id} (<{self.tag}>)"


def codes_of(html):
    """The segment's tags in document order, numbered from 1."""
    soup = BeautifulSoup(html, "html.parser")
    return {
        str(number): Code(str(number), tag.name, tag.get("id"))
        for number, tag in enumerate(soup.find_all(True), start=1)
    }


def code_element(parent, code, version):
    attrs = {"id": code.id}
    if version == "1.2":
        attrs["ctype"] = CTYPES.get(code.tag, f"x-{code.tag}")
        attrs["clone"] = "no"
    else:
        attrs["type"] = "link" if code.tag == "a" else "fmt"
        if code.tag in SUBTYPES:
            attrs["subType"] = SUBTYPES[code.tag]
        attrs["canCopy"] = "no"
        attrs["canDelete"] = "no"
        # 2.0 allows attributes of other namespaces (lax); 1.2's strict schema
        # does not, and the code's id names the source tag anyway.
        attrs[ATTR_TAG] = code.tag
        if code.html_id:
            attrs[ATTR_HTML_ID] = code.html_id
    name = PAIRED[version] if code.paired else STANDALONE[version]
    return ET.SubElement(parent, name, attrs)


def append_text(element, text):
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def fill_element(element, html, codes, version):
    """Write segment ``html`` into ``element`` as text and inline codes.

    Tags are matched to the source's codes by link id, otherwise by tag name
    in order. Tags of an existing translation that match no code of the
    source are left out (their text stays).
    """
    unused = list(codes.values())

    def code_for(tag):
        html_id = tag.get("id")
        for code in unused:
            if code.tag == tag.name and code.html_id == html_id:
                unused.remove(code)
                return code
        return None

    def walk(node, parent):
        for child in node.children:
            if not isinstance(child, Tag):
                append_text(parent, str(child))
                continue
            code = code_for(child)
            if code is None:
                walk(child, parent)
                continue
            inline = code_element(parent, code, version)
            walk(child, inline if code.paired else parent)

    walk(BeautifulSoup(html, "html.parser"), element)


def escape_text(text):
    """Text as in segment HTML (BeautifulSoup's minimal formatter)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def code_changed(element, code, version):
    """Whether an inline element's attributes name another tag than ``code``."""
    if (element.get(ATTR_TAG), element.get(ATTR_HTML_ID)) not in {
        (None, None),
        (code.tag, None),
        (code.tag, code.html_id),
    }:
        return True
    if version == "1.2":
        ctype = element.get("ctype")
        return ctype is not None and ctype != CTYPES.get(code.tag, f"x-{code.tag}")
    kind = element.get("type")
    if kind is not None and kind != ("link" if code.tag == "a" else "fmt"):
        return True
    subtype = element.get("subType")
    return subtype is not None and subtype != SUBTYPES.get(code.tag)


class _Rebuilder:
    """Segment HTML from an XLIFF ``<source>``/``<target>`` element.

    Paired codes arrive as ``<g>``/``<pc>``, or in 2.0 as ``<sc>``/``<ec>``
    pairs (what a tool writes when it splits a segment inside a paired code).
    """

    def __init__(self, codes, version):
        ns = NAMESPACES[version]
        self.codes = codes
        self.version = version
        self.paired = f"{{{ns}}}{PAIRED[version]}"
        self.standalone = f"{{{ns}}}{STANDALONE[version]}"
        self.transparent = f"{{{ns}}}{TRANSPARENT[version]}"
        self.start = f"{{{ns}}}sc" if version == "2.0" else None
        self.end = f"{{{ns}}}ec" if version == "2.0" else None
        self.parts = []
        self.seen = set()
        self.flagged = set()
        self.problems = []
        self.unknown = []
        self.open = []  # codes opened by <sc> and not yet closed

    def code_for(self, element, paired):
        """The source code an inline element stands for, or None (recorded)."""
        code = self.codes.get(element.get("id", ""))
        if code is None:
            self.unknown.append(element.get("id", "?"))
        elif code.id in self.seen:
            self.flagged.add(code.id)
            self.problems.append(
                _("the inline tag %(tag)s appears more than once.") % {"tag": code}
            )
        elif paired != code.paired:
            self.flagged.add(code.id)
            self.problems.append(
                _("the inline tag %(tag)s must be a <%(element)s> element.")
                % {
                    "tag": code,
                    "element": (
                        PAIRED[self.version]
                        if code.paired
                        else STANDALONE[self.version]
                    ),
                }
            )
        elif code_changed(element, code, self.version):
            self.flagged.add(code.id)
            self.problems.append(
                _("the inline tag %(tag)s was changed.") % {"tag": code}
            )
        else:
            self.seen.add(code.id)
            return code
        return None

    def opening(self, code):
        attrs = f' id="{escape_attr(code.html_id)}"' if code.html_id else ""
        return f"<{code.tag}{attrs}>"

    def walk(self, node):
        self.parts.append(escape_text(node.text or ""))
        for child in node:
            self.child(child)
            self.parts.append(escape_text(child.tail or ""))

    def child(self, child):
        if child.tag == self.transparent:
            self.walk(child)
        elif child.tag in (self.paired, self.standalone):
            code = self.code_for(child, child.tag == self.paired)
            if code is None:
                self.walk(child)
            elif code.paired:
                self.parts.append(self.opening(code))
                self.walk(child)
                self.parts.append(f"</{code.tag}>")
            else:
                self.parts.append(self.opening(code)[:-1] + "/>")
                if len(child) or child.text:
                    self.problems.append(
                        _("the inline tag %(tag)s must be empty.") % {"tag": code}
                    )
        elif child.tag == self.start:
            code = self.code_for(child, True)
            if code is not None:
                self.parts.append(self.opening(code))
                self.open.append(code)
        elif child.tag == self.end:
            reference = child.get("startRef", "")
            if self.open and self.open[-1].id == reference:
                self.parts.append(f"</{self.open.pop().tag}>")
            elif reference not in self.flagged:
                self.problems.append(
                    _("the end of the inline tag %(id)s does not match its start.")
                    % {"id": reference}
                )
        else:
            self.problems.append(
                _("unsupported element <%(element)s>.")
                % {"element": child.tag.rpartition("}")[2]}
            )

    def result(self):
        problems = list(self.problems)
        if self.open:
            problems.append(
                _("inline tags are not closed: %(tags)s.")
                % {"tags": ", ".join(str(code) for code in self.open)}
            )
        if self.unknown:
            problems.append(
                _("inline tags that are not in the source: %(ids)s.")
                % {"ids": ", ".join(self.unknown)}
            )
        missing = [
            str(code)
            for code in self.codes.values()
            if code.id not in self.seen | self.flagged
        ]
        if missing:
            problems.append(
                _("inline tags of the source are missing: %(tags)s.")
                % {"tags": ", ".join(missing)}
            )
        if problems:
            return None, problems
        return StringValue.from_translated_html("".join(self.parts)).data, []


def rebuild(element, codes, version):
    """Segment HTML from an XLIFF ``<source>``/``<target>`` element.

    Returns ``(html, problems)``; ``problems`` are messages without the unit
    (``html`` is None if there are any).
    """
    rebuilder = _Rebuilder(codes, version)
    rebuilder.walk(element)
    return rebuilder.result()


def escape_attr(value):
    return escape_text(value).replace('"', "&quot;")


def html_tags(html):
    """The tags of segment HTML with their link ids, for comparisons."""
    soup = BeautifulSoup(html, "html.parser")
    return sorted((tag.name, tag.get("id") or "") for tag in soup.find_all(True))


def rebuild_legacy(element, source_text):
    """Segment HTML from a target of a file with escaped HTML text."""
    if len(element):
        return None, [_("unexpected inline elements in a file without inline tags.")]
    try:
        html = StringValue.from_translated_html(element.text or "").data
    except ValueError as error:
        return None, [str(error)]
    expected = html_tags(source_text)
    if html_tags(html) != expected:
        tags = [
            f'<{name} id="{html_id}">' if html_id else f"<{name}>"
            for name, html_id in expected
        ]
        return None, [
            _("the HTML tags of the translation differ from the source: %(tags)s.")
            % {"tags": ", ".join(tags) or _("none")}
        ]
    return html, []


def is_empty(element):
    return element is None or (len(element) == 0 and not (element.text or "").strip())
