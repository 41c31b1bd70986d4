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
LABELS = dict(WEEKDAYS)
WORKDAYS = WEEKDAY_ORDER[:5]


class TimeSlotBlock(blocks.StructBlock):
    opens = blocks.TimeBlock(label=_("Opens"))
    closes = blocks.TimeBlock(label=_("Closes"))

    class Meta:
        label = _("Opening time")

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
    weekday = blocks.ChoiceBlock(label=_("Weekday"), choices=WEEKDAYS)
    closed = blocks.BooleanBlock(label=_("Closed"), required=False)
    appointment_only = blocks.BooleanBlock(
        label=_("By appointment only"),
        required=False,
        help_text=_("Open only by appointment."),
    )
    slots = blocks.ListBlock(
        TimeSlotBlock(), label=_("Opening times"), min_num=0, default=[]
    )
    note = blocks.CharBlock(label=_("Note"), required=False, max_length=200)
    copy_to_weekdays = blocks.BooleanBlock(
        required=False,
        label=_("Copy to Monday–Friday"),
        help_text=_(
            "On saving, these times and the note replace those of Monday to "
            "Friday (missing days are added)."
        ),
    )

    class Meta:
        label = _("Day")
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
        sources = [child for child in value if child.value["copy_to_weekdays"]]
        if len(sources) > 1:
            raise ValidationError(
                _("Copy one day to Monday–Friday at a time: %(days)s are ticked.")
                % {
                    "days": ", ".join(
                        str(LABELS[child.value["weekday"]]) for child in sources
                    )
                }
            )
        return self.copied_to_workdays(value, sources[0]) if sources else value

    def copied_to_workdays(self, value, source):
        """The stream with ``source``'s day copied to Monday–Friday, in weekday
        order. Days keep their block ids, so their translations stay attached."""
        child_block = self.child_blocks["day"]
        source.value["copy_to_weekdays"] = False
        days = {child.value["weekday"]: child for child in value}
        children = []
        for code in WEEKDAY_ORDER:
            existing = days.get(code)
            if code in WORKDAYS:
                copy = child_block.to_python(
                    {
                        **child_block.get_prep_value(source.value),
                        "weekday": code,
                        "copy_to_weekdays": False,
                    }
                )
                children.append(("day", copy, existing.id if existing else None))
            elif existing is not None:
                children.append(("day", existing.value, existing.id))
        return blocks.StreamValue(self, children)


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
