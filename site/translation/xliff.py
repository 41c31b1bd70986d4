"""XLIFF 1.2 and 2.0 exchange with translation agencies.

One ``<file>`` per page (a subtree export has several). Each unit is one
string segment of the page's wagtail-localize TranslationSource, identified
by its context path. The file records the page's translation key, the target
locale and a hash of the source segments, so an import can refuse files for
another page or locale and files exported before the source changed.

Imports parse untrusted XML with defusedxml, validate the whole file first
and then write every translation in one transaction: nothing is half-imported.
"""

import hashlib
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

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
    for number, translation in enumerate(translations, start=1):
        units = _units(translation.source)
        existing = _translations(units, locale)
        updated = translation.source.last_updated_at.isoformat()
        attrs = {
            "original": str(translation.source.object_id),
            f"{{{NS_RATHAUS}}}title": translation.source.object_repr,
            f"{{{NS_RATHAUS}}}source-hash": source_hash(units),
            f"{{{NS_RATHAUS}}}source-updated": updated,
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
            for unit in units:
                target = existing.get((unit.segment.string_id, unit.segment.context_id))
                element = ET.SubElement(body, "trans-unit", {"id": unit.id})
                ET.SubElement(element, "source").text = unit.source_text
                ET.SubElement(
                    element,
                    "target",
                    {"state": "translated" if target else "needs-translation"},
                ).text = target or ""
        else:
            file = ET.SubElement(root, "file", {**attrs, "id": f"f{number}"})
            for unit in units:
                target = existing.get((unit.segment.string_id, unit.segment.context_id))
                element = ET.SubElement(file, "unit", {"id": unit.id})
                segment = ET.SubElement(
                    element,
                    "segment",
                    {"state": "translated" if target else "initial"},
                )
                ET.SubElement(segment, "source").text = unit.source_text
                if target:
                    ET.SubElement(segment, "target").text = target
    ET.indent(root)
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
    """``[(attrs, target_language, {unit_id: (source, target)})]``."""
    files = []
    if version == "1.2":
        for file in root.findall(f"{{{NS_12}}}file"):
            units = {}
            for unit in file.iter(f"{{{NS_12}}}trans-unit"):
                target = unit.find(f"{{{NS_12}}}target")
                source = unit.find(f"{{{NS_12}}}source")
                units[unit.get("id", "")] = (
                    source.text if source is not None else None,
                    target.text if target is not None else None,
                )
            files.append((file.attrib, file.get("target-language", ""), units))
    else:
        language = root.get("trgLang", "")
        for file in root.findall(f"{{{NS_20}}}file"):
            units = {}
            for unit in file.iter(f"{{{NS_20}}}unit"):
                segment = unit.find(f"{{{NS_20}}}segment")
                source = (
                    segment.find(f"{{{NS_20}}}source") if segment is not None else None
                )
                target = (
                    segment.find(f"{{{NS_20}}}target") if segment is not None else None
                )
                units[unit.get("id", "")] = (
                    source.text if source is not None else None,
                    target.text if target is not None else None,
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
        for unit_id, (source_text, target_text) in units.items():
            unit = current[unit_id]
            if source_text is not None and source_text != unit.source_text:
                errors.append(
                    _(
                        "“%(title)s”: the source text of segment %(id)s differs from "
                        "the page."
                    )
                    % {"title": title, "id": unit_id}
                )
                continue
            if target_text:
                writes.append((unit.segment, target_text))
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


def _is_uuid(value):
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
