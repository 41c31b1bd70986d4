"""Warnings as the poller or the notice service would store them."""

import itertools
from datetime import timedelta

from django.utils import timezone

from rathaus.modules.warnings.models import Alert

_numbers = itertools.count(1)


def make_alert(municipality, **fields):
    number = next(_numbers)
    now = timezone.now()
    values = {
        "source": "mowas",
        "key": f"mow.TEST-{number}",
        "identifier": f"mow.TEST-{number}",
        "payload_hash": f"{number:064x}",
        "sender": "opendata@mowas.de",
        "sender_name": "Leitstelle Kreis Recklinghausen",
        "sent": now - timedelta(minutes=number),
        "severity": "severe",
        "urgency": "immediate",
        "certainty": "observed",
        "event": "Gefahreninformation",
        "expires": now + timedelta(hours=6),
        "texts": {
            "de": {
                "headline": f"Warnung {number}",
                "description": "Erste Zeile.<br/>Zweite Zeile.",
                "instruction": "Fenster schließen.",
                "event": "Gefahreninformation",
                "sender_name": "Leitstelle Kreis Recklinghausen",
                "machine_translated": False,
            }
        },
        "area": {
            "type": "Polygon",
            "coordinates": [[[7.2, 51.5], [7.4, 51.5], [7.4, 51.6], [7.2, 51.5]]],
        },
        "area_description": "Stadt Castrop-Rauxel",
    }
    values.update(fields)
    return Alert.objects.create(municipality=municipality, **values)
