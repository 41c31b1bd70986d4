"""System checks of the core app."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register()
def check_geocoder(app_configs, **kwargs):
    """A misconfigured address search fails at start-up, not as a 500 when an
    editor opens a location."""
    from .geocoding.service import Config

    try:
        Config.from_settings()
    except (ImproperlyConfigured, TypeError) as error:
        return [
            checks.Error(
                str(error),
                hint="Set GEOCODER_PROVIDER to nominatim or photon with "
                "GEOCODER_URL, or leave both unset to switch address search off.",
                id="core.E001",
            )
        ]
    return []
