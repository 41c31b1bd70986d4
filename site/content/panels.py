"""A map panel for latitude/longitude fields, without GDAL.

django-leaflet's ``LeafletWidget`` imports GeoDjango (and so GDAL), so the
admin uses django-leaflet's static Leaflet build and ``LEAFLET_CONFIG`` with
this small panel: click or drag the marker to set the two number fields, or
type the numbers and the marker follows.

An empty position opens the map over the municipality the object belongs to
(its centre, at a town's zoom). When a geocoder is configured
(``RATHAUS_GEOCODER``), a search box above the map asks ``/admin/geocode/``
for the address typed in the form's address fields, inside the
municipality's bounding box; choosing a result sets the position.
"""

import json

from django.forms import Media
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from rathaus.site.core.geocoding import Config as GeocoderConfig
from rathaus.site.core.maps import default_view, leaflet_config, tile_layer
from rathaus.site.municipalities.models import Municipality

MUNICIPALITY_ZOOM = 13


def municipality_of(instance, parent_page=None):
    """The municipality an edited object belongs to: its own foreign key, or
    for a page the municipality whose locale trees hold it (a new page: its
    parent). None when it cannot be told."""
    if getattr(instance, "municipality_id", None):
        return Municipality.objects.filter(pk=instance.municipality_id).first()
    page = instance if isinstance(instance, Page) and instance.path else parent_page
    if page is None or not page.path:
        return None
    return Municipality.objects.holding_page(page).first()


class MapPositionPanel(MultiFieldPanel):
    def __init__(
        self,
        latitude_field="latitude",
        longitude_field="longitude",
        address_fields=("street", "postal_code", "city"),
        **kwargs,
    ):
        self.latitude_field = latitude_field
        self.longitude_field = longitude_field
        self.address_fields = tuple(address_fields)
        kwargs.setdefault("heading", "Position")
        super().__init__(
            [FieldPanel(latitude_field), FieldPanel(longitude_field)], **kwargs
        )

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.pop("children", None)
        kwargs["latitude_field"] = self.latitude_field
        kwargs["longitude_field"] = self.longitude_field
        kwargs["address_fields"] = self.address_fields
        return kwargs

    class BoundPanel(MultiFieldPanel.BoundPanel):
        template_name = "content/panels/map_position_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            config = leaflet_config()
            municipality = municipality_of(
                self.instance, getattr(self.form, "parent_page", None)
            )
            if municipality is not None:
                center = [municipality.centre_latitude, municipality.centre_longitude]
                zoom = MUNICIPALITY_ZOOM
            else:
                view = default_view()
                center, zoom = view["center"], view["zoom"]
            # Address search needs a municipality: its box bounds the search.
            search = municipality is not None and GeocoderConfig.from_settings()
            context["address_search"] = bool(search)
            context["address_search_off"] = municipality is not None and not search
            context["search_input_id"] = (
                self.form[self.panel.latitude_field].id_for_label + "-address-search"
            )
            context["map_config"] = json.dumps(
                {
                    "latitudeInput": self.form[self.panel.latitude_field].id_for_label,
                    "longitudeInput": self.form[
                        self.panel.longitude_field
                    ].id_for_label,
                    "center": center,
                    "zoom": zoom,
                    "maxZoom": config.get("MAX_ZOOM", 19),
                    "precision": config.get("DEFAULT_PRECISION", 6),
                    **tile_layer(),
                    "geocodeUrl": reverse("rathaus_geocode") if search else "",
                    "municipality": municipality.pk if municipality else None,
                    "addressInputs": [
                        self.form[name].id_for_label
                        for name in self.panel.address_fields
                        if name in self.form.fields
                    ],
                }
            )
            return context

        @property
        def media(self):
            return super().media + Media(
                css={
                    "all": ["leaflet/leaflet.css", "content/css/map-position-panel.css"]
                },
                js=["leaflet/leaflet.js", "content/js/map-position-panel.js"],
            )
