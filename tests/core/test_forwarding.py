"""The platform's forwarding channels (``api.forward``): any module's
recipients, any payload. HTTP is recorded with ``responses``; no network."""

import json
import smtplib
import subprocess
import sys

import pytest
import requests
import responses
from django.core import mail
from django.core.mail import EmailMessage

from rathaus.modules.defects.models import ExternalRecipient
from rathaus.site.module_platform import api

PAYLOAD = {
    "id": 7,
    "category": "sperrmuell",
    "description": "Sofa und zwei Stühle",
    "address": "Hauptstraße 1",
    "lat": 51.5,
    "long": 7.3,
    "photos": ["https://cdn.example/p/1.webp"],
}


def recipient(channel, **fields):
    # An unsaved row of any ForwardingRecipient subclass will do.
    return ExternalRecipient(name="Betrieb", channel=channel, **fields)


def test_email_channel_sends_subject_body_and_headers():
    mail.outbox.clear()
    target = recipient("email", email="abfuhr@betrieb.example")
    result = api.forward(
        target,
        PAYLOAD,
        subject="Sperrmüll",
        body="Bitte abholen.",
        headers={"X-A": "1"},
    )
    assert result == ""
    (message,) = mail.outbox
    assert message.to == ["abfuhr@betrieb.example"]
    assert message.subject == "Sperrmüll" and message.body == "Bitte abholen."
    assert message.extra_headers["X-A"] == "1"


def test_email_channel_failure_is_forwarding_failed(monkeypatch):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({"a@b.example": (550, b"no")})

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with pytest.raises(api.ForwardingFailed, match="E-mail failed"):
        api.forward(recipient("email", email="a@b.example"), {}, subject="s", body="b")
    monkeypatch.setattr(EmailMessage, "send", lambda self, fail_silently=False: 0)
    with pytest.raises(api.ForwardingFailed, match="sent nothing"):
        api.forward(recipient("email", email="a@b.example"), {}, subject="s", body="b")


@responses.activate
def test_webhook_posts_the_payload_and_returns_the_id():
    responses.post("https://hook.example/in", json={"id": 42})
    target = recipient("webhook", url="https://hook.example/in", secret="s")
    assert api.forward(target, PAYLOAD, subject="s", body="b") == "42"
    call = responses.calls[0]
    assert json.loads(call.request.body) == PAYLOAD
    assert call.request.headers["X-Rathaus-Secret"] == "s"


@responses.activate
@pytest.mark.parametrize(
    "answer",
    [
        {"status": 500},
        {"body": requests.ConnectionError("refused")},
    ],
)
def test_webhook_failures_raise(answer):
    responses.post("https://hook.example/in", **answer)
    with pytest.raises(api.ForwardingFailed):
        api.forward(
            recipient("webhook", url="https://hook.example/in"),
            PAYLOAD,
            subject="",
            body="",
        )


@responses.activate
def test_open311_channel_reads_the_payload():
    responses.post(
        "https://kreis.example/georeport/v2/requests.json",
        json=[{"service_request_id": "638344"}],
    )
    target = recipient(
        "open311", url="https://kreis.example/georeport/v2/", secret="key"
    )
    assert api.forward(target, PAYLOAD, subject="", body="") == "638344"
    sent = dict(
        pair.split("=", 1) for pair in responses.calls[0].request.body.split("&")
    )
    assert sent["service_code"] == "sperrmuell"  # the recipient names none
    assert sent["lat"] == "51.5000000" and sent["api_key"] == "key"
    assert "media_url" in sent


@responses.activate
def test_open311_answer_without_id_is_a_failure():
    responses.post("https://kreis.example/georeport/v2/requests.json", json=[{}])
    target = recipient("open311", url="https://kreis.example/georeport/v2/")
    with pytest.raises(api.ForwardingFailed, match="no request id"):
        api.forward(target, PAYLOAD, subject="", body="")


def test_unknown_channel_is_a_failure():
    with pytest.raises(api.ForwardingFailed, match="Unknown channel"):
        api.forward(recipient("pigeon"), PAYLOAD, subject="", body="")


def test_api_imports_before_the_app_registry_is_ready():
    """A module's apps.py subclasses ``api.ModuleConfig``: importing the
    surface must not need models."""
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='rathaus.site.settings.test';"
        "from rathaus.site.module_platform import api; print(api.ModuleConfig)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
