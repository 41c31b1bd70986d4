"""Forwarding to external recipients: send state per recipient, retries with
backoff, failures visible, never silently marked sent. HTTP is recorded
(``responses``); no network."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import responses
from django.core import mail
from django.utils import timezone

from rathaus.modules.defects import services
from rathaus.modules.defects.models import (
    DefectEvent,
    ExternalRecipient,
    Forwarding,
    Status,
)
from rathaus.site.module_platform.services import configure_module

from .conftest import make_report

pytestmark = pytest.mark.django_db
RECORDINGS = Path(__file__).parent / "recordings"


def recording(name):
    return (RECORDINGS / name).read_text()


@pytest.fixture
def webhook(defects_a):
    return ExternalRecipient.objects.create(
        municipality=defects_a,
        name="Abfallbetrieb",
        channel=ExternalRecipient.Channel.WEBHOOK,
        url="https://tickets.example/hooks/defects",
        secret="s3cret",
    )


@pytest.fixture
def open311_recipient(defects_a):
    return ExternalRecipient.objects.create(
        municipality=defects_a,
        name="Kreis Recklinghausen",
        channel=ExternalRecipient.Channel.OPEN311,
        url="https://kreis.example/georeport/v2/",
        secret="kreis-key",
        open311_jurisdiction_id="kreis-re.de",
        open311_service_code="illegal-dumping",
    )


def forward(report, recipient, capture):
    with capture(execute=True):
        return services.transition(report, Status.FORWARDED, recipient=recipient)


def test_email_forwarding(
    pothole, defects_a, road_authority, django_capture_on_commit_callbacks
):
    report = make_report(defects_a, Status.PUBLISHED, email="anna@example.org")
    mail.outbox.clear()
    forward(report, None, django_capture_on_commit_callbacks)  # the category's
    forwarding = Forwarding.objects.get()
    assert forwarding.recipient == road_authority
    assert forwarding.state == Forwarding.State.SENT and forwarding.attempts == 1
    sent = [m for m in mail.outbox if m.to == ["meldungen@strassen.example"]]
    assert len(sent) == 1
    assert report.description in sent[0].body
    assert "anna@example.org" not in sent[0].body  # the reporter stays private
    kinds = list(report.events.values_list("kind", flat=True))
    assert "forward_queued" in kinds and "forward_sent" in kinds


@responses.activate
def test_webhook_forwarding(
    pothole, defects_a, webhook, django_capture_on_commit_callbacks
):
    responses.post(webhook.url, body=recording("webhook_ok.json"), status=201)
    report = make_report(defects_a, Status.PUBLISHED)
    forward(report, webhook, django_capture_on_commit_callbacks)
    forwarding = Forwarding.objects.get()
    assert forwarding.state == Forwarding.State.SENT
    assert forwarding.external_id == "TICKET-2026-0042"
    call = responses.calls[0]
    assert call.request.headers["X-Rathaus-Secret"] == "s3cret"
    payload = json.loads(call.request.body)
    assert payload["id"] == report.pk and payload["category"] == "pothole"
    assert "email" not in payload


@responses.activate
def test_open311_forwarding(
    pothole, defects_a, open311_recipient, django_capture_on_commit_callbacks
):
    responses.post(
        "https://kreis.example/georeport/v2/requests.json",
        body=recording("open311_post_ok.json"),
        status=201,
        match=[
            responses.matchers.urlencoded_params_matcher(
                {
                    "api_key": "kreis-key",
                    "jurisdiction_id": "kreis-re.de",
                    "service_code": "illegal-dumping",
                    "lat": "49.9500000",
                    "long": "11.5800000",
                    "description": "Tiefes Schlagloch vor Hausnummer 12.",
                    "address_string": "",
                },
                allow_blank=True,
            )
        ],
    )
    report = make_report(defects_a, Status.PUBLISHED)
    forward(report, open311_recipient, django_capture_on_commit_callbacks)
    forwarding = Forwarding.objects.get()
    assert forwarding.state == Forwarding.State.SENT
    assert forwarding.external_id == "638344"


@responses.activate
def test_failures_stay_visible_and_are_retried_with_backoff(
    pothole, defects_a, open311_recipient, django_capture_on_commit_callbacks
):
    url = "https://kreis.example/georeport/v2/requests.json"
    responses.post(url, body=recording("open311_post_error.json"), status=403)
    report = make_report(defects_a, Status.PUBLISHED)
    forward(report, open311_recipient, django_capture_on_commit_callbacks)
    forwarding = Forwarding.objects.get()
    assert forwarding.state == Forwarding.State.FAILED
    assert forwarding.attempts == 1 and forwarding.sent_at is None
    assert "403" in forwarding.last_error and "Invalid api_key" in forwarding.last_error
    first_retry = forwarding.next_attempt_at
    assert first_retry > timezone.now()
    assert report.events.filter(kind=DefectEvent.Kind.FORWARD_FAILED).count() == 1
    # Not due yet: nothing happens.
    assert services.retry_due_forwardings() == 0
    # Due: a timeout fails again, with a longer backoff.
    responses.replace(responses.POST, url, body=requests.ConnectTimeout("timeout"))
    later = first_retry + timedelta(seconds=1)
    assert services.retry_due_forwardings(now=later) == 1
    forwarding.refresh_from_db()
    assert forwarding.state == Forwarding.State.FAILED and forwarding.attempts == 2
    assert forwarding.next_attempt_at - later == timedelta(minutes=2)
    # An answer without an id is not a success either.
    responses.replace(responses.POST, url, json=[{}], status=200)
    services.retry_due_forwardings(now=forwarding.next_attempt_at)
    forwarding.refresh_from_db()
    assert forwarding.state == Forwarding.State.FAILED and forwarding.attempts == 3
    # Then it works.
    responses.replace(responses.POST, url, body=recording("open311_post_ok.json"))
    services.retry_due_forwardings(now=forwarding.next_attempt_at)
    forwarding.refresh_from_db()
    assert forwarding.state == Forwarding.State.SENT and forwarding.attempts == 4
    assert forwarding.last_error == "" and forwarding.external_id == "638344"


@responses.activate
def test_gives_up_visibly_after_the_maximum_and_staff_can_retry(
    pothole, defects_a, webhook, django_capture_on_commit_callbacks
):
    configure_module(defects_a, "defects", {"forwarding_max_attempts": 2})
    responses.post(webhook.url, status=500)
    report = make_report(defects_a, Status.PUBLISHED)
    forward(report, webhook, django_capture_on_commit_callbacks)
    forwarding = Forwarding.objects.get()
    services.retry_due_forwardings(now=forwarding.next_attempt_at)
    forwarding.refresh_from_db()
    assert forwarding.state == Forwarding.State.GAVE_UP
    assert forwarding.next_attempt_at is None
    assert services.retry_due_forwardings(now=timezone.now() + timedelta(days=9)) == 0
    responses.replace(responses.POST, webhook.url, json={"id": 1})
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_forwarding(forwarding)
    forwarding.refresh_from_db()
    assert forwarding.state == Forwarding.State.SENT


def test_email_failure_is_recorded(
    pothole, defects_a, road_authority, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard: connection refused
    settings.EMAIL_TIMEOUT = 1
    report = make_report(defects_a, Status.PUBLISHED)
    forward(report, None, django_capture_on_commit_callbacks)
    forwarding = Forwarding.objects.get()
    assert forwarding.state == Forwarding.State.FAILED
    assert forwarding.last_error.startswith("E-mail failed")


def test_backoff_is_capped_at_a_day():
    assert services.backoff(1) == timedelta(minutes=1)
    assert services.backoff(4) == timedelta(minutes=8)
    assert services.backoff(30) == timedelta(days=1)


def test_recipients_of_other_municipalities_are_refused(pothole, defects_a, defects_b):
    foreign = ExternalRecipient.objects.create(
        municipality=defects_b, name="B", channel="email", email="b@example.org"
    )
    report = make_report(defects_a, Status.PUBLISHED)
    with pytest.raises(services.InvalidTransition):
        services.transition(report, Status.FORWARDED, recipient=foreign)
    assert not Forwarding.objects.exists()
