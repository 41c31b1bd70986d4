"""Demo data: categories, a recipient and realistic reports in every state.

``load_demo_defects(municipality)`` enables the module if needed and is
idempotent (it does nothing when the municipality already has reports).
"""

import random
import uuid

from rathaus.site.module_platform import api

from . import services
from .models import (
    CategoryAttribute,
    DefectCategory,
    DefectReport,
    ExternalRecipient,
    Status,
)

CATEGORIES = [
    ("pothole", "Schlagloch", "Schäden an Straßen und Gehwegen", "road", "Tiefbauamt"),
    (
        "streetlight",
        "Straßenbeleuchtung",
        "Defekte Laternen",
        "lightbulb",
        "Stadtwerke",
    ),
    (
        "illegal-dumping",
        "Wilder Müll",
        "Illegal abgelagerter Abfall",
        "trash",
        "Ordnungsamt",
    ),
    (
        "graffiti",
        "Graffiti",
        "Schmierereien an öffentlichen Gebäuden",
        "spray",
        "Bauhof",
    ),
    (
        "playground",
        "Spielplatz",
        "Beschädigte Spielgeräte",
        "playground",
        "Grünflächenamt",
    ),
    ("idea", "Idee", "Vorschläge für eine bessere Stadt", "idea", "Bürgerbüro"),
]
REPORTS = [
    (
        "pothole",
        Status.SUBMITTED,
        "Großes Schlagloch auf der Fahrbahn, Radfahrer weichen aus.",
        "",
    ),
    ("pothole", Status.PUBLISHED, "Gehwegplatten lose vor der Bäckerei.", ""),
    (
        "streetlight",
        Status.IN_PROGRESS,
        "Laterne seit einer Woche dunkel.",
        "Auftrag an die Stadtwerke erteilt.",
    ),
    (
        "illegal-dumping",
        Status.FORWARDED,
        "Sperrmüll am Waldweg abgeladen.",
        "An den Kreis weitergeleitet.",
    ),
    (
        "graffiti",
        Status.RESOLVED,
        "Graffiti an der Bushaltestelle.",
        "Entfernt am Montag. Danke!",
    ),
    ("playground", Status.REJECTED, "Die Nachbarn sind zu laut.", ""),
    (
        "pothole",
        Status.DUPLICATE,
        "Loch in der Straße, gleiche Stelle wie gestern.",
        "",
    ),
    ("idea", Status.PUBLISHED, "Eine Bank am Teich wäre schön.", ""),
]


def _photo(seed):
    return api.demo_photo(
        (120 + seed * 10 % 100, 120, 110),
        lambda draw: draw.ellipse((250, 200, 550, 420), fill=(40, 40, 40)),
        quality=80,
    )


def load_demo_defects(municipality, seed=42):
    api.enable_module(municipality, services.MODULE)
    recipient, _ = ExternalRecipient.objects.get_or_create(
        municipality=municipality,
        name="Kreis (Abfallwirtschaft)",
        defaults={
            "channel": ExternalRecipient.Channel.EMAIL,
            "email": "abfall@kreis.example",
        },
    )
    for order, (code, name, description, icon, department) in enumerate(CATEGORIES):
        category, created = DefectCategory.objects.get_or_create(
            municipality=municipality,
            code=code,
            locale=municipality.default_locale,
            defaults={
                "name": name,
                "description": description,
                "icon": icon,
                "department": department,
                "sort_order": order,
                "recipient": recipient if code == "illegal-dumping" else None,
            },
        )
        if created and code == "streetlight":
            CategoryAttribute.objects.create(
                category=category,
                code="lamp_number",
                description="Nummer am Mast",
                datatype_description="z. B. L-0815",
            )
    if DefectReport.objects.filter(municipality=municipality).exists():
        return
    rng = random.Random(seed)
    identity = api.ClientIdentity(ip_hash="demo", device_hash="demo-device")
    original = None
    for index, (code, status, text, note) in enumerate(REPORTS):
        latitude, longitude = municipality.random_position(rng)
        if status == Status.DUPLICATE and original is not None:
            latitude, longitude = original.latitude + 0.0001, original.longitude
        upload = api.create_upload(
            municipality, services.MODULE, identity.binding_hash, _photo(index)
        )
        report, _ = services.submit_report(
            municipality,
            services.report_data(
                category=code,
                description=text,
                latitude=latitude,
                longitude=longitude,
                address="",
                email="demo@example.org" if index % 2 else "",
                photos=[upload.token],
            ),
            identity=identity,
            idempotency_key=f"demo-{municipality.slug}-{index}-{uuid.uuid4()}",
            check_rate_limit=False,
        )
        if index == 0:
            original = report
        path = {
            Status.SUBMITTED: [],
            Status.PUBLISHED: [Status.PUBLISHED],
            Status.IN_PROGRESS: [Status.PUBLISHED, Status.IN_PROGRESS],
            Status.FORWARDED: [Status.PUBLISHED, Status.FORWARDED],
            Status.RESOLVED: [Status.PUBLISHED, Status.IN_PROGRESS, Status.RESOLVED],
            Status.REJECTED: [Status.REJECTED],
            Status.DUPLICATE: [Status.DUPLICATE],
        }[status]
        for step_index, step in enumerate(path):
            last = step_index == len(path) - 1
            report = services.transition(
                report,
                step,
                note=note if last else "",
                duplicate_of=original if step == Status.DUPLICATE else None,
                recipient=recipient if step == Status.FORWARDED else None,
            )
