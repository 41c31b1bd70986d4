"""A polygon drawn on a Leaflet map, without GDAL.

django-leaflet's own widget imports GeoDjango, so this widget uses its
static Leaflet build and ``LEAFLET_CONFIG``: clicks add corners, "Clear"
starts again, and the GeoJSON lands in a hidden input.
"""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api


class PolygonMapWidget(forms.HiddenInput):
    template_name = "warnings/widgets/polygon_map.html"

    class Media:
        css = {"all": ["leaflet/leaflet.css", "warnings/css/polygon-map.css"]}
        js = ["leaflet/leaflet.js", "warnings/js/polygon-map.js"]

    def format_value(self, value):
        if value in (None, "", "null"):
            return ""
        return value if isinstance(value, str) else json.dumps(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["map_config"] = json.dumps({**api.default_view(), **api.tile_layer()})
        context["clear_label"] = _("Clear the area")
        context["help"] = _(
            "Click on the map to add the corners of the area; the area closes "
            "by itself."
        )
        return context


class PolygonField(forms.JSONField):
    widget = PolygonMapWidget

    def to_python(self, value):
        if value in ("", "null"):
            return None
        return super().to_python(value)
