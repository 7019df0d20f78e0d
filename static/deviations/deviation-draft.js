/* The deviation form's draft, kept in this browser only (localStorage), so that what was
   typed survives an accidental reload or a closed tab. Nothing is sent before the person
   submits; submitting clears the draft. Without JavaScript or storage, nothing happens.

   The form says how to treat a draft in data-draft: "restore" on a blank form, "keep" when
   the server sent the form back with the person's input (then the page's values win). */
(function () {
  "use strict";

  var KEY = "samhandlingsportalen.avviksmelding.utkast";
  // The one-time keys, the CSRF token and the robots' honeypot are never kept.
  var SKIPPED = { csrfmiddlewaretoken: true, submission_key: true, homepage: true };

  function storage() {
    try {
      var probe = "__probe__";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function kept(element) {
    return element.name && !SKIPPED[element.name] && !/_valg$/.test(element.name) && element.type !== "file";
  }

  function collect(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) {
        return;
      }
      if (element.type === "radio" || element.type === "checkbox") {
        if (element.checked) {
          values[element.name] = element.value;
        }
        return;
      }
      values[element.name] = element.value;
      // The organisation picker sends a key from a hidden input; its text box shows the name.
      if (element.type === "hidden") {
        var box = document.getElementById("id_" + element.name);
        if (box && box !== element) {
          values[element.name + "__text"] = box.value;
        }
      }
    });
    return values;
  }

  function restore(form, values) {
    var restored = false;
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element) || !(element.name in values)) {
        return;
      }
      var value = values[element.name];
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = element.value === value;
      } else if (value && !element.value) {
        element.value = value;
        var box = document.getElementById("id_" + element.name);
        if (element.type === "hidden" && box && box !== element && values[element.name + "__text"]) {
          box.value = values[element.name + "__text"];
        }
      } else {
        return;
      }
      restored = true;
    });
    return restored;
  }

  function start() {
    var form = document.querySelector("form[data-draft]");
    var store = storage();
    if (!form || !store) {
      return;
    }
    var status = document.querySelector("[data-draft-status]");
    if (form.dataset.draft === "restore") {
      var saved = null;
      try {
        saved = JSON.parse(store.getItem(KEY) || "null");
      } catch (error) {
        saved = null;
      }
      if (saved && restore(form, saved) && status) {
        status.hidden = false;
      }
    }
    var timer = null;
    function save() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        try {
          store.setItem(KEY, JSON.stringify(collect(form)));
        } catch (error) {
          /* A full or refused storage: the form works as without a draft. */
        }
      }, 400);
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      store.removeItem(KEY);
    });
    var discard = document.querySelector("[data-draft-discard]");
    if (discard) {
      discard.addEventListener("click", function () {
        window.clearTimeout(timer);
        store.removeItem(KEY);
        form.reset();
        if (status) {
          status.hidden = true;
        }
        var first = form.querySelector("input:not([type=hidden]), textarea, select");
        if (first) {
          first.focus();
        }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
