/* Sortable and filterable tables. Progressive enhancement: without JavaScript every table is
   complete and readable; with it, column headers become sort buttons and a filter box appears. */
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
  }

  function sortBy(table, index, button) {
    var header = button.parentNode;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellKey(a, index), y = cellKey(b, index);
      if (x === y) return 0;
      if (x === "") return 1;
      if (y === "") return -1;
      return (x < y ? -1 : 1) * (ascending ? 1 : -1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (th.hasAttribute("data-nosort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sc-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, button); });
    });
  }

  function makeFilterable(table) {
    var label = table.getAttribute("data-filter");
    var wrap = document.createElement("p");
    wrap.className = "sc-filter";
    var id = "filter-" + (table.id || Math.random().toString(36).slice(2));
    var labelEl = document.createElement("label");
    labelEl.setAttribute("for", id);
    labelEl.textContent = label + " ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    var count = document.createElement("span");
    count.className = "sc-filter__count";
    count.setAttribute("aria-live", "polite");
    wrap.appendChild(labelEl);
    wrap.appendChild(input);
    wrap.appendChild(count);
    var anchor = table.closest(".sc-table-wrap") || table;
    anchor.parentNode.insertBefore(wrap, anchor);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = words.length ? shown + " of " + rows.length + " rows shown" : "";
    });
  }

  function enhance() {
    document.querySelectorAll("table.sc-table:not([data-enhanced])").forEach(function (table) {
      table.setAttribute("data-enhanced", "");
      makeSortable(table);
      if (table.hasAttribute("data-filter")) makeFilterable(table);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
