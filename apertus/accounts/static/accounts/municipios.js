// Narrows the municipality list to the chosen state. Without JavaScript the full list, grouped
// by state, still works; the server checks the municipality belongs to the state either way.
(function () {
  "use strict";
  document.querySelectorAll("select[data-filter-by]").forEach(function (select) {
    var source = document.getElementById(select.getAttribute("data-filter-by"));
    if (!source) { return; }
    var groups = Array.prototype.map.call(select.querySelectorAll("optgroup"), function (group) {
      return group.cloneNode(true);
    });
    var blank = select.querySelector("option[value='']");
    function apply() {
      var label = source.selectedIndex > 0 ? source.options[source.selectedIndex].text : null;
      var current = select.value;
      while (select.firstChild) { select.removeChild(select.firstChild); }
      if (blank) { select.appendChild(blank); }
      groups.forEach(function (group) {
        if (label === null || group.label === label) { select.appendChild(group.cloneNode(true)); }
      });
      select.value = current;
      if (select.value !== current) { select.value = ""; }
    }
    source.addEventListener("change", apply);
    apply();
  });
})();
