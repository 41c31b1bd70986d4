"""Originals, Updates and Cancels in whatever order NINA lists them.

A dashboard seen for the first time (a newly enabled municipality, or after a
backoff) may list a Cancel or an Update before the message it references, and
a detail that failed may bring the original only in a later poll. Either way
the outcome is the one of the messages in the order they were sent: a
cancelled warning is withdrawn and never pushed, an updated one is shown and
pushed once in its latest version.
"""

import pytest
import responses

from rathaus.modules.warnings import tasks
from rathaus.modules.warnings.models import Alert, AlertState
from rathaus.modules.warnings.services import polling
from rathaus.modules.warnings.services.queries import visible_alerts
from rathaus.site.module_platform.services import configure_module

from .conftest import (
    BASE,
    CASTROP_KEY,
    EXERCISE_ID,
    KATWARN_1,
    KATWARN_2,
    KATWARN_CANCEL,
    TEST_ID,
    recording,
)

pytestmark = pytest.mark.django_db


def listed(name, warning_id):
    (item,) = [item for item in recording(name) if item["id"] == warning_id]
    return item


ITEMS = {
    "original": listed("dashboard_first_katwarn.json", KATWARN_1),
    "update": listed("dashboard_055620000000.json", KATWARN_2),
    "cancel": listed("dashboard_cancel.json", KATWARN_CANCEL),
}


def dashboard(*names):
    return [ITEMS[name] for name in names]


@pytest.fixture
def minor_pushed(castrop):
    """Castrop-Rauxel pushing every KATWARN severity, so any leak shows."""
    configure_module(castrop, "warnings", {"relay_min_severity": "minor"})
    return castrop


def cycle(client):
    (result,) = polling.poll_cycle(client=client, relay=tasks.enqueue_relay)
    return result


def pushed_states(pushes):
    return [push["message"].data["state"] for push in pushes.sent]


def fail_detail(nina, warning_id):
    nina.mock.add(responses.GET, f"{BASE}/warnings/{warning_id}.json", status=404)


def serve_detail(nina, warning_id):
    url = f"{BASE}/warnings/{warning_id}.json"
    for registered in list(nina.mock.registered()):
        if registered.url == url:
            nina.mock.remove(registered)
    nina.details(warning_id)


@pytest.mark.parametrize(
    "order",
    [
        ("cancel", "original"),
        ("cancel", "update", "original"),
        ("update", "cancel", "original"),
        ("original", "cancel", "update"),
    ],
    ids="-".join,
)
def test_a_cancel_listed_first_withdraws_the_warning_and_nothing_is_pushed(
    order, minor_pushed, nina, nina_client, pushes
):
    nina.dashboard(CASTROP_KEY, dashboard(*order))
    nina.details(KATWARN_1, KATWARN_2, KATWARN_CANCEL)
    cycle(nina_client)
    (alert,) = Alert.objects.filter(municipality=minor_pushed)
    assert alert.key == KATWARN_1
    assert alert.state == AlertState.WITHDRAWN and alert.withdrawn_at
    assert list(visible_alerts(minor_pushed)) == []
    assert pushes.sent == []
    # The same dashboard again changes nothing.
    assert cycle(nina_client).outcome == "not_modified"
    alert.refresh_from_db()
    assert alert.state == AlertState.WITHDRAWN
    assert pushes.sent == []


def test_an_update_listed_first_shows_only_the_update_pushed_once(
    minor_pushed, nina, nina_client, pushes
):
    nina.dashboard(CASTROP_KEY, dashboard("update", "original"), etag="")
    nina.details(KATWARN_1, KATWARN_2)
    cycle(nina_client)
    (alert,) = Alert.objects.filter(municipality=minor_pushed)
    assert (alert.key, alert.identifier) == (KATWARN_1, KATWARN_2)
    assert alert.severity == "severe" and alert.state == AlertState.ACTIVE
    assert list(visible_alerts(minor_pushed)) == [alert]
    assert len(pushes.sent) == 1
    assert pushes.sent[0]["message"].title["de"] == (
        "Bombenentschärfung: Sperrung verlängert"
    )
    # Polled again (no validators): nothing changes, nothing is sent.
    before = list(Alert.objects.values_list("pk", "updated_at", "payload_hash"))
    assert cycle(nina_client).changed == []
    assert list(Alert.objects.values_list("pk", "updated_at", "payload_hash")) == (
        before
    )
    assert len(pushes.sent) == 1


def test_an_original_listed_after_its_update_in_a_later_poll_is_not_shown_again(
    minor_pushed, nina, nina_client, pushes
):
    nina.dashboard(CASTROP_KEY, dashboard("update", "original"), etag='"a"')
    nina.details(KATWARN_2)
    fail_detail(nina, KATWARN_1)
    cycle(nina_client)
    (alert,) = Alert.objects.filter(municipality=minor_pushed)
    assert alert.identifier == KATWARN_2 and alert.severity == "severe"
    assert len(pushes.sent) == 1
    serve_detail(nina, KATWARN_1)
    result = cycle(nina_client)  # the original's detail now answers
    assert result.created == [] and result.updated == []
    (alert,) = Alert.objects.filter(municipality=minor_pushed)
    assert alert.identifier == KATWARN_2 and alert.severity == "severe"
    assert list(visible_alerts(minor_pushed)) == [alert]
    assert len(pushes.sent) == 1


@pytest.mark.parametrize("how", ["listed_later", "detail_failed_first"])
def test_an_original_arriving_after_its_cancel_is_withdrawn_and_never_pushed(
    how, minor_pushed, nina, nina_client, pushes
):
    nina.details(KATWARN_CANCEL)
    if how == "listed_later":
        nina.dashboard(CASTROP_KEY, dashboard("cancel"), etag='"a"')
        nina.details(KATWARN_1)
    else:
        nina.dashboard(CASTROP_KEY, dashboard("cancel", "original"), etag='"a"')
        fail_detail(nina, KATWARN_1)
    cycle(nina_client)
    assert not Alert.objects.filter(municipality=minor_pushed).exists()
    if how == "listed_later":
        nina.dashboard(CASTROP_KEY, dashboard("cancel", "original"), etag='"b"')
    else:
        serve_detail(nina, KATWARN_1)
    cycle(nina_client)
    (alert,) = Alert.objects.filter(municipality=minor_pushed)
    assert alert.key == KATWARN_1
    assert alert.state == AlertState.WITHDRAWN and alert.withdrawn_at
    assert list(visible_alerts(minor_pushed)) == []
    # Once the Cancel has left the dashboard the warning stays withdrawn.
    nina.dashboard(CASTROP_KEY, dashboard("original"), etag='"c"')
    cycle(nina_client)
    alert.refresh_from_db()
    assert alert.state == AlertState.WITHDRAWN
    assert pushes.sent == []


@pytest.mark.parametrize(
    "recorded, warning_id",
    [
        ("dashboard_test_message.json", TEST_ID),
        ("dashboard_exercise_expired.json", EXERCISE_ID),
    ],
    ids=["test", "exercise"],
)
def test_test_and_exercise_messages_are_never_shown_or_pushed(
    recorded, warning_id, castrop, nina, nina_client, pushes
):
    nina.dashboard(CASTROP_KEY, [listed(recorded, warning_id)])
    nina.details(warning_id)
    result = cycle(nina_client)
    assert result.ignored == 1 and result.changed == []
    assert not Alert.objects.filter(key=warning_id).exists()
    assert list(visible_alerts(castrop)) == []
    assert pushes.sent == []
    assert not nina.calls(f"{warning_id}.geojson")  # no area fetched for it
