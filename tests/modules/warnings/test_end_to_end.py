"""A warning from NINA to the residents' devices, with nobody acting.

The real chain, no recorder in between: the poll sees a new MoWaS warning,
the relay hands it to the enabled notifications module (the installed
``PUSH_SENDER``), which fans it out over FCM (recorded answers) to every
device following ``warnings``, each in its own language. A Cancel then
withdraws the warning from the API and pushes the withdrawal once. At night,
inside the quiet hours, the warning still goes out at once while an
editorial push waits for the morning.
"""

import json
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from rathaus.modules.notifications.models import Announcement, Message
from rathaus.modules.notifications.services import editorial
from rathaus.modules.warnings import tasks
from rathaus.modules.warnings.models import Alert, AlertState, RelayState
from rathaus.modules.warnings.services import polling
from rathaus.site.module_platform.services import configure_module

from .conftest import (
    CASTROP_KEY,
    KATWARN_1,
    KATWARN_CANCEL,
    MOWAS_ID,
    fcm_sends,
    recording,
)

pytestmark = pytest.mark.django_db

WARNINGS = """
query($municipality: String!) {
  warnings(municipality: $municipality, locale: "de") { id state headline }
}
"""


def cycle(nina_client):
    return polling.poll_cycle(client=nina_client, relay=tasks.enqueue_relay)


def api_warnings(client, municipality):
    response = client.post(
        "/graphql/",
        json.dumps({"query": WARNINGS, "variables": {"municipality": municipality}}),
        content_type="application/json",
    )
    return json.loads(response.content)["data"]["warnings"]


def test_a_new_warning_reaches_every_device_in_its_language(
    push_ready, nina, nina_client
):
    nina.dashboard(CASTROP_KEY, recording("dashboard_055620000000.json"))
    nina.details(MOWAS_ID)
    cycle(nina_client)
    alert = Alert.objects.get(key=MOWAS_ID)
    assert alert.relay_state == RelayState.SENT
    (message,) = Message.objects.filter(municipality=push_ready, topic="warnings")
    assert message.status == Message.Status.SENT
    sent = [m for m in fcm_sends(nina) if m["data"].get("warning") == str(alert.pk)]
    by_locale = sorted((m["data"]["locale"], m["notification"]["title"]) for m in sent)
    assert [locale for locale, _title in by_locale] == ["ar", "de", "de", "en"]
    titles = dict(by_locale)
    assert titles["de"].startswith("Großbrand in Castrop-Rauxel")
    assert titles["en"].startswith("Major fire")  # NINA's own English
    assert titles["ar"].startswith("[MT ar] Großbrand")  # labelled machine text
    machine = {m["data"]["locale"]: m["data"]["machineTranslated"] for m in sent}
    assert machine == {"ar": "true", "de": "false", "en": "false"}
    # Official warnings wake the phone, whatever the quiet hours say.
    assert {m["android"]["priority"] for m in sent} == {"HIGH"}
    # Polling the same dashboard again sends nothing more.
    cycle(nina_client)
    assert len(fcm_sends(nina)) == len(sent)


def test_a_cancel_withdraws_the_warning_and_pushes_that_once(
    push_ready, nina, nina_client, client
):
    configure_module(push_ready, "warnings", {"relay_min_severity": "minor"})
    nina.dashboard(CASTROP_KEY, recording("dashboard_first_katwarn.json"), etag='"a"')
    nina.details(KATWARN_1, MOWAS_ID, KATWARN_CANCEL)
    cycle(nina_client)
    alert = Alert.objects.get(key=KATWARN_1)
    assert str(alert.pk) in {w["id"] for w in api_warnings(client, "stadt-a")}
    first = len(fcm_sends(nina))
    assert first == 4  # one push to each device following warnings

    nina.dashboard(CASTROP_KEY, recording("dashboard_cancel.json"), etag='"c"')
    cycle(nina_client)
    cycle(nina_client)
    alert.refresh_from_db()
    assert alert.state == AlertState.WITHDRAWN
    withdrawn = [
        m
        for m in fcm_sends(nina)[first:]
        if m["data"].get("warning") == str(alert.pk)
        and m["data"].get("state") == "withdrawn"
    ]
    assert len(withdrawn) == 4
    assert sorted(m["data"]["locale"] for m in withdrawn) == ["ar", "de", "de", "en"]
    listed = {w["id"]: w["state"] for w in api_warnings(client, "stadt-a")}
    assert listed.get(str(alert.pk)) in (None, "WITHDRAWN")


def test_at_night_the_warning_goes_out_at_once_and_an_editorial_push_waits(
    push_ready, nina, nina_client, monkeypatch
):
    configure_module(
        push_ready,
        "notifications",
        {"quiet_hours_start": "22:00", "quiet_hours_end": "07:00"},
    )
    night = datetime(2026, 12, 3, 22, 30, tzinfo=UTC)  # 23:30 in Berlin
    monkeypatch.setattr(timezone, "now", lambda: night)
    # The same minute: the city hall sends news to the three news followers.
    announcement = Announcement(
        municipality=push_ready,
        locale=push_ready.default_locale,
        title="Wochenmarkt verlegt",
        text="Der Wochenmarkt findet morgen am Rathaus statt.",
        topic="news",
    )
    announcement.save()
    announcement.save_revision().publish()
    [held] = editorial.send_announcement(announcement)
    assert held.status == Message.Status.SCHEDULED
    assert held.send_after == datetime(2026, 12, 4, 6, 0, tzinfo=UTC)  # 07:00
    assert fcm_sends(nina) == []

    nina.dashboard(CASTROP_KEY, recording("dashboard_055620000000.json"))
    nina.details(MOWAS_ID)
    cycle(nina_client)
    alert = Alert.objects.get(key=MOWAS_ID)
    assert alert.relay_state == RelayState.SENT
    message = Message.objects.get(municipality=push_ready, topic="warnings")
    assert message.status == Message.Status.SENT
    assert message.send_after == night and message.ignore_quiet_hours
    sent = fcm_sends(nina)
    assert sorted(m["data"]["locale"] for m in sent) == ["ar", "de", "de", "en"]
    assert {m["data"]["warning"] for m in sent} == {str(alert.pk)}
    assert {m["android"]["priority"] for m in sent} == {"HIGH"}
    held.refresh_from_db()
    assert held.status == Message.Status.SCHEDULED  # the news still waits
