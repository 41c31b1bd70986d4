import pytest
import requests
import responses

from rathaus.modules.warnings.connectors.nina import district_key
from rathaus.modules.warnings.models import Alert, AlertState, SourceStatus
from rathaus.modules.warnings.services import polling
from rathaus.modules.warnings.services.queries import visible_alerts
from rathaus.site.module_platform.services import enable_module
from tests.factories import make_municipality

from .conftest import (
    BASE,
    CASTROP_KEY,
    DWD_ID,
    EXERCISE_ID,
    EXPIRED_ID,
    KATWARN_1,
    KATWARN_2,
    KATWARN_CANCEL,
    MOWAS_ID,
    recording,
)

pytestmark = pytest.mark.django_db

DASHBOARD = recording("dashboard_055620000000.json")


def test_district_key_is_the_ars_with_zeros():
    assert district_key("055620004004") == "055620000000"
    with pytest.raises(ValueError):
        district_key("05562")


def poll(municipality, client, **kwargs):
    return polling.poll_municipality(municipality, client, **kwargs)


def test_a_poll_stores_mowas_dwd_and_katwarn(castrop, nina, nina_client):
    nina.dashboard(CASTROP_KEY, DASHBOARD)
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    result = poll(castrop, nina_client)
    assert result.outcome == "updated"
    alerts = {alert.key: alert for alert in Alert.objects.filter(municipality=castrop)}
    assert set(alerts) == {MOWAS_ID, DWD_ID, KATWARN_2}
    mowas = alerts[MOWAS_ID]
    assert (mowas.source, mowas.severity, mowas.state) == ("mowas", "severe", "active")
    assert set(mowas.texts) == {"de", "en"}
    assert mowas.sender_name == "Leitstelle Kreis Recklinghausen"
    # No polygon in the CAP: the area comes from the GeoJSON endpoint.
    assert mowas.area["type"] == "Polygon"
    dwd = alerts[DWD_ID]
    assert (dwd.source, dwd.severity) == ("dwd", "moderate")
    assert dwd.area["coordinates"][0][0] == [7.10, 51.53]  # from the CAP polygon
    assert not nina.calls(f"{DWD_ID}.geojson")
    assert alerts[KATWARN_2].source == "katwarn"
    status = SourceStatus.objects.get(municipality=castrop, source="nina")
    assert status.etag == '"v1"' and status.last_error == ""
    assert SourceStatus.objects.get(municipality=castrop, source="mowas").healthy


def test_unchanged_dashboard_costs_one_304_and_changes_nothing(
    castrop, nina, nina_client
):
    nina.dashboard(CASTROP_KEY, DASHBOARD)
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    poll(castrop, nina_client)
    before = list(Alert.objects.values_list("pk", "updated_at", "payload_hash"))
    requests_before = len(nina.mock.calls)
    result = poll(castrop, nina_client)
    assert result.outcome == "not_modified"
    assert len(nina.mock.calls) == requests_before + 1
    assert nina.mock.calls[-1].request.headers["If-None-Match"] == '"v1"'
    assert list(Alert.objects.values_list("pk", "updated_at", "payload_hash")) == before


def test_the_same_payload_without_validators_fetches_no_detail(
    castrop, nina, nina_client
):
    nina.dashboard(CASTROP_KEY, DASHBOARD, etag="")
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    poll(castrop, nina_client)
    before = list(Alert.objects.values_list("pk", "updated_at"))
    detail_calls = len(nina.calls("/warnings/"))
    result = poll(castrop, nina_client)
    assert result.outcome == "updated" and result.changed == []
    assert len(nina.calls("/warnings/")) == detail_calls
    assert list(Alert.objects.values_list("pk", "updated_at")) == before


def test_an_update_replaces_the_warning_it_references(castrop, nina, nina_client):
    nina.dashboard(CASTROP_KEY, recording("dashboard_first_katwarn.json"), etag='"a"')
    nina.details(KATWARN_1, KATWARN_2)
    poll(castrop, nina_client)
    first = Alert.objects.get(key=KATWARN_1)
    assert first.severity == "minor"
    nina.dashboard(
        CASTROP_KEY,
        [item for item in DASHBOARD if item["id"] == KATWARN_2],
        etag='"b"',
    )
    result = poll(castrop, nina_client)
    assert result.updated == [first.pk] and result.created == []
    first.refresh_from_db()
    assert first.identifier == KATWARN_2
    assert first.severity == "severe"
    assert first.headline == "Bombenentschärfung: Sperrung verlängert"
    assert Alert.objects.filter(municipality=castrop).count() == 1


def test_a_cancel_withdraws_the_warning(castrop, nina, nina_client):
    nina.dashboard(CASTROP_KEY, recording("dashboard_first_katwarn.json"), etag='"a"')
    nina.details(KATWARN_1, MOWAS_ID, KATWARN_CANCEL)
    poll(castrop, nina_client)
    alert = Alert.objects.get(key=KATWARN_1)
    nina.dashboard(CASTROP_KEY, recording("dashboard_cancel.json"), etag='"c"')
    result = poll(castrop, nina_client)
    alert.refresh_from_db()
    assert alert.state == AlertState.WITHDRAWN and alert.withdrawn_at
    assert alert.pk in result.closed
    assert not Alert.objects.filter(key=KATWARN_CANCEL).exists()


def test_exercises_are_never_stored_and_expired_warnings_hide(
    castrop, nina, nina_client
):
    nina.dashboard(CASTROP_KEY, recording("dashboard_exercise_expired.json"))
    nina.details(EXERCISE_ID, EXPIRED_ID)
    result = poll(castrop, nina_client)
    assert result.ignored == 1
    assert not Alert.objects.filter(key=EXERCISE_ID).exists()
    expired = Alert.objects.get(key=EXPIRED_ID)
    assert expired.source == "police"
    assert list(visible_alerts(castrop)) == []


def test_warnings_gone_from_the_dashboard_end(castrop, nina, nina_client):
    nina.dashboard(CASTROP_KEY, DASHBOARD, etag='"1"')
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    poll(castrop, nina_client)
    nina.dashboard(CASTROP_KEY, [], etag='"2"')
    result = poll(castrop, nina_client)
    assert len(result.closed) == 3
    assert set(Alert.objects.values_list("state", flat=True)) == {AlertState.ENDED}


@pytest.mark.parametrize(
    "failure",
    [
        {"status": 503},
        {"body": requests.ConnectTimeout("timed out")},
        {"body": requests.ReadTimeout("timed out")},
        {"body": "not json", "status": 200},
    ],
)
def test_a_failed_poll_keeps_the_last_good_state(
    failure, castrop, nina, nina_client, backoff
):
    nina.dashboard(CASTROP_KEY, DASHBOARD)
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    poll(castrop, nina_client)
    before = list(Alert.objects.values_list("pk", "state", "updated_at"))
    url = f"{BASE}/dashboard/{CASTROP_KEY}.json"
    for registered in list(nina.mock.registered()):
        if registered.url == url:
            nina.mock.remove(registered)
    nina.mock.add(responses.GET, url, **failure)
    result = poll(castrop, nina_client)
    assert result.outcome == "failed"
    assert list(Alert.objects.values_list("pk", "state", "updated_at")) == before
    status = SourceStatus.objects.get(municipality=castrop, source="nina")
    assert status.consecutive_failures == 1 and status.last_error
    assert status.next_attempt_at > status.last_attempt_at
    if failure.get("status") != 200:
        assert backoff == [0.5, 1.0]  # retried twice with growing delays
    else:
        assert backoff == []  # a broken answer is not retried
    # In backoff the next poll makes no request.
    calls = len(nina.mock.calls)
    assert poll(castrop, nina_client).outcome == "skipped"
    assert len(nina.mock.calls) == calls


def test_a_failed_detail_keeps_that_warning_and_retries_it(castrop, nina, nina_client):
    nina.dashboard(CASTROP_KEY, DASHBOARD)
    nina.details(MOWAS_ID, KATWARN_2)
    nina.mock.add(responses.GET, f"{BASE}/warnings/{DWD_ID}.json", status=500)
    result = poll(castrop, nina_client)
    assert result.outcome == "updated"
    assert not Alert.objects.filter(key=DWD_ID).exists()
    dwd = SourceStatus.objects.get(municipality=castrop, source="dwd")
    assert dwd.consecutive_failures == 1 and "HTTP 500" in dwd.last_error
    assert SourceStatus.objects.get(municipality=castrop, source="mowas").healthy
    # No validators kept: the next poll fetches the dashboard and the detail.
    assert SourceStatus.objects.get(municipality=castrop, source="nina").etag == ""


def test_isolation_between_districts(castrop, other, nina, nina_client):
    nina.dashboard(CASTROP_KEY, DASHBOARD)
    nina.dashboard(district_key(other.ars), [])
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    results = polling.poll_cycle([castrop, other], client=nina_client)
    assert [result.outcome for result in results] == ["updated", "updated"]
    assert Alert.objects.filter(municipality=other).count() == 0
    assert Alert.objects.filter(municipality=castrop).count() == 3


def test_municipalities_of_one_district_share_detail_requests(
    castrop, nina, nina_client
):
    neighbour = make_municipality(
        slug="waltrop", ags="05562036", ars="055620036036", hostname="w.localhost"
    )
    enable_module(neighbour, "warnings")
    nina.dashboard(CASTROP_KEY, DASHBOARD)
    nina.details(MOWAS_ID, DWD_ID, KATWARN_2)
    polling.poll_cycle(client=nina_client)
    assert len(nina.calls(f"/warnings/{MOWAS_ID}.json")) == 1
    assert Alert.objects.filter(municipality=neighbour).count() == 3
