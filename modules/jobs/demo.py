"""Demo offers: a sample chamber feed (through the real feed importer) and
manual entries by staff. ``load_demo_jobs`` is idempotent.

The offers are illustrative: real-sounding, but no real vacancies.
"""

import datetime
from pathlib import Path

from django.utils import timezone

from rathaus.site.module_platform import api

from . import services
from .models import Connector, JobOffer

DEMO_DATA = Path(__file__).parent / "demo_data"

# Offer field: its key in the demo's (XML, CSV, JSON) feed.
DEMO_KEYS = {
    "external_reference": ("@nr", "Referenz", "id"),
    "title": ("titel", "Titel", "titel"),
    "employer": ("betrieb", "Unternehmen", "unternehmen"),
    "occupation": ("beruf", "Beruf", "beruf"),
    "kind": ("art", "Angebotsart", "art"),
    "working_time": ("arbeitszeit", "Arbeitszeit", "arbeitszeit"),
    "start_date": ("beginn", "Beginn", "beginn"),
    "postal_code": ("ort/@plz", "PLZ", "ort.plz"),
    "place": ("ort", "Ort", "ort.name"),
    "latitude": ("ort/@lat", "Breite", "ort.lat"),
    "longitude": ("ort/@lon", "Laenge", "ort.lon"),
    "street": ("strasse", None, None),
    "language_requirements": ("sprachen", "Sprachen", "sprachen"),
    "suitable_for_refugees": ("gefluechtete", "Gefluechtete", "gefluechtete"),
    "published_at": ("veroeffentlicht", "Veroeffentlicht", "veroeffentlicht"),
    "expires_at": ("bis", "Ablauf", "ablauf"),
    "external_url": ("link", "Link", "url"),
    "description": ("text", "Beschreibung", "beschreibung"),
}
XML_MAPPING, CSV_MAPPING, JSON_MAPPING = (
    {field: keys[n] for field, keys in DEMO_KEYS.items() if keys[n]} for n in range(3)
)

DEMO_FEEDS = {
    "stadt-bayreuth": {
        "name": "Lehrstellenbörse Handwerkskammer (Demo)",
        "source": "hwk-oberfranken",
        "file": "stadt-bayreuth.xml",
        "feed_format": "xml",
        "items_path": "angebot",
        "field_mapping": XML_MAPPING,
    },
    "landkreis-bayreuth": {
        "name": "IHK-Lehrstellenbörse (Demo)",
        "source": "ihk-oberfranken",
        "file": "landkreis-bayreuth.csv",
        "feed_format": "csv",
        "csv_delimiter": ";",
        "field_mapping": CSV_MAPPING,
    },
    "castrop-rauxel": {
        "name": "IHK Nord Westfalen Lehrstellenbörse (Demo)",
        "source": "ihk-nord-westfalen",
        "file": "castrop-rauxel.json",
        "feed_format": "json",
        "items_path": "angebote.item",
        "field_mapping": JSON_MAPPING,
    },
}

# Manual entries, placed in the municipality ({name}, its first postal code
# and its map centre, slightly apart).
MANUAL_OFFERS = [
    {
        "ref": "demo-verwaltung-ausbildung",
        "title": "Ausbildung Verwaltungsfachangestellte/r (m/w/d)",
        "employer": "{name}",
        "occupation": "Verwaltungsfachangestellte/r",
        "kind": "training",
        "working_time": "full_time",
        "start_date": datetime.date(2026, 9, 1),
        "description": "Drei Jahre Ausbildung in der Kommunalverwaltung: "
        "Bürgerbüro, Ordnungsamt, Personal und Finanzen. Bewerbungen "
        "Geflüchteter mit Deutsch B2 sind ausdrücklich erwünscht.",
        "language_requirements": [{"language": "de", "level": "B2"}],
        "suitable_for_refugees": True,
        "offset": (0.002, 0.001),
    },
    {
        "ref": "demo-erzieher",
        "title": "Erzieher/in für städtische Kita (m/w/d)",
        "employer": "{name}, Amt für Kinder, Jugend und Familie",
        "occupation": "Erzieher/in",
        "kind": "job",
        "working_time": "full_or_part_time",
        "start_date": None,
        "description": "Unbefristet, Teilzeit oder Vollzeit. Anerkennung "
        "ausländischer Abschlüsse wird begleitet.",
        "language_requirements": [{"language": "de", "level": "C1"}],
        "suitable_for_refugees": True,
        "offset": (-0.004, 0.006),
    },
    {
        "ref": "demo-integrationslotse",
        "title": "Integrationslotsin/Integrationslotse (Minijob)",
        "employer": "{name}, Integrationsbüro",
        "occupation": "Sozialassistent/in",
        "kind": "job",
        "working_time": "mini_job",
        "start_date": None,
        "description": "Begleitung Neuzugewanderter zu Behörden und Ärzten. "
        "Arabisch, Ukrainisch oder Farsi erwünscht.",
        "language_requirements": [
            {"language": "de", "level": "B2"},
            {"language": "ar", "level": ""},
            {"language": "uk", "level": ""},
            {"language": "fa", "level": ""},
        ],
        "suitable_for_refugees": True,
        "offset": (0.001, -0.003),
    },
    {
        "ref": "demo-bauhof-praktikum",
        "title": "Praktikum im Bauhof (Orientierung)",
        "employer": "{name}, Bauhof",
        "occupation": "Straßenwärter/in",
        "kind": "internship",
        "working_time": "full_time",
        "start_date": None,
        "description": "Zwei bis vier Wochen Grünpflege, Straßenunterhalt und "
        "Winterdienst kennenlernen.",
        "language_requirements": [{"language": "de", "level": "A2"}],
        "suitable_for_refugees": True,
        "offset": (0.008, 0.01),
    },
    {
        "ref": "demo-it-duales-studium",
        "title": "Duales Studium Verwaltungsinformatik (m/w/d)",
        "employer": "{name}",
        "occupation": "Verwaltungsinformatiker/in",
        "kind": "training",
        "working_time": "full_time",
        "start_date": datetime.date(2026, 10, 1),
        "description": "Studium an der Hochschule für den öffentlichen Dienst "
        "mit Praxisphasen in der IT der Verwaltung.",
        "language_requirements": [
            {"language": "de", "level": "C1"},
            {"language": "en", "level": "B2"},
        ],
        "suitable_for_refugees": False,
        "offset": (-0.001, -0.002),
    },
    {
        "ref": "demo-existenzgruendung",
        "title": "Gründungsberatung: Selbstständig im Handwerk",
        "employer": "Wirtschaftsförderung {name}",
        "occupation": "Existenzgründung",
        "kind": "self_employment",
        "working_time": "",
        "start_date": None,
        "description": "Beratung und Förderprogramme für Gründerinnen und "
        "Gründer, auch mit ausländischem Meisterbrief.",
        "language_requirements": [
            {"language": "de", "level": "B1"},
            {"language": "en"},
        ],
        "suitable_for_refugees": True,
        "offset": (0.003, 0.004),
    },
]


def demo_connector(municipality):
    spec = DEMO_FEEDS.get(municipality.slug)
    if spec is None:
        return None, None
    fields = {key: value for key, value in spec.items() if key != "file"}
    connector, _created = Connector.objects.update_or_create(
        municipality=municipality,
        name=spec["name"],
        defaults={**fields, "kind": Connector.Kind.FEED, "feed_url": ""},
    )
    return connector, DEMO_DATA / spec["file"]


def load_manual_offers(municipality):
    postal_code = (municipality.postal_codes or [""])[0]
    today = timezone.localdate()
    for spec in MANUAL_OFFERS:
        fields = dict(spec)
        reference = fields.pop("ref")
        latitude, longitude = fields.pop("offset")
        JobOffer.objects.update_or_create(
            municipality=municipality,
            source=JobOffer.MANUAL_SOURCE,
            external_reference=reference,
            defaults={
                **fields,
                "employer": spec["employer"].format(name=municipality.name),
                "postal_code": postal_code,
                "place": municipality.name.removeprefix("Stadt ").removeprefix(
                    "Landkreis "
                ),
                "latitude": round(municipality.centre_latitude + latitude, 5),
                "longitude": round(municipality.centre_longitude + longitude, 5),
                "published_at": today - datetime.timedelta(days=7),
                "expires_at": today + datetime.timedelta(days=365),
            },
        )
    return len(MANUAL_OFFERS)


def load_demo_jobs(municipality):
    """Enable the module, import the demo feed, add manual offers.

    Returns ``{"feed": ImportRun or None, "manual": count}``.
    """
    api.enable_module(municipality, services.MODULE)
    manual = load_manual_offers(municipality)
    connector, path = demo_connector(municipality)
    run = None
    if connector is not None:
        run = services.run_import(connector, trigger="demo", source_file=path)
    return {"feed": run, "manual": manual}
