"""What enabling and configuring the module does in a municipality."""

from django.utils import timezone

from . import shifts

SHIFT_SETTINGS = ("holiday_shift_rule", "state")


def _years():
    year = timezone.localdate().year
    return [year, year + 1]


def enable(municipality, settings):
    """Generate this and next year's holiday shifts (idempotent)."""
    shifts.generate_shifts(municipality, _years(), settings=settings)


def configure(municipality, previous, current):
    """A new shift rule or state regenerates the generated shifts."""
    if any(previous.get(name) != current.get(name) for name in SHIFT_SETTINGS):
        shifts.generate_shifts(municipality, _years(), settings=current)
