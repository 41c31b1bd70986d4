// The moderation map: Leaflet from django-leaflet's static files, no GDAL.
(function () {
  "use strict";
  // Colours and status labels come from the server (views.STATUS_COLOURS),
  // which also renders the legend.
  function init(element) {
    var config = JSON.parse(
      document.getElementById(element.dataset.config).textContent
    );
    var map = L.map(element, { maxZoom: config.maxZoom || 19 });
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, config.tileOptions || {}).addTo(map);
    }
    var bounds = L.latLngBounds(
      [config.bbox[0], config.bbox[1]],
      [config.bbox[2], config.bbox[3]]
    );
    var markers = [];
    (config.markers || []).forEach(function (item) {
      var marker = L.circleMarker([item.lat, item.lng], {
        radius: 7,
        color: (config.colours || {})[item.status] || "#111827",
        weight: 2,
        fillOpacity: 0.7,
      }).addTo(map);
      // Status as text too: colour is never the only signal.
      var label = item.label + " (" + (item.statusLabel || item.status) + ")";
      if (item.url) {
        var link = document.createElement("a");
        link.href = item.url;
        link.textContent = label;
        marker.bindPopup(link);
      } else {
        marker.bindTooltip(label);
      }
      markers.push([item.lat, item.lng]);
    });
    if (config.zoom && markers.length === 1) {
      map.setView(markers[0], config.zoom);
    } else if (markers.length) {
      map.fitBounds(L.latLngBounds(markers).pad(0.1));
    } else {
      map.fitBounds(bounds);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-defects-map]").forEach(init);
  });
})();
