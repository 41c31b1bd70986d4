"""Demo warnings: two official ones as NINA would deliver them, a local
notice issued by the fire brigade and a draft. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from rathaus.site.module_platform import api

from .cap import payload_hash
from .models import Alert, LocalNotice
from .services import notices

MODULE = "warnings"


def _official(municipality, now):
    district = municipality.ars[:5] + "0000000"
    return [
        {
            "key": f"dwd.demo.{district}.sturm",
            "source": "dwd",
            "sender": "CAP@dwd.de",
            "sender_name": "Deutscher Wetterdienst",
            "severity": "moderate",
            "urgency": "immediate",
            "certainty": "likely",
            "event": "STURMBÖEN",
            "web": "https://www.wettergefahren.de",
            "texts": {
                "de": {
                    "headline": "Amtliche WARNUNG vor STURMBÖEN",
                    "description": "Es treten Sturmböen um 70 km/h aus westlicher "
                    "Richtung auf.",
                    "instruction": "Achten Sie auf herabstürzende Äste.",
                    "event": "STURMBÖEN",
                    "sender_name": "Deutscher Wetterdienst",
                    "machine_translated": False,
                },
                "en": {
                    "headline": "Official WARNING of GALE-FORCE GUSTS",
                    "description": "Gale-force gusts of about 70 km/h from the west.",
                    "instruction": "Watch out for falling branches.",
                    "event": "gale-force gusts",
                    "sender_name": "DWD / National Meteorological Service",
                    "machine_translated": False,
                },
            },
            "expires": now + timedelta(hours=10),
        },
        {
            "key": f"mow.demo.{district}.trinkwasser",
            "source": "mowas",
            "sender": "opendata@mowas.de",
            "sender_name": "Kreisverwaltung",
            "severity": "minor",
            "urgency": "expected",
            "certainty": "observed",
            "event": "Gefahreninformation",
            "web": "",
            "texts": {
                "de": {
                    "headline": "Trinkwasser abkochen",
                    "description": "Im Trinkwasser wurden Keime nachgewiesen."
                    "<br/>Betroffen sind die nördlichen Stadtteile.",
                    "instruction": "Kochen Sie Leitungswasser vor dem Trinken ab.",
                    "event": "Gefahreninformation",
                    "sender_name": "Kreisverwaltung",
                    "machine_translated": False,
                }
            },
            "expires": now + timedelta(days=2),
        },
    ]


def load_demo_warnings(municipality):
    if not api.is_enabled(municipality, MODULE):
        api.enable_module(municipality, MODULE)
    now = timezone.now()
    for values in _official(municipality, now):
        key = values.pop("key")
        Alert.objects.update_or_create(
            municipality=municipality,
            key=key,
            defaults={
                **values,
                "identifier": key,
                "payload_hash": payload_hash(values["texts"]),
                "sent": now - timedelta(minutes=20),
                "onset": now - timedelta(minutes=20),
                "area_description": municipality.name,
            },
        )
    issued, _created = LocalNotice.objects.get_or_create(
        municipality=municipality,
        headline="Brand in einer Lagerhalle: Fenster geschlossen halten",
        defaults={
            "kind": LocalNotice.Kind.WARNING,
            "category": "Fire",
            "sender_name": f"Feuerwehr {municipality.name}",
            "event": "Großbrand",
            "description": "In einer Lagerhalle im Gewerbegebiet brennt es. "
            "Es tritt starker Rauch aus.",
            "instruction": "Halten Sie Fenster und Türen geschlossen und schalten "
            "Sie Lüftungsanlagen ab.",
            "severity": "severe",
            "expires": now + timedelta(hours=6),
        },
    )
    if issued.state == LocalNotice.State.DRAFT or issued.expires <= now:
        issued.expires = now + timedelta(hours=6)
        issued.state = LocalNotice.State.DRAFT
        notices.issue(issued)
    LocalNotice.objects.get_or_create(
        municipality=municipality,
        headline="Bombenentschärfung am Sonntag",
        defaults={
            "kind": LocalNotice.Kind.INSTRUCTION,
            "sender_name": f"Ordnungsamt {municipality.name}",
            "event": "Bombenfund",
            "description": "Am Sonntag wird eine Fliegerbombe entschärft.",
            "instruction": "Verlassen Sie bis 9 Uhr den Sperrbereich.",
            "severity": "moderate",
            "urgency": "future",
            "expires": now + timedelta(days=5),
        },
    )
    api.content_changed(municipality, module="warnings")
