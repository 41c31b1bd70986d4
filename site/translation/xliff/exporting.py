"""Export of a page's (or subtree's) translation as XLIFF 1.2 or 2.0."""

from datetime import UTC
from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation

from ..models import TranslationStatus
from ..state import Status
from .codes import codes_of, fill_element
from .common import (
    MARKUP,
    MARKUP_INLINE,
    NS_12,
    NS_20,
    NS_RATHAUS,
    TOOL_ID,
    VERSIONS,
    XliffError,
    source_hash,
    source_units,
)


def _xsd_datetime(value):
    """``xsd:dateTime`` in UTC, as the strict schema's ``date`` wants it."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _translations(units, locale):

    rows = StringTranslation.objects.filter(
        locale=locale, context_id__in={unit.segment.context_id for unit in units}
    ).values_list("translation_of_id", "context_id", "data", "translation_type")
    return {
        (string_id, context_id): (
            data,
            kind == StringTranslation.TRANSLATION_TYPE_MACHINE,
        )
        for string_id, context_id, data, kind in rows
    }


def _approved_keys(translations, locale):
    """Translation keys whose translation into ``locale`` is reviewed and live."""

    return set(
        TranslationStatus.objects.filter(
            locale=locale,
            status=Status.UP_TO_DATE,
            translation_key__in=[t.source.object_id for t in translations],
        ).values_list("translation_key", flat=True)
    )


# The state of a unit's target, by version: none yet, machine-translated and
# not reviewed, translated by a person, reviewed and live (approved).
TARGET_STATES = {
    "1.2": {
        None: "needs-translation",
        "machine": "needs-review-translation",
        "translated": "translated",
        "approved": "final",
    },
    "2.0": {None: "initial", "machine": "translated", "translated": "translated"}
    | {"approved": "final"},
}


def _target_state(target, machine, approved):
    if not target:
        return None
    if machine:
        return "machine"
    return "approved" if approved else "translated"


def _sources_for_export(page, locale, subtree):

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
    approved_keys = _approved_keys(translations, locale)
    for number, translation in enumerate(translations, start=1):
        units = source_units(translation.source)
        existing = _translations(units, locale)
        approved = translation.source.object_id in approved_keys
        if version == "1.2":
            # Only the schema's own attributes: 1.2's strict schema refuses
            # attributes of other namespaces it has no schema for.
            file = ET.SubElement(
                root,
                "file",
                {
                    "original": str(translation.source.object_id),
                    "source-language": source_code,
                    "target-language": locale.language_code,
                    "datatype": "html",
                    "tool-id": TOOL_ID,
                    "date": _xsd_datetime(translation.source.last_updated_at),
                    "product-name": translation.source.object_repr,
                    "build-num": source_hash(units),
                },
            )
            header = ET.SubElement(file, "header")
            ET.SubElement(
                header,
                "tool",
                {"tool-id": TOOL_ID, "tool-name": "Rathaus", "tool-version": "2"},
            )
            body = ET.SubElement(file, "body")
        else:
            file = ET.SubElement(
                root,
                "file",
                {
                    "original": str(translation.source.object_id),
                    f"{{{NS_RATHAUS}}}title": translation.source.object_repr,
                    f"{{{NS_RATHAUS}}}source-hash": source_hash(units),
                    f"{{{NS_RATHAUS}}}source-updated": (
                        translation.source.last_updated_at.isoformat()
                    ),
                    MARKUP: MARKUP_INLINE,
                    "id": f"f{number}",
                },
            )
        for unit in units:
            target, machine = existing.get(
                (unit.segment.string_id, unit.segment.context_id), (None, False)
            )
            state = _target_state(target, machine, approved)
            codes = codes_of(unit.source_text)
            if version == "1.2":
                attrs = {"id": unit.id}
                if state == "approved":
                    attrs["approved"] = "yes"
                element = ET.SubElement(body, "trans-unit", attrs)
                source = ET.SubElement(element, "source")
                target_element = ET.SubElement(
                    element, "target", {"state": TARGET_STATES["1.2"][state]}
                )
            else:
                element = ET.SubElement(file, "unit", {"id": unit.id})
                attrs = {"state": TARGET_STATES["2.0"][state]}
                if state == "machine":
                    attrs["subState"] = "rathaus:machine-translated"
                segment = ET.SubElement(element, "segment", attrs)
                source = ET.SubElement(segment, "source")
                target_element = ET.SubElement(segment, "target") if target else None
            fills.append((source, unit.source_text, codes))
            if target:
                fills.append((target_element, target, codes))
    # Indent the structure only: whitespace inside <source> and <target> is
    # content, so their text and inline codes are filled in afterwards.
    ET.indent(root)
    for element, html, codes in fills:
        fill_element(element, html, codes, version)
    # Elements are unqualified under an explicit default namespace (xmlns):
    # ElementTree's default_namespace option cannot leave attributes alone.
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
