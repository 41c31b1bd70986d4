from django.urls import path
from wagtail import hooks

from .geocoding.views import geocode


@hooks.register("register_admin_urls")
def register_geocoding_url():
    """The map panel's address search (``/admin/geocode/``)."""
    return [path("geocode/", geocode, name="rathaus_geocode")]
