/* Rathaus map position panel: keeps a Leaflet marker and two number inputs in
 * step, and searches addresses (/admin/geocode/) when a geocoder is set up. */
(function () {
  "use strict";

  function round(value, precision) {
    var factor = Math.pow(10, precision);
    return Math.round(value * factor) / factor;
  }

  var CHOSEN_ZOOM = 17;
  var MIN_QUERY = 3;

  // The address typed in the form: "Street 1, 12345 Town".
  function addressOf(inputs) {
    var values = inputs
      .map(function (input) { return input.value.trim(); })
      .filter(Boolean);
    if (values.length < 2) {
      return values.join("");
    }
    return values[0] + ", " + values.slice(1).join(" ");
  }

  function setUpSearch(search, config, choose) {
    var input = search.querySelector("[data-rathaus-map-search-input]");
    var button = search.querySelector("[data-rathaus-map-search-button]");
    var status = search.querySelector("[data-rathaus-map-search-status]");
    var list = search.querySelector("[data-rathaus-map-search-results]");
    var addressInputs = (config.addressInputs || [])
      .map(function (id) { return document.getElementById(id); })
      .filter(Boolean);
    // The box offers the form's address until the editor types their own.
    var typed = false;
    var request = 0;

    function offerAddress() {
      if (!typed) {
        input.value = addressOf(addressInputs);
      }
    }

    function say(message) {
      status.textContent = message || "";
    }

    function clearResults() {
      list.replaceChildren();
    }

    function show(results) {
      clearResults();
      if (!results.length) {
        say(status.dataset.noResults);
        return;
      }
      say(status.dataset.choose);
      results.forEach(function (result) {
        var item = document.createElement("li");
        var option = document.createElement("button");
        option.type = "button";
        option.className = "button button-small button-secondary";
        option.textContent = result.label;
        option.addEventListener("click", function () {
          clearResults();
          say("");
          choose(L.latLng(result.latitude, result.longitude));
        });
        item.appendChild(option);
        list.appendChild(item);
      });
    }

    function run() {
      var query = input.value.trim();
      clearResults();
      if (query.length < MIN_QUERY) {
        say(status.dataset.tooShort);
        return;
      }
      var mine = ++request;
      var params = new URLSearchParams({ q: query });
      if (config.municipality !== null && config.municipality !== undefined) {
        params.set("municipality", config.municipality);
      }
      say(status.dataset.searching);
      fetch(config.geocodeUrl + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { status: response.status, data: data };
          });
        })
        .then(function (answer) {
          if (mine !== request) {
            return;  // a newer search is under way
          }
          var data = answer.data || {};
          if (answer.status === 429) {
            say(status.dataset.tooMany);
          } else if (answer.status !== 200) {
            var errors = data.errors || [];
            say(errors.length ? errors[0].message : status.dataset.unavailable);
          } else if (data.status === "ok") {
            show(data.results || []);
          } else {
            say(data.message || status.dataset.unavailable);
          }
        })
        .catch(function () {
          if (mine === request) {
            say(status.dataset.unavailable);
          }
        });
    }

    input.addEventListener("input", function () {
      typed = input.value.trim() !== "";
    });
    input.addEventListener("keydown", function (event) {
      // Enter searches; it must not submit the page's form.
      if (event.key === "Enter") {
        event.preventDefault();
        run();
      }
    });
    button.addEventListener("click", run);
    addressInputs.forEach(function (field) {
      field.addEventListener("input", offerAddress);
      field.addEventListener("change", offerAddress);
    });
    offerAddress();
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
    var panel = element.closest("[data-rathaus-map-panel]");
    var search = panel && panel.querySelector("[data-rathaus-map-search]");
    if (search && config.geocodeUrl) {
      setUpSearch(search, config, function (latlng) {
        place(latlng, true);
        map.setView(latlng, CHOSEN_ZOOM);
      });
    }
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
