"""Demo data: Castrop-Rauxel's waste calendar for the current year.

36 streets (one split into odd and even house numbers), four fractions with
districts, a year of dates and the NRW holiday shifts, bulky-waste items and
an operator reached by e-mail. Loaded through the importer (bulk inserts), so
running it again changes nothing.
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from rathaus.site.module_platform import api

from .models import BulkyItem, BulkyWasteRecipient, Fraction
from .services import importing, shifts

MODULE = "waste"
SLUG = "castrop-rauxel"

FRACTIONS = [
    # key, German, English, colour, weeks between, districts (weekday)
    ("residual", "Restmüll", "Residual waste", "#5a5a5a", 2, (0, 1, 2, 3)),
    ("bio", "Bioabfall", "Organic waste", "#8c4a00", 2, (0, 1, 2, 3)),
    ("paper", "Papier", "Paper", "#0053a0", 4, (3, 4)),
    ("packaging", "Gelbe Tonne", "Packaging", "#f2c500", 2, (4, 2)),
]
STREETS = [
    ("Altstadtmarkt", "Castrop"),
    ("Am Stadtgarten", "Castrop"),
    ("Bahnhofstraße", "Rauxel"),
    ("Bladenhorster Straße", "Castrop"),
    ("Bodelschwingher Straße", "Castrop"),
    ("Dortmunder Straße", "Castrop"),
    ("Dorfstraße", "Henrichenburg"),
    ("Emscherstraße", "Habinghorst"),
    ("Europaplatz", "Castrop"),
    ("Frohlinder Straße", "Merklinde"),
    ("Gerther Straße", "Castrop"),
    ("Habinghorster Straße", "Habinghorst"),
    ("Hauptstraße", "Habinghorst"),
    ("Heerstraße", "Ickern"),
    ("Ickerner Straße", "Ickern"),
    ("Karlstraße", "Rauxel"),
    ("Kirchstraße", "Castrop"),
    ("Lange Straße", "Ickern"),
    ("Leveringhauser Straße", "Ickern"),
    ("Lönsstraße", "Schwerin"),
    ("Mengeder Straße", "Ickern"),
    ("Münsterplatz", "Castrop"),
    ("Obere Münsterstraße", "Castrop"),
    ("Recklinghauser Straße", "Rauxel"),
    ("Ringstraße", "Deininghausen"),
    ("Schillerstraße", "Castrop"),
    ("Schweriner Straße", "Schwerin"),
    ("Siemensstraße", "Habinghorst"),
    ("Sodinger Straße", "Frohlinde"),
    ("Steinstraße", "Rauxel"),
    ("Uferstraße", "Henrichenburg"),
    ("Victorstraße", "Rauxel"),
    ("Westring", "Castrop"),
    ("Widumer Straße", "Castrop"),
    ("Wittener Straße", "Castrop"),
    ("Zechenstraße", "Pöppinghausen"),
]
SPLIT_STREET = "Wittener Straße"
BULKY_ITEMS = [
    ("sofa", "Sofa / Couch", 2),
    ("armchair", "Sessel", 4),
    ("wardrobe", "Schrank (zerlegt)", 3),
    ("table", "Tisch", 3),
    ("chairs", "Stühle", 8),
    ("mattress", "Matratze", 4),
    ("bedframe", "Bettgestell", 2),
    ("carpet", "Teppich (gerollt)", 3),
]


def _first_weekday(year, weekday):
    day = datetime.date(year, 1, 1)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def records(year):
    """The demo calendar as importer records (about 300 dates of 12 districts)."""
    last = datetime.date(year, 12, 31)
    for index, (name, locality) in enumerate(STREETS):
        for key, german, _english, _colour, weeks, weekdays in FRACTIONS:
            number = index % len(weekdays)
            ranges = [(None, None, "all", number)]
            if name == SPLIT_STREET and key == "residual":
                ranges = [
                    (None, None, "odd", number),
                    (None, None, "even", (number + 1) % len(weekdays)),
                ]
            for low, high, parity, district in ranges:
                weekday = weekdays[district]
                day = _first_weekday(year, weekday) + datetime.timedelta(
                    weeks=index % weeks if weeks > 2 else 0
                )
                while day <= last:
                    yield (
                        0,
                        importing.Record(
                            street=name,
                            locality=locality,
                            postal_code="44575",
                            house_from=low,
                            house_to=high,
                            parity=parity,
                            fraction=key,
                            district=f"{german} {district + 1}",
                            date=day,
                        ),
                    )
                    day += datetime.timedelta(weeks=weeks)


def load_demo(municipality):
    if municipality.slug != SLUG:
        return None
    if not api.is_enabled(municipality, MODULE):
        api.enable_module(
            municipality, MODULE, settings={"holiday_shift_rule": "rest_of_week"}
        )
    english = Locale.objects.filter(language_code="en").first()
    for order, (key, german, english_name, colour, _w, _d) in enumerate(FRACTIONS):
        fraction, _created = Fraction.objects.get_or_create(
            municipality=municipality,
            key=key,
            locale=municipality.default_locale,
            defaults={"name": german, "color": colour, "sort_order": order},
        )
        if (
            english
            and not Fraction.objects.filter(
                translation_key=fraction.translation_key, locale=english
            ).exists()
        ):
            copy = fraction.copy_for_translation(english)
            copy.name = english_name
            copy.save()
    for order, (key, name, most) in enumerate(BULKY_ITEMS):
        BulkyItem.objects.get_or_create(
            municipality=municipality,
            key=key,
            locale=municipality.default_locale,
            defaults={"name": name, "max_quantity": most, "sort_order": order},
        )
    BulkyWasteRecipient.objects.get_or_create(
        municipality=municipality,
        name="EUV Stadtbetrieb (Demo)",
        defaults={
            "channel": BulkyWasteRecipient.Channel.EMAIL,
            "email": "sperrmuell@euv.demo.invalid",
        },
    )
    year = timezone.localdate().year
    run = importing.apply_records(
        municipality, records(year), kind="demo", description="Demo", trigger="demo"
    )
    shifts.generate_shifts(municipality, [year, year + 1])
    return run
