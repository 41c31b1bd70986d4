"""XLIFF as tools nobody here wrote read and write it.

The OASIS schemas (XLIFF 1.2 strict, the XLIFF 2.0 and 2.1 core schemas,
vendored in ``schemas/``; 1.2 and 2.1 read by xmlschema, 2.0 by libxml2 through
lxml), translate-toolkit (the library under Weblate, Pootle and
Virtaal), and CAT tools that re-segment 2.0 units or add 1.2 ``seg-source``.
"""

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from defusedxml import ElementTree as SafeET
from lxml import etree
from translate.storage import xliff as toolkit_xliff
from translate.storage import xliff2 as toolkit_xliff2
from wagtail_localize.models import StringTranslation

from rathaus.site.translation import xliff
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

from . import test_xliff
from .conftest import locale
from .test_xliff import NS, TRANSLATED_HTML, body_id, body_translation, units_of

pytestmark = pytest.mark.django_db

linked = test_xliff.linked  # the fixture: a page with links, bold and a break

SCHEMAS = Path(__file__).parent / "schemas"
# libxml2 never reaches the network here: the 2.0 core schema imports the W3C
# schema of the ``xml:`` namespace from the copy vendored beside it.
OFFLINE_PARSER = etree.XMLParser(no_network=True, resolve_entities=False)


def xmlschema_validator(name):
    return xmlschema.XMLSchema(SCHEMAS / name).validate


def lxml_validator(name):
    schema = etree.XMLSchema(etree.parse(SCHEMAS / name, parser=OFFLINE_PARSER))

    def validate(content):
        schema.assertValid(etree.fromstring(content, parser=OFFLINE_PARSER))

    return validate


@pytest.fixture(scope="module")
def schemas():
    """A validator per schema, each taking the exported bytes.

    ``"2.1"`` is the 2.1 core schema, against which 2.0 exports are valid too
    (2.1 keeps 2.0's core namespace and adds modules).
    """
    return {
        "1.2": xmlschema_validator("xliff-core-1.2-strict.xsd"),
        "2.0": lxml_validator("xliff_core_2.0.xsd"),
        "2.1": xmlschema_validator("xliff-core-2.1.xsd"),
    }


def translate_segment(page, path, data, kind="manual"):
    segment = next(
        unit.segment
        for unit in xliff.source_units(page_translation(page).source)
        if unit.id == path
    )
    StringTranslation.objects.update_or_create(
        translation_of_id=segment.string_id,
        context_id=segment.context_id,
        locale=locale("ar"),
        defaults={"data": data, "translation_type": kind},
    )


def page_translation(page):
    from wagtail_localize.models import Translation

    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locale("ar")
    )


def mark_status(page, status):
    TranslationStatus.objects.update_or_create(
        translation_key=page.translation_key,
        locale=locale("ar"),
        defaults={"status": status, "municipality": page.get_site().municipality},
    )


@pytest.fixture
def mixed(linked):
    """Title translated by a person, slug by a machine, body not at all."""
    page, translation = linked
    translate_segment(page, "title", "KONTAKT")
    translate_segment(page, "slug", "kontakt-ar", kind="machine")
    return page, translation


@pytest.mark.parametrize(
    ("version", "schema"), [("1.2", "1.2"), ("2.0", "2.0"), ("2.0", "2.1")]
)
@pytest.mark.parametrize("status", [Status.IN_TRANSLATION, Status.UP_TO_DATE])
def test_exports_are_valid_against_the_oasis_schemas(
    mixed, schemas, version, schema, status
):
    page, _translation = mixed
    mark_status(page, status)
    content = xliff.export_xliff(page, locale("ar"), version=version)
    schemas[schema](content)


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_unit_states_follow_the_translation_status(mixed, version):
    page, _translation = mixed

    def states():
        content = xliff.export_xliff(page, locale("ar"), version=version)
        root = SafeET.fromstring(content)
        result = {}
        for unit_id, (container, _source) in units_of(root, version).items():
            if version == "1.2":
                target = container.find(f"{{{NS[version]}}}target")
                result[unit_id.split(".")[0]] = (
                    target.get("state"),
                    container.get("approved"),
                )
            else:
                result[unit_id.split(".")[0]] = (
                    container.get("state"),
                    container.get("subState"),
                )
        return result

    if version == "1.2":
        assert states() == {
            "title": ("translated", None),
            "slug": ("needs-review-translation", None),
            "body": ("needs-translation", None),
        }
        mark_status(page, Status.UP_TO_DATE)
        assert states()["title"] == ("final", "yes")
    else:
        assert states() == {
            "title": ("translated", None),
            "slug": ("translated", "rathaus:machine-translated"),
            "body": ("initial", None),
        }
        mark_status(page, Status.UP_TO_DATE)
        assert states()["title"] == ("final", None)
    # A machine translation nobody reviewed is never approved.
    assert states()["slug"][0] in ("needs-review-translation", "translated")


def test_translate_toolkit_reads_states_and_its_output_is_accepted(mixed):
    page, _translation = mixed
    mark_status(page, Status.UP_TO_DATE)
    store = toolkit_xliff.xlifffile.parsestring(
        xliff.export_xliff(page, locale("ar"), version="1.2")
    )
    units = {u.xmlelement.get("id").split(".")[0]: u for u in store.units}
    # Before: every unit read as fuzzy, since nothing was marked approved.
    assert units["title"].isapproved() and not units["title"].isfuzzy()
    assert units["slug"].isfuzzy() and not units["slug"].isapproved()
    assert not units["body"].istranslated()

    # What Weblate or Virtaal save: a new title, the slug confirmed.
    units["title"].settarget("اتصل")
    units["slug"].settarget("ittisal")
    units["slug"].markfuzzy(False)
    xliff.import_xliff(bytes(store), page=page, locale=locale("ar"))

    saved = dict(
        StringTranslation.objects.filter(
            locale=locale("ar"), context__object_id=page.translation_key
        ).values_list("context__path", "data")
    )
    assert (saved["title"], saved["slug"]) == ("اتصل", "ittisal")


def test_translate_toolkit_reads_2_0_states_and_its_output_is_accepted(mixed):
    page, _translation = mixed
    mark_status(page, Status.UP_TO_DATE)
    store = toolkit_xliff2.Xliff2File.parsestring(
        xliff.export_xliff(page, locale("ar"), version="2.0")
    )
    units = {u.getid().split(".")[0]: u for u in store.units}
    assert units["title"].isapproved() and not units["title"].isfuzzy()
    assert units["slug"].istranslated() and not units["slug"].isapproved()
    assert not units["body"].istranslated()

    units["title"].settarget("اتصل")
    xliff.import_xliff(bytes(store), page=page, locale=locale("ar"))
    saved = dict(
        StringTranslation.objects.filter(
            locale=locale("ar"), context__object_id=page.translation_key
        ).values_list("context__path", "data")
    )
    assert saved["title"] == "اتصل"


def split_body(content, targets=True, order=False):
    """What a CAT tool does to the body unit of a 2.0 file: split its segment
    inside the first link (the link's <pc> becomes <sc>/<ec>) and keep the
    space between the parts as an <ignorable>."""
    ns = NS["2.0"]
    root = SafeET.fromstring(content)
    unit = next(
        element
        for element in root.iter(f"{{{ns}}}unit")
        if element.get("id") == body_id(units_of(root, "2.0"))
    )
    for child in list(unit):
        unit.remove(child)
    first_target = '<target>CALL <sc id="1" type="link"/>THE</target>'
    second_target = (
        '<target>OFFICE<ec startRef="1"/> OR <pc id="2" type="fmt" subType="xlf:b">'
        'NOW</pc>:<ph id="3" type="fmt" subType="xlf:lb"/>TEL &amp; FAX &lt;24H&gt; '
        '<pc id="4" type="link">ONLINE</pc></target>'
    )
    if order:  # the targets swapped, with order naming their place
        first_target, second_target = (
            second_target.replace("<target>", '<target order="3">'),
            first_target.replace("<target>", '<target order="1">'),
        )
    parts = (
        f'<unit xmlns="{ns}" id="x">'
        '<segment id="s1"><source>Call <sc id="1" type="link"/>the</source>'
        f"{first_target if targets else ''}</segment>"
        "<ignorable><source> </source></ignorable>"
        '<segment id="s2"><source>office<ec startRef="1"/> or '
        '<pc id="2" type="fmt" subType="xlf:b">now</pc>:'
        '<ph id="3" type="fmt" subType="xlf:lb"/>Tel &amp; Fax &lt;24h&gt; '
        '<pc id="4" type="link">online</pc></source>'
        f"{second_target if targets != 'partly' else ''}</segment></unit>"
    )
    unit.extend(list(SafeET.fromstring(parts)))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@pytest.mark.parametrize("order", [False, True])
def test_re_segmented_2_0_units_are_joined_again(linked, schemas, order):
    page, _translation = linked
    exported = xliff.export_xliff(page, locale("ar"), version="2.0")
    content = split_body(exported, order=order)
    schemas["2.0"](content)
    schemas["2.1"](content)

    xliff.import_xliff(content, page=page, locale=locale("ar"))

    assert body_translation(page).data == TRANSLATED_HTML


def test_a_split_unit_translated_in_part_is_refused_by_name(linked):
    page, _translation = linked
    content = split_body(
        xliff.export_xliff(page, locale("ar"), version="2.0"), targets="partly"
    )
    with pytest.raises(xliff.XliffError) as raised:
        xliff.import_xliff(content, page=page, locale=locale("ar"))
    assert any(
        "hat dieses Segment geteilt, und einige Teile davon haben keine Übersetzung"
        in message
        for message in raised.value.messages
    ), raised.value.messages
    assert not StringTranslation.objects.filter(locale=locale("ar")).exists()


def test_1_2_seg_source_and_segmented_targets_are_accepted(linked, schemas):
    page, _translation = linked
    ns = NS["1.2"]
    root = SafeET.fromstring(xliff.export_xliff(page, locale("ar"), version="1.2"))
    units = units_of(root, "1.2")
    container, source = units[body_id(units)]
    container.remove(container.find(f"{{{ns}}}target"))
    # Sentence segmentation as SDL Trados and Okapi write it.
    segmented = SafeET.fromstring(
        f'<seg-source xmlns="{ns}"><mrk mtype="seg" mid="1">Call '
        '<g id="1" ctype="link">the office</g> or <g id="2" ctype="bold">now</g>:'
        '</mrk><x id="3" ctype="lb"/><mrk mtype="seg" mid="2">Tel &amp; Fax '
        '&lt;24h&gt; <g id="4" ctype="link">online</g></mrk></seg-source>'
    )
    target = SafeET.fromstring(
        f'<target xmlns="{ns}" state="translated"><mrk mtype="seg" mid="1">CALL '
        '<g id="1" ctype="link">THE OFFICE</g> OR <g id="2" ctype="bold">NOW</g>:'
        '</mrk><x id="3" ctype="lb"/><mrk mtype="seg" mid="2">TEL &amp; FAX '
        '&lt;24H&gt; <g id="4" ctype="link">ONLINE</g></mrk></target>'
    )
    position = list(container).index(source) + 1
    container.insert(position, segmented)
    container.insert(position + 1, target)
    content = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    schemas["1.2"](content)

    xliff.import_xliff(content, page=page, locale=locale("ar"))

    assert body_translation(page).data == TRANSLATED_HTML


def test_the_2_0_core_schema_refuses_a_state_it_does_not_define(schemas):
    """The lxml validator is not vacuous: 2.0 knows four segment states."""
    document = b"""<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de">
<file id="f"><unit id="u"><segment state="approved"><source>Hallo</source>
</segment></unit></file></xliff>"""

    with pytest.raises(etree.DocumentInvalid, match="state"):
        schemas["2.0"](document)
    schemas["2.0"](document.replace(b"approved", b"final"))
