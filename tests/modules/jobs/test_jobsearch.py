"""The job-search API connector against recorded responses (never the network)."""

import base64
import json
from pathlib import Path

import pytest
import responses
from responses import matchers

from rathaus.modules.jobs import services
from rathaus.modules.jobs.connectors import jobsearch
from rathaus.modules.jobs.models import Connector, JobOffer

pytestmark = pytest.mark.django_db
RECORDINGS = Path(__file__).parent / "recordings"
BASE = "https://rest.arbeitsagentur.de/jobboerse/jobsuche-service"
DETAIL_REF = "10000-1199234511-S"


def recording(name):
    return json.loads((RECORDINGS / f"{name}.json").read_text())


def detail_url(refnr, version="pc/v4"):
    return f"{BASE}/{version}/jobdetails/{base64.b64encode(refnr.encode()).decode()}"


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    # The recordings hold pages of three offers.
    monkeypatch.setattr(jobsearch, "PAGE_SIZE", 3)


@pytest.fixture
def connector(jobs_a):
    return Connector.objects.create(
        municipality=jobs_a,
        name="Jobsuche",
        kind=Connector.Kind.JOBSEARCH,
        source="arbeitsagentur",
        api_key="jobboerse-jobsuche",
        postal_code="95444",
        radius_km=15,
        offer_kinds=["job"],
    )


def search_matchers(page):
    return [
        matchers.query_param_matcher(
            {
                "wo": "95444",
                "umkreis": "15",
                "angebotsart": "1",
                "page": str(page),
                "size": "3",
            }
        ),
        matchers.header_matcher({"X-API-Key": "jobboerse-jobsuche"}),
    ]


def register_search(mock, version="pc/v4"):
    for page in (1, 2):
        mock.get(
            f"{BASE}/{version}/jobs",
            json=recording(f"search_page{page}"),
            match=search_matchers(page),
        )
    detail = recording(f"detail_{DETAIL_REF}")
    mock.get(detail_url(DETAIL_REF, version), json=detail)
    # The other offers' details: the agency no longer has one (404 is normal).
    for item in [
        *recording("search_page1")["stellenangebote"],
        *recording("search_page2")["stellenangebote"],
    ]:
        if item["refnr"] != DETAIL_REF:
            mock.get(detail_url(item["refnr"], version), status=404)


def test_pages_and_details_are_imported(connector):
    with responses.RequestsMock() as mock:
        register_search(mock)
        run = services.run_import(connector)
    assert run.status == "succeeded", run.error
    assert (run.seen, run.created) == (5, 5)
    offer = JobOffer.objects.get(external_reference=DETAIL_REF)
    assert offer.title == "Fachkraft für Lagerlogistik (m/w/d)"
    assert offer.employer == "Spedition Oberfranken Logistik GmbH"
    assert offer.kind == "job"
    assert offer.postal_code == "95448" and offer.place == "Bayreuth"
    assert (offer.latitude, offer.longitude) == (49.9201, 11.5612)
    assert offer.description.startswith("Wir suchen")
    assert offer.suitable_for_refugees is True
    assert offer.working_time == "full_time"
    assert [r["language"] for r in offer.language_requirements] == ["de", "en"]
    assert offer.published_at.isoformat() == "2026-04-02"
    assert offer.external_url.endswith(f"/jobdetail/{DETAIL_REF}")
    clinic = JobOffer.objects.get(external_reference="10000-1198871234-S")
    assert clinic.external_url == "https://jobs.klinikum-bayreuth.de/stelle/4711"


def test_reimport_skips_unchanged_details_and_dedupes(connector):
    with responses.RequestsMock() as mock:
        register_search(mock)
        services.run_import(connector)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        register_search(mock)
        run = services.run_import(connector)
        detail_calls = [c for c in mock.calls if "/jobdetails/" in c.request.url]
    assert run.status == "succeeded"
    assert (run.created, run.updated, run.unchanged) == (0, 0, 5)
    # Unchanged offers (same modification stamp) need no detail request.
    assert detail_calls == []
    assert JobOffer.objects.count() == 5
    # The details fetched the first time are kept.
    assert JobOffer.objects.get(external_reference=DETAIL_REF).description


def test_version_path_is_configurable(connector):
    connector.version_path = "/pc/v6/"
    connector.save()
    with responses.RequestsMock() as mock:
        register_search(mock, version="pc/v6")
        assert services.run_import(connector).status == "succeeded"


def test_rejected_key_keeps_data_and_is_not_retried(connector):
    JobOffer.objects.create(
        municipality=connector.municipality,
        connector=connector,
        source="arbeitsagentur",
        external_reference="OLD",
        title="Old",
        employer="E",
        kind="job",
    )
    with responses.RequestsMock() as mock:
        mock.get(f"{BASE}/pc/v4/jobs", status=401, json=recording("error_401"))
        run = services.run_import(connector)
        assert len(mock.calls) == 1
    assert run.status == "failed"
    assert run.error == (f"HTTP 401 from {BASE}/pc/v4/jobs: the API key was rejected.")
    assert "jobboerse-jobsuche" not in run.error
    assert JobOffer.objects.filter(external_reference="OLD").exists()


def test_rate_limit_is_retried_with_backoff(connector, backoff_delays):
    with responses.RequestsMock() as mock:
        mock.get(
            f"{BASE}/pc/v4/jobs",
            status=429,
            json=recording("error_429"),
            headers={"Retry-After": "2"},
        )
        register_search(mock)
        run = services.run_import(connector)
    assert run.status == "succeeded", run.error
    assert backoff_delays == [2.0]


def test_rate_limit_exhausted_records_error(connector):
    with responses.RequestsMock() as mock:
        mock.get(f"{BASE}/pc/v4/jobs", status=429, json=recording("error_429"))
        run = services.run_import(connector)
    assert run.status == "failed"
    assert "HTTP 429" in run.error and "Gave up after 4 attempts" in run.error


def test_non_json_answer_is_a_clear_error(connector):
    with responses.RequestsMock() as mock:
        mock.get(f"{BASE}/pc/v4/jobs", body="<html>Wartung</html>")
        run = services.run_import(connector)
    assert run.error == f"{BASE}/pc/v4/jobs did not answer with JSON."


def test_api_key_never_leaves_the_server(connector):
    """Not in GraphQL's schema, not in the admin's rendered forms."""
    from rathaus.graphql.schema import schema_sdl

    assert "apiKey" not in schema_sdl() and "api_key" not in schema_sdl()
