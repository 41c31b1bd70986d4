"""Event recurrence as iCalendar RRULEs (RFC 5545), validated and expanded."""

from datetime import timedelta

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_OCCURRENCES = 500


def parse_rrule(rule, dtstart):
    """Return a dateutil rrule for ``rule`` starting at ``dtstart``.

    Accepts the rule with or without the ``RRULE:`` prefix. Raises
    ValidationError for rules dateutil cannot read or that never end and
    have no COUNT (unbounded rules are allowed, but must be well-formed).
    """
    text = (rule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise ValidationError(_("The recurrence rule is empty."), code="empty")
    if "DTSTART" in text.upper():
        raise ValidationError(
            _("Leave DTSTART out: the event's start is the first occurrence."),
            code="dtstart",
        )
    try:
        return rrulestr(text, dtstart=dtstart)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("This is not a valid iCalendar RRULE: %(error)s"),
            code="invalid_rrule",
            params={"error": error},
        ) from None


def occurrences(start, end, rule, window_start, window_end, limit=MAX_OCCURRENCES):
    """(start, end) pairs of an event's occurrences overlapping the window."""
    duration = (end - start) if end else timedelta(0)
    if not rule:
        candidates = [start]
    else:
        recurrence = parse_rrule(rule, start)
        # An occurrence that starts before the window may still overlap it.
        candidates = recurrence.between(window_start - duration, window_end, inc=True)
    result = []
    for occurrence_start in candidates:
        occurrence_end = occurrence_start + duration
        if occurrence_end >= window_start and occurrence_start <= window_end:
            result.append((occurrence_start, occurrence_end))
            if len(result) >= limit:
                break
    return result


def normalise_rrule(rule):
    text = (rule or "").strip()
    return text[6:] if text.upper().startswith("RRULE:") else text
