// Progressive enhancement of the layout; every page works without this file.
(function () {
  "use strict";

  // Data tables: give each cell its column header as a label, so that on a
  // phone the CSS can show every row as a stacked list (label: value). The
  // explicit roles keep the table semantics when the CSS changes the display.
  function stackTables(root) {
    root.querySelectorAll(".utrecht-table-container > table.utrecht-table:not(.app-table--stack):not([data-no-stack])").forEach(function (table) {
      var headers = Array.prototype.map.call(table.querySelectorAll("thead tr:first-child > *"), function (cell) {
        return cell.textContent.replace(/\s+/g, " ").trim();
      });
      if (!headers.length) { return; }
      table.setAttribute("role", "table");
      table.querySelectorAll("thead, tbody").forEach(function (group) { group.setAttribute("role", "rowgroup"); });
      table.querySelectorAll("tr").forEach(function (row) { row.setAttribute("role", "row"); });
      table.querySelectorAll("thead th").forEach(function (cell) { cell.setAttribute("role", "columnheader"); });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
          var spans = (parseInt(cell.getAttribute("colspan"), 10) || 1) > 1;
          cell.setAttribute("data-label", spans ? "" : (headers[index] || ""));
        });
      });
      table.classList.add("app-table--stack");
    });
  }

  // The "More" menu and the phone menu close with Escape and when focus or a
  // click goes elsewhere, as a menu does.
  function closeMenus(except) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (!except || !menu.contains(except)) { menu.open = false; }
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelectorAll("details[data-menu][open]");
    if (!open.length) { return; }
    var last = open[open.length - 1];
    last.open = false;
    last.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) { closeMenus(event.target); });
  document.addEventListener("focusin", function (event) { closeMenus(event.target); });

  document.addEventListener("DOMContentLoaded", function () { stackTables(document); });
  document.addEventListener("htmx:afterSwap", function () { stackTables(document); });
})();
