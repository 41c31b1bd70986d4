// The moderation map: Leaflet from django-leaflet's static files, no GDAL.
(function () {
  "use strict";
  var COLOURS = {
    submitted: "#b45309",
    published: "#1d4ed8",
    in_progress: "#7c3aed",
    forwarded: "#0f766e",
    resolved: "#15803d",
    rejected: "#6b7280",
    duplicate: "#6b7280",
  };
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
        color: COLOURS[item.status] || "#111827",
        weight: 2,
        fillOpacity: 0.7,
      }).addTo(map);
      // Status as text too: colour is never the only signal.
      var label = item.label + " (" + item.status.replace("_", " ") + ")";
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
