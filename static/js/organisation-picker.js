/* The organisation picker with JavaScript: GOV.UK's accessible-autocomplete over the
   portal's JSON search (contacts.views.organisation_search).

   Without this script the field is a text box the server resolves by name (contacts/fields.py).
   With it, the box suggests organisations while the person types, and the chosen one's key
   is sent under the field's own name in a hidden input; text typed without choosing is sent
   as it is, and the server resolves it as without the script. */
(function () {
  "use strict";

  var MIN_LENGTH = 2;

  function escapeHtml(text) {
    var element = document.createElement("span");
    element.textContent = text;
    return element.innerHTML;
  }

  function searchFrom(url, includeMerged) {
    var controller = null;
    return function (query, populate) {
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      var address = url + "?q=" + encodeURIComponent(query) + (includeMerged ? "&historiske=1" : "");
      fetch(address, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          populate(data.results);
        })
        .catch(function () {
          /* An aborted or failed search leaves the typed text, which the server resolves. */
        });
    };
  }

  // "{n} tegn" with {n: 2} -> "2 tegn".
  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function enhance(input) {
    // The messages come translated from the server (data-text-*, contacts/widgets/organisation_picker.html).
    var texts = input.dataset;
    var keyName = input.dataset.keyName || "pk";
    var describedBy = input.getAttribute("aria-describedby");
    var invalid = input.getAttribute("aria-invalid");
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = input.name;
    hidden.value = input.dataset.key || input.value;
    var container = document.createElement("div");
    container.className = "organisation-picker";
    input.parentNode.insertBefore(hidden, input);
    input.parentNode.insertBefore(container, input);
    input.parentNode.removeChild(input);

    window.accessibleAutocomplete({
      element: container,
      id: input.id,
      name: "",
      defaultValue: input.value,
      minLength: MIN_LENGTH,
      // No autoselect: it shows the first suggestion's rest in a second, unlabelled input
      // (axe: "form elements must have labels"), and Tab would pick what was not chosen.
      autoselect: false,
      confirmOnBlur: true,
      showNoOptionsFound: true,
      inputClasses: "ds-input",
      source: searchFrom(input.dataset.source, input.hasAttribute("data-include-merged")),
      templates: {
        inputValue: function (option) {
          if (!option) {
            return "";
          }
          return typeof option === "string" ? option : option.name;
        },
        suggestion: function (option) {
          if (typeof option === "string") {
            return escapeHtml(option);
          }
          var detail = option.detail ? ' <span class="organisation-picker__detail">' + escapeHtml(option.detail) + "</span>" : "";
          return escapeHtml(option.name) + detail;
        },
      },
      onConfirm: function (option) {
        if (option && typeof option === "object") {
          hidden.value = option[keyName];
        }
      },
      tNoResults: function () {
        return texts.textNone;
      },
      tStatusQueryTooShort: function (minQueryLength) {
        return format(texts.textTooShort, { n: minQueryLength });
      },
      tStatusNoResults: function () {
        return texts.textNone;
      },
      tStatusSelectedOption: function (selectedOption, length, index) {
        return format(texts.textSelected, { option: selectedOption, index: index + 1, count: length });
      },
      tStatusResults: function (length, contentSelectedOption) {
        return format(texts.textResults, { count: length }) + " " + contentSelectedOption;
      },
      tAssistiveHint: function () {
        return texts.textHint;
      },
    });

    var box = document.getElementById(input.id);
    // The box itself sends nothing (the hidden input does); an empty name is invalid HTML.
    box.removeAttribute("name");
    // Text typed without choosing a suggestion is sent as typed; the server resolves it.
    box.addEventListener("input", function () {
      hidden.value = box.value;
    });
    // Keep the help text and any error message described, as on the plain text box.
    if (describedBy) {
      var own = box.getAttribute("aria-describedby");
      box.setAttribute("aria-describedby", own ? own + " " + describedBy : describedBy);
    }
    if (invalid) {
      box.setAttribute("aria-invalid", invalid);
    }
  }

  function start() {
    if (typeof window.accessibleAutocomplete !== "function") {
      return;
    }
    document.querySelectorAll("input[data-organisation-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
