"""Holiday shifts: explicit overrides generated from the state's holidays.

The public holidays come from the ``holidays`` library for the municipality's
state (its AGS prefix, or the module's ``state`` setting). The municipality's
``holiday_shift_rule`` decides how collections move:

- ``none``: the imported dates are already the real ones;
- ``next_day``: a collection due on a holiday moves to the next working day
  (Monday to Saturday, not a holiday);
- ``rest_of_week``: from the holiday on, every collection of that week moves
  to the next free working day in order (Monday's holiday moves Monday to
  Tuesday ... Friday to Saturday), the usual German practice.

The result is stored as ``HolidayShift`` rows (``source=generated``) that staff
can edit; rows staff entered (``source=manual``) are never touched.
"""

import datetime

import holidays
from django.db import transaction

from rathaus.site.module_platform import api

from ..models import HolidayShift

MODULE = "waste"

#: The first two digits of the AGS (Amtlicher Gemeindeschlüssel) → state.
STATE_BY_AGS_PREFIX = {
    "01": "SH",
    "02": "HH",
    "03": "NI",
    "04": "HB",
    "05": "NW",
    "06": "HE",
    "07": "RP",
    "08": "BW",
    "09": "BY",
    "10": "SL",
    "11": "BE",
    "12": "BB",
    "13": "MV",
    "14": "SN",
    "15": "ST",
    "16": "TH",
}
SATURDAY, SUNDAY = 5, 6


def state_for(municipality, settings=None):
    settings = settings or api.get_settings(municipality, MODULE)
    return settings.get("state") or STATE_BY_AGS_PREFIX.get(
        (municipality.ags or "")[:2], ""
    )


def public_holidays(state, years):
    """``{date: name}`` of the German public holidays in ``state``."""
    return dict(
        holidays.Germany(subdiv=state or None, years=years, language="de").items()
    )


def _working_day(day, closed):
    return day.weekday() != SUNDAY and day not in closed


def _next_working_day(day, closed):
    day += datetime.timedelta(days=1)
    while not _working_day(day, closed):
        day += datetime.timedelta(days=1)
    return day


def compute_shifts(rule, closed, year):
    """``{original: (shifted, reason)}`` for the holidays of ``year``."""
    shifts = {}
    weekday_holidays = sorted(
        day for day in closed if day.year == year and day.weekday() < SATURDAY
    )
    if rule == "next_day":
        for holiday in weekday_holidays:
            shifts[holiday] = (_next_working_day(holiday, closed), closed[holiday])
    elif rule == "rest_of_week":
        # Per week, from its first holiday on, the days Monday to Friday take
        # the free working days (Saturday included) in order.
        first_per_week = {}
        for holiday in weekday_holidays:
            first_per_week.setdefault(holiday.isocalendar()[:2], holiday)
        for first in first_per_week.values():
            reason = closed[first]
            assigned = None
            original = first
            while original.weekday() < SATURDAY:
                candidate = original
                if assigned is not None:
                    candidate = max(original, assigned + datetime.timedelta(days=1))
                while not _working_day(candidate, closed):
                    candidate += datetime.timedelta(days=1)
                assigned = candidate
                if candidate != original:
                    shifts[original] = (candidate, closed.get(original, reason))
                original += datetime.timedelta(days=1)
    return shifts


@transaction.atomic
def generate_shifts(municipality, years, settings=None):
    """Replace the generated shifts of ``years``; returns how many exist now."""
    settings = settings or api.get_settings(municipality, MODULE)
    rule = settings.get("holiday_shift_rule", "none")
    years = sorted(set(years))
    closed = public_holidays(state_for(municipality, settings), [*years, years[-1] + 1])
    manual = set(
        HolidayShift.objects.filter(
            municipality=municipality,
            source=HolidayShift.Source.MANUAL,
            original_date__year__in=years,
        ).values_list("original_date", flat=True)
    )
    HolidayShift.objects.filter(
        municipality=municipality,
        source=HolidayShift.Source.GENERATED,
        original_date__year__in=years,
    ).delete()
    rows = []
    for year in years:
        for original, (shifted, reason) in compute_shifts(rule, closed, year).items():
            if original in manual:
                continue
            rows.append(
                HolidayShift(
                    municipality=municipality,
                    original_date=original,
                    shifted_date=shifted,
                    reason=reason,
                    source=HolidayShift.Source.GENERATED,
                )
            )
    HolidayShift.objects.bulk_create(rows)
    api.content_changed(municipality, module="waste")
    return len(rows)
