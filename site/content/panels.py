"""A map panel for latitude/longitude fields, without GDAL.

django-leaflet's ``LeafletWidget`` imports GeoDjango (and so GDAL), so the
admin uses django-leaflet's static Leaflet build and ``LEAFLET_CONFIG`` with
this small panel: click or drag the marker to set the two number fields, or
type the numbers and the marker follows.
"""

import json

from django.conf import settings
from django.forms import Media
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class MapPositionPanel(MultiFieldPanel):
    def __init__(
        self, latitude_field="latitude", longitude_field="longitude", **kwargs
    ):
        self.latitude_field = latitude_field
        self.longitude_field = longitude_field
        kwargs.setdefault("heading", "Position")
        super().__init__(
            [FieldPanel(latitude_field), FieldPanel(longitude_field)], **kwargs
        )

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.pop("children", None)
        kwargs["latitude_field"] = self.latitude_field
        kwargs["longitude_field"] = self.longitude_field
        return kwargs

    class BoundPanel(MultiFieldPanel.BoundPanel):
        template_name = "content/panels/map_position_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            config = getattr(settings, "LEAFLET_CONFIG", {})
            tiles = config.get("TILES") or []
            tile_url, tile_options = (tiles[0][1], tiles[0][2]) if tiles else ("", {})
            context["map_config"] = json.dumps(
                {
                    "latitudeInput": self.form[self.panel.latitude_field].id_for_label,
                    "longitudeInput": self.form[
                        self.panel.longitude_field
                    ].id_for_label,
                    "center": list(config.get("DEFAULT_CENTER", (51.1657, 10.4515))),
                    "zoom": config.get("DEFAULT_ZOOM", 6),
                    "maxZoom": config.get("MAX_ZOOM", 19),
                    "precision": config.get("DEFAULT_PRECISION", 6),
                    "tileUrl": tile_url,
                    "tileOptions": tile_options,
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
