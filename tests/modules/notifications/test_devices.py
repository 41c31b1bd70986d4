"""Anonymous device registration through GraphQL: validation, idempotency,
rate limits, gating and isolation between municipalities."""

import pytest
from django.utils import timezone

from rathaus.modules.defects.apps import DefectsConfig
from rathaus.modules.notifications.models import Device, Subscription
from rathaus.modules.notifications.services import devices
from rathaus.site.module_platform.services import (
    configure_module,
    disable_module,
    enable_module,
)

from .conftest import REGISTER, UNREGISTER, UPDATE, codes, fcm_input, webpush_input

pytestmark = pytest.mark.django_db


def test_fcm_device_registers_with_topics_and_no_personal_data(notif_a, gql):
    payload = gql(
        REGISTER,
        {"municipality": "stadt-a", "input": fcm_input(topics=["news", "warnings"])},
        REMOTE_ADDR="203.0.113.9",
    )
    result = payload["data"]["registerDevice"]
    assert result["created"] is True
    assert result["device"]["transport"] == "FCM"
    assert result["device"]["topics"] == ["news", "warnings"]
    device = Device.objects.get()
    assert device.municipality == notif_a
    stored = [str(getattr(device, field.attname)) for field in Device._meta.fields]
    assert not any("203.0.113.9" in value for value in stored)
    assert {f.name for f in Device._meta.fields} == {
        "id",
        "municipality",
        "locale",
        "transport",
        "token",
        "token_hash",
        "p256dh",
        "auth",
        "created_at",
        "last_seen",
    }


def test_registering_the_same_token_again_updates_one_row(notif_a, gql):
    gql(REGISTER, {"municipality": "stadt-a", "input": fcm_input(topics=["news"])})
    payload = gql(
        REGISTER,
        {
            "municipality": "stadt-a",
            "input": fcm_input(topics=["traffic"], locale="en"),
        },
    )
    assert payload["data"]["registerDevice"]["created"] is False
    assert Device.objects.count() == 1
    assert Device.objects.get().locale == "en"
    assert list(Subscription.objects.values_list("topic", flat=True)) == ["traffic"]


def test_web_push_subscription_is_stored_with_its_keys(notif_a, gql, settings):
    endpoint = "https://fcm.googleapis.com/fcm/send/abc:def"
    payload = gql(
        REGISTER, {"municipality": "stadt-a", "input": webpush_input(endpoint)}
    )
    assert payload["data"]["registerDevice"]["device"]["transport"] == "WEBPUSH"
    device = Device.objects.get()
    assert device.token == endpoint and device.p256dh and device.auth


@pytest.mark.parametrize(
    ("endpoint", "field"),
    [
        ("http://push.example.org/x", "token"),
        ("https://127.0.0.1/x", "token"),
        ("https://10.1.2.3/x", "token"),
        ("https://localhost/x", "token"),
        ("https://user:pw@push.example.org/x", "token"),
        ("https://[::1]/x", "token"),
    ],
)
def test_endpoints_the_server_must_not_call_are_refused(notif_a, gql, endpoint, field):
    payload = gql(
        REGISTER, {"municipality": "stadt-a", "input": webpush_input(endpoint)}
    )
    assert codes(payload) == ["VALIDATION_ERROR"]
    assert field in payload["errors"][0]["extensions"]["fields"]
    assert not Device.objects.exists()


def test_bad_keys_locale_and_topics_get_field_errors_and_store_nothing(notif_a, gql):
    data = webpush_input("https://updates.push.services.mozilla.com/wpush/v2/x")
    data["subscription"]["p256dh"] = "bm90LWEta2V5"
    data["subscription"]["auth"] = "c2hvcnQ"
    data["locale"] = "xx"
    data["topics"] = ["news", "lottery"]
    payload = gql(REGISTER, {"municipality": "stadt-a", "input": data})
    assert codes(payload) == ["VALIDATION_ERROR"]
    fields = payload["errors"][0]["extensions"]["fields"]
    assert set(fields) == {"p256dh", "auth", "locale", "topics"}
    assert "lottery" in fields["topics"][0]
    assert not Device.objects.exists()


def test_missing_token_is_a_validation_error(notif_a, gql):
    data = fcm_input()
    del data["token"]
    payload = gql(REGISTER, {"municipality": "stadt-a", "input": data})
    assert codes(payload) == ["VALIDATION_ERROR"]


def test_topics_of_enabled_modules_are_accepted(notif_a, gql, monkeypatch):
    monkeypatch.setattr(
        DefectsConfig,
        "accepts_push_topic",
        lambda self, municipality, key: key.startswith("defects:report-"),
    )
    data = fcm_input(topics=["defects:report-17"])
    payload = gql(REGISTER, {"municipality": "stadt-a", "input": data})
    assert codes(payload) == ["VALIDATION_ERROR"]  # defects not enabled here
    enable_module(notif_a, "defects")
    payload = gql(REGISTER, {"municipality": "stadt-a", "input": data})
    assert payload["data"]["registerDevice"]["device"]["topics"] == [
        "defects:report-17"
    ]


def test_update_topics_and_locale(notif_a, gql):
    gql(REGISTER, {"municipality": "stadt-a", "input": fcm_input()})
    payload = gql(
        UPDATE,
        {
            "municipality": "stadt-a",
            "transport": "FCM",
            "token": "fcm-token-1",
            "topics": ["events", "traffic"],
            "locale": "ar",
        },
    )
    assert payload["data"]["updateDeviceTopics"]["device"] == {
        "transport": "FCM",
        "locale": "ar",
        "topics": ["events", "traffic"],
    }
    assert sorted(Subscription.objects.values_list("topic", flat=True)) == [
        "events",
        "traffic",
    ]


def test_unregister_removes_the_device_and_its_topics(notif_a, gql):
    gql(REGISTER, {"municipality": "stadt-a", "input": fcm_input()})
    variables = {"municipality": "stadt-a", "transport": "FCM", "token": "fcm-token-1"}
    assert gql(UNREGISTER, variables)["data"]["unregisterDevice"]["removed"] is True
    assert gql(UNREGISTER, variables)["data"]["unregisterDevice"]["removed"] is False
    assert not Device.objects.exists() and not Subscription.objects.exists()


def test_another_municipality_cannot_see_or_change_a_device(notif_a, notif_b, gql):
    gql(REGISTER, {"municipality": "stadt-a", "input": fcm_input()})
    variables = {"municipality": "stadt-b", "transport": "FCM", "token": "fcm-token-1"}
    payload = gql(UPDATE, {**variables, "topics": ["traffic"]})
    assert codes(payload) == ["NOT_FOUND"]
    assert gql(UNREGISTER, variables)["data"]["unregisterDevice"]["removed"] is False
    device = Device.objects.get()
    assert device.municipality == notif_a
    assert list(device.subscriptions.values_list("topic", flat=True)) == ["news"]


def test_disabled_module_answers_module_disabled(municipality_a, gql):
    for query, variables in [
        (REGISTER, {"municipality": "stadt-a", "input": fcm_input()}),
        (UNREGISTER, {"municipality": "stadt-a", "transport": "FCM", "token": "t"}),
    ]:
        assert codes(gql(query, variables)) == ["MODULE_DISABLED"]
    enable_module(municipality_a, "notifications")
    disable_module(municipality_a, "notifications")
    assert codes(gql(REGISTER, {"municipality": "stadt-a", "input": fcm_input()})) == [
        "MODULE_DISABLED"
    ]
    assert not Device.objects.exists()


def test_registrations_are_rate_limited_per_client(notif_a, gql):
    configure_module(notif_a, "notifications", {"registrations_per_hour": 2})
    for index in range(2):
        payload = gql(
            REGISTER,
            {"municipality": "stadt-a", "input": fcm_input(token=f"t{index}")},
            REMOTE_ADDR="198.51.100.7",
        )
        assert "errors" not in payload
    payload = gql(
        REGISTER,
        {"municipality": "stadt-a", "input": fcm_input(token="t9")},
        REMOTE_ADDR="198.51.100.7",
    )
    assert codes(payload) == ["RATE_LIMITED"]
    assert payload["errors"][0]["extensions"]["retryAfter"] > 0
    assert Device.objects.count() == 2


def test_stale_devices_are_removed_per_municipality_setting(notif_a, notif_b, gql):
    configure_module(notif_a, "notifications", {"device_retention_days": 30})
    old = timezone.now() - timezone.timedelta(days=60)
    for municipality, token in ((notif_a, "a-old"), (notif_b, "b-old")):
        device = Device(
            municipality=municipality,
            locale="de",
            transport="fcm",
            token=token,
            last_seen=old,
        )
        device.save()
    Device(
        municipality=notif_a,
        locale="de",
        transport="fcm",
        token="a-new",
        last_seen=timezone.now(),
    ).save()
    assert devices.remove_stale() == 1
    assert sorted(Device.objects.values_list("token", flat=True)) == [
        "a-new",
        "b-old",  # stadt-b keeps devices for 270 days
    ]
