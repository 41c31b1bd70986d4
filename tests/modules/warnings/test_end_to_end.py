"""A warning from NINA to the residents' devices, with nobody acting.

The real chain, no recorder in between: the poll sees a new MoWaS warning,
the relay hands it to the enabled notifications module (the installed
``PUSH_SENDER``), which fans it out over FCM (recorded answers) to every
device following ``warnings``, each in its own language. A Cancel then
withdraws the warning from the API and pushes the withdrawal once.
"""

import json

import pytest
import responses
from wagtail.models import Locale

from rathaus.modules.notifications.models import Message
from rathaus.modules.warnings import tasks
from rathaus.modules.warnings.models import Alert, AlertState, RelayState
from rathaus.modules.warnings.services import polling
from rathaus.site.module_platform.services import configure_module, enable_module
from rathaus.site.translation.models import MachineTranslationSettings

from ..notifications.builders import (
    FCM_URL,
    TOKEN_URL,
    make_devices,
    service_account,
)
from .conftest import CASTROP_KEY, KATWARN_1, KATWARN_CANCEL, MOWAS_ID, recording

pytestmark = pytest.mark.django_db

WARNINGS = """
query($municipality: String!) {
  warnings(municipality: $municipality, locale: "de") { id state headline }
}
"""


@pytest.fixture
def push_ready(castrop, nina, settings):
    """Castrop-Rauxel with push enabled, devices in three languages, and
    FCM's recorded answers on the same mock as NINA's."""
    settings.NOTIFICATIONS_FCM_SERVICE_ACCOUNT = service_account()
    enable_module(castrop, "notifications")
    MachineTranslationSettings.objects.create(
        municipality=castrop,
        locale=Locale.objects.get(language_code="ar"),
        provider=MachineTranslationSettings.Provider.OFFLINE,
    )
    make_devices(castrop, 2, locale="de", topics=("warnings",))
    make_devices(castrop, 1, locale="en", topics=("warnings",))
    make_devices(castrop, 1, locale="ar", topics=("warnings",))
    make_devices(castrop, 3, locale="de", topics=("news",))  # not following
    nina.mock.add(
        responses.POST, TOKEN_URL, json={"access_token": "ya29.t", "expires_in": 3599}
    )
    nina.mock.add(responses.POST, FCM_URL, json={"name": "m"})
    return castrop


def fcm_sends(nina):
    return [json.loads(call.request.body)["message"] for call in nina.calls(FCM_URL)]


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
