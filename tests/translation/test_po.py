"""PO files of a translation: declared UTF-8, checked whole before import."""

import shutil
import subprocess

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail_localize.models import StringTranslation

from rathaus.site.translation import services

from . import test_xliff
from .conftest import locale
from .test_xliff import TRANSLATED_HTML, body_translation

pytestmark = pytest.mark.django_db

linked = test_xliff.linked  # the fixture: a page with links, bold and a break


def download(client, translation):
    return client.get(
        reverse("wagtail_localize:download_pofile", args=[translation.pk])
    )


def upload(client, translation, content):
    return client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("translation.po", content)},
    )


def translated_po(text, body=TRANSLATED_HTML):
    """What a translator's PO editor saves: title and body filled in."""
    po = polib.pofile(text)
    for entry in po:
        if entry.msgctxt == "title":
            entry.msgstr = "KONTAKT & ZEITEN"
        elif entry.msgctxt.startswith("body."):
            entry.msgstr = body
    return str(po).encode()


def test_download_declares_utf8_and_passes_msgfmt(client, linked, translator_ar):
    _page, translation = linked
    client.force_login(translator_ar)
    response = download(client, translation)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation; charset=utf-8"
    po = polib.pofile(response.content.decode("utf-8"))
    assert po.metadata["Content-Type"].lower() == "text/plain; charset=utf-8"
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(translation.uuid)
    if shutil.which("msgfmt") is None:
        pytest.skip("gettext's msgfmt is not installed")
    checked = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", "-"],
        input=response.content,
        capture_output=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr.decode()


def test_a_translated_po_file_is_imported(client, linked, translator_ar):
    page, translation = linked
    client.force_login(translator_ar)
    content = translated_po(download(client, translation).content.decode())
    response = upload(client, translation, content)
    assert response.status_code == 302
    assert body_translation(page).data == TRANSLATED_HTML


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda text: translated_po(text.split("\n\n", 1)[1]),
            "Der Datei fehlt der Header X-WagtailLocalize-TranslationID",
        ),
        (
            lambda text: translated_po(
                text,
                body='CALL <a id="a1">X</a> <b>N</b><br/><a id="a2">O</a>'
                "<script>alert(1)</script>",
            ),
            "&lt;script&gt;",  # wagtail-localize's message, in the admin's German
        ),
        (
            lambda text: translated_po(
                text,
                body=TRANSLATED_HTML.replace(
                    '<a id="a2">', '<a href="https://evil.example">'
                ),
            ),
            "Attributen",
        ),
        (
            lambda text: translated_po(
                text, body=TRANSLATED_HTML.replace('id="a2"', 'id="a9"')
            ),
            "HTML-Tags der Übersetzung weichen vom Ausgangstext ab",
        ),
        (lambda text: b"\xff\xfe not utf-8", "nicht UTF-8-kodiert"),
        (lambda text: b'msgid "unterminated', "X-WagtailLocalize-TranslationID"),
    ],
)
def test_bad_po_files_are_refused_whole_with_400(
    client, linked, translator_ar, change, message
):
    _page, translation = linked
    client.force_login(translator_ar)
    content = change(download(client, translation).content.decode())

    response = upload(client, translation, content)

    assert response.status_code == 400
    assert message in response.content.decode(), response.content.decode()
    # The title would have fitted: nothing at all is imported.
    assert not StringTranslation.objects.filter(locale=locale("ar")).exists()


def test_a_po_file_of_another_translation_is_refused(
    client, linked, translator_ar, editor_a
):
    page, translation = linked
    other = services.start_translation(page.get_parent(), locale("ar"), user=editor_a)
    client.force_login(translator_ar)
    content = translated_po(download(client, other).content.decode())
    response = upload(client, translation, content)
    assert response.status_code == 400
    assert "für eine andere Übersetzung erstellt" in response.content.decode()
    assert not StringTranslation.objects.filter(locale=locale("ar")).exists()
