"""Push reminders the evening before a collection, and the topics behind them.

Topics are ``waste:<district id>:<fraction key>``: a device subscribes to the
districts of its house (``wasteCollections`` lists them), so no address is
ever stored on the server. The daily run is idempotent per (district, date):
a ``ReminderLog`` row is claimed before sending, and the push provider gets
the same key as ``dedupe_key``.

Apps may instead schedule local notifications from ``wasteCollections``; both
are documented in ``frontend_contract/README.md``.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rathaus.site.module_platform import api

from ..models import CollectionDate, CollectionDistrict, Fraction, ReminderLog
from .schedule import localised_fractions, shift_map

logger = logging.getLogger(__name__)

MODULE = "waste"
TIME_ZONE = ZoneInfo("Europe/Berlin")
STALE = datetime.timedelta(minutes=15)
RETRYABLE = (ReminderLog.Status.FAILED, ReminderLog.Status.UNAVAILABLE)


def topic_key(district, fraction_key):
    return f"waste:{district.pk}:{fraction_key}"


def push_topics(municipality):
    """One topic per district of every dated fraction (2 queries)."""
    names = {
        fraction.translation_key: fraction.name
        for fraction in localised_fractions(municipality)
    }
    districts = CollectionDistrict.objects.filter(
        municipality=municipality,
        fraction__active=True,
        fraction__kind__in=(Fraction.Kind.SCHEDULED, Fraction.Kind.MOBILE),
    ).select_related("fraction")
    return [
        api.PushTopic(
            key=topic_key(district, district.fraction.key),
            label=f"{names.get(district.fraction.translation_key, district.fraction)}"
            f": {district.name}",
        )
        for district in districts.order_by("fraction__sort_order", "name", "pk")
    ]


def accepts_topic(municipality, key):
    """``waste:<district>:<fraction>`` of a district of this municipality."""
    parts = key.split(":")
    if len(parts) != 3 or parts[0] != MODULE or not parts[1].isdigit():
        return False
    return CollectionDistrict.objects.filter(
        municipality=municipality,
        pk=int(parts[1]),
        fraction__key=parts[2],
        fraction__active=True,
        fraction__kind__in=(Fraction.Kind.SCHEDULED, Fraction.Kind.MOBILE),
    ).exists()


def _reminder_time(settings):
    value = settings.get("reminder_time") or "18:00"
    if isinstance(value, datetime.time):
        return value
    return datetime.time.fromisoformat(str(value))


def is_due(settings, now):
    """Whether the municipality's reminder time has come today (Berlin time)."""
    local = now.astimezone(TIME_ZONE)
    return local.time() >= _reminder_time(settings)


def collections_on(municipality, day):
    """The (district, date row) pairs collected on ``day``, shifts applied."""
    window = datetime.timedelta(days=10)
    shifts = shift_map(municipality, day - window, day + window)
    originals = {
        original for original, (shifted, _r) in shifts.items() if shifted == day
    }
    if day not in shifts:
        originals.add(day)
    return list(
        CollectionDate.objects.filter(
            municipality=municipality,
            date__in=originals,
            district__fraction__active=True,
            district__fraction__kind__in=(
                Fraction.Kind.SCHEDULED,
                Fraction.Kind.MOBILE,
            ),
        )
        .select_related("district__fraction")
        .order_by("district__fraction__sort_order", "district__name", "pk")
    )


def _names_by_locale(municipality, locales):
    return {
        code: {
            fraction.translation_key: fraction.name
            for fraction in localised_fractions(municipality, code)
        }
        for code in locales
    }


def build_message(row, day, locales, names):
    """The reminder in every offered locale."""
    district = row.district
    fraction = district.fraction
    titles, bodies = {}, {}
    for code in locales:
        name = names[code].get(fraction.translation_key, fraction.name)
        with translation.override(code):
            titles[code] = _("Tomorrow: %(fraction)s") % {"fraction": name}
            when = date_format(day, "DATE_FORMAT")
            if fraction.kind == Fraction.Kind.MOBILE and row.start_time:
                bodies[code] = _(
                    "%(fraction)s on %(date)s from %(start)s at %(place)s."
                ) % {
                    "fraction": name,
                    "date": when,
                    "start": row.start_time.strftime("%H:%M"),
                    "place": district.location or district.name,
                }
            else:
                bodies[code] = _(
                    "%(fraction)s is collected on %(date)s. Please put it out in time."
                ) % {"fraction": name, "date": when}
    return api.PushMessage(
        title=titles,
        body=bodies,
        data={
            "module": MODULE,
            "district": str(district.pk),
            "fraction": fraction.key,
            "date": day.isoformat(),
        },
    )


def _claim(municipality, district, day):
    """The log row to send under, or None when it was sent already."""
    try:
        with transaction.atomic():
            return ReminderLog.objects.create(
                municipality=municipality,
                district=district,
                date=day,
                status=ReminderLog.Status.FAILED,
                detail="sending",
            )
    except IntegrityError:
        log = ReminderLog.objects.get(district=district, date=day)
        # "sending" longer than STALE means that run died: try again.
        stale = log.detail == "sending" and log.sent_at < timezone.now() - STALE
        if log.status in RETRYABLE and (log.detail != "sending" or stale):
            return log
        return None


def send_for(municipality, day, settings=None):
    """Send the reminders for ``day``'s collections; returns a summary."""
    locales = [
        locale.language_code
        for locale in municipality.locales.order_by("language_code")
    ] or [municipality.default_locale.language_code]
    names = _names_by_locale(municipality, locales)
    summary = {"sent": 0, "skipped": 0, "unavailable": 0, "failed": 0}
    for row in collections_on(municipality, day):
        district = row.district
        log = _claim(municipality, district, day)
        if log is None:
            summary["skipped"] += 1
            continue
        message = build_message(row, day, locales, names)
        key = topic_key(district, district.fraction.key)
        try:
            api.send_push(
                municipality,
                key,
                message,
                collapse_key=key,
                dedupe_key=f"{key}:{day.isoformat()}",
            )
        except api.PushUnavailable as error:
            log.status, log.detail = ReminderLog.Status.UNAVAILABLE, str(error)
            summary["unavailable"] += 1
        except Exception as error:  # a provider's failure must not stop the rest
            logger.exception("Waste reminder %s failed", key)
            log.status, log.detail = ReminderLog.Status.FAILED, str(error)[:500]
            summary["failed"] += 1
        else:
            log.status, log.detail = ReminderLog.Status.SENT, ""
            summary["sent"] += 1
        log.save(update_fields=["status", "detail", "sent_at"])
    return summary


def send_due(now=None):
    """For every municipality whose reminder time has come: tomorrow's reminders."""
    now = now or timezone.now()
    results = {}
    for municipality in api.Municipality.objects.select_related("default_locale"):
        if not api.is_enabled(municipality, MODULE):
            continue
        settings = api.get_settings(municipality, MODULE)
        if not settings.get("reminders_enabled") or not is_due(settings, now):
            continue
        tomorrow = now.astimezone(TIME_ZONE).date() + datetime.timedelta(days=1)
        results[municipality.slug] = send_for(municipality, tomorrow, settings)
    return results
