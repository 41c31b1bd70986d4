"""XLIFF 1.2 and 2.0 exchange with translation agencies.

One ``<file>`` per page (a subtree export has several). Each unit is one
string segment of the page's wagtail-localize TranslationSource, identified
by its context path. The file records the page's translation key, the target
locale and a hash of the source segments, so an import can refuse files for
another page or locale and files exported before the source changed.

Inline markup of a segment (``<b>``, ``<a id="a1">``, ``<br/>``, ...) travels as
XLIFF inline codes, so CAT tools protect it: 1.2 ``<g>``/``<x>`` with ``ctype``,
2.0 ``<pc>``/``<ph>`` with ``type``/``subType``. Codes are numbered 1..n in the
order of the source; ``rathaus:tag`` and ``rathaus:html-id`` name the HTML tag
and its wagtail-localize id. The source segment stays authoritative: an import
rebuilds the HTML from the source's codes by id, and the target must use every
code of the source exactly once (order and nesting may change); a missing,
extra, repeated or altered code refuses the file. Text is plain text in XLIFF
and escaped again on import. Such files carry ``rathaus:markup="inline"`` on
``<file>``. An existing translation is exported with the source's codes; its
tags that match none are left out (their text stays).

Files exported before inline codes (no ``rathaus:markup``) carried each segment
as escaped HTML text. They are still accepted while the page is unchanged: the
target text is parsed as HTML and must contain the same tags (and link ids) as
the source, otherwise the file is refused.

Imports parse untrusted XML with defusedxml, validate the whole file first
and then write every translation in one transaction: nothing is half-imported.
"""

import hashlib
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from bs4 import BeautifulSoup, Tag
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.strings import StringValue

from . import status

VERSIONS = ("1.2", "2.0")
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_RATHAUS = "https://rathaus.dev/ns/xliff"
ET.register_namespace("rathaus", NS_RATHAUS)

MAX_BYTES = 20 * 1024 * 1024


class XliffError(Exception):
    """The file cannot be imported. ``messages`` lists every reason."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


@dataclass
class Unit:
    id: str
    segment: object  # StringSegment
    source_text: str


def _units(source):
    """The source's string segments with stable unit ids (context path)."""
    segments = list(
        source.stringsegment_set.select_related("context", "string").order_by("order")
    )
    seen = {}
    units = []
    for segment in segments:
        path = segment.context.path
        seen[path] = seen.get(path, 0) + 1
        unit_id = path if seen[path] == 1 else f"{path}~{seen[path]}"
        units.append(Unit(unit_id, segment, segment.string.data))
    return units


def source_hash(units):
    digest = hashlib.sha256()
    for unit in units:
        digest.update(unit.id.encode())
        digest.update(b"\0")
        digest.update(unit.source_text.encode())
        digest.update(b"\1")
    return digest.hexdigest()[:32]


# Inline codes ----------------------------------------------------------------------

MARKUP = f"{{{NS_RATHAUS}}}markup"
MARKUP_INLINE = "inline"
ATTR_TAG = f"{{{NS_RATHAUS}}}tag"
ATTR_HTML_ID = f"{{{NS_RATHAUS}}}html-id"

VOID_TAGS = frozenset({"br"})
# Element names of paired and standalone codes, and elements whose content is
# taken as is (CAT tools add <mrk> for terms or segmentation).
PAIRED = {"1.2": "g", "2.0": "pc"}
STANDALONE = {"1.2": "x", "2.0": "ph"}
TRANSPARENT = {"1.2": "mrk", "2.0": "mrk"}
NAMESPACES = {"1.2": NS_12, "2.0": NS_20}
CTYPES = {"a": "link", "b": "bold", "i": "italic", "u": "underlined", "br": "lb"}
SUBTYPES = {"b": "xlf:b", "i": "xlf:i", "u": "xlf:u", "br": "xlf:lb"}


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


def _codes(html):
    """The segment's tags in document order, numbered from 1."""
    soup = BeautifulSoup(html, "html.parser")
    return {
        str(number): Code(str(number), tag.name, tag.get("id"))
        for number, tag in enumerate(soup.find_all(True), start=1)
    }


def _code_element(parent, code, version):
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
    attrs[ATTR_TAG] = code.tag
    if code.html_id:
        attrs[ATTR_HTML_ID] = code.html_id
    name = PAIRED[version] if code.paired else STANDALONE[version]
    return ET.SubElement(parent, name, attrs)


def _append_text(element, text):
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _fill(element, html, codes, version):
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
                _append_text(parent, str(child))
                continue
            code = code_for(child)
            if code is None:
                walk(child, parent)
                continue
            inline = _code_element(parent, code, version)
            walk(child, inline if code.paired else parent)

    walk(BeautifulSoup(html, "html.parser"), element)


def _escape_text(text):
    """Text as in segment HTML (BeautifulSoup's minimal formatter)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rebuild(element, codes, version):
    """Segment HTML from an XLIFF ``<source>``/``<target>`` element.

    Returns ``(html, problems)``; ``problems`` are messages without the unit
    (``html`` is None if there are any).
    """
    ns = NAMESPACES[version]
    paired = f"{{{ns}}}{PAIRED[version]}"
    standalone = f"{{{ns}}}{STANDALONE[version]}"
    transparent = f"{{{ns}}}{TRANSPARENT[version]}"
    parts = []
    seen = set()
    flagged = set()
    problems = []
    unknown = []

    def walk(node):
        parts.append(_escape_text(node.text or ""))
        for child in node:
            if child.tag == transparent:
                walk(child)
            elif child.tag in (paired, standalone):
                code = codes.get(child.get("id", ""))
                if code is None:
                    unknown.append(child.get("id", "?"))
                    walk(child)
                elif code.id in seen:
                    flagged.add(code.id)
                    problems.append(
                        _("the inline tag %(tag)s appears more than once.")
                        % {"tag": code}
                    )
                elif (child.tag == paired) != code.paired:
                    flagged.add(code.id)
                    problems.append(
                        _("the inline tag %(tag)s must be a <%(element)s> element.")
                        % {
                            "tag": code,
                            "element": (
                                PAIRED[version] if code.paired else STANDALONE[version]
                            ),
                        }
                    )
                elif (child.get(ATTR_TAG), child.get(ATTR_HTML_ID)) not in {
                    (None, None),
                    (code.tag, None),
                    (code.tag, code.html_id),
                }:
                    flagged.add(code.id)
                    problems.append(
                        _("the inline tag %(tag)s was changed.") % {"tag": code}
                    )
                else:
                    seen.add(code.id)
                    attrs = (
                        f' id="{_escape_attr(code.html_id)}"' if code.html_id else ""
                    )
                    if code.paired:
                        parts.append(f"<{code.tag}{attrs}>")
                        walk(child)
                        parts.append(f"</{code.tag}>")
                    else:
                        parts.append(f"<{code.tag}{attrs}/>")
                        if len(child) or child.text:
                            problems.append(
                                _("the inline tag %(tag)s must be empty.")
                                % {"tag": code}
                            )
            else:
                problems.append(
                    _("unsupported element <%(element)s>.")
                    % {"element": child.tag.rpartition("}")[2]}
                )
            parts.append(_escape_text(child.tail or ""))

    walk(element)
    if unknown:
        problems.append(
            _("inline tags that are not in the source: %(ids)s.")
            % {"ids": ", ".join(unknown)}
        )
    missing = [str(code) for code in codes.values() if code.id not in seen | flagged]
    if missing:
        problems.append(
            _("inline tags of the source are missing: %(tags)s.")
            % {"tags": ", ".join(missing)}
        )
    if problems:
        return None, problems
    return StringValue.from_translated_html("".join(parts)).data, []


def _escape_attr(value):
    return _escape_text(value).replace('"', "&quot;")


def _tags(html):
    """The tags of segment HTML with their link ids, for comparisons."""
    soup = BeautifulSoup(html, "html.parser")
    return sorted((tag.name, tag.get("id") or "") for tag in soup.find_all(True))


def _rebuild_legacy(element, source_text):
    """Segment HTML from a target of a file with escaped HTML text."""
    if len(element):
        return None, [_("unexpected inline elements in a file without inline tags.")]
    try:
        html = StringValue.from_translated_html(element.text or "").data
    except ValueError as error:
        return None, [str(error)]
    expected = _tags(source_text)
    if _tags(html) != expected:
        tags = [
            f'<{name} id="{html_id}">' if html_id else f"<{name}>"
            for name, html_id in expected
        ]
        return None, [
            _("the HTML tags of the translation differ from the source: %(tags)s.")
            % {"tags": ", ".join(tags) or _("none")}
        ]
    return html, []


def _is_empty(element):
    return element is None or (len(element) == 0 and not (element.text or "").strip())


def _translations(units, locale):
    from wagtail_localize.models import StringTranslation

    rows = StringTranslation.objects.filter(
        locale=locale, context_id__in={unit.segment.context_id for unit in units}
    ).values_list("translation_of_id", "context_id", "data")
    return {(string_id, context_id): data for string_id, context_id, data in rows}


def _sources_for_export(page, locale, subtree):
    from wagtail_localize.models import Translation

    pages = (
        page.get_descendants(inclusive=True).filter(alias_of__isnull=True)
        if subtree
        else Page.objects.filter(pk=page.pk)
    )
    keys = list(pages.order_by("path").values_list("translation_key", flat=True))
    translations = {
        translation.source.object_id: translation
        for translation in Translation.objects.filter(
            source__object_id__in=keys,
            source__locale_id=page.locale_id,
            target_locale=locale,
        ).select_related("source", "source__locale")
    }
    return [translations[key] for key in keys if key in translations]


def export_xliff(page, locale, *, version="1.2", subtree=False):
    """The page's (or subtree's) translation into ``locale`` as XLIFF bytes."""
    if version not in VERSIONS:
        raise ValueError(f"Unknown XLIFF version {version!r}")
    translations = _sources_for_export(page, locale, subtree)
    if not translations:
        raise XliffError([_("This page has no translation into %s yet.") % locale])
    source_code = translations[0].source.locale.language_code
    if version == "1.2":
        root = ET.Element("xliff", {"xmlns": NS_12, "version": "1.2"})
    else:
        root = ET.Element(
            "xliff",
            {
                "xmlns": NS_20,
                "version": "2.0",
                "srcLang": source_code,
                "trgLang": locale.language_code,
            },
        )
    fills = []
    for number, translation in enumerate(translations, start=1):
        units = _units(translation.source)
        existing = _translations(units, locale)
        updated = translation.source.last_updated_at.isoformat()
        attrs = {
            "original": str(translation.source.object_id),
            f"{{{NS_RATHAUS}}}title": translation.source.object_repr,
            f"{{{NS_RATHAUS}}}source-hash": source_hash(units),
            f"{{{NS_RATHAUS}}}source-updated": updated,
            MARKUP: MARKUP_INLINE,
        }
        if version == "1.2":
            file = ET.SubElement(
                root,
                "file",
                {
                    **attrs,
                    "source-language": source_code,
                    "target-language": locale.language_code,
                    "datatype": "html",
                },
            )
            body = ET.SubElement(file, "body")
        else:
            file = ET.SubElement(root, "file", {**attrs, "id": f"f{number}"})
        for unit in units:
            target = existing.get((unit.segment.string_id, unit.segment.context_id))
            codes = _codes(unit.source_text)
            if version == "1.2":
                element = ET.SubElement(body, "trans-unit", {"id": unit.id})
                source = ET.SubElement(element, "source")
                target_element = ET.SubElement(
                    element,
                    "target",
                    {"state": "translated" if target else "needs-translation"},
                )
            else:
                element = ET.SubElement(file, "unit", {"id": unit.id})
                segment = ET.SubElement(
                    element,
                    "segment",
                    {"state": "translated" if target else "initial"},
                )
                source = ET.SubElement(segment, "source")
                target_element = ET.SubElement(segment, "target") if target else None
            fills.append((source, unit.source_text, codes))
            if target:
                fills.append((target_element, target, codes))
    # Indent the structure only: whitespace inside <source> and <target> is
    # content, so their text and inline codes are filled in afterwards.
    ET.indent(root)
    for element, html, codes in fills:
        _fill(element, html, codes, version)
    # Elements are unqualified under an explicit default namespace (xmlns):
    # ElementTree's default_namespace option cannot leave attributes alone.
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# Import ----------------------------------------------------------------------------


def _parse(content):
    if len(content) > MAX_BYTES:
        raise XliffError([_("The file is larger than 20 MB.")])
    try:
        root = SafeET.fromstring(content)
    except (ET.ParseError, DefusedXmlException, ValueError) as error:
        raise XliffError(
            [_("This is not a valid XLIFF file: %(error)s") % {"error": error}]
        ) from error
    if root.tag == f"{{{NS_12}}}xliff":
        return "1.2", root
    if root.tag == f"{{{NS_20}}}xliff":
        return "2.0", root
    raise XliffError([_("This is not an XLIFF 1.2 or 2.0 file.")])


def _read_files(version, root):
    """``[(attrs, target_language, {unit_id: (source, target)})]``.

    ``source`` and ``target`` are the XLIFF elements (or None).
    """
    files = []
    if version == "1.2":
        for file in root.findall(f"{{{NS_12}}}file"):
            units = {}
            for unit in file.iter(f"{{{NS_12}}}trans-unit"):
                units[unit.get("id", "")] = (
                    unit.find(f"{{{NS_12}}}source"),
                    unit.find(f"{{{NS_12}}}target"),
                )
            files.append((file.attrib, file.get("target-language", ""), units))
    else:
        language = root.get("trgLang", "")
        for file in root.findall(f"{{{NS_20}}}file"):
            units = {}
            for unit in file.iter(f"{{{NS_20}}}unit"):
                segment = unit.find(f"{{{NS_20}}}segment")
                units[unit.get("id", "")] = (
                    segment.find(f"{{{NS_20}}}source") if segment is not None else None,
                    segment.find(f"{{{NS_20}}}target") if segment is not None else None,
                )
            files.append((file.attrib, language, units))
    return files


def import_xliff(content, *, page, locale, user=None, allowed=None):
    """Import translations for ``page`` (and its subtree) into ``locale``.

    Validates everything first; raises XliffError listing every problem and
    writes nothing if there is any. ``allowed(target_page)`` may refuse
    pages the user must not change. Returns the number of segments written.
    """
    from wagtail_localize.models import StringTranslation, Translation

    version, root = _parse(content)
    files = _read_files(version, root)
    if not files:
        raise XliffError([_("The file contains no <file> element.")])
    errors = []
    writes = []
    scope = page.get_descendants(inclusive=True)
    for attrs, language, units in files:
        title = attrs.get(f"{{{NS_RATHAUS}}}title") or attrs.get("original", "?")
        if language != locale.language_code:
            errors.append(
                _("“%(title)s”: the file is for language “%(file)s”, not “%(locale)s”.")
                % {"title": title, "file": language, "locale": locale.language_code}
            )
            continue
        key = attrs.get("original", "")
        translation = (
            Translation.objects.filter(
                source__object_id=key if _is_uuid(key) else None,
                source__locale_id=page.locale_id,
                target_locale=locale,
            )
            .select_related("source")
            .first()
            if _is_uuid(key)
            else None
        )
        if translation is None or not scope.filter(translation_key=key).exists():
            errors.append(
                _(
                    "“%(title)s”: the file belongs to another page, not to “%(page)s” "
                    "or its subpages."
                )
                % {"title": title, "page": page.title}
            )
            continue
        target_page = translation.get_target_instance()
        if allowed is not None and not allowed(target_page):
            errors.append(
                _(
                    "“%(title)s”: you may not change this translation now (in review, "
                    "locked or not yours)."
                )
                % {"title": title}
            )
            continue
        current = {unit.id: unit for unit in _units(translation.source)}
        if attrs.get(f"{{{NS_RATHAUS}}}source-hash") != source_hash(current.values()):
            errors.append(
                _(
                    "“%(title)s”: the page changed after this file was exported "
                    "(%(exported)s). Export it again and translate the new version."
                )
                % {
                    "title": title,
                    "exported": attrs.get(f"{{{NS_RATHAUS}}}source-updated", "?"),
                }
            )
            continue
        unknown = sorted(set(units) - set(current))
        if unknown:
            errors.append(
                _("“%(title)s”: unknown segment ids: %(ids)s.")
                % {"title": title, "ids": ", ".join(unknown[:10])}
            )
            continue
        inline = attrs.get(MARKUP) == MARKUP_INLINE
        for unit_id, (source, target) in units.items():
            unit = current[unit_id]
            if not _is_empty(source) and not _same_source(
                source, unit, version, inline
            ):
                errors.append(
                    _(
                        "“%(title)s”: the source text of segment %(id)s differs from "
                        "the page."
                    )
                    % {"title": title, "id": unit_id}
                )
                continue
            if _is_empty(target):
                continue
            if inline:
                html, problems = _rebuild(target, _codes(unit.source_text), version)
            else:
                html, problems = _rebuild_legacy(target, unit.source_text)
            errors.extend(
                _("“%(title)s”, segment %(id)s: %(problem)s")
                % {"title": title, "id": unit_id, "problem": problem}
                for problem in problems
            )
            if html is not None:
                writes.append((unit.segment, html))
    if errors:
        raise XliffError(errors)
    with status.batched(), transaction.atomic():
        for segment, text in writes:
            StringTranslation.objects.update_or_create(
                translation_of_id=segment.string_id,
                locale=locale,
                context_id=segment.context_id,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "tool_name": "XLIFF",
                    "last_translated_by": user,
                    "has_error": False,
                    "field_error": "",
                },
            )
    return len(writes)


def _same_source(source, unit, version, inline):
    if not inline:
        return len(source) == 0 and source.text == unit.source_text
    html, problems = _rebuild(source, _codes(unit.source_text), version)
    return not problems and html == unit.source_text


def _is_uuid(value):
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
