/* Rathaus recurrence picker: shows the parts that fit the chosen frequency and
   asks the server what the choice means (the rule and its description in words).
   The server builds and describes rules; this file only moves values. */
(function () {
  "use strict";

  var KEYS = ["freq", "interval", "byday", "monthly", "monthday", "setpos", "setday",
    "end", "until", "count"];
  var START = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/;

  function setUp(root) {
    if (root.dataset.rathausRecurrenceReady) {
      return;
    }
    root.dataset.rathausRecurrenceReady = "1";
    var name = root.dataset.name;
    var raw = root.querySelector("[data-recurrence-raw]");
    var rawBox = root.querySelector("[data-recurrence-raw-box]");
    var advanced = root.querySelector("[data-recurrence-advanced]");
    var picker = root.querySelector("[data-recurrence-picker]");
    var preview = root.querySelector("[data-recurrence-preview]");
    var kept = root.querySelector("[data-recurrence-kept]");
    var frequency = root.querySelector("[data-recurrence-freq]");
    var startInput = document.getElementById(root.dataset.startInput);
    var allDayInput = document.getElementById(root.dataset.allDayInput);
    var timer = null;
    var asked = 0;

    function inputs(key) {
      return root.querySelectorAll('[name="' + name + "__" + key + '"]');
    }

    function show() {
      var chosen = frequency.value;
      picker.hidden = advanced.checked;
      rawBox.hidden = !advanced.checked;
      if (kept) {
        kept.hidden = !advanced.checked;
      }
      root.querySelectorAll("[data-recurrence-show]").forEach(function (part) {
        part.hidden = !chosen || part.dataset.recurrenceShow.split(" ").indexOf(chosen) < 0;
      });
      root.querySelectorAll("[data-recurrence-unit]").forEach(function (unit) {
        unit.hidden = unit.dataset.recurrenceUnit !== chosen;
      });
    }

    function query() {
      var params = new URLSearchParams();
      if (advanced.checked) {
        params.set("rule", raw.value);
      } else {
        KEYS.forEach(function (key) {
          inputs(key).forEach(function (input) {
            if ((input.type !== "checkbox" && input.type !== "radio") || input.checked) {
              params.append(key, input.value);
            }
          });
        });
      }
      if (startInput && START.test(startInput.value.trim())) {
        params.set("start", startInput.value.trim());
      }
      if (allDayInput && allDayInput.checked) {
        params.set("all_day", "1");
      }
      return params;
    }

    /* Fill the picker from the server's reading of a rule typed as text. */
    function fill(state) {
      KEYS.forEach(function (key) {
        var value = state[key];
        inputs(key).forEach(function (input) {
          if (input.type === "checkbox") {
            input.checked = value.indexOf(input.value) >= 0;
          } else if (input.type === "radio") {
            input.checked = input.value === value;
          } else {
            input.value = value;
          }
        });
      });
      show();
    }

    function ask(params) {
      return fetch(root.dataset.describeUrl + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        return response.json();
      });
    }

    function refresh() {
      var number = ++asked;
      ask(query())
        .then(function (answer) {
          if (number !== asked) {
            return; // an answer to an older question
          }
          if (!advanced.checked && typeof answer.rule === "string") {
            raw.value = answer.rule;
          }
          var text = answer.text || answer.error || (raw.value ? root.dataset.neutralText : "");
          preview.textContent = text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
        })
        .catch(function () {
          if (number === asked) {
            preview.textContent = root.dataset.neutralText;
          }
        });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    }

    picker.addEventListener("input", later);
    picker.addEventListener("change", function () {
      show();
      later();
    });
    raw.addEventListener("input", later);
    advanced.addEventListener("change", function () {
      clearTimeout(timer);
      show();
      if (advanced.checked) {
        later();
        return;
      }
      // Back to the picker: it shows the rule typed as text if it can;
      // otherwise the picker's own choice replaces it (the preview says which).
      ask(new URLSearchParams({ rule: raw.value }))
        .then(function (answer) {
          if (answer.picker && !advanced.checked) {
            fill(answer.picker);
          }
        })
        .catch(function () {})
        .then(refresh);
    });
    [startInput, allDayInput].forEach(function (input) {
      if (input) {
        input.addEventListener("change", later);
        input.addEventListener("input", later);
      }
    });
    show();
    refresh();
  }

  function scan() {
    document.querySelectorAll("[data-rathaus-recurrence]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("w-tabs:changed", scan);
  new MutationObserver(scan).observe(document.documentElement, {
    childList: true,
    subtree: true
  });
})();
