"""Sending through ``api.send_push``: per-locale texts, fallback and skip,
dedupe keys, schedules and quiet hours, counts, pruning, resuming, and a
query count that does not grow with the devices."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import responses
from django.utils import timezone

from rathaus.modules.notifications.models import Delivery, Device, Message
from rathaus.modules.notifications.services import fanout, sending
from rathaus.modules.notifications.transports.fcm import FCM_ERROR_TYPE
from rathaus.site.module_platform import api
from rathaus.site.module_platform.services import configure_module

from .builders import FCM_URL, TOKEN_URL, make_devices, service_account
from .push_fake import install

pytestmark = pytest.mark.django_db

NO_QUIET_HOURS = {"quiet_hours_start": None, "quiet_hours_end": None}


@pytest.fixture(autouse=True)
def fcm_configured(settings):
    settings.NOTIFICATIONS_FCM_SERVICE_ACCOUNT = service_account()
    settings.NOTIFICATIONS_SEND_CONCURRENCY = 4


@pytest.fixture
def push_service(monkeypatch):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add(
            responses.POST,
            TOKEN_URL,
            json={"access_token": "ya29.t", "expires_in": 3599},
        )
        service = install(monkeypatch)
        service.add(FCM_URL, json={"name": "m"})
        yield service


def fcm_sends(service):
    return [request.json()["message"] for request in service.calls(FCM_URL)]


@pytest.fixture
def awake(notif_a):
    configure_module(notif_a, "notifications", NO_QUIET_HOURS)
    return notif_a


def message(**overrides):
    values = {
        "title": {"de": "Straße gesperrt", "en": "Road closed"},
        "body": {"de": "Die Hauptstraße ist gesperrt.", "en": "Main street closed."},
    }
    values.update(overrides)
    return api.PushMessage(**values)


def test_each_locale_gets_its_text_and_missing_ones_fall_back(awake, push_service):
    make_devices(awake, 2, locale="de")
    make_devices(awake, 3, locale="en")
    make_devices(awake, 1, locale="ar")
    record = api.send_push(awake, "news", message())
    record.refresh_from_db()
    assert record.status == Message.Status.SENT
    sent = fcm_sends(push_service)
    titles = sorted(
        (m["data"]["locale"], m["notification"]["title"], m["data"]["fallback"])
        for m in sent
    )
    assert titles == [
        ("de", "Straße gesperrt", "false"),
        ("de", "Straße gesperrt", "false"),
        ("de", "Straße gesperrt", "true"),  # the Arabic device, in German
        ("en", "Road closed", "false"),
        ("en", "Road closed", "false"),
        ("en", "Road closed", "false"),
    ]
    counts = {
        d.locale: (d.sent, d.failed, d.pruned, d.fallback)
        for d in record.deliveries.all()
    }
    assert counts == {
        "de": (2, 0, 0, False),
        "en": (3, 0, 0, False),
        "ar": (1, 0, 0, True),
    }


def test_skip_leaves_locales_without_translation_out(awake, push_service):
    make_devices(awake, 2, locale="ar")
    make_devices(awake, 1, locale="de")
    record = api.send_push(awake, "news", message(), missing_locale="skip")
    assert len(fcm_sends(push_service)) == 1
    skipped = Delivery.objects.get(message=record, locale="ar")
    assert skipped.skipped and skipped.sent == 0


def test_only_subscribers_of_the_topic_in_that_municipality_get_it(
    awake, notif_b, push_service
):
    make_devices(awake, 2, topics=["news"])
    make_devices(awake, 2, topics=["traffic"])
    make_devices(notif_b, 3, topics=["news"])
    api.send_push(awake, "news", message())
    assert len(fcm_sends(push_service)) == 2


def test_a_dedupe_key_sends_once(awake, push_service):
    make_devices(awake, 1)
    first = api.send_push(
        awake, "news", message(), dedupe_key="waste:12:paper:2026-12-03"
    )
    second = api.send_push(
        awake, "news", message(), dedupe_key="waste:12:paper:2026-12-03"
    )
    assert first.pk == second.pk
    assert len(fcm_sends(push_service)) == 1
    other = api.send_push(
        awake, "news", message(), dedupe_key="waste:12:paper:2026-12-04"
    )
    assert other.pk != first.pk


def test_gone_tokens_are_pruned_and_failures_counted(awake, push_service):
    gone, ok = make_devices(awake, 2)

    def answer(request):
        token = json.loads(request.body)["message"]["token"]
        if token == gone.token:
            return (
                404,
                {},
                json.dumps(
                    {
                        "error": {
                            "status": "NOT_FOUND",
                            "details": [
                                {
                                    "@type": FCM_ERROR_TYPE,
                                    "errorCode": "UNREGISTERED",
                                }
                            ],
                        }
                    }
                ),
            )
        return (200, {}, "{}")

    push_service.add_callback(FCM_URL, answer)
    record = api.send_push(awake, "news", message())
    delivery = Delivery.objects.get(message=record, locale="de")
    assert (delivery.sent, delivery.pruned) == (1, 1)
    assert list(Device.objects.values_list("pk", flat=True)) == [ok.pk]


def test_unconfigured_transport_counts_failures_and_keeps_devices(
    awake, push_service, settings
):
    settings.NOTIFICATIONS_VAPID_PRIVATE_KEY = ""
    make_devices(awake, 2, transport="webpush")
    record = api.send_push(awake, "news", message())
    delivery = Delivery.objects.get(message=record, locale="de")
    assert (delivery.sent, delivery.failed) == (0, 2)
    assert Device.objects.count() == 2


def test_disabled_module_raises_push_unavailable(municipality_a):
    with pytest.raises(api.PushUnavailable):
        api.send_push(municipality_a, "news", message())


def test_bad_message_is_a_validation_error_and_stores_nothing(awake):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        api.send_push(awake, "lottery", message(title={"en": "x"}), urgency="extreme")
    assert set(caught.value.message_dict) == {"topic", "title", "urgency"}
    assert not Message.objects.exists()


def test_scheduled_message_waits_for_the_periodic_task(awake, push_service):
    make_devices(awake, 1)
    later = timezone.now() + timedelta(hours=2)
    record = sending.send(awake, "news", message(), send_at=later)
    assert record.status == Message.Status.SCHEDULED
    assert sending.enqueue_due() == 0
    assert sending.enqueue_due(now=later + timedelta(seconds=1)) == 1
    record.refresh_from_db()
    assert record.status == Message.Status.SENT
    assert len(fcm_sends(push_service)) == 1


@pytest.mark.real_commit
def test_the_fan_out_starts_after_the_commit(
    awake, push_service, django_capture_on_commit_callbacks
):
    from django.db import transaction

    make_devices(awake, 1)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            record = sending.send(awake, "news", message())
            assert record.status == Message.Status.QUEUED
        assert fcm_sends(push_service) == []  # nothing before the commit
    record.refresh_from_db()
    assert record.status == Message.Status.SENT
    assert len(fcm_sends(push_service)) == 1


def test_disabling_push_cancels_what_was_not_sent(awake, push_service):
    from rathaus.site.module_platform.services import disable_module

    make_devices(awake, 1)
    later = timezone.now() + timedelta(hours=2)
    scheduled = sending.send(awake, "news", message(), send_at=later)
    sent = sending.send(awake, "news", message(title={"de": "Schon raus"}))
    disable_module(awake, "notifications")
    scheduled.refresh_from_db()
    sent.refresh_from_db()
    assert scheduled.status == Message.Status.CANCELLED
    assert sent.status == Message.Status.SENT
    assert sending.enqueue_due(now=later + timedelta(seconds=1)) == 0
    assert len(fcm_sends(push_service)) == 1


def test_the_periodic_task_skips_municipalities_without_push(awake, push_service):
    from rathaus.site.module_platform.models import ModuleActivation

    make_devices(awake, 1)
    later = timezone.now() + timedelta(hours=2)
    record = sending.send(awake, "news", message(), send_at=later)
    # Switched off without the module's on_disable (e.g. in the database).
    ModuleActivation.objects.filter(municipality=awake, module="notifications").update(
        enabled=False
    )
    assert sending.enqueue_due(now=later + timedelta(seconds=1)) == 0
    record.refresh_from_db()
    assert record.status == Message.Status.SCHEDULED
    assert fcm_sends(push_service) == []


def test_quiet_hours_hold_messages_but_warnings_may_ignore_them(
    notif_a, push_service, monkeypatch
):
    configure_module(
        notif_a,
        "notifications",
        {"quiet_hours_start": "22:00", "quiet_hours_end": "07:00"},
    )
    night = datetime(2026, 12, 3, 22, 30, tzinfo=UTC)  # 23:30 in Berlin
    monkeypatch.setattr(timezone, "now", lambda: night)
    make_devices(notif_a, 1, topics=["news", "warnings"])
    held = api.send_push(notif_a, "news", message())
    assert held.status == Message.Status.SCHEDULED
    assert held.send_after == datetime(2026, 12, 4, 6, 0, tzinfo=UTC)  # 07:00
    warning = api.send_push(
        notif_a, "warnings", message(), urgency="high", ignore_quiet_hours=True
    )
    warning.refresh_from_db()
    assert warning.status == Message.Status.SENT
    assert [m["android"]["priority"] for m in fcm_sends(push_service)] == ["HIGH"]


def test_a_message_is_claimed_once(awake, push_service):
    make_devices(awake, 1)
    record = api.send_push(awake, "news", message())
    assert fanout.deliver(record.pk) is None  # already sent: nothing happens
    Message.objects.filter(pk=record.pk).update(status=Message.Status.QUEUED)
    # A retried task resumes after the cursor: nobody gets it twice.
    assert fanout.deliver(record.pk) == {"sent": 0, "failed": 0, "pruned": 0}
    assert len(fcm_sends(push_service)) == 1


@pytest.mark.parametrize("count", [5, 120])
def test_fan_out_queries_do_not_grow_with_devices(
    awake, push_service, count, django_assert_num_queries
):
    make_devices(awake, count // 2, locale="de")
    make_devices(awake, count - count // 2, locale="en")
    record = sending.send(
        awake, "news", message(), send_at=timezone.now() + timedelta(hours=1)
    )
    Message.objects.filter(pk=record.pk).update(status=Message.Status.QUEUED)
    # claim, load, locales, deliveries, one batch (+ the empty next page),
    # counts for two locales, cursor, finish, the archive's generation bump.
    with django_assert_num_queries(FANOUT_QUERIES):
        totals = fanout.deliver(record.pk, batch_size=500)
    assert totals == {"sent": count, "failed": 0, "pruned": 0}


FANOUT_QUERIES = 10
