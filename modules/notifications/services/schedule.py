"""Quiet hours in the municipality's wall-clock time (Europe/Berlin)."""

import datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def _time(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.time):
        return value
    return datetime.time.fromisoformat(value)


def quiet_window(settings):
    """(start, end) times of the quiet hours, or None."""
    start = _time(settings.get("quiet_hours_start"))
    end = _time(settings.get("quiet_hours_end"))
    if start is None or end is None or start == end:
        return None
    return start, end


def release_time(when, settings):
    """The earliest moment at or after ``when`` outside the quiet hours.

    Windows may cross midnight (22:00 to 07:00). Times are combined with the
    local date in Europe/Berlin, so 07:00 stays 07:00 across DST changes.
    """
    window = quiet_window(settings)
    if window is None:
        return when
    start, end = window
    local = when.astimezone(BERLIN)
    now = local.time()
    if start < end:
        if not start <= now < end:
            return when
        day = local.date()
    else:
        if end <= now < start:
            return when
        day = local.date() + datetime.timedelta(days=1 if now >= start else 0)
    return datetime.datetime.combine(day, end, tzinfo=BERLIN).astimezone(datetime.UTC)
