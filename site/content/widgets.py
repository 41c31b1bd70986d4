"""The recurrence picker: an event's RRULE chosen from a few plain choices.

Editors choose how often an event repeats, on which weekdays or days of the
month, and when it ends; the widget writes the RRULE the model stores (the
field stays a plain RFC 5545 rule). A rule the picker cannot state exactly
(BYSETPOS, WKST, an UNTIL with a time, ...) is shown as text in the advanced
mode and kept as written, never cut down to what the picker knows.

The picker's values are turned into a rule here only (``build_rule``): the
form reads them on save, and the preview endpoint (``describe_view``) reads
the same values while the editor chooses and answers with the rule and its
description in words (``recurrence.describe``), so the browser neither
builds nor describes rules itself.
"""

import re
from datetime import date

from django import forms
from django.http import JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .recurrence import (
    ALLOWED_FREQUENCIES,
    WEEKDAY_CODES,
    describe,
    normalise_rrule,
    rule_parts,
)

#: Picker values; ``byday`` holds a list, the others one string each.
PICKER_KEYS = (
    "freq",
    "interval",
    "byday",
    "monthly",
    "monthday",
    "setpos",
    "setday",
    "end",
    "until",
    "count",
)
SETPOS = ("1", "2", "3", "4", "5", "-1")
MAX_INPUT = 500  # the field's max_length
MAX_VALUES = 40
NUMBER = re.compile(r"^\d{1,4}$")
DATE = re.compile(r"^\d{8}$")
POSITION_NAMES = [
    _("first"),
    _("second"),
    _("third"),
    _("fourth"),
    _("fifth"),
    _("last"),
]


def default_state():
    return {
        "freq": "",
        "interval": "1",
        "byday": [],
        "monthly": "day",
        "monthday": "",
        "setpos": "1",
        "setday": "MO",
        "end": "never",
        "until": "",
        "count": "",
    }


def picker_values(data, prefix=""):
    """The picker's values from POST or GET data (``<prefix>freq``, ...)."""
    values = default_state()
    for key in PICKER_KEYS:
        name = prefix + key
        if key == "byday":
            getlist = getattr(data, "getlist", None)
            found = getlist(name) if getlist else data.get(name, [])
            values[key] = [found] if isinstance(found, str) else list(found)
        elif name in data:
            values[key] = (data.get(name) or "").strip()
    return values


def _token(value):
    """A value as it goes into the rule: characters that could start another
    part are dropped, so a bad value fails the model's validation with its
    own message instead of smuggling in a part."""
    return re.sub(r"[^0-9A-Za-z+-]", "", value)


def build_rule(values):
    """The RRULE for the picker's ``values`` ("" for "does not repeat")."""
    frequency = values["freq"].upper()
    if frequency not in ALLOWED_FREQUENCIES:
        return ""
    parts = [f"FREQ={frequency}"]
    interval = values["interval"].lstrip("0") or "1"  # every 0 weeks: no such thing
    if interval != "1":
        parts.append(f"INTERVAL={_token(interval)}")
    if frequency == "WEEKLY":
        days = [code for code in WEEKDAY_CODES if code in set(values["byday"])]
        if days:
            parts.append("BYDAY=" + ",".join(days))
    elif frequency == "MONTHLY":
        if values["monthly"] == "weekday":
            setpos = values["setpos"] if values["setpos"] in SETPOS else "1"
            setday = values["setday"] if values["setday"] in WEEKDAY_CODES else "MO"
            parts.append(f"BYDAY={setpos}{setday}")
        elif values["monthday"]:
            parts.append(f"BYMONTHDAY={_token(values['monthday'])}")
    if values["end"] == "count":
        parts.append(f"COUNT={_token(values['count']) or '0'}")
    elif values["end"] == "until":
        try:
            until = date.fromisoformat(values["until"]).strftime("%Y%m%d")
        except ValueError:
            until = _token(values["until"]) or "-"
        parts.append(f"UNTIL={until}")
    return ";".join(parts)


def _canonical(rule):
    parts = dict(rule_parts(rule)) if normalise_rrule(rule) else {}
    if parts.get("INTERVAL", "").lstrip("0") == "1":
        del parts["INTERVAL"]
    for name in ("INTERVAL", "COUNT", "BYMONTHDAY"):
        if name in parts and parts[name].isdigit():
            parts[name] = str(int(parts[name]))
    if parts.get("FREQ") == "WEEKLY" and "BYDAY" in parts:
        days = parts["BYDAY"].split(",")
        parts["BYDAY"] = ",".join(code for code in WEEKDAY_CODES if code in days)
    return parts


def picker_state(rule):
    """The picker's values for ``rule``, or None when the picker cannot
    state it exactly (the editor then sees and edits the rule as text)."""
    state = default_state()
    if not normalise_rrule(rule):
        return state
    try:
        parts = dict(rule_parts(rule))
    except forms.ValidationError:
        return None
    frequency = state["freq"] = parts.pop("FREQ")
    interval = parts.pop("INTERVAL", "1")
    if not NUMBER.match(interval) or int(interval) < 1:
        return None
    state["interval"] = str(int(interval))
    days = [day for day in parts.pop("BYDAY", "").split(",") if day]
    monthday = parts.pop("BYMONTHDAY", None)
    if frequency == "WEEKLY" and days:
        if not set(days) <= set(WEEKDAY_CODES) or len(set(days)) != len(days):
            return None
        state["byday"] = days
    elif frequency == "MONTHLY" and days and monthday is None:
        match = re.match(r"^(-1|[1-5])(MO|TU|WE|TH|FR|SA|SU)$", days[0])
        if len(days) != 1 or match is None:
            return None
        state["monthly"] = "weekday"
        state["setpos"], state["setday"] = match.groups()
    elif days:
        return None
    if monthday is not None:
        if frequency != "MONTHLY" or not NUMBER.match(monthday):
            return None
        if not 1 <= int(monthday) <= 31:
            return None
        state["monthday"] = str(int(monthday))
    count, until = parts.pop("COUNT", None), parts.pop("UNTIL", None)
    if count is not None and until is not None:
        return None
    if count is not None:
        if not NUMBER.match(count) or int(count) < 1:
            return None
        state["end"], state["count"] = "count", str(int(count))
    if until is not None:
        if not DATE.match(until):
            return None  # a date-time: the picker only knows whole days
        try:
            day = date(int(until[:4]), int(until[4:6]), int(until[6:]))
        except ValueError:
            return None
        state["end"], state["until"] = "until", day.isoformat()
    if parts:
        return None  # WKST, BYMONTH, BYSETPOS, ...
    if _canonical(build_rule(state)) != _canonical(rule):
        return None
    return state


class RecurrenceWidget(forms.Widget):
    """Picker fields ``<name>__freq``, ``<name>__byday``, ... beside the rule
    as text (``<name>``), which ``<name>__advanced`` makes the value.

    A form posted without the picker (``<name>__mode`` missing) is read as
    the rule text, as a plain text input would be.
    """

    template_name = "content/widgets/recurrence_widget.html"

    def __init__(self, attrs=None, start_field="start", all_day_field="all_day"):
        super().__init__(attrs)
        self.start_field = start_field
        self.all_day_field = all_day_field

    class Media:
        css = {"all": ["content/css/recurrence-widget.css"]}
        js = ["content/js/recurrence-widget.js"]

    def value_from_datadict(self, data, files, name):
        if f"{name}__mode" not in data or data.get(f"{name}__advanced"):
            return data.get(name)
        return build_rule(picker_values(data, prefix=f"{name}__"))

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}__mode" not in data

    def format_value(self, value):
        return normalise_rrule(value) if value else ""

    def id_for_label(self, id_):
        return f"{id_}__freq" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        rule = widget["value"]
        state = picker_state(rule)
        element_id = widget["attrs"].get("id") or f"id_{name}"
        # The start and all-day fields sit beside this one in the same form.
        prefix = element_id[: -len(name)] if element_id.endswith(name) else "id_"
        widget.update(
            id=element_id,
            state=state or default_state(),
            advanced=state is None,
            description=describe(rule),
            describe_url=reverse("content_recurrence_describe"),
            start_id=prefix + self.start_field,
            all_day_id=prefix + self.all_day_field,
            frequencies=[
                ("", _("Does not repeat")),
                ("DAILY", _("Daily")),
                ("WEEKLY", _("Weekly")),
                ("MONTHLY", _("Monthly")),
                ("YEARLY", _("Yearly")),
            ],
            units=[
                ("DAILY", _("day(s)")),
                ("WEEKLY", _("week(s)")),
                ("MONTHLY", _("month(s)")),
                ("YEARLY", _("year(s)")),
            ],
            weekdays=[(code, WEEKDAYS[day]) for day, code in enumerate(WEEKDAY_CODES)],
            positions=list(zip(SETPOS, POSITION_NAMES, strict=True)),
        )
        return context


def _bad_request(message):
    return JsonResponse({"error": message}, status=400)


@require_GET
def describe_view(request):
    """``{"rule", "text", "picker", "error"}`` for the picker's values, or
    for ``rule`` (the advanced text): what the editor's choice means in
    words, in the admin's language. The admin's URLs require an admin login.

    ``start`` (the start field as typed, local time) adds the time of day
    and what the rule takes from the start; ``all_day`` leaves the time out.
    """
    values = [value for key in request.GET for value in request.GET.getlist(key)]
    if len(values) > MAX_VALUES or any(len(value) > MAX_INPUT for value in values):
        return _bad_request(gettext("The rule is too long."))
    start = None
    if request.GET.get("start"):
        try:
            start = parse_datetime(request.GET["start"])
        except ValueError:
            start = None
        if start is None:
            return _bad_request(gettext("The start is not a date and time."))
    if "rule" in request.GET:
        rule = normalise_rrule(request.GET["rule"])
    else:
        rule = build_rule(picker_values(request.GET))
    error = None
    if rule:
        try:
            rule_parts(rule)
        except forms.ValidationError as invalid:
            error = " ".join(invalid.messages)
    return JsonResponse(
        {
            "rule": rule,
            "text": describe(
                rule, start=start, all_day=bool(request.GET.get("all_day"))
            ),
            "picker": picker_state(rule),
            "error": error,
        }
    )
