from rathaus.site.module_platform import api

from .models import Greeting


def greeting_for(municipality):
    """The greeting text, as configured for the municipality."""
    settings = api.get_settings(municipality, "example")
    greeting = Greeting.objects.filter(municipality=municipality).first()
    text = greeting.text if greeting else settings["greeting"]
    text = " ".join([text] * settings["repeat"])
    return text.upper() if settings["shout"] else text


def ensure_default_greeting(municipality, text):
    """The municipality's default greeting row (created once)."""
    greeting, created = Greeting.objects.get_or_create(
        municipality=municipality, is_default=True, defaults={"text": text}
    )
    if created:
        api.content_changed(municipality, module="example")
    return greeting


def ensure_default_greetings():
    """Every municipality using the module has its default greeting; returns
    how many were missing."""
    missing = 0
    for municipality in api.municipalities_where_enabled("example"):
        text = api.get_settings(municipality, "example")["greeting"]
        missing += not Greeting.objects.filter(
            municipality=municipality, is_default=True
        ).exists()
        ensure_default_greeting(municipality, text)
    return missing
