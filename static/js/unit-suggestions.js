/* Suggestions for a unit field (contacts.fields.UnitField): the units of the organisation
   chosen in the same form, as a native <datalist> under the text box.

   Without this script the box is plain text that the server resolves within the chosen
   organisation. With it, once an organisation is chosen, focusing the box fetches that
   organisation's units (contacts.views.unit_suggestions) and the browser offers them. */
(function () {
  "use strict";

  function organisationKey(input) {
    // The organisation picker sends the key in a hidden input under the field's own name;
    // without it, the text box itself carries what was typed.
    var name = input.dataset.organisationField;
    var fields = input.form ? input.form.querySelectorAll('[name="' + name + '"]') : [];
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value) {
        return fields[i].value;
      }
    }
    return "";
  }

  function enhance(input) {
    var list = document.createElement("datalist");
    list.id = input.id + "_forslag";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    var loadedFor = null;

    function load() {
      var key = organisationKey(input);
      if (!key || key === loadedFor) {
        return;
      }
      loadedFor = key;
      fetch(input.dataset.unitSuggestions + "?organisasjon=" + encodeURIComponent(key), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          list.textContent = "";
          data.results.forEach(function (unit) {
            var option = document.createElement("option");
            option.value = unit.name;
            option.label = unit.detail;
            list.appendChild(option);
          });
        })
        .catch(function () {
          loadedFor = null; /* the typed text still works: the server resolves it */
        });
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", load);
  }

  function start() {
    document.querySelectorAll("input[data-unit-suggestions]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
