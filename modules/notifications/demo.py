"""Demo data: the module enabled, and a few sent messages in the archive."""

from datetime import timedelta

from django.utils import timezone

from rathaus.site.module_platform import api

from .models import Message
from .topics import MODULE

DEMO_MESSAGES = [
    (
        "news",
        {
            "de": (
                "Neue Öffnungszeiten im Bürgerbüro",
                "Ab Montag auch samstags 9–12 Uhr.",
            ),
            "en": (
                "New opening hours at the citizens' office",
                "From Monday also Saturdays 9–12.",
            ),
        },
        3,
    ),
    (
        "traffic",
        {
            "de": (
                "Hauptstraße gesperrt",
                "Bis Freitag Umleitung über die Bahnhofstraße.",
            ),
            "en": ("Main street closed", "Until Friday, detour via Bahnhofstraße."),
        },
        26,
    ),
    (
        "events",
        {
            "de": ("Stadtfest am Wochenende", "Programm und Anfahrt in der App."),
        },
        50,
    ),
    (
        "warnings",
        {
            "de": ("Unwetterwarnung", "Sturmböen bis 90 km/h. Meiden Sie Waldgebiete."),
            "en": ("Severe weather warning", "Gusts up to 90 km/h. Avoid forests."),
        },
        73,
    ),
]


def load_demo_notifications(municipality):
    if not api.is_enabled(municipality, MODULE):
        api.enable_module(municipality, MODULE)
    offered = set(municipality.locales.values_list("language_code", flat=True))
    default = municipality.default_locale.language_code
    now = timezone.now()
    for index, (topic, texts, hours_ago) in enumerate(DEMO_MESSAGES):
        texts = {code: text for code, text in texts.items() if code in offered}
        if default not in texts:
            continue
        sent_at = now - timedelta(hours=hours_ago)
        Message.objects.get_or_create(
            municipality=municipality,
            dedupe_key=f"demo:{index}",
            defaults={
                "topic": topic,
                "origin": "editorial",
                "title": {code: title for code, (title, _body) in texts.items()},
                "body": {code: body for code, (_title, body) in texts.items()},
                "default_locale": default,
                "status": Message.Status.SENT,
                "send_after": sent_at,
                "sent_at": sent_at,
                "urgency": "high" if topic == "warnings" else "normal",
            },
        )
    api.content_changed(municipality, module="notifications")
