"""Import of XLIFF 1.2 and 2.0 files: validated whole, written at once."""

import copy
import uuid
from xml.etree import ElementTree as ET

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail_localize.models import StringTranslation, Translation

from .. import status
from .codes import append_text, codes_of, is_empty, rebuild, rebuild_legacy
from .common import (
    MARKUP,
    MARKUP_INLINE,
    MAX_BYTES,
    NS_12,
    NS_20,
    NS_RATHAUS,
    TOOL_ID,
    XliffError,
    source_hash,
    source_units,
)


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
                units[unit.get("id", "")] = _merge_segments(unit)
            files.append((file.attrib, language, units))
    return files


def _file_metadata(attrs):
    """Title, source hash, export date and markup style of a ``<file>``.

    1.2 files keep them in standard attributes (see ``TOOL_ID``); 2.0 files
    and 1.2 files of earlier versions in ``rathaus:`` attributes.
    """
    if attrs.get("tool-id") == TOOL_ID:
        return {
            "title": attrs.get("product-name") or attrs.get("original", "?"),
            "hash": attrs.get("build-num"),
            "updated": attrs.get("date", "?"),
            "inline": True,
        }
    return {
        "title": attrs.get(f"{{{NS_RATHAUS}}}title") or attrs.get("original", "?"),
        "hash": attrs.get(f"{{{NS_RATHAUS}}}source-hash"),
        "updated": attrs.get(f"{{{NS_RATHAUS}}}source-updated", "?"),
        "inline": attrs.get(MARKUP) == MARKUP_INLINE,
    }


#: A unit some of whose segments have a target and some not.
PARTLY_TRANSLATED = object()


def _concatenate(tag, elements):
    """One element holding the text and children of ``elements`` in order."""
    merged = ET.Element(tag)
    for element in elements:
        append_text(merged, element.text or "")
        for child in element:
            merged.append(copy.deepcopy(child))
    return merged


def _merge_segments(unit):
    """A 2.0 unit's ``(source, target)``, its segments joined again.

    Tools may split a unit's segment into several ``<segment>`` and
    ``<ignorable>`` elements (``canResegment`` is yes by default) and reorder
    targets with ``order``; the page has one segment per unit, so they are
    joined in order. Ignorables without a target keep their source.
    """
    parts = [
        child
        for child in unit
        if child.tag in (f"{{{NS_20}}}segment", f"{{{NS_20}}}ignorable")
    ]
    if not parts:
        return None, None
    sources = [part.find(f"{{{NS_20}}}source") for part in parts]
    if any(source is None for source in sources):
        return None, None
    source = _concatenate(f"{{{NS_20}}}source", sources)
    targets = [part.find(f"{{{NS_20}}}target") for part in parts]
    segments = [
        target
        for part, target in zip(parts, targets, strict=True)
        if part.tag == f"{{{NS_20}}}segment"
    ]
    if all(is_empty(target) for target in segments):
        return source, None
    if any(target is None for target in segments):
        return source, PARTLY_TRANSLATED
    placed = [None] * len(parts)
    for position, (target, source_part) in enumerate(
        zip(targets, sources, strict=True), start=1
    ):
        element = target if target is not None else source_part
        order = target.get("order") if target is not None else None
        index = int(order) - 1 if order and order.isdigit() else position - 1
        if not 0 <= index < len(parts) or placed[index] is not None:
            return source, PARTLY_TRANSLATED
        placed[index] = element
    return source, _concatenate(f"{{{NS_20}}}target", placed)


def import_xliff(content, *, page, locale, user=None, allowed=None):
    """Import translations for ``page`` (and its subtree) into ``locale``.

    Validates everything first; raises XliffError listing every problem and
    writes nothing if there is any. ``allowed(target_page)`` may refuse
    pages the user must not change. Returns the number of segments written.
    """

    version, root = _parse(content)
    files = _read_files(version, root)
    if not files:
        raise XliffError([_("The file contains no <file> element.")])
    errors = []
    writes = []
    scope = page.get_descendants(inclusive=True)
    for attrs, language, units in files:
        meta = _file_metadata(attrs)
        title = meta["title"]
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
        current = {unit.id: unit for unit in source_units(translation.source)}
        if meta["hash"] != source_hash(current.values()):
            errors.append(
                _(
                    "“%(title)s”: the page changed after this file was exported "
                    "(%(exported)s). Export it again and translate the new version."
                )
                % {
                    "title": title,
                    "exported": meta["updated"],
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
        inline = meta["inline"]
        for unit_id, (source, target) in units.items():
            unit = current[unit_id]
            if not is_empty(source) and not _same_source(source, unit, version, inline):
                errors.append(
                    _(
                        "“%(title)s”: the source text of segment %(id)s differs from "
                        "the page."
                    )
                    % {"title": title, "id": unit_id}
                )
                continue
            if target is PARTLY_TRANSLATED:
                errors.append(
                    _(
                        "“%(title)s”, segment %(id)s: the tool split this segment, "
                        "and some of its parts have no translation."
                    )
                    % {"title": title, "id": unit_id}
                )
                continue
            if is_empty(target):
                continue
            if inline:
                html, problems = rebuild(target, codes_of(unit.source_text), version)
            else:
                html, problems = rebuild_legacy(target, unit.source_text)
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
    html, problems = rebuild(source, codes_of(unit.source_text), version)
    return not problems and html == unit.source_text


def _is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
