"""Daily reminders: due at the municipality's Berlin time, once per district."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from wagtail import hooks

from rathaus.modules.waste.models import HolidayShift, ReminderLog
from rathaus.modules.waste.services import reminders
from rathaus.site.module_platform import api
from rathaus.site.module_platform.services import configure_module

from .builders import translate_fraction

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def sent():
    messages = []

    def fake(municipality, topic, message, **options):
        messages.append((municipality.slug, topic, message, options))
        return {"id": len(messages)}

    with hooks.register_temporarily(api.PUSH_SENDER, fake):
        yield messages


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def test_one_reminder_per_district_in_every_locale(calendar_a, sent):
    translate_fraction(calendar_a["residual"], "en", "Residual waste")
    # 2026-01-05 is a Monday: residual Nord; reminders on Sunday evening.
    assert reminders.send_due(at(2026, 1, 4, 17, 59)) == {}
    result = reminders.send_due(at(2026, 1, 4, 18, 0))
    assert result["stadt-a"]["sent"] == 1
    ((slug, topic, message, options),) = sent
    north = calendar_a["north"]
    assert topic == f"waste:{north.pk}:residual"
    assert options["dedupe_key"] == f"waste:{north.pk}:residual:2026-01-05"
    assert set(message.title) == {"ar", "de", "en"}
    assert "Restmüll" in message.title["de"]
    assert "Residual waste" in message.title["en"]
    # Running again (every 5 minutes) sends nothing more.
    assert reminders.send_due(at(2026, 1, 4, 18, 5))["stadt-a"]["skipped"] == 1
    assert len(sent) == 1


def test_dst_the_wall_clock_time_holds(calendar_a, sent):
    # The clocks go forward on 2026-03-29: 18:00 Berlin is 16:00 UTC then.
    # Nord collects every other Monday from 2026-01-05, so on 2026-03-30.
    utc = datetime.UTC
    assert reminders.send_due(datetime.datetime(2026, 3, 29, 15, 59, tzinfo=utc)) == {}
    result = reminders.send_due(datetime.datetime(2026, 3, 29, 16, 0, tzinfo=utc))
    assert result["stadt-a"]["sent"] == 1


def test_shifted_dates_are_reminded_on_their_new_day(calendar_a, sent):
    HolidayShift.objects.create(
        municipality=calendar_a["main"].municipality,
        original_date=datetime.date(2026, 1, 5),
        shifted_date=datetime.date(2026, 1, 7),
    )
    assert reminders.send_due(at(2026, 1, 4, 18))["stadt-a"]["sent"] == 0
    assert reminders.send_due(at(2026, 1, 6, 18))["stadt-a"]["sent"] == 1


def test_no_provider_is_recorded_and_retried(calendar_a):
    result = reminders.send_due(at(2026, 1, 4, 18))
    assert result["stadt-a"]["unavailable"] == 1
    log = ReminderLog.objects.get()
    assert log.status == ReminderLog.Status.UNAVAILABLE


def test_setting_time_and_switch(calendar_a, sent):
    municipality = calendar_a["main"].municipality
    configure_module(municipality, "waste", {"reminder_time": "20:30"})
    assert reminders.send_due(at(2026, 1, 4, 20, 29)) == {}
    assert reminders.send_due(at(2026, 1, 4, 20, 30))["stadt-a"]["sent"] == 1
    configure_module(municipality, "waste", {"reminders_enabled": False})
    assert reminders.send_due(at(2026, 1, 18, 21)) == {}


def test_topics_are_declared_and_scoped(calendar_a, waste_b):
    municipality = calendar_a["main"].municipality
    keys = [topic.key for topic in reminders.push_topics(municipality)]
    north = calendar_a["north"]
    assert f"waste:{north.pk}:residual" in keys
    assert not any(key.endswith(":glass") for key in keys)
    assert reminders.accepts_topic(municipality, f"waste:{north.pk}:residual")
    assert not reminders.accepts_topic(waste_b, f"waste:{north.pk}:residual")
    assert not reminders.accepts_topic(municipality, f"waste:{north.pk}:paper")
    assert not reminders.accepts_topic(municipality, "waste:x:residual")
