"""Demo data: a few realistic listings in every state of their life.

``load_demo_housing(municipality)`` enables the module (with demo districts
and benefit rent limits) if needed and is idempotent: it does nothing when
the municipality already has listings. Listings go through the real services
(submission, confirmation, moderation), so the demo shows what the API shows.
Contact addresses are on ``example.org`` (RFC 2606), so no mail reaches anyone.
"""

import random
import uuid
from datetime import timedelta

from django.utils import timezone

from rathaus.site.module_platform import api

from . import services
from .models import HousingListing, Status

DISTRICTS = ["Altstadt", "Bahnhofsviertel", "Nord", "Süd", "West"]
BENEFIT_LIMITS = {"1": 480, "2": 580, "3": 690, "4": 800, "5": 910}

LISTINGS = [
    {
        "kind": "flat",
        "title": "Helle 2-Zimmer-Wohnung mit Balkon",
        "description": "Ruhige, helle Wohnung im 2. Obergeschoss mit Südbalkon, "
        "Einbauküche und Tageslichtbad. Bus und Bäcker in 3 Minuten zu Fuß.",
        "district": "Altstadt",
        "rooms": 2,
        "size": 58,
        "floor": 2,
        "has_lift": True,
        "cold_rent": 420,
        "running_costs": 110,
        "running_costs_include": ["water", "waste", "caretaker", "lift"],
        "heating_costs": 60,
        "deposit": 1260,
        "barrier_free": True,
        "pets": "on_request",
        "energy_certificate_type": "consumption",
        "energy_value": 98.5,
        "energy_carrier": "district_heating",
        "construction_year": 1994,
        "efficiency_class": "C",
        "state": Status.PUBLISHED,
        "photos": 2,
    },
    {
        "kind": "shared_flat",
        "title": "WG-Zimmer für Studierende",
        "description": "Möbliertes Zimmer (14 m²) in netter 3er-WG, Küche und Bad "
        "werden geteilt. Internet inklusive, Zwischenmiete für ein Semester.",
        "district": "Nord",
        "rooms": 1,
        "size": 14,
        "floor": 1,
        "cold_rent": 290,
        "running_costs": 70,
        "running_costs_include": ["water", "waste", "cable"],
        "heating_costs": 30,
        "deposit": 580,
        "furnished": True,
        "available_until_days": 180,
        "pets": "not_allowed",
        "energy_certificate_type": "demand",
        "energy_value": 142,
        "energy_carrier": "gas",
        "construction_year": 1978,
        "efficiency_class": "E",
        "state": Status.PUBLISHED,
        "photos": 1,
    },
    {
        "kind": "flat",
        "title": "Rollstuhlgerechte 3-Zimmer-Wohnung",
        "description": "Ebenerdige Wohnung im Erdgeschoss, schwellenfrei, breite "
        "Türen, bodengleiche Dusche. Wohnberechtigungsschein erforderlich.",
        "district": "Süd",
        "rooms": 3,
        "size": 76,
        "floor": 0,
        "cold_rent": 470,
        "running_costs": 140,
        "running_costs_include": ["water", "waste", "garden", "property_tax"],
        "heating_costs": 75,
        "deposit": 1410,
        "barrier_free": True,
        "wheelchair_accessible": True,
        "wbs_required": True,
        "pets": "allowed",
        "energy_certificate_type": "demand",
        "energy_value": 54,
        "energy_carrier": "heat_pump",
        "construction_year": 2019,
        "efficiency_class": "A+",
        "state": Status.PUBLISHED,
        "photos": 0,
    },
    {
        "kind": "flat",
        "title": "Altbauwohnung im Baudenkmal",
        "description": "Stuck, Dielenboden, hohe Decken: 4 Zimmer im "
        "denkmalgeschützten Bürgerhaus am Markt. Das Gebäude braucht keinen "
        "Energieausweis.",
        "district": "Altstadt",
        "rooms": 4,
        "size": 112,
        "floor": 3,
        "cold_rent": 890,
        "running_costs": 210,
        "running_costs_include": ["water", "waste", "insurance", "chimney"],
        "heating_costs": 140,
        "deposit": 2670,
        "energy_exemption": "listed_building",
        "state": Status.IN_MODERATION,
        "photos": 1,
    },
    {
        "kind": "flat",
        "title": "1-Zimmer-Apartment am Bahnhof",
        "description": "Kleines Apartment mit Kochnische, ideal für Pendler. Frisch "
        "renoviert, Waschmaschinenanschluss im Keller.",
        "district": "Bahnhofsviertel",
        "rooms": 1,
        "size": 27,
        "floor": 4,
        "has_lift": True,
        "cold_rent": 330,
        "running_costs": 80,
        "heating_costs": 45,
        "deposit": 990,
        "energy_certificate_type": "consumption",
        "energy_value": 121,
        "energy_carrier": "oil",
        "construction_year": 1968,
        "efficiency_class": "D",
        "state": Status.UNCONFIRMED,
        "photos": 0,
    },
]


def _house(draw):
    draw.rectangle((120, 160, 680, 520), outline=(60, 60, 60), width=8)
    draw.polygon([(100, 170), (400, 40), (700, 170)], fill=(150, 60, 50))


def _photo(seed):
    return api.demo_photo((200 - seed * 30, 180, 150 + seed * 20), _house)


def load_demo_housing(municipality):
    """Create the demo listings; returns how many were created."""
    values = {"districts": DISTRICTS, "benefit_rent_limits": BENEFIT_LIMITS}
    if not api.is_enabled(municipality, services.MODULE):
        api.enable_module(municipality, services.MODULE, settings=values)
    elif not api.get_settings(municipality, services.MODULE)["districts"]:
        api.configure_module(municipality, services.MODULE, values)
    if HousingListing.objects.filter(municipality=municipality).exists():
        return 0
    settings = api.get_settings(municipality, services.MODULE)
    districts = settings["districts"]
    today = timezone.localdate()
    for index, spec in enumerate(LISTINGS):
        spec = dict(spec)
        state = spec.pop("state")
        until_days = spec.pop("available_until_days", None)
        identity = api.ClientIdentity(ip_hash=f"demo-ip-{index}", device_hash="")
        tokens = [
            api.create_upload(
                municipality, services.MODULE, identity.binding_hash, _photo(number)
            ).token
            for number in range(spec.pop("photos"))
        ]
        if districts and spec["district"] not in districts:
            spec["district"] = districts[index % len(districts)]
        latitude, longitude = municipality.random_position(random.Random(index))
        spec.update(
            available_from=today + timedelta(days=7 * index),
            available_until=today + timedelta(days=7 * index + until_days)
            if until_days
            else None,
            latitude=latitude,
            longitude=longitude,
            duration_days=max(int(days) for days in settings["allowed_durations"]),
            landlord_email=f"vermieter{index + 1}@example.org",
            landlord_name=f"Demo-Vermieter {index + 1}",
            photos=tokens,
        )
        listing = services.submit_listing(
            municipality,
            spec,
            identity=identity,
            idempotency_key=f"demo-housing-{municipality.slug}-{index}-{uuid.uuid4()}",
            check_rate_limit=False,
        ).listing
        if state != Status.UNCONFIRMED:
            listing.municipality = municipality
            token = services.make_token(listing, "confirm")
            listing = services.confirm_listing(municipality, token)
            if state == Status.PUBLISHED and listing.status == Status.IN_MODERATION:
                services.approve_listing(listing)
    return len(LISTINGS)
