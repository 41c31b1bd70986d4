"""XLIFF 1.2 and 2.0 round trips; mismatched, stale and hostile files."""

import pytest
from defusedxml import ElementTree as SafeET
from django.urls import reverse
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
    expect_error(content, page, "en", "not “en”")
    expect_error(content, page_b, "ar", "belongs to another page")
    # A file for the parent and the child imported at the child: the parent's
    # file does not fit, so nothing at all is imported (not even the child's).
    expect_error(content, child, "ar", "belongs to another page")
    broken = content.replace(
        b'trans-unit id="title"', b'trans-unit id="no-such-segment"'
    )
    expect_error(broken, page, "ar", "unknown segment ids: no-such-segment")


def test_stale_files_are_refused(translated, editor_a):
    page, _child = translated
    content = fill(xliff.export_xliff(page, locale("ar"), version="2.0"), "2.0")
    add_paragraph(page, "Neue Gebühren ab Mai").publish(user=editor_a)
    expect_error(content, page, "ar", "changed after this file was exported")


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
