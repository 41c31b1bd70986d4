import json
from datetime import timedelta

import pytest
from django.utils import timezone

from rathaus.graphql import contract
from rathaus.modules.warnings.models import AlertState

from .builders import make_alert

pytestmark = pytest.mark.django_db


def run(client, name, variables, *, errors=False):
    text = contract.read_operation(contract.operations_dir() / f"{name}.graphql")
    response = client.post(
        "/graphql/",
        json.dumps({"query": text, "variables": variables}),
        content_type="application/json",
    )
    assert response.status_code == 200
    payload = json.loads(response.content)
    if errors:
        return payload["errors"]
    assert "errors" not in payload, payload
    return payload["data"]


def test_current_warnings_most_severe_first(client, castrop):
    minor = make_alert(castrop, severity="minor", source="dwd")
    extreme = make_alert(castrop, severity="extreme")
    data = run(client, "Warnings", {"municipality": "stadt-a"})
    assert [item["id"] for item in data["warnings"]] == [str(extreme.pk), str(minor.pk)]
    first = data["warnings"][0]
    assert first["source"] == "MOWAS" and first["severity"] == "EXTREME"
    assert first["sender"] == "Leitstelle Kreis Recklinghausen"
    assert first["sourceName"]
    assert first["description"] == "Erste Zeile.\nZweite Zeile."
    assert first["area"] and first["area"]["type"] == "Polygon"
    assert first["state"] == "ACTIVE" and first["isAllClear"] is False
    assert first["language"] == "de" and first["machineTranslated"] is False


def test_languages_official_machine_translated_and_fallback(client, castrop):
    alert = make_alert(castrop)
    alert.texts = {
        **alert.texts,
        "en": {"headline": "Warning", "description": "", "instruction": ""},
        "ar": {
            "headline": "[MT ar] Warnung",
            "description": "",
            "instruction": "",
            "machine_translated": True,
        },
    }
    alert.save()
    english = run(client, "Warnings", {"municipality": "stadt-a", "locale": "en"})
    assert english["warnings"][0]["headline"] == "Warning"
    arabic = run(client, "Warnings", {"municipality": "stadt-a", "locale": "ar"})
    assert arabic["warnings"][0]["machineTranslated"] is True
    alert.texts = {"de": alert.texts["de"]}
    alert.save()
    fallback = run(client, "Warnings", {"municipality": "stadt-a", "locale": "ar"})
    item = fallback["warnings"][0]
    assert item["language"] == "de" and item["languageFallback"] is True


def test_expired_withdrawn_and_ended_are_left_out_all_clears_stay(client, castrop):
    now = timezone.now()
    make_alert(castrop, expires=now - timedelta(minutes=1))
    withdrawn = make_alert(castrop, state=AlertState.WITHDRAWN, withdrawn_at=now)
    make_alert(castrop, state=AlertState.ENDED, ended_at=now)
    all_clear = make_alert(castrop, state=AlertState.ALL_CLEAR, all_clear_at=now)
    make_alert(
        castrop,
        state=AlertState.ALL_CLEAR,
        all_clear_at=now - timedelta(hours=13),
    )
    data = run(client, "Warnings", {"municipality": "stadt-a"})
    assert [item["id"] for item in data["warnings"]] == [str(all_clear.pk)]
    assert data["warnings"][0]["isAllClear"] is True
    one = run(client, "Warning", {"municipality": "stadt-a", "id": str(withdrawn.pk)})
    assert one["warning"]["state"] == "WITHDRAWN"
    assert one["warning"]["withdrawnAt"]


def test_tenancy_isolation(client, castrop, other):
    mine = make_alert(castrop)
    theirs = make_alert(other)
    data = run(client, "Warnings", {"municipality": "stadt-b"})
    assert [item["id"] for item in data["warnings"]] == [str(theirs.pk)]
    cross = run(client, "Warning", {"municipality": "stadt-b", "id": str(mine.pk)})
    assert cross["warning"] is None


def test_typed_errors(client, castrop, municipality_b):
    errors = run(client, "Warnings", {"municipality": "nowhere"}, errors=True)
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
    errors = run(client, "Warnings", {"municipality": "stadt-b"}, errors=True)
    assert errors[0]["extensions"]["code"] == "MODULE_DISABLED"
    errors = run(
        client, "Warnings", {"municipality": "stadt-a", "locale": "fr"}, errors=True
    )
    assert errors[0]["extensions"]["code"] == "VALIDATION_ERROR"
    assert "locale" in errors[0]["extensions"]["fields"]
    data = run(client, "Warning", {"municipality": "stadt-a", "id": "abc"})
    assert data["warning"] is None


# municipality, module activation, its locales, the warnings
WARNINGS_QUERIES = 4


@pytest.mark.parametrize("size", [2, 40])
def test_query_count_is_constant(size, client, castrop, django_assert_num_queries):
    for _ in range(size):
        make_alert(castrop)
    with django_assert_num_queries(WARNINGS_QUERIES):
        data = run(client, "Warnings", {"municipality": "stadt-a", "locale": "en"})
    assert len(data["warnings"]) == size


@pytest.mark.parametrize("size", [2, 40])
def test_warning_query_count_is_constant(
    size, client, castrop, django_assert_num_queries
):
    alerts = [make_alert(castrop) for _ in range(size)]
    with django_assert_num_queries(WARNINGS_QUERIES):
        data = run(client, "Warning", {"municipality": "stadt-a", "id": alerts[0].pk})
    assert data["warning"]["id"] == str(alerts[0].pk)
