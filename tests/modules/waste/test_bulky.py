"""requestBulkyWastePickup: validation, idempotency, rate limit, forwarding."""

import datetime
import json

import pytest
import responses
from django.core import mail
from django.utils import timezone

from rathaus.modules.waste.models import (
    BulkyItem,
    BulkyWasteBan,
    BulkyWasteRecipient,
    BulkyWasteRequest,
)
from rathaus.modules.waste.services import bulky
from rathaus.site.module_platform.services import configure_module

from .builders import make_street
from .conftest import codes
from .test_api import operation

pytestmark = pytest.mark.django_db
MUTATION = operation("RequestBulkyWastePickup")
ITEMS = operation("WasteBulkyItems")


@pytest.fixture
def street(waste_a):
    for order, (key, name, most) in enumerate(
        (("sofa", "Sofa", 2), ("wardrobe", "Schrank", 3), ("mattress", "Matratze", 4))
    ):
        BulkyItem.objects.create(
            municipality=waste_a,
            locale=waste_a.default_locale,
            key=key,
            name=name,
            max_quantity=most,
            sort_order=order,
        )
    return make_street(waste_a, "Lange Straße", postal_code="44575")


@pytest.fixture
def operator(waste_a):
    return BulkyWasteRecipient.objects.create(
        municipality=waste_a,
        name="EUV",
        channel=BulkyWasteRecipient.Channel.WEBHOOK,
        url="https://euv.example/sperrmuell",
    )


def working_day(offset):
    day = datetime.date.today() + datetime.timedelta(days=offset)
    while day.weekday() >= 5 or day.month == 12 and day.day in (24, 25, 26, 31):
        day += datetime.timedelta(days=1)
    return day


def request_input(target, **overrides):
    values = {
        "street": str(target.pk),
        "houseNumber": "12a",
        "items": [{"key": "sofa", "quantity": 1}, {"key": "mattress", "quantity": 2}],
        "preferredDates": [working_day(10).isoformat()],
        "name": "Erika Mustermann",
        "email": "erika@example.org",
        "phone": "0230512345",
        "language": "en",
    }
    values.update(overrides)
    return values


def send(client, target, key="key-00000001", municipality="stadt-a", **overrides):
    response = client.post(
        "/graphql/",
        json.dumps(
            {
                "query": MUTATION,
                "variables": {
                    "municipality": municipality,
                    "input": request_input(target, **overrides),
                    "idempotencyKey": key,
                },
            }
        ),
        content_type="application/json",
    )
    return json.loads(response.content)


def test_a_request_reaches_the_operator_and_the_resident(client, street, operator):
    with responses.RequestsMock() as rsps:
        rsps.post("https://euv.example/sperrmuell", json={"id": "SP-77"})
        payload = send(client, street)
        sent = json.loads(rsps.calls[0].request.body)
    assert "errors" not in payload, payload
    request = BulkyWasteRequest.objects.get()
    assert request.forwarding_state == BulkyWasteRequest.Forwarding.FORWARDED
    assert request.external_id == "SP-77"
    assert sent["address"] == "Lange Straße 12a, 44575"
    assert sent["description"] == "1 × Sofa, 2 × Matratze"
    assert "email" not in json.dumps(sent)
    (confirmation,) = mail.outbox
    assert confirmation.to == ["erika@example.org"]
    assert f"#{request.pk}" in confirmation.subject
    assert "Sofa" in confirmation.body and "Lange Straße 12a" in confirmation.body


def test_retries_replay_and_conflicts(client, street, operator):
    with responses.RequestsMock() as rsps:
        rsps.post("https://euv.example/sperrmuell", json={})
        first = send(client, street)
        again = send(client, street)
    assert again["data"]["requestBulkyWastePickup"]["replayed"] is True
    assert (
        again["data"]["requestBulkyWastePickup"]["request"]["id"]
        == first["data"]["requestBulkyWastePickup"]["request"]["id"]
    )
    assert BulkyWasteRequest.objects.count() == 1
    assert len(mail.outbox) == 1
    other = send(client, street, houseNumber="14")
    assert codes(other) == ["IDEMPOTENCY_CONFLICT"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"houseNumber": "x"}, "houseNumber"),
        ({"street": "999999"}, "street"),
        ({"items": []}, "items"),
        ({"items": [{"key": "piano", "quantity": 1}]}, "items"),
        ({"items": [{"key": "sofa", "quantity": 3}]}, "items"),
        (
            {"items": [{"key": "sofa", "quantity": 1}, {"key": "sofa", "quantity": 1}]},
            "items",
        ),
        ({"preferredDates": []}, "preferredDates"),
        ({"preferredDates": [datetime.date.today().isoformat()]}, "preferredDates"),
        ({"preferredDates": ["2030-01-01"]}, "preferredDates"),
        ({"email": "not-an-address"}, "email"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_gets_field_errors_and_stores_nothing(
    client, street, overrides, field
):
    payload = send(client, street, **overrides)
    assert codes(payload) == ["VALIDATION_ERROR"]
    assert field in payload["errors"][0]["extensions"]["fields"]
    assert not BulkyWasteRequest.objects.exists()


def test_weekend_dates_are_refused(client, street):
    day = working_day(10)
    saturday = day + datetime.timedelta(days=5 - day.weekday())
    payload = send(client, street, preferredDates=[saturday.isoformat()])
    assert (
        "ist kein Werktag"
        in payload["errors"][0]["extensions"]["fields"]["preferredDates"][0]
    )


def test_rate_limited(client, street, operator):
    configure_module(street.municipality, "waste", {"bulky_requests_per_hour": 1})
    with responses.RequestsMock() as rsps:
        rsps.post("https://euv.example/sperrmuell", json={})
        assert "errors" not in send(client, street, key="key-00000001")
    limited = send(client, street, key="key-00000002", houseNumber="2")
    assert codes(limited) == ["RATE_LIMITED"]
    assert limited["errors"][0]["extensions"]["retryAfter"] > 0
    assert BulkyWasteRequest.objects.count() == 1


WITH_HONEYPOT = """
mutation($municipality: String!, $input: BulkyWastePickupInput!,
         $idempotencyKey: String!, $honeypot: String) {
  requestBulkyWastePickup(municipality: $municipality, input: $input,
                          idempotencyKey: $idempotencyKey, honeypot: $honeypot) {
    replayed
  }
}
"""


def test_a_filled_honeypot_is_refused_and_stores_nothing(client, street, operator):
    response = client.post(
        "/graphql/",
        json.dumps(
            {
                "query": WITH_HONEYPOT,
                "variables": {
                    "municipality": "stadt-a",
                    "input": request_input(street),
                    "idempotencyKey": "key-00000001",
                    "honeypot": "https://spam.example",
                },
            }
        ),
        content_type="application/json",
    )
    payload = json.loads(response.content)
    assert codes(payload) == ["SUBMISSION_REFUSED"]
    assert payload["errors"][0]["extensions"]["reason"] == "honeypot"
    assert not BulkyWasteRequest.objects.exists()


def test_a_banned_address_is_refused_only_where_it_is_banned(
    client, street, operator, waste_b
):
    BulkyWasteBan.objects.create(
        municipality=street.municipality,
        kind=BulkyWasteBan.Kind.EMAIL,
        value_hash="Spam@Example.org",
        reason="Spam",
    )
    refused = send(client, street, email="spam@example.org")
    assert codes(refused) == ["SUBMISSION_REFUSED"]
    assert refused["errors"][0]["extensions"]["reason"] == "banned"
    assert not BulkyWasteRequest.objects.exists()
    # The same address is banned in Stadt A only.
    BulkyWasteBan.objects.filter(municipality=street.municipality).update(
        municipality=waste_b
    )
    with responses.RequestsMock() as rsps:
        rsps.post("https://euv.example/sperrmuell", json={"id": "SP-1"})
        accepted = send(client, street, key="key-00000002", email="spam@example.org")
    assert "errors" not in accepted, accepted
    assert BulkyWasteRequest.objects.count() == 1


def test_failed_forwarding_is_recorded_and_retried(client, street, operator):
    with responses.RequestsMock() as rsps:
        rsps.post("https://euv.example/sperrmuell", status=503)
        send(client, street)
    request = BulkyWasteRequest.objects.get()
    assert request.forwarding_state == BulkyWasteRequest.Forwarding.FAILED
    assert "503" in request.forwarding_error
    assert len(mail.outbox) == 1  # the resident is still confirmed
    # Not before the backoff has passed (the platform's: 1, 2, 4... minutes).
    assert request.next_attempt_at > timezone.now()
    assert bulky.retry_failed() == []
    with responses.RequestsMock() as rsps:
        rsps.post("https://euv.example/sperrmuell", status=502)
        bulky.retry_failed(now=request.next_attempt_at)
    request.refresh_from_db()
    assert request.forwarding_attempts == 2
    assert request.next_attempt_at - timezone.now() > datetime.timedelta(minutes=1)
    with responses.RequestsMock() as rsps:
        rsps.post("https://euv.example/sperrmuell", json={"id": "SP-1"})
        bulky.retry_failed(now=request.next_attempt_at)
    request.refresh_from_db()
    assert request.forwarding_state == BulkyWasteRequest.Forwarding.FORWARDED
    assert request.forwarding_attempts == 3
    assert request.next_attempt_at is None
    assert len(mail.outbox) == 1


def test_no_retries_where_the_module_was_disabled(client, street, operator):
    from rathaus.site.module_platform.services import disable_module

    with responses.RequestsMock() as rsps:
        rsps.post("https://euv.example/sperrmuell", status=503)
        send(client, street)
    disable_module(street.municipality, "waste")
    with responses.RequestsMock() as rsps:  # any request would fail here
        assert bulky.retry_failed() == []
        assert bulky.process(BulkyWasteRequest.objects.get().pk) is None
    request = BulkyWasteRequest.objects.get()
    assert request.forwarding_state == BulkyWasteRequest.Forwarding.FAILED
    assert request.forwarding_attempts == 1


def test_email_channel_and_no_operator(client, street, waste_a):
    send(client, street)
    request = BulkyWasteRequest.objects.get()
    assert request.forwarding_state == BulkyWasteRequest.Forwarding.NO_RECIPIENT
    BulkyWasteRecipient.objects.create(
        municipality=waste_a,
        name="EUV",
        channel=BulkyWasteRecipient.Channel.EMAIL,
        email="sperrmuell@euv.example",
    )
    bulky.retry_failed()
    request.refresh_from_db()
    assert request.forwarding_state == BulkyWasteRequest.Forwarding.FORWARDED
    forwarded = [m for m in mail.outbox if m.to == ["sperrmuell@euv.example"]]
    assert "Matratze" in forwarded[0].body


def test_items_and_isolation(client, street, waste_b):
    data = json.loads(
        client.post(
            "/graphql/",
            json.dumps({"query": ITEMS, "variables": {"municipality": "stadt-a"}}),
            content_type="application/json",
        ).content
    )["data"]["wasteBulkyItems"]
    assert [(i["key"], i["maxQuantity"]) for i in data] == [
        ("sofa", 2),
        ("wardrobe", 3),
        ("mattress", 4),
    ]
    # A's street and items through B: refused, nothing stored.
    payload = send(client, street, municipality="stadt-b")
    assert codes(payload) == ["VALIDATION_ERROR"]
    assert {"street", "items"} <= set(payload["errors"][0]["extensions"]["fields"])
    assert not BulkyWasteRequest.objects.exists()
