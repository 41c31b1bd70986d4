/* Rathaus warnings: draw an area as a polygon; GeoJSON goes to a hidden input. */
(function () {
  "use strict";

  function setUp(element) {
    if (element.dataset.ready || typeof L === "undefined") {
      return;
    }
    element.dataset.ready = "1";
    var config = JSON.parse(element.dataset.warningsPolygonMap);
    var input = document.getElementById(element.dataset.input);
    if (!input) {
      return;
    }
    var map = L.map(element);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, config.tileOptions || {}).addTo(map);
    }
    var corners = [];
    var shape = null;

    function read() {
      try {
        var value = JSON.parse(input.value || "null");
        if (value && value.type === "Polygon") {
          corners = value.coordinates[0].slice(0, -1).map(function (point) {
            return L.latLng(point[1], point[0]);
          });
        }
      } catch (error) {
        corners = [];
      }
    }

    function write() {
      if (corners.length < 3) {
        input.value = "";
      } else {
        var ring = corners.map(function (point) {
          return [Math.round(point.lng * 1e6) / 1e6, Math.round(point.lat * 1e6) / 1e6];
        });
        ring.push(ring[0]);
        input.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      }
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function draw() {
      if (shape) {
        map.removeLayer(shape);
        shape = null;
      }
      if (corners.length >= 2) {
        shape = L.polygon(corners, { color: "#c00" }).addTo(map);
      }
    }

    read();
    draw();
    if (shape) {
      map.fitBounds(shape.getBounds());
    } else {
      map.setView(config.center, config.zoom);
    }
    map.on("click", function (event) {
      corners.push(event.latlng);
      draw();
      write();
    });
    var clear = document.querySelector('[data-warnings-polygon-clear="' + input.id + '"]');
    if (clear) {
      clear.addEventListener("click", function () {
        corners = [];
        draw();
        write();
      });
    }
    setTimeout(function () { map.invalidateSize(); }, 200);
  }

  function scan() {
    document.querySelectorAll("[data-warnings-polygon-map]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("w-tabs:changed", scan);
})();
