"""Opening hours for the API from the stored StreamField data.

Gives the same result as
:func:`rathaus.site.content.opening_hours.serialise_opening_hours` (weekday
order, slots sorted, ``HH:MM``) without converting every day, slot and time
to block values, which dominated the time of the whole map (``Locations``).
"""

from rathaus.site.content.opening_hours import WEEKDAY_ORDER


def _items(value):
    for item in value or ():
        if isinstance(item, dict) and "type" in item and "value" in item:
            item = item["value"]
        if isinstance(item, dict):
            yield item


def _hhmm(value):
    return str(value or "")[:5]


def raw_opening_hours(stream_value):
    raw = getattr(stream_value, "raw_data", stream_value) or ()
    days = {}
    for block in raw:
        value = block.get("value") if isinstance(block, dict) else None
        if isinstance(value, dict) and value.get("weekday") in WEEKDAY_ORDER:
            days[value["weekday"]] = value
    result = []
    for code in WEEKDAY_ORDER:
        day = days.get(code)
        if day is None:
            continue
        slots = sorted(
            (
                {"opens": _hhmm(slot.get("opens")), "closes": _hhmm(slot.get("closes"))}
                for slot in _items(day.get("slots"))
            ),
            key=lambda slot: slot["opens"],
        )
        result.append(
            {
                "weekday": code,
                "closed": bool(day.get("closed")),
                "appointment_only": bool(day.get("appointment_only")),
                "slots": slots,
                "note": day.get("note") or "",
            }
        )
    return result
