"""Import errors are stored in English and shown to staff in their language.

The run and the connector keep the English text (logs, the command line) and
the structured message, which the admin renders in the active language; rows
stored before the structured message show their text.
"""

import json

import pytest
import responses
from django.urls import reverse
from django.utils import translation

from rathaus.modules.jobs import services
from rathaus.modules.jobs.errors import ImportFailed
from rathaus.modules.jobs.models import Connector, ImportRun
from rathaus.modules.jobs.records import RecordError
from rathaus.site.module_platform.messages import Message
from rathaus.site.module_platform.messages import message_text as error_text
from rathaus.site.module_platform.services import configure_module
from rathaus.site.municipalities.models import MunicipalityRole
from tests.factories import make_user

from .conftest import csv_feed, make_feed_connector

pytestmark = pytest.mark.django_db
URL = "https://feeds.example.org/offers"
CONNECTORS = "wagtailsnippets_jobs_connector"


def assert_recorded(connector, run, english, german):
    """The run and the connector hold the English text; both show German."""
    connector.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.error == connector.last_error == english
    assert run.error_detail == connector.last_error_detail
    with translation.override("de"):
        assert run.error_text() == german
        assert connector.get_last_error_display() == german
        assert run.as_json()["error"] == german
    with translation.override("en"):
        assert run.error_text() == english


@responses.activate
def test_http_failure_after_retries(jobs_a):
    connector = make_feed_connector(jobs_a, feed_url=URL)
    responses.get(URL, status=500, body="Internal Server Error")
    run = services.run_import(connector)
    assert_recorded(
        connector,
        run,
        "HTTP 500 from https://feeds.example.org/offers. Gave up after 4 attempts.",
        "HTTP 500 von https://feeds.example.org/offers. Nach 4 Versuchen aufgegeben.",
    )
    # The nested message is stored as data, the status as a number.
    assert run.error_detail == {
        "message": "%(error)s Gave up after %(attempts)s attempts.",
        "params": {
            "error": {
                "message": "HTTP %(status)s from %(url)s.",
                "params": {"status": 500, "url": URL},
            },
            "attempts": 4,
        },
    }


def test_bad_record(tmp_path, jobs_a):
    connector = make_feed_connector(jobs_a)
    path = tmp_path / "bad.csv"
    path.write_text(
        csv_feed([("B-1", "Fine", "job"), {"ref": "B-2", "title": "T", "lat": "x"}])
    )
    run = services.run_import(connector, source_file=path)
    assert_recorded(
        connector,
        run,
        "Offer 2: latitude: 'x' is not a number.",
        "Angebot 2: Breitengrad: 'x' ist keine Zahl.",
    )


def test_malformed_feed(tmp_path, jobs_a):
    connector = make_feed_connector(jobs_a)
    path = tmp_path / "latin1.csv"
    path.write_bytes(csv_feed([("M-1", "Müller", "job")]).encode("latin-1"))
    run = services.run_import(connector, source_file=path)
    assert_recorded(
        connector,
        run,
        "The CSV is not UTF-8 text.",
        "Die CSV-Datei ist kein UTF-8-Text.",
    )


def test_a_switched_off_kind_is_named_in_german(tmp_path, jobs_a):
    configure_module(jobs_a, "jobs", {"enabled_connector_kinds": ["jobsearch"]})
    connector = make_feed_connector(jobs_a)
    path = tmp_path / "f.csv"
    path.write_text(csv_feed([("X", "T", "job")]))
    run = services.run_import(connector, source_file=path)
    assert_recorded(
        connector,
        run,
        "Feed (JSON, JSON Lines, CSV or XML) connectors are switched off in the "
        "module's settings.",
        "Anbindungen der Art „Feed (JSON, JSON Lines, CSV oder XML)“ sind in den "
        "Einstellungen des Moduls ausgeschaltet.",
    )


def test_old_rows_without_detail_show_their_text(jobs_a):
    connector = make_feed_connector(
        jobs_a, last_error="HTTP 500 from https://feeds.example.org/a."
    )
    run = ImportRun.objects.create(
        municipality=jobs_a,
        connector=connector,
        status="failed",
        error="The connector has no feed URL.",
    )
    with translation.override("de"):
        assert connector.get_last_error_display() == (
            "HTTP 500 from https://feeds.example.org/a."
        )
        # A fixed message is translated as before.
        assert run.error_text() == "Die Anbindung hat keine Feed-URL."
        assert error_text("") == ""


def test_a_detail_that_does_not_render_falls_back_to_the_text():
    detail = {"message": "HTTP %(status)s from %(url)s.", "params": {"url": URL}}
    with translation.override("de"):
        assert error_text("HTTP 502 from somewhere.", detail) == (
            "HTTP 502 from somewhere."
        )


def test_messages_nest_and_survive_json():
    error = ImportFailed(
        "Offer %(number)s: %(error)s.",
        number=3,
        error=RecordError("expires_at", "%(value)s is not a date", value="'soon'"),
    )
    assert str(error) == "Offer 3: expires_at: 'soon' is not a date."
    detail = json.loads(json.dumps(error.detail()))
    with translation.override("de"):
        assert error.translated() == error_text(str(error), detail)
        assert Message("unknown value %(value)s", value="'x'").translated() == (
            "unbekannter Wert 'x'"
        )


def test_admin_shows_the_last_error_in_german(client, tmp_path, jobs_a):
    connector = make_feed_connector(jobs_a)
    path = tmp_path / "bad.csv"
    path.write_text(csv_feed([{"ref": "B-1", "title": "T", "expires": "soon"}]))
    services.run_import(connector, source_file=path)
    connector.refresh_from_db()
    assert connector.last_error == (
        "Offer 1: expires_at: 'soon' is not a date (YYYY-MM-DD or DD.MM.YYYY)."
    )
    german = (
        "Angebot 1: Ablaufdatum: 'soon' ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)."
    )
    client.force_login(
        make_user(
            "jobs-errors",
            municipality=jobs_a,
            role=MunicipalityRole.Role.MODULE_ADMINS,
        )
    )
    with translation.override("de"):
        listing = client.get(reverse(f"{CONNECTORS}:list"), HTTP_ACCEPT_LANGUAGE="de")
        inspect = client.get(
            reverse(f"{CONNECTORS}:inspect", args=[connector.pk]),
            HTTP_ACCEPT_LANGUAGE="de",
        )
    for response in (listing, inspect):
        content = response.content.decode()
        assert german.replace("'", "&#x27;") in content
        assert "is not a date" not in content
    assert Connector.objects.get().last_error_detail["params"]["number"] == 1
