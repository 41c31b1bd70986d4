"""The sweep world's rows of the push, warnings and waste modules, and the
greetings of the example module (tests/example_module, enabled by the world).

Each municipality gets one row of every admin-visible model of these modules,
named with its side's marker, so a leak of B's rows shows in A's answers.
"""

import datetime

from django.utils import timezone
from rathaus_example_module.models import Greeting

from rathaus.modules.notifications.models import Announcement, Device, Message
from rathaus.modules.warnings.models import LocalNotice
from rathaus.modules.waste.models import (
    BulkyItem,
    BulkyWasteBan,
    BulkyWasteRecipient,
    BulkyWasteRequest,
    CollectionDate,
    HolidayShift,
    ImportRun,
    ImportSource,
)

from ..modules.warnings.builders import make_alert
from ..modules.waste.builders import (
    add_dates,
    assign,
    make_district,
    make_fraction,
    make_street,
)

MODULES = ("notifications", "warnings", "waste")


def populate(municipality, side, text):
    """Rows of every kind; returns their ids by model label."""
    fraction = make_fraction(municipality, "paper", text("Papier"))
    district = make_district(municipality, fraction, text("Bezirk"))
    street = make_street(municipality, text("Hauptstraße"))
    assignment = assign(street, district)
    add_dates(district, [timezone.localdate() + datetime.timedelta(days=3)])
    date = CollectionDate.objects.create(
        municipality=municipality,
        district=district,
        date=timezone.localdate() + datetime.timedelta(days=10),
        note=text("Abholung"),
    )
    shift = HolidayShift.objects.create(
        municipality=municipality,
        original_date=datetime.date(2030, 12, 25),
        shifted_date=datetime.date(2030, 12, 27),
        reason=text("Weihnachten"),
    )
    greeting = Greeting.objects.create(municipality=municipality, text=text("Hallo"))
    item = BulkyItem.objects.create(
        municipality=municipality,
        locale=municipality.default_locale,
        key="sofa",
        name=text("Sofa"),
        max_quantity=2,
    )
    recipient = BulkyWasteRecipient.objects.create(
        municipality=municipality,
        name=text("Entsorger"),
        channel=BulkyWasteRecipient.Channel.EMAIL,
        email=f"sperrmuell-{side}@example.org",
    )
    request = BulkyWasteRequest.objects.create(
        municipality=municipality,
        street=street,
        house_number="1",
        name=text("Anfrage"),
        email=f"anfrage-{side}@example.org",
        language="de",
    )
    ban = BulkyWasteBan.objects.create(
        municipality=municipality,
        kind=BulkyWasteBan.Kind.EMAIL,
        value_hash=f"sperre-{side}@example.org",
        reason=text("Sperre"),
    )
    source = ImportSource.objects.create(
        municipality=municipality,
        name=text("Quelle"),
        kind=ImportSource.Kind.ABFALLNAVI,
        service="cas",
        place=text("Ort"),
    )
    run = ImportRun.objects.create(
        municipality=municipality, source=source, kind="abfallnavi"
    )
    announcement = Announcement(
        municipality=municipality,
        locale=municipality.default_locale,
        title=text("Mitteilung"),
        text=text("Straße gesperrt"),
        topic="traffic",
    )
    announcement.save()
    announcement.save_revision().publish()
    device = Device.objects.create(
        municipality=municipality,
        locale="de",
        transport="fcm",
        token=f"fcm-token-{side}",
        last_seen=timezone.now(),
    )
    message = Message.objects.create(
        municipality=municipality,
        topic="news",
        title={"de": text("Nachricht")},
        body={"de": text("Text")},
        default_locale="de",
        send_after=timezone.now(),
    )
    notice = LocalNotice.objects.create(
        municipality=municipality,
        sender_name=text("Feuerwehr"),
        event=text("Großbrand"),
        headline=text("Großbrand"),
        description=text("Es brennt"),
        instruction="Fenster schließen.",
        severity="severe",
        expires=timezone.now() + datetime.timedelta(hours=4),
    )
    alert = make_alert(municipality)
    alert.texts["de"]["headline"] = text("Warnung")
    alert.save(update_fields=["texts"])
    rows = (
        fraction,
        district,
        street,
        assignment,
        date,
        shift,
        greeting,
        item,
        recipient,
        request,
        ban,
        source,
        run,
        announcement,
        device,
        message,
        notice,
        alert,
    )
    ids = {row._meta.label_lower: [row.pk] for row in rows}
    ids["waste_street"] = [street.pk]
    ids["device_token"] = [device.token]
    return ids
