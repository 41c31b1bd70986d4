"""Structured opening hours: per weekday closed, appointment-only or time slots.

Stored as a StreamField of day blocks so editors get a structured form and
wagtail-localize translates only the free-text notes.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

WEEKDAYS = [
    ("mo", _("Monday")),
    ("tu", _("Tuesday")),
    ("we", _("Wednesday")),
    ("th", _("Thursday")),
    ("fr", _("Friday")),
    ("sa", _("Saturday")),
    ("su", _("Sunday")),
]
WEEKDAY_ORDER = [code for code, _label in WEEKDAYS]


class TimeSlotBlock(blocks.StructBlock):
    opens = blocks.TimeBlock()
    closes = blocks.TimeBlock()

    def clean(self, value):
        value = super().clean(value)
        if value["opens"] >= value["closes"]:
            raise StructBlockValidationError(
                block_errors={
                    "closes": ValidationError(
                        _("Closing time must follow opening time.")
                    )
                }
            )
        return value


class OpeningDayBlock(blocks.StructBlock):
    weekday = blocks.ChoiceBlock(choices=WEEKDAYS)
    closed = blocks.BooleanBlock(required=False)
    appointment_only = blocks.BooleanBlock(
        required=False, help_text=_("Open only by appointment.")
    )
    slots = blocks.ListBlock(TimeSlotBlock(), min_num=0, default=[])
    note = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "time"

    def clean(self, value):
        value = super().clean(value)
        slots = sorted(value["slots"], key=lambda slot: slot["opens"])
        if value["closed"] and slots:
            raise StructBlockValidationError(
                block_errors={
                    "slots": ValidationError(_("A closed day has no opening times."))
                }
            )
        for earlier, later in zip(slots, slots[1:], strict=False):
            if later["opens"] < earlier["closes"]:
                raise StructBlockValidationError(
                    block_errors={
                        "slots": ValidationError(_("Opening times must not overlap."))
                    }
                )
        return value


class OpeningHoursBlock(blocks.StreamBlock):
    day = OpeningDayBlock()

    def clean(self, value):
        value = super().clean(value)
        seen = [child.value["weekday"] for child in value]
        duplicates = {day for day in seen if seen.count(day) > 1}
        if duplicates:
            raise ValidationError(
                _("Each weekday may appear once: %(days)s appear more often.")
                % {"days": ", ".join(sorted(duplicates))}
            )
        return value


def serialise_opening_hours(stream_value):
    """Opening hours as plain data, in weekday order, for the API."""
    days = {child.value["weekday"]: child.value for child in stream_value}
    result = []
    for code in WEEKDAY_ORDER:
        day = days.get(code)
        if day is None:
            continue
        result.append(
            {
                "weekday": code,
                "closed": bool(day["closed"]),
                "appointment_only": bool(day["appointment_only"]),
                "slots": [
                    {
                        "opens": slot["opens"].strftime("%H:%M"),
                        "closes": slot["closes"].strftime("%H:%M"),
                    }
                    for slot in sorted(day["slots"], key=lambda s: s["opens"])
                ],
                "note": day["note"] or "",
            }
        )
    return result
