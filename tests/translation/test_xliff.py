"""XLIFF 1.2 and 2.0 round trips; mismatched, stale and hostile files."""

import copy
import json
from xml.etree import ElementTree as ET

import pytest
from defusedxml import ElementTree as SafeET
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringTranslation

from rathaus.site.translation import services, xliff
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

from ..factories import add_information_page
from .conftest import locale
from .test_sync import add_paragraph

pytestmark = pytest.mark.django_db


def fill(content, version):
    """What an agency does: fill every target."""
    text = content.decode()
    if version == "1.2":
        parts = text.split('<target state="needs-translation" />')
        text = "".join(
            part
            + (
                f'<target state="translated">AR {n}</target>'
                if n < len(parts) - 1
                else ""
            )
            for n, part in enumerate(parts)
        )
    else:
        parts = text.split("</source>")
        text = "".join(
            part + (f"</source><target>AR {n}</target>" if n < len(parts) - 1 else "")
            for n, part in enumerate(parts)
        )
    return text.encode()


@pytest.fixture
def translated(page_a, editor_a):
    child = add_information_page(page_a, "Personalausweis")
    services.translate_subtree(page_a, locale("ar"), user=editor_a)
    return page_a, child


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_round_trip_of_a_subtree(translated, version, translator_ar):
    page, child = translated
    content = xliff.export_xliff(page, locale("ar"), version=version, subtree=True)
    root = SafeET.fromstring(content)
    assert root.get("version") == version
    assert len([e for e in root if e.tag.endswith("file")]) == 2

    count = xliff.import_xliff(
        fill(content, version), page=page, locale=locale("ar"), user=translator_ar
    )

    assert count == StringTranslation.objects.filter(locale=locale("ar")).count() > 0
    assert all(
        s.data.startswith("AR ") and s.translation_type == "manual"
        for s in StringTranslation.objects.filter(locale=locale("ar"))
    )
    row = TranslationStatus.objects.get(
        translation_key=child.translation_key, locale=locale("ar")
    )
    assert (row.status, row.words_left) == (Status.IN_TRANSLATION, 0)


def expect_error(content, page, code, message):
    before = StringTranslation.objects.count()
    with pytest.raises(xliff.XliffError) as raised:
        xliff.import_xliff(content, page=page, locale=locale(code))
    assert any(message in m for m in raised.value.messages), raised.value.messages
    assert StringTranslation.objects.count() == before


def test_wrong_locale_wrong_page_and_unknown_units_are_refused(translated, page_b):
    page, child = translated
    content = fill(xliff.export_xliff(page, locale("ar"), subtree=True), "1.2")
    expect_error(content, page, "en", "nicht für „en“")
    expect_error(content, page_b, "ar", "gehört zu einer anderen Seite")
    # A file for the parent and the child imported at the child: the parent's
    # file does not fit, so nothing at all is imported (not even the child's).
    expect_error(content, child, "ar", "gehört zu einer anderen Seite")
    broken = content.replace(
        b'trans-unit id="title"', b'trans-unit id="no-such-segment"'
    )
    expect_error(broken, page, "ar", "unbekannte Segment-IDs: no-such-segment")


def test_stale_files_are_refused(translated, editor_a):
    page, _child = translated
    content = fill(xliff.export_xliff(page, locale("ar"), version="2.0"), "2.0")
    add_paragraph(page, "Neue Gebühren ab Mai").publish(user=editor_a)
    expect_error(content, page, "ar", "nach dem Export dieser Datei geändert")


@pytest.mark.parametrize(
    "content",
    [
        b"not xml",
        b"<html/>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2">&b;</xliff>',
    ],
)
def test_hostile_or_broken_files(translated, content):
    page, _child = translated
    expect_error(content, page, "ar", "XLIFF")


def test_admin_export_and_import(client, translated, translator_ar, translator_b_ar):
    page, _child = translated
    client.force_login(translator_ar)
    url = reverse("rathaus_translation:xliff_export", args=[page.pk, "ar"])
    response = client.get(url + "?version=2.0")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xliff+xml"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.xlf", fill(response.content, "2.0"))
    response = client.post(
        reverse("rathaus_translation:xliff_import", args=[page.pk, "ar"]),
        {"file": upload},
    )
    assert response.status_code == 302
    assert StringTranslation.objects.filter(locale=locale("ar")).exists()
    # Translators of another municipality or locale get nothing.
    client.force_login(translator_b_ar)
    assert client.get(url).status_code in (403, 404)
    en_url = reverse("rathaus_translation:xliff_export", args=[page.pk, "en"])
    client.force_login(translator_ar)
    response = client.get(en_url)
    assert response.status_code in (403, 404) or response.url == "/admin/"


# Inline markup ---------------------------------------------------------------------

LINKED = (
    '<p>Call <a linktype="page" id="{pk}">the office</a> or <b>now</b>:<br/>'
    'Tel &amp; Fax &lt;24h&gt; <a href="https://example.org/?a=1&amp;b=2">online</a>'
    "</p>"
)
SOURCE_HTML = (
    'Call <a id="a1">the office</a> or <b>now</b>:<br/>'
    'Tel &amp; Fax &lt;24h&gt; <a id="a2">online</a>'
)
TRANSLATED_HTML = (
    'CALL <a id="a1">THE OFFICE</a> OR <b>NOW</b>:<br/>'
    'TEL &amp; FAX &lt;24H&gt; <a id="a2">ONLINE</a>'
)
ELEMENTS = {"1.2": ("g", "x"), "2.0": ("pc", "ph")}
NS = {"1.2": xliff.NS_12, "2.0": xliff.NS_20}


@pytest.fixture
def linked(page_a, editor_a):
    """A page (subpage of page_a) whose paragraph has links, bold and a break."""
    page = add_information_page(
        page_a,
        "Kontakt & Zeiten",
        body=json.dumps([{"type": "paragraph", "value": LINKED.format(pk=page_a.pk)}]),
    )
    translation = services.start_translation(page, locale("ar"), user=editor_a)
    return page, translation


def units_of(root, version):
    """``{unit id: (container of source and target, source)}``."""
    ns = NS[version]
    tag = "trans-unit" if version == "1.2" else "unit"
    units = {}
    for unit in root.iter(f"{{{ns}}}{tag}"):
        container = unit if version == "1.2" else unit.find(f"{{{ns}}}segment")
        units[unit.get("id")] = (container, container.find(f"{{{ns}}}source"))
    return units


def body_id(units):
    return next(unit_id for unit_id in units if unit_id.startswith("body."))


def translate(content, version, change=str.upper, tamper=None):
    """What a CAT tool does: the target is the source with its text translated
    (``change``) and its inline codes kept; ``tamper(target)`` breaks the body's.
    """
    ns = NS[version]
    root = SafeET.fromstring(content)
    units = units_of(root, version)
    for unit_id, (container, source) in units.items():
        old = container.find(f"{{{ns}}}target")
        if old is not None:
            container.remove(old)
        target = copy.deepcopy(source)
        target.tag = f"{{{ns}}}target"
        for element in target.iter():
            if element.text:
                element.text = change(element.text)
            if element is not target and element.tail:
                element.tail = change(element.tail)
        container.append(target)
        if tamper and unit_id == body_id(units):
            tamper(target)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def body_translation(page):
    return StringTranslation.objects.get(
        locale=locale("ar"),
        context__object_id=page.translation_key,
        context__path__startswith="body.",
    )


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_inline_markup_round_trip(linked, version, editor_a, translator_ar):
    page, translation = linked
    content = xliff.export_xliff(page, locale("ar"), version=version)
    assert xliff.source_units(translation.source)[-1].source_text == SOURCE_HTML
    # Text is plain text in XML: escaped once, not HTML escaped in XML.
    assert b"Tel &amp; Fax &lt;24h&gt; " in content
    assert b"&amp;amp;" not in content and b"&amp;lt;" not in content
    root = SafeET.fromstring(content)
    file = root.find(f"{{{NS[version]}}}file")
    if version == "1.2":
        # The strict 1.2 schema allows no attributes of other namespaces.
        assert file.get("tool-id") == xliff.TOOL_ID and file.get(xliff.MARKUP) is None
    else:
        assert file.get(xliff.MARKUP) == "inline"
    units = units_of(root, version)
    source = units[body_id(units)][1]
    paired, standalone = (f"{{{NS[version]}}}{name}" for name in ELEMENTS[version])
    codes = [
        (e.tag, e.get("id"), e.get(xliff.ATTR_TAG), e.get(xliff.ATTR_HTML_ID))
        for e in source
    ]
    if version == "1.2":
        codes = [code[:2] for code in codes]
        assert codes == [(paired, "1"), (paired, "2"), (standalone, "3"), (paired, "4")]
    else:
        assert codes == [
            (paired, "1", "a", "a1"),
            (paired, "2", "b", None),
            (standalone, "3", "br", None),
            (paired, "4", "a", "a2"),
        ]
    if version == "1.2":
        assert [e.get("ctype") for e in source] == ["link", "bold", "lb", "link"]
    else:
        assert [(e.get("type"), e.get("subType")) for e in source] == [
            ("link", None),
            ("fmt", "xlf:b"),
            ("fmt", "xlf:lb"),
            ("link", None),
        ]
    assert source[0].text == "the office" and source[2].tail == "Tel & Fax <24h> "

    count = xliff.import_xliff(
        translate(content, version), page=page, locale=locale("ar"), user=translator_ar
    )

    assert count == 3  # title, slug, body
    assert body_translation(page).data == TRANSLATED_HTML
    # Exported again, the translation has the same codes.
    again = units_of(
        SafeET.fromstring(xliff.export_xliff(page, locale("ar"), version=version)),
        version,
    )
    container, source = again[body_id(again)]
    target = container.find(f"{{{NS[version]}}}target")
    assert [(e.tag, e.get("id")) for e in target] == [
        (e.tag, e.get("id")) for e in source
    ]
    assert target[0].text == "THE OFFICE" and target[2].tail == "TEL & FAX <24H> "

    # The draft and the published translation link like the source.
    link = f'<a id="{page.get_parent().pk}" linktype="page">THE OFFICE</a>'
    external = '<a href="https://example.org/?a=1&amp;b=2">ONLINE</a>'
    draft = services.save_draft(translation, user=editor_a)
    body = draft.get_latest_revision_as_object().body.raw_data[0]["value"]
    assert link in body and external in body and "<b>NOW</b>:<br/>TEL" in body
    translation.save_target(user=editor_a, publish=True)
    live = Page.objects.get(pk=draft.pk).specific
    assert live.title == "KONTAKT & ZEITEN"
    assert live.body.raw_data[0]["value"] == (
        f"<p>CALL {link} OR <b>NOW</b>:<br/>TEL &amp; FAX &lt;24H&gt; {external}</p>"
    )
    rendered = str(live.body[0].value)
    assert f'<a href="{page.get_parent().url}">THE OFFICE</a>' in rendered


def test_tags_may_move_and_text_stays_text(linked, translator_ar):
    page, _translation = linked
    content = xliff.export_xliff(page, locale("ar"), version="2.0")

    def reorder(target):
        # Another order, the link inside the bold part; literal markup in text.
        link, bold, brk, other = list(target)
        for element in list(target):
            target.remove(element)
        target.text = "<i>جديد</i> & "
        bold.text, link.text, other.text = "الآن ", "المكتب", "online"
        bold.append(link)
        link.tail, bold.tail, other.tail, brk.tail = None, " ", None, None
        target.extend([bold, other, brk])

    xliff.import_xliff(
        translate(content, "2.0", change=lambda text: text, tamper=reorder),
        page=page,
        locale=locale("ar"),
        user=translator_ar,
    )
    assert body_translation(page).data == (
        "&lt;i&gt;جديد&lt;/i&gt; &amp; "
        '<b>الآن <a id="a1">المكتب</a></b> <a id="a2">online</a><br/>'
    )


def drop_break(target):
    brk = target[2]
    target[1].tail += brk.tail
    target.remove(brk)


def rename_break(target):
    target[2].set("id", "9")


def copy_break(target):
    target.append(copy.deepcopy(target[2]))


def bold_as_standalone(target):
    bold = target[1]
    bold.tag = bold.tag.replace("}g", "}x").replace("}pc", "}ph")
    bold.text = None


def retarget_link(target):
    if target.tag.startswith(f"{{{xliff.NS_12}}}"):
        target[0].set("ctype", "bold")
    else:
        target[0].set(xliff.ATTR_HTML_ID, "a2")


def foreign_code(target):
    # Elements Rathaus does not write: 1.2's <bx/>, 2.0's <sm/> (a marker).
    foreign = "bx" if target.tag.startswith(f"{{{xliff.NS_12}}}") else "sm"
    ET.SubElement(target, target.tag.replace("}target", f"}}{foreign}"), {"id": "7"})


@pytest.mark.parametrize("version", ["1.2", "2.0"])
@pytest.mark.parametrize(
    "tamper, message",
    [
        (drop_break, "Inline-Tags des Ausgangstexts fehlen: 3 (<br>)."),
        (rename_break, "Inline-Tags, die im Ausgangstext nicht vorkommen: 9."),
        (copy_break, "Das Inline-Tag 3 (<br>) kommt mehr als einmal vor."),
        (
            bold_as_standalone,
            "Das Inline-Tag 2 (<b>) muss ein <{paired}>-Element sein.",
        ),
        (retarget_link, "Das Inline-Tag 1 (<a>) wurde verändert."),
        (foreign_code, "nicht unterstütztes Element <{foreign}>."),
    ],
)
def test_tampered_inline_tags_are_refused(linked, version, tamper, message):
    page, _translation = linked
    content = xliff.export_xliff(page, locale("ar"), version=version)
    unit_id = body_id(units_of(SafeET.fromstring(content), version))
    message = message.format(
        paired=ELEMENTS[version][0], foreign="bx" if version == "1.2" else "sm"
    )
    # The title and slug would fit: nothing at all is imported.
    expect_error(
        translate(content, version, tamper=tamper),
        page,
        "ar",
        f"„Kontakt & Zeiten“, Segment {unit_id}: {message}",
    )
    assert not StringTranslation.objects.filter(locale=locale("ar")).exists()


def legacy(content, translation, targets):
    """A 1.2 file as exported before inline codes: HTML as escaped text."""
    units = xliff.source_units(translation.source)
    sources = {unit.id: unit.source_text for unit in units}
    root = SafeET.fromstring(content)
    for file in root.iter(f"{{{xliff.NS_12}}}file"):
        # Files of that time kept their metadata in rathaus: attributes.
        file.set(f"{{{xliff.NS_RATHAUS}}}title", file.attrib.pop("product-name"))
        file.set(f"{{{xliff.NS_RATHAUS}}}source-hash", file.attrib.pop("build-num"))
        file.set(f"{{{xliff.NS_RATHAUS}}}source-updated", file.attrib.pop("date"))
        del file.attrib["tool-id"]
    for unit_id, (container, source) in units_of(root, "1.2").items():
        for element, text in (
            (source, sources[unit_id]),
            (
                container.find(f"{{{xliff.NS_12}}}target"),
                targets.get(unit_id.split(".")[0]),
            ),
        ):
            for child in list(element):
                element.remove(child)
            element.text = text
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def test_files_with_escaped_html_are_accepted_if_the_tags_fit(linked):
    page, translation = linked
    content = xliff.export_xliff(page, locale("ar"))
    assert b"&lt;a id=" not in content
    assert b"&lt;a id=" in legacy(content, translation, {})
    missing_bold = legacy(
        content, translation, {"body": TRANSLATED_HTML.replace("<b>NOW</b>", "")}
    )
    expect_error(
        missing_bold,
        page,
        "ar",
        "Die HTML-Tags der Übersetzung weichen vom Ausgangstext ab",
    )
    unknown_link = legacy(
        content, translation, {"body": TRANSLATED_HTML.replace("a2", "a3")}
    )
    expect_error(
        unknown_link,
        page,
        "ar",
        "Die HTML-Tags der Übersetzung weichen vom Ausgangstext ab",
    )

    xliff.import_xliff(
        legacy(
            content,
            translation,
            {"body": TRANSLATED_HTML, "title": "Kontakt &amp; Zeiten"},
        ),
        page=page,
        locale=locale("ar"),
    )
    assert body_translation(page).data == TRANSLATED_HTML
    title = StringTranslation.objects.get(
        locale=locale("ar"),
        context__object_id=page.translation_key,
        context__path="title",
    )
    assert title.data == "Kontakt &amp; Zeiten"


def test_export_keeps_only_the_source_tags_of_a_translation(linked):
    page, translation = linked
    body = xliff.source_units(translation.source)[-1].segment
    StringTranslation.objects.create(
        translation_of_id=body.string_id,
        context_id=body.context_id,
        locale=locale("ar"),
        data='<i>Neu</i> <a id="a2">online</a> <a id="a9">weg</a>',
    )
    units = units_of(SafeET.fromstring(xliff.export_xliff(page, locale("ar"))), "1.2")
    container, _source = units[body_id(units)]
    target = container.find(f"{{{xliff.NS_12}}}target")
    assert target.get("state") == "translated"
    assert [(e.get("id"), e.text, e.tail) for e in target] == [("4", "online", " weg")]
    assert target.text == "Neu "
