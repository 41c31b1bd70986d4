"""The German catalogues of the warnings, waste and notifications modules.

Each module ships ``locale/de/LC_MESSAGES/django.po`` and the compiled
``django.mo`` next to its ``apps.py``. Every entry is translated and none is
fuzzy, the ``.mo`` is compiled from the ``.po`` as committed, and the
catalogue holds exactly the strings the module marks for translation: a
newly marked string that is missing (or a stale one left behind) fails here
until ``makemessages`` is run in the module's directory and the new entries
are translated.
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

APP_LABELS = ["rathaus_warnings", "waste", "notifications"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w+\}")


def catalogue(label):
    return Path(apps.get_app_config(label).path) / "locale" / "de" / "LC_MESSAGES"


def entries(po):
    return [entry for entry in po if not entry.obsolete]


def key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def translations(catalogue_file):
    """``{(context, msgid, plural msgid): translation(s)}`` of a .po or .mo."""
    return {
        key(entry): (
            tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            if entry.msgid_plural
            else entry.msgstr
        )
        for entry in entries(catalogue_file)
    }


@pytest.mark.parametrize("label", APP_LABELS)
def test_catalogue_is_complete(label):
    po = polib.pofile(str(catalogue(label) / "django.po"))
    assert po.metadata["Language"] == "de"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not po.metadata_is_fuzzy
    assert entries(po), "empty catalogue"
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []
    for entry in entries(po):
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, german in pairs:
            assert german.strip(), entry.msgid
            assert sorted(PLACEHOLDER.findall(german)) == sorted(
                PLACEHOLDER.findall(source)
            ), (source, german)


@pytest.mark.parametrize("label", APP_LABELS)
def test_compiled_catalogue_matches_the_po_file(label):
    po = polib.pofile(str(catalogue(label) / "django.po"))
    mo = polib.mofile(str(catalogue(label) / "django.mo"))
    assert translations(mo) == translations(po)


@pytest.mark.parametrize("label", APP_LABELS)
def test_catalogue_holds_exactly_the_marked_strings(label, tmp_path, monkeypatch):
    """A fresh ``makemessages`` run on a copy of the module finds the same
    strings as the committed catalogue (about a second per module)."""
    if not shutil.which("xgettext"):
        pytest.skip("gettext is not installed")
    copy = tmp_path / "module"
    shutil.copytree(
        apps.get_app_config(label).path,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "locale", "static"),
    )
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["de"], no_location=True, verbosity=0)
    fresh = polib.pofile(str(copy / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(catalogue(label) / "django.po"))
    fresh_keys = {key(entry) for entry in entries(fresh)}
    committed_keys = {key(entry) for entry in entries(committed)}
    assert sorted(fresh_keys - committed_keys) == [], "marked but not translated"
    assert sorted(committed_keys - fresh_keys) == [], "translated but not marked"


def test_german_is_what_residents_and_staff_see():
    """The catalogues are found (each module's ``locale/`` next to its
    ``apps.py``) and used under German."""
    with translation.override("de"):
        assert str(apps.get_app_config("rathaus_warnings").verbose_name) == (
            "Warnungen"
        )
        assert str(apps.get_app_config("waste").verbose_name) == "Abfuhrkalender"
        assert str(apps.get_app_config("notifications").verbose_name) == (
            "Push-Nachrichten"
        )
        assert translation.gettext("Withdrawn: %(headline)s") == (
            "Zurückgezogen: %(headline)s"
        )
