from rathaus.site.module_platform.services import get_settings

from .models import Greeting


def greeting_for(municipality):
    """The greeting text, as configured for the municipality."""
    settings = get_settings(municipality, "example")
    greeting = Greeting.objects.filter(municipality=municipality).first()
    text = greeting.text if greeting else settings["greeting"]
    text = " ".join([text] * settings["repeat"])
    return text.upper() if settings["shout"] else text
