"""Management commands, background tasks, postal codes and the demo loader."""

import datetime
import io

import pytest
import responses
from django.core.management import CommandError, call_command
from django.utils import timezone

from rathaus.modules.jobs import demo, services, tasks
from rathaus.modules.jobs.models import Connector, ImportRun, JobOffer, PostalCodeArea
from rathaus.site.module_platform.services import configure_module

from .conftest import csv_feed, make_feed_connector

pytestmark = pytest.mark.django_db
URL = "https://feeds.example.org/offers"


def test_import_jobs_command(tmp_path, jobs_a, jobs_b):
    connector = make_feed_connector(jobs_a, feed_url=URL)
    make_feed_connector(jobs_b, feed_url="https://feeds.example.org/b")
    out = io.StringIO()
    with responses.RequestsMock() as mock:
        mock.get(URL, body=csv_feed([("C-1", "Azubi", "training")]))
        call_command("import_jobs", municipality="stadt-a", stdout=out, verbosity=0)
    assert "1 new, 0 updated" in out.getvalue()
    assert connector.runs.get().trigger == "command"
    assert not JobOffer.objects.filter(municipality=jobs_b).exists()

    path = tmp_path / "bad.csv"
    path.write_text("nothing,useful\n")
    with pytest.raises(CommandError, match="1 of 1 imports failed"):
        call_command(
            "import_jobs",
            connector=str(connector.pk),
            file=str(path),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            verbosity=0,
        )
    assert JobOffer.objects.filter(external_reference="C-1").exists()
    with pytest.raises(CommandError, match="No enabled connector"):
        call_command("import_jobs", municipality="nowhere", verbosity=0)


def test_tasks_import_due_connectors_idempotently(jobs_a):
    connector = make_feed_connector(jobs_a, feed_url=URL)
    manual = Connector.objects.create(
        municipality=jobs_a, name="Manual", kind="manual", source="manual"
    )
    with responses.RequestsMock() as mock:
        mock.get(URL, body=csv_feed([("T-1", "Azubi", "training")]))
        result = tasks.import_due_connectors.enqueue()
        assert result.return_value == [connector.pk]
        # Not due again until the interval passed.
        assert tasks.import_due_connectors.enqueue().return_value == []
        # Retrying the same import (e.g. after a worker crash) changes nothing.
        retry = tasks.import_connector.enqueue(connector.pk)
        assert retry.return_value["status"] == "succeeded"
    assert manual.runs.count() == 0
    assert JobOffer.objects.count() == 1
    assert list(connector.runs.values_list("status", flat=True)) == ["succeeded"] * 2
    configure_module(jobs_a, "jobs", {"import_interval_hours": 1})
    later = timezone.now() + datetime.timedelta(hours=1, minutes=1)
    assert services.due_connectors(now=later) == [connector]


def test_connector_kinds_switched_off_in_settings(tmp_path, jobs_a):
    configure_module(jobs_a, "jobs", {"enabled_connector_kinds": ["jobsearch"]})
    connector = make_feed_connector(jobs_a)
    path = tmp_path / "f.csv"
    path.write_text(csv_feed([("X", "T", "job")]))
    run = services.run_import(connector, source_file=path)
    assert run.status == ImportRun.Status.FAILED
    assert "switched off in the module's settings" in run.error


def test_settings_are_validated(jobs_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        configure_module(
            jobs_a,
            "jobs",
            {"default_search_radius_km": 0, "import_kinds": ["volunteering"]},
        )
    assert set(error.value.message_dict) == {"default_search_radius_km", "import_kinds"}


def test_shipped_postal_codes_and_csv_import(tmp_path, db):
    assert PostalCodeArea.objects.get(code="95444").place == "Bayreuth"
    assert services.position_of_postal_code("44575") == (51.556, 7.3118)
    with pytest.raises(services.UnknownPostalCode):
        services.position_of_postal_code("00000")
    path = tmp_path / "plz.csv"
    path.write_text(
        "plz;ort;lat;lon\n10115;Berlin;52,5323;13,3846\n95444;Bayreuth;49.9;11.5\n"
    )
    out = io.StringIO()
    call_command("import_postal_codes", str(path), stdout=out, verbosity=0)
    assert "1 postal codes added, 1 updated" in out.getvalue()
    assert services.position_of_postal_code("10115") == (52.5323, 13.3846)
    assert services.position_of_postal_code("95444") == (49.9, 11.5)
    path.write_text("plz;lat;lon\n10117;north;13.3\n")
    with pytest.raises(CommandError, match="Line 2: latitude and longitude"):
        call_command("import_postal_codes", str(path), verbosity=0)
    assert not PostalCodeArea.objects.filter(code="10117").exists()


@pytest.mark.parametrize(
    ("slug", "feed_offers"),
    [("stadt-bayreuth", 7), ("landkreis-bayreuth", 7), ("castrop-rauxel", 7)],
)
def test_demo_offers_through_the_real_importer(slug, feed_offers, client):
    from tests.factories import make_municipality

    municipality = make_municipality(slug=slug, name=slug.title())
    result = demo.load_demo_jobs(municipality)
    assert result["feed"].status == "succeeded", result["feed"].error
    assert result["feed"].created == feed_offers
    total = feed_offers + len(demo.MANUAL_OFFERS)
    assert JobOffer.objects.filter(municipality=municipality).count() == total
    # Idempotent: loading again adds nothing.
    again = demo.load_demo_jobs(municipality)
    assert (again["feed"].created, again["feed"].unchanged) == (0, feed_offers)
    assert JobOffer.objects.filter(municipality=municipality).count() == total
    kinds = set(
        JobOffer.objects.filter(municipality=municipality).values_list(
            "kind", flat=True
        )
    )
    assert {"job", "training", "internship"} <= kinds
    # And they show up in the API.
    import json

    response = client.post(
        "/graphql/",
        json.dumps(
            {
                "query": "query($m: String!) { jobs(municipality: $m, first: 50) "
                "{ totalCount items { jsonLd } } }",
                "variables": {"m": slug},
            }
        ),
        content_type="application/json",
    )
    data = json.loads(response.content)["data"]["jobs"]
    assert data["totalCount"] == total


def test_imports_and_staff_edits_refresh_cached_responses(
    tmp_path, jobs_a, django_capture_on_commit_callbacks
):
    from rathaus.site.core.generation import get_generation

    before = get_generation("stadt-a")
    path = tmp_path / "f.csv"
    path.write_text(csv_feed([("G-1", "Azubi", "training")]))
    with django_capture_on_commit_callbacks(execute=True):
        services.run_import(make_feed_connector(jobs_a), source_file=path)
    after_import = get_generation("stadt-a")
    assert after_import != before
    with django_capture_on_commit_callbacks(execute=True):
        JobOffer.objects.filter(external_reference="G-1").get().save()
    assert get_generation("stadt-a") != after_import
