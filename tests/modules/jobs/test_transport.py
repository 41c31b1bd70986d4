"""Feeds over HTTP: timeouts, server errors, refused connections, retries."""

import pytest
import requests
import responses

from rathaus.modules.jobs import services
from rathaus.modules.jobs.models import JobOffer
from rathaus.site.module_platform import http

from .conftest import csv_feed, make_feed_connector

pytestmark = pytest.mark.django_db
URL = "https://feeds.example.org/offers"
GOOD = csv_feed([("T-1", "Azubi", "training"), ("T-2", "Job", "job")])


@pytest.fixture
def connector(jobs_a):
    connector = make_feed_connector(jobs_a, feed_url=URL)
    with responses.RequestsMock() as mock:
        mock.get(URL, body=GOOD)
        assert services.run_import(connector).status == "succeeded"
    return connector


def assert_kept(connector, run, message):
    assert run.status == "failed"
    assert message in run.error
    connector.refresh_from_db()
    assert connector.last_error == run.error
    assert set(JobOffer.objects.values_list("external_reference", flat=True)) == {
        "T-1",
        "T-2",
    }


@responses.activate
def test_timeouts_are_retried_then_recorded(connector, backoff_delays):
    responses.get(URL, body=requests.ReadTimeout("read timed out"))
    run = services.run_import(connector)
    assert_kept(
        connector, run, "Timed out waiting for https://feeds.example.org/offers"
    )
    assert "Gave up after 4 attempts" in run.error
    assert len(responses.calls) == 1 + http.DEFAULT_RETRIES
    assert backoff_delays == [1.0, 2.0, 4.0]  # exponential, bounded


@responses.activate
def test_server_error_is_retried_then_recorded(connector):
    responses.get(URL, status=500, body="oops")
    run = services.run_import(connector)
    assert_kept(connector, run, "HTTP 500 from https://feeds.example.org/offers")
    assert len(responses.calls) == 4


@responses.activate
def test_connection_refused_is_recorded(connector):
    responses.get(URL, body=requests.ConnectionError("[Errno 111] Connection refused"))
    run = services.run_import(connector)
    assert_kept(connector, run, "Could not connect to https://feeds.example.org/offers")


@responses.activate
def test_client_errors_are_not_retried(connector):
    responses.get(URL, status=404)
    run = services.run_import(connector)
    assert_kept(connector, run, "HTTP 404")
    assert len(responses.calls) == 1


@responses.activate
def test_transient_error_then_success(connector, backoff_delays):
    responses.get(URL, status=503)
    responses.get(URL, status=429, headers={"Retry-After": "7"})
    responses.get(URL, body=csv_feed([("T-1", "Azubi (neu)", "training")]))
    run = services.run_import(connector)
    assert run.status == "succeeded", run.error
    assert backoff_delays == [1.0, 7.0]  # the server's Retry-After is honoured
    assert list(JobOffer.objects.values_list("title", flat=True)) == ["Azubi (neu)"]
    connector.refresh_from_db()
    assert connector.status == "OK"  # "ok" under German


@responses.activate
def test_oversized_feed_is_refused(connector, settings):
    settings.RATHAUS_JOBS_MAX_FEED_BYTES = 100
    responses.get(URL, body=GOOD * 5)
    run = services.run_import(connector)
    assert_kept(connector, run, "larger than")
