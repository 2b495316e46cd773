// SDG suggestions on a form: when the server confirms a one-click addition, select the added goal
// or target in the form's own field (and take the record's new version), so saving the form keeps it.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var panel = event.target;
    if (!panel || panel.id !== "sdg-panel") { return; }
    var added = panel.querySelector("[data-sdg-added]");
    var box = panel.closest("[data-sdg-field]");
    var form = panel.closest("form");
    if (!added || !box || !form) { return; }
    var value = added.getAttribute("data-sdg-added");
    var name = added.getAttribute("data-sdg-scheme") === "sdg_goal" && form.elements.namedItem("primary_goal") &&
      box.getAttribute("data-sdg-field") !== "goals" ? "primary_goal" : box.getAttribute("data-sdg-field");
    var field = form.elements.namedItem(name);
    if (field && field.tagName === "SELECT") {
      for (var i = 0; i < field.options.length; i++) {
        if (field.options[i].value === value) { field.options[i].selected = true; }
      }
    } else {
      var boxes = form.querySelectorAll("input[type=checkbox][name='" + name + "']");
      for (var j = 0; j < boxes.length; j++) {
        if (boxes[j].value === value) { boxes[j].checked = true; }
      }
    }
    var version = added.getAttribute("data-sdg-version");
    var versionField = form.elements.namedItem("version");
    if (version && versionField) { versionField.value = version; }
  });
}());
