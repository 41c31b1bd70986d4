"""Topics and the public archive; locked SQL query counts of every contract
operation at a small and a large size."""

import json

import pytest
from django.utils import timezone

from rathaus.graphql import contract
from rathaus.modules.defects.apps import DefectsConfig
from rathaus.modules.notifications.models import Message
from rathaus.site.module_platform import api
from rathaus.site.module_platform.services import enable_module

from .builders import make_devices
from .conftest import browser_keys, codes

pytestmark = pytest.mark.django_db


def run(client, name, variables):
    text = contract.read_operation(contract.operations_dir() / f"{name}.graphql")
    response = client.post(
        "/graphql/",
        json.dumps({"query": text, "variables": variables}),
        content_type="application/json",
    )
    return json.loads(response.content)


def sent_messages(municipality, count, topic="news"):
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            municipality=municipality,
            topic=topic,
            title={"de": f"Nachricht {index}", "en": f"Message {index}"},
            body={"de": "Text", "en": "Text"},
            default_locale="de",
            status=Message.Status.SENT,
            send_after=now,
            sent_at=now - timezone.timedelta(minutes=index),
        )
        for index in range(count)
    )


def test_topics_are_labelled_in_the_locale_with_module_topics(
    notif_a, client, monkeypatch
):
    monkeypatch.setattr(
        DefectsConfig,
        "push_topics",
        lambda self, municipality: [api.PushTopic("defects:all", "Defects")],
    )
    enable_module(notif_a, "defects")
    payload = run(
        client, "NotificationTopics", {"municipality": "stadt-a", "locale": "de"}
    )
    topics = payload["data"]["notificationTopics"]
    assert [t["key"] for t in topics] == [
        "news",
        "events",
        "traffic",
        "warnings",
        "defects:all",
    ]
    assert topics[0]["module"] is None and topics[-1]["module"] == "defects"
    assert all(t["label"] for t in topics)


def test_archive_lists_sent_city_channel_messages_in_the_locale(
    notif_a, notif_b, client
):
    sent_messages(notif_a, 3)
    sent_messages(notif_a, 2, topic="waste:12:paper")  # module topics: private
    sent_messages(notif_b, 4)
    Message.objects.filter(municipality=notif_a).first()
    payload = run(
        client, "Notifications", {"municipality": "stadt-a", "locale": "en", "first": 2}
    )
    result = payload["data"]["notifications"]
    assert result["totalCount"] == 3
    assert [item["title"] for item in result["items"]] == ["Message 0", "Message 1"]
    payload = run(client, "Notifications", {"municipality": "stadt-a", "locale": "ar"})
    item = payload["data"]["notifications"]["items"][0]
    assert (item["locale"], item["fallback"], item["title"]) == (
        "de",
        True,
        "Nachricht 0",
    )


@pytest.mark.parametrize("variables", [{"first": 0}, {"first": 51}, {"offset": -1}])
def test_archive_page_limits_are_validated(notif_a, client, variables):
    payload = run(client, "Notifications", {"municipality": "stadt-a", **variables})
    assert codes(payload) == ["VALIDATION_ERROR"]


def test_reads_answer_module_disabled_where_it_is_off(municipality_a, client):
    for name in ("Notifications", "NotificationTopics"):
        payload = run(client, name, {"municipality": "stadt-a"})
        assert codes(payload) == ["MODULE_DISABLED"]


# Query counts ------------------------------------------------------------------
# Every operation: the municipality and the module check; writes add the
# module's settings (rate limit), the municipality's locales, its enabled
# modules (topics), the upsert and the topic replacement, each in savepoints.
TOPICS_QUERIES = 5
ARCHIVE_QUERIES = 6
REGISTER_QUERIES = 17
UPDATE_QUERIES = 13
UNREGISTER_QUERIES = 8


@pytest.mark.parametrize("count", [2, 200])
def test_archive_query_count(notif_a, client, count, django_assert_num_queries):
    sent_messages(notif_a, count)
    with django_assert_num_queries(ARCHIVE_QUERIES):
        payload = run(client, "Notifications", {"municipality": "stadt-a", "first": 50})
    assert payload["data"]["notifications"]["totalCount"] == count


@pytest.mark.parametrize("count", [2, 200])
def test_topics_query_count(notif_a, client, count, django_assert_num_queries):
    make_devices(notif_a, count)
    with django_assert_num_queries(TOPICS_QUERIES):
        payload = run(client, "NotificationTopics", {"municipality": "stadt-a"})
    assert len(payload["data"]["notificationTopics"]) == 4


@pytest.mark.parametrize("count", [1, 100])
def test_device_mutation_query_counts(
    notif_a, client, count, django_assert_num_queries
):
    make_devices(notif_a, 200)  # other devices do not matter
    topics = ["news", "events", "traffic", "warnings"][: min(count, 4)]
    _private, p256dh, auth = browser_keys()
    endpoint = f"https://push.example.net/sub/{count}"
    variables = {
        "municipality": "stadt-a",
        "input": {
            "transport": "WEBPUSH",
            "locale": "de",
            "subscription": {"endpoint": endpoint, "p256dh": p256dh, "auth": auth},
            "topics": topics,
        },
    }
    with django_assert_num_queries(REGISTER_QUERIES):
        payload = run(client, "RegisterDevice", variables)
    assert payload["data"]["registerDevice"]["created"] is True
    reference = {"municipality": "stadt-a", "transport": "WEBPUSH", "token": endpoint}
    with django_assert_num_queries(UPDATE_QUERIES):
        payload = run(client, "UpdateDeviceTopics", {**reference, "topics": topics[:1]})
    assert payload["data"]["updateDeviceTopics"]["device"]["topics"] == topics[:1]
    with django_assert_num_queries(UNREGISTER_QUERIES):
        payload = run(client, "UnregisterDevice", reference)
    assert payload["data"]["unregisterDevice"]["removed"] is True
