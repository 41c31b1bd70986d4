"""The German catalogues of the site apps and of all bundled modules.

Every Rathaus app that marks strings for translation (the site apps core,
municipalities, content, module_platform, translation and demo, and the defects,
housing, jobs, warnings, notifications and waste modules) ships
``locale/de/LC_MESSAGES/django.po`` and the compiled ``django.mo`` next to its
``apps.py``; the names of the content languages have theirs next to
``site/settings/languages.py``. Every entry is translated and none is fuzzy,
the ``.mo`` is compiled from the ``.po`` as committed, and the catalogue holds
exactly the strings the app marks for translation: a newly marked string that
is missing (or a stale one left behind) fails here until ``makemessages`` is
run in the app's directory and the new entries are translated.
"""

import re
import shutil
from datetime import timedelta
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from rathaus.modules.defects.models import Status as DefectStatus
from rathaus.modules.housing.models import HousingListing
from rathaus.modules.housing.models import Kind as ListingKind
from rathaus.modules.jobs.models import JobOffer, OfferKind
from rathaus.site.content.models import AccessibilityStatementPage, HomePage
from rathaus.site.core.security import wait_message
from rathaus.site.module_platform.models import ModuleActivationLog
from rathaus.site.municipalities.models import Municipality, MunicipalityRole
from rathaus.site.settings import languages as content_languages
from rathaus.site.translation.state import Status

APP_LABELS = [
    # site apps
    "core",
    "municipalities",
    "content",
    "module_platform",
    "translation",
    "demo",
    # bundled modules
    "defects",
    "housing",
    "jobs",
    "rathaus_warnings",
    "waste",
    "notifications",
]
#: The names of the content languages (``settings.LANGUAGES``) belong to no
#: app: their catalogue is next to ``site/settings/languages.py``
#: (``LOCALE_PATHS``).
CATALOGUES = [*APP_LABELS, "settings"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w+\}")


def source(label):
    if label == "settings":
        return Path(content_languages.__file__).parent
    return Path(apps.get_app_config(label).path)


def catalogue(label):
    return source(label) / "locale" / "de" / "LC_MESSAGES"


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


@pytest.mark.parametrize("label", CATALOGUES)
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


@pytest.mark.parametrize("label", CATALOGUES)
def test_compiled_catalogue_matches_the_po_file(label):
    po = polib.pofile(str(catalogue(label) / "django.po"))
    mo = polib.mofile(str(catalogue(label) / "django.mo"))
    assert translations(mo) == translations(po)


@pytest.mark.parametrize("label", CATALOGUES)
def test_catalogue_holds_exactly_the_marked_strings(label, tmp_path, monkeypatch):
    """A fresh ``makemessages`` run on a copy of the module finds the same
    strings as the committed catalogue (about a second per module)."""
    if not shutil.which("xgettext"):
        pytest.skip("gettext is not installed")
    copy = tmp_path / "module"
    shutil.copytree(
        source(label),
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
    """The catalogues are found (each app's ``locale/`` next to its
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
        # site apps
        assert wait_message(timedelta(minutes=2)).startswith(
            "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 2 Minuten"
        )
        assert str(MunicipalityRole.Role.REVIEWERS.label) == "Prüfende"
        assert str(Municipality._meta.verbose_name_plural) == "Kommunen"
        assert str(HomePage._meta.verbose_name) == "Startseite"
        assert str(AccessibilityStatementPage.Conformance.PARTIAL.label) == (
            "teilweise konform"
        )
        assert str(ModuleActivationLog.Action.ENABLE.label) == "Aktiviert"
        assert str(Status.IN_REVIEW.label) == "In Prüfung"
        assert str(Status.UP_TO_DATE.label) == "Aktuell"
        assert translation.gettext("Translation status") == "Übersetzungsstatus"
        assert (
            translation.ngettext(
                "%(words)s word left to translate",
                "%(words)s words left to translate",
                3,
            )
            == "%(words)s Wörter noch zu übersetzen"
        )
        # the defects, housing and jobs modules
        assert str(DefectStatus.RESOLVED.label) == "Erledigt"
        assert str(ListingKind.SHARED_FLAT.label) == "Zimmer in einer WG"
        assert str(OfferKind.TRAINING.label) == "Ausbildungsplatz"
        # app names, settings, columns and messages of the admin
        assert str(apps.get_app_config("content").verbose_name) == "Inhalt"
        assert str(apps.get_app_config("demo").verbose_name) == "Demo"
        assert str(apps.get_app_config("defects").verbose_name) == "Mängelmelder"
        assert str(apps.get_app_config("housing").verbose_name) == "Wohnraumbörse"
        assert str(apps.get_app_config("jobs").verbose_name) == (
            "Stellen und Ausbildungsplätze"
        )
        assert str(HousingListing._meta.get_field("cold_rent").verbose_name) == (
            "Nettokaltmiete"
        )
        assert str(JobOffer._meta.get_field("employer").verbose_name) == ("Arbeitgeber")
        assert translation.gettext("The status was changed.") == (
            "Der Status wurde geändert."
        )
        assert (
            translation.ngettext(
                "At most %(count)s photo is allowed.",
                "At most %(count)s photos are allowed.",
                8,
            )
            % {"count": 8}
            == "Höchstens 8 Fotos sind erlaubt."
        )
        # A report of a defect or about a listing is a "Meldung"; Wagtail's
        # own reports stay "Berichte".
        assert translation.pgettext("defect reports", "Reports") == "Meldungen"
        assert translation.pgettext("housing reports", "Reports") == "Meldungen"
        assert translation.gettext("Reports") == "Berichte"
        # the content languages, as Wagtail names the locales
        names = dict(settings.LANGUAGES)
        assert str(names["de"]) == "Deutsch"
        assert str(names["de-x-ls"]) == "Leichte Sprache"
        assert str(names["kmr"]) == "Kurmandschi"
