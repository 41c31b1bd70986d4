import pytest
from wagtail import hooks
from wagtail.models import Locale

from rathaus.modules.warnings import tasks
from rathaus.modules.warnings.models import Alert, AlertState, RelayState
from rathaus.modules.warnings.services import polling, relay
from rathaus.site.module_platform import api
from rathaus.site.module_platform.services import configure_module, disable_module
from rathaus.site.translation.models import MachineTranslationSettings

from .builders import make_alert
from .conftest import (
    CASTROP_KEY,
    DWD_ID,
    KATWARN_1,
    KATWARN_2,
    KATWARN_CANCEL,
    MOWAS_ID,
    PushRecorder,
    recording,
)

pytestmark = pytest.mark.django_db

DASHBOARD = recording("dashboard_055620000000.json")


@pytest.fixture
def arabic_by_machine(castrop):
    return MachineTranslationSettings.objects.create(
        municipality=castrop,
        locale=Locale.objects.get(language_code="ar"),
        provider=MachineTranslationSettings.Provider.OFFLINE,
    )


def cycle(client):
    return polling.poll_cycle(client=client, relay=tasks.enqueue_relay)


def test_a_new_severe_warning_is_pushed_in_every_offered_language(
    castrop, nina, nina_client, pushes, arabic_by_machine
):
    nina.dashboard(CASTROP_KEY, DASHBOARD)
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    cycle(nina_client)
    # MoWaS and the KATWARN update are severe; DWD is moderate.
    sent = {push["message"].data["warning"]: push for push in pushes.sent}
    mowas = Alert.objects.get(key=MOWAS_ID)
    push = sent[str(mowas.pk)]
    assert push["topic"] == "warnings" and push["municipality"] == castrop
    assert push["urgency"] == "high" and push["ignore_quiet_hours"] is True
    message = push["message"]
    assert set(message.title) == {"de", "en", "ar"}
    assert message.title["de"].startswith("Großbrand in Castrop-Rauxel")
    assert message.title["en"].startswith("Major fire")  # NINA's own English
    assert message.title["ar"].startswith("[MT ar] Großbrand")
    assert message.machine_translated == frozenset({"ar"})
    assert "Leitstelle Kreis Recklinghausen" in message.body["de"]
    assert "MoWaS" in message.body["de"]
    assert "Halten Sie Fenster und Türen geschlossen." in message.body["de"]
    assert "<br" not in message.body["de"]
    mowas.refresh_from_db()
    assert mowas.relay_state == RelayState.SENT
    assert mowas.texts["ar"]["machine_translated"] is True
    # The official German text is kept as sent.
    assert "<br/>" in mowas.texts["de"]["description"]
    dwd = Alert.objects.get(key=DWD_ID)
    assert dwd.relay_state == RelayState.BELOW_THRESHOLD
    assert str(dwd.pk) not in sent


def test_polling_the_same_payload_twice_sends_nothing_more(
    castrop, nina, nina_client, pushes
):
    nina.dashboard(CASTROP_KEY, DASHBOARD, etag="")
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    cycle(nina_client)
    count = len(pushes.sent)
    assert count >= 1
    cycle(nina_client)
    for alert in Alert.objects.all():
        tasks.relay_warning.enqueue(alert.pk)  # a retried task is harmless
    assert len(pushes.sent) == count


def test_threshold_and_sources_come_from_the_settings(
    castrop, nina, nina_client, pushes
):
    configure_module(
        castrop,
        "warnings",
        {"relay_min_severity": "moderate", "relay_sources": ["dwd"]},
    )
    nina.dashboard(CASTROP_KEY, DASHBOARD)
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    cycle(nina_client)
    assert [push["message"].data["source"] for push in pushes.sent] == ["dwd"]


def test_without_a_push_provider_the_relay_waits_and_is_retried(
    castrop, nina, nina_client
):
    nina.dashboard(CASTROP_KEY, DASHBOARD)
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    cycle(nina_client)
    mowas = Alert.objects.get(key=MOWAS_ID)
    assert mowas.relay_state == RelayState.PENDING
    # The notifications module is installed but not enabled here.
    assert "not enabled" in mowas.relay_error
    recorder = PushRecorder()
    with hooks.register_temporarily(api.PUSH_SENDER, recorder):
        cycle(nina_client)  # 304: nothing new, but pending relays are retried
    mowas.refresh_from_db()
    assert mowas.relay_state == RelayState.SENT
    assert str(mowas.pk) in [push["message"].data["warning"] for push in recorder.sent]


def test_a_cancel_of_a_pushed_warning_is_pushed_once(
    castrop, nina, nina_client, pushes
):
    configure_module(castrop, "warnings", {"relay_min_severity": "minor"})
    nina.dashboard(CASTROP_KEY, recording("dashboard_first_katwarn.json"), etag='"a"')
    nina.details(KATWARN_1, MOWAS_ID, KATWARN_CANCEL)
    cycle(nina_client)
    alert = Alert.objects.get(key=KATWARN_1)
    assert len(pushes.sent) == 1
    nina.dashboard(CASTROP_KEY, recording("dashboard_cancel.json"), etag='"c"')
    cycle(nina_client)
    alert.refresh_from_db()
    assert alert.state == AlertState.WITHDRAWN and alert.closing_relayed
    closing = [
        push
        for push in pushes.sent
        if push["message"].data["warning"] == str(alert.pk)
        and push["message"].data["state"] == "withdrawn"
    ]
    assert len(closing) == 1
    assert closing[0]["message"].title["de"].startswith("Zurückgezogen: ")
    relay.relay(alert.pk)
    states = [push["message"].data["state"] for push in pushes.sent]
    assert states.count("withdrawn") == 1


def test_an_update_is_pushed_again_only_when_the_severity_rises(
    castrop, nina, nina_client, pushes
):
    configure_module(castrop, "warnings", {"relay_min_severity": "minor"})
    nina.dashboard(CASTROP_KEY, recording("dashboard_first_katwarn.json"), etag='"a"')
    nina.details(KATWARN_1, KATWARN_2)
    cycle(nina_client)
    assert len(pushes.sent) == 1
    update = [item for item in DASHBOARD if item["id"] == KATWARN_2]
    nina.dashboard(CASTROP_KEY, update, etag='"b"')
    cycle(nina_client)  # minor -> severe
    assert len(pushes.sent) == 2
    assert pushes.sent[1]["message"].title["de"].startswith("Bombenentschärfung:")
    assert pushes.sent[1]["collapse_key"] == pushes.sent[0]["collapse_key"]


def test_disabled_module_relays_nothing(castrop, pushes):
    alert = make_alert(castrop)
    disable_module(castrop, "warnings")
    assert relay.relay(alert.pk) is None
    assert pushes.sent == []
