/* Rathaus map position panel: keeps a Leaflet marker and two number inputs in step. */
(function () {
  "use strict";

  function round(value, precision) {
    var factor = Math.pow(10, precision);
    return Math.round(value * factor) / factor;
  }

  function setUp(element) {
    if (element.dataset.rathausMapReady || typeof L === "undefined") {
      return;
    }
    element.dataset.rathausMapReady = "1";
    var config = JSON.parse(element.dataset.rathausMapPosition);
    var latInput = document.getElementById(config.latitudeInput);
    var lngInput = document.getElementById(config.longitudeInput);
    if (!latInput || !lngInput) {
      return;
    }
    var map = L.map(element, { maxZoom: config.maxZoom });
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, config.tileOptions || {}).addTo(map);
    }
    var marker = null;

    function current() {
      var lat = parseFloat(latInput.value);
      var lng = parseFloat(lngInput.value);
      return isNaN(lat) || isNaN(lng) ? null : L.latLng(lat, lng);
    }

    function place(latlng, updateInputs) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: true }).addTo(map);
        marker.on("dragend", function () {
          place(marker.getLatLng(), true);
        });
      } else {
        marker.setLatLng(latlng);
      }
      if (updateInputs) {
        latInput.value = round(latlng.lat, config.precision);
        lngInput.value = round(latlng.lng, config.precision);
        latInput.dispatchEvent(new Event("change", { bubbles: true }));
        lngInput.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    var start = current();
    if (start) {
      map.setView(start, 16);
      place(start, false);
    } else {
      map.setView(config.center, config.zoom);
    }
    map.on("click", function (event) {
      place(event.latlng, true);
    });
    [latInput, lngInput].forEach(function (input) {
      input.addEventListener("input", function () {
        var latlng = current();
        if (latlng) {
          place(latlng, false);
          map.panTo(latlng);
        }
      });
    });
    // Panels inside collapsed sections or tabs need a size recalculation.
    setTimeout(function () { map.invalidateSize(); }, 200);
  }

  function scan() {
    document.querySelectorAll("[data-rathaus-map-position]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("w-tabs:changed", scan);
  new MutationObserver(scan).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
