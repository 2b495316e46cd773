// Course builder: drag and drop to reorder a list, on top of the "Subir"/"Bajar" buttons that work
// without JavaScript. On drop, the list's new order is posted; if the server refuses it (someone
// else changed the list), the page reloads to show the real order.
(function () {
  "use strict";
  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function items(list) {
    return Array.prototype.filter.call(list.children, function (el) { return el.hasAttribute("data-id"); });
  }
  function order(list) {
    return items(list).map(function (el) { return el.getAttribute("data-id"); }).join(",");
  }
  function save(list) {
    var body = new FormData();
    body.append("what", list.getAttribute("data-reorder"));
    body.append("order", order(list));
    body.append("csrfmiddlewaretoken", csrfToken());
    fetch(list.getAttribute("data-reorder-url"), {method: "POST", body: body, credentials: "same-origin"})
      .then(function (response) { window.location.reload(); return response; })
      .catch(function () { window.location.reload(); });
  }
  function setUp(list) {
    var dragged = null, before = "";
    items(list).forEach(function (el) {
      el.setAttribute("draggable", "true");
      el.addEventListener("dragstart", function (event) {
        event.stopPropagation();
        dragged = el;
        before = order(list);
        el.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", el.getAttribute("data-id"));
      });
      el.addEventListener("dragend", function (event) {
        event.stopPropagation();
        el.classList.remove("dragging");
        dragged = null;
        if (order(list) !== before) { save(list); }
      });
      el.addEventListener("dragover", function (event) {
        if (!dragged || dragged === el || dragged.parentNode !== list) { return; }
        event.preventDefault();
        event.stopPropagation();
        var box = el.getBoundingClientRect();
        list.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? el.nextSibling : el);
      });
      el.addEventListener("drop", function (event) {
        if (!dragged || dragged.parentNode !== list) { return; }
        event.preventDefault();
        event.stopPropagation();
      });
    });
  }
  document.querySelectorAll("[data-reorder]").forEach(setUp);
}());
