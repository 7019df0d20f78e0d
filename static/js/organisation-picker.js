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

  function enhance(input) {
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
        return "Ingen organisasjon passer";
      },
      tStatusQueryTooShort: function (minQueryLength) {
        return "Skriv minst " + minQueryLength + " tegn for å få forslag";
      },
      tStatusNoResults: function () {
        return "Ingen organisasjon passer";
      },
      tStatusSelectedOption: function (selectedOption, length, index) {
        return selectedOption + " (" + (index + 1) + " av " + length + ") er markert";
      },
      tStatusResults: function (length, contentSelectedOption) {
        var words = length === 1 ? "organisasjon passer" : "organisasjoner passer";
        return length + " " + words + ". " + contentSelectedOption;
      },
      tAssistiveHint: function () {
        return "Når det kommer forslag, bruk pil opp og pil ned for å se dem og Enter for å velge. " +
          "På berøringsskjerm: utforsk ved berøring eller sveip.";
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
