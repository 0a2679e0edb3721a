/* Sortable, filterable, faceted tables. Progressive enhancement: without JavaScript every table is
   complete and readable; with it, column headers become sort buttons and a list table gains a filter
   panel: a text box, one drop-down per facet with counts, a count of what is shown (announced to screen
   readers), a link-able state in the address bar and "Download what I see" as CSV.

   Markup it reads (written by site_templates/macros.j2):
   - table.sc-table[data-filter="Label for the text box"]: a list table that can be filtered;
   - data-group="name": tables that share one filter panel (the compliance matrix's RAG sections);
   - data-facets="rag area": the facets, each with data-facet-rag="RAG" (its label) and, for fixed words,
     data-facet-rag-values="red=Red;amber=Amber" (the values in order, as they go in the URL and as shown);
   - tr[data-rag="red"]: each row's value of each facet. A facet matches a row only when the values are
     equal: "Red" never matches "Expired".
   - div.sc-filters-slot[data-for="name"]: where the group's panel goes (default: before its first table).

   The state is in the query string: ?rag=red&area=SEND&q=fenix. The first group on a page uses those
   names; any further group prefixes them with its name and a dot (placements.q=...).

   A long list is split into parts (safe_commissioning/sites/parts.py): div.sc-list-parts[data-script][data-parts] says
   where each part's rows are as a script (data/lists/compliance-3.js sets window.scLists["compliance-3"]). On such
   a page the first use of a filter loads every part's script, and the counts and the matching rows cover the whole
   list: the rows of all parts that match are shown in one table under the filters. A part's rows are the HTML the
   build wrote, parsed inert in a template; the rows shown are copied from them with createElement, setAttribute and
   text nodes only, keeping known tags and attributes.

   Every value from the workbook is put in the page with textContent or as an option's text, never as HTML. */
(function () {
  "use strict";

  var FORMULA_TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]; // as safe_commissioning/opendata/datafiles.py

  function forEach(list, fn) { Array.prototype.forEach.call(list, fn); }

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
  }

  function sortBy(table, index, button) {
    var header = button.parentNode;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    forEach(table.tHead.rows[table.tHead.rows.length - 1].cells, function (th) { th.removeAttribute("aria-sort"); });
    forEach(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
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
    forEach(table.tHead.rows[0].cells, function (th, index) {
      if (th.hasAttribute("data-nosort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sc-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, button); });
    });
  }

  /* ------------------------------------------------------------------ CSV of what is shown */

  // The text a cell shows, as one line: no symbols hidden from screen readers, no folded details.
  function cellText(cell) {
    var copy = cell.cloneNode(true);
    forEach(copy.querySelectorAll('[aria-hidden="true"], details, .sc-visually-hidden'), function (el) { el.remove(); });
    forEach(copy.querySelectorAll("br"), function (br) { br.replaceWith("; "); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  // A cell as the data files would write it: ISO dates and numbers as numbers where the page keeps them.
  function cellValue(cell) {
    if (cell.hasAttribute("data-csv")) return cell.getAttribute("data-csv");
    var sort = cell.getAttribute("data-sort") || "";
    if (/^\d{4}-\d{2}-\d{2}$/.test(sort)) return sort;
    if (cell.classList.contains("sc-num") && /^-?\d+(\.\d+)?$/.test(sort)) return String(Number(sort));
    return cellText(cell);
  }

  function csvField(value) {
    var text = String(value);
    var number = /^-?\d+(\.\d+)?$/.test(text);
    if (!number && FORMULA_TRIGGERS.some(function (t) { return text.charAt(0) === t; })) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  // UTF-8 with a byte-order mark and CRLF line ends, as safe_commissioning/opendata/datafiles.py writes CSV.
  function csvText(header, rows) {
    return "\ufeff" + [header].concat(rows).map(function (row) { return row.map(csvField).join(","); }).join("\r\n") + "\r\n";
  }

  function headerNames(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    if (!rows.length) return [];
    return Array.prototype.map.call(rows[rows.length - 1].cells, cellText);
  }

  function download(name, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  /* ------------------------------------------------------------------ lists in parts */

  var ROW_TAGS = { tr: 1, th: 1, td: 1, a: 1, span: 1, strong: 1, em: 1, abbr: 1, br: 1, code: 1, details: 1,
    summary: 1, dl: 1, dt: 1, dd: 1, p: 1, ul: 1, li: 1 };

  // The attributes a row keeps from its part's data (as the page's own rows have them, less the ids: an id would
  // be on the page twice); data-* are kept but for data-id.
  var ROW_ATTRIBUTES = { "class": 1, scope: 1, href: 1, title: 1, colspan: 1, rowspan: 1, "aria-hidden": 1, download: 1 };

  // A part's rows, the HTML the build wrote, parsed inert (a template's content runs no script, loads nothing).
  function parseRows(html) {
    var box = document.createElement("template");
    box.innerHTML = "<table><tbody>" + html + "</tbody></table>";
    var body = box.content.querySelector("tbody");
    return body ? Array.prototype.slice.call(body.rows) : [];
  }

  // A row for the page, copied from a parsed one: only known tags and attributes, no event handlers, no script links.
  function copyNode(node) {
    if (node.nodeType === 3) return document.createTextNode(node.nodeValue);
    if (node.nodeType !== 1) return null; // comments are left out
    var tag = node.tagName.toLowerCase();
    var el = document.createElement(ROW_TAGS[tag] ? tag : "span");
    forEach(node.attributes, function (attribute) {
      var name = attribute.name, value = attribute.value;
      if (!ROW_ATTRIBUTES[name] && !(name.indexOf("data-") === 0 && name !== "data-id")) return;
      if (name === "href" && /^\s*[a-z][a-z0-9+.\-]*:/i.test(value) && !/^\s*(https?|mailto):/i.test(value)) return;
      el.setAttribute(name, value);
    });
    forEach(node.childNodes, function (child) {
      var copy = copyNode(child);
      if (copy) el.appendChild(copy);
    });
    return el;
  }

  function ListParts(el) {
    this.prefix = el.getAttribute("data-script");
    this.count = Number(el.getAttribute("data-parts"));
    this.noun = el.getAttribute("data-noun") || "row";
    this.key = this.prefix.split("/").pop();
    this.loaded = false;
    this.failed = [];
    this.waiting = null;
  }

  // Load every part's script once (a script tag, so it works on file:// as well), then call `done`.
  ListParts.prototype.load = function (done) {
    var parts = this;
    if (this.loaded) { done(); return; }
    if (this.waiting) { this.waiting.push(done); return; }
    this.waiting = [done];
    var left = this.count;
    function one(number, ok) {
      if (!ok) parts.failed.push(number);
      left -= 1;
      if (left > 0) return;
      parts.loaded = true;
      parts.waiting.forEach(function (fn) { fn(); });
      parts.waiting = null;
    }
    for (var n = 1; n <= this.count; n += 1) {
      (function (number) {
        var script = document.createElement("script");
        script.src = parts.prefix + number + ".js";
        script.onload = function () { one(number, true); };
        script.onerror = function () { one(number, false); };
        document.head.appendChild(script);
      })(n);
    }
  };

  // Every row of one group of tables, from all parts, in the order of the parts.
  ListParts.prototype.rows = function (name, facets) {
    var items = [];
    var data = window.scLists || {};
    for (var n = 1; n <= this.count; n += 1) {
      var html = (data[this.key + n] || {})[name];
      if (typeof html !== "string") continue;
      parseRows(html).forEach(function (source) {
        var values = {};
        facets.forEach(function (facet) { values[facet.key] = source.getAttribute("data-" + facet.key) || null; });
        items.push({ source: source, part: n, values: values, text: source.textContent.toLowerCase() });
      });
    }
    return items;
  };

  /* ------------------------------------------------------------------ filter panels */

  function facetDefinitions(table) {
    return (table.getAttribute("data-facets") || "").split(/\s+/).filter(Boolean).map(function (key) {
      var fixed = (table.getAttribute("data-facet-" + key + "-values") || "").split(";").filter(Boolean).map(function (pair) {
        var at = pair.indexOf("=");
        return { value: pair.slice(0, at), label: pair.slice(at + 1) };
      });
      return { key: key, label: table.getAttribute("data-facet-" + key) || key, fixed: fixed };
    });
  }

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function Group(name, tables, prefix) {
    this.name = name;
    this.tables = tables;
    this.prefix = prefix;
    this.rows = [];
    this.facets = facetDefinitions(tables[0]);
    var group = this;
    tables.forEach(function (table) {
      forEach(table.tBodies[0].rows, function (row) {
        var values = {};
        group.facets.forEach(function (facet) { values[facet.key] = row.getAttribute("data-" + facet.key); });
        group.rows.push({ row: row, table: table, values: values, text: row.textContent.toLowerCase() });
      });
    });
    var parts = document.querySelector(".sc-list-parts[data-script]");
    this.parts = parts ? new ListParts(parts) : null;
    this.all = null; // every part's rows, once loaded
    this.build();
  }

  // On a list in parts: load the other parts, then filter again (the counts and rows then cover the whole list).
  Group.prototype.loadAll = function () {
    var group = this;
    if (!this.parts || this.all || this.loading) return;
    this.loading = true;
    this.parts.load(function () {
      group.loading = false;
      group.all = group.parts.rows(group.name, group.facets);
      group.refreshOptions();
      if (group.pendingUrl) group.readUrl();
      group.apply(false);
    });
  };

  // The drop-downs of facets without fixed words, from the rows of every part; the choice kept.
  Group.prototype.refreshOptions = function () {
    var group = this;
    this.facets.forEach(function (facet) {
      if (facet.fixed.length) return;
      var select = group.selects[facet.key];
      var chosen = select.value;
      while (select.options.length > 1) select.remove(1);
      group.values(facet).forEach(function (item) {
        select.appendChild(element("option", { value: item.value }, item.label));
      });
      select.value = chosen;
    });
  };

  Group.prototype.param = function (key) { return this.prefix + key; };

  Group.prototype.build = function () {
    var group = this;
    var first = this.tables[0];
    var id = "filter-" + this.name;
    var panel = element("form", { class: "sc-filters", role: "search", "aria-label": first.getAttribute("data-filter").replace(/[:\s]+$/, "") });
    panel.addEventListener("submit", function (event) { event.preventDefault(); });
    panel.addEventListener("focusin", function () { group.loadAll(); });
    this.panel = panel;

    var line = element("p", { class: "sc-filter" });
    line.appendChild(element("label", { for: id }, first.getAttribute("data-filter") + " "));
    this.input = element("input", { type: "search", id: id, autocomplete: "off" });
    line.appendChild(this.input);
    panel.appendChild(line);

    this.selects = {};
    if (this.facets.length) {
      var facets = element("div", { class: "sc-facets" });
      this.facets.forEach(function (facet) {
        var wrap = element("p", { class: "sc-facet" });
        var selectId = id + "-" + facet.key;
        wrap.appendChild(element("label", { for: selectId }, facet.label));
        var select = element("select", { id: selectId, "data-facet": facet.key });
        select.appendChild(element("option", { value: "" }, "All"));
        group.values(facet).forEach(function (item) {
          select.appendChild(element("option", { value: item.value }, item.label));
        });
        select.addEventListener("change", function () { group.apply(true); });
        group.selects[facet.key] = select;
        wrap.appendChild(select);
        facets.appendChild(wrap);
      });
      panel.appendChild(facets);
    }

    var status = element("p", { class: "sc-filter__status" });
    this.count = element("span", { class: "sc-filter__count", role: "status", "aria-live": "polite" });
    status.appendChild(this.count);
    var clear = element("button", { type: "button", class: "sc-filter__button" }, "Clear filters");
    clear.addEventListener("click", function () {
      group.input.value = "";
      Object.keys(group.selects).forEach(function (key) { group.selects[key].value = ""; });
      group.apply(true);
      group.input.focus();
    });
    status.appendChild(clear);
    var save = element("button", { type: "button", class: "sc-filter__button" }, "Download what I see (CSV)");
    save.addEventListener("click", function () { group.download(); });
    status.appendChild(save);
    panel.appendChild(status);

    var timer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { group.apply(true); }, 200);
    });

    this.tables.forEach(function (table) {
      var wrap = table.closest(".sc-table-wrap") || table;
      var none = element("p", { class: "sc-filter__none sc-muted", hidden: "" }, "No row of this table matches the filters.");
      wrap.parentNode.insertBefore(none, wrap.nextSibling);
      table.scNone = none;
    });
    var slot = document.querySelector('.sc-filters-slot[data-for="' + this.name + '"]');
    if (slot) {
      slot.appendChild(panel);
    } else {
      var anchor = first.closest(".sc-table-wrap") || first;
      anchor.parentNode.insertBefore(panel, anchor);
    }
  };

  // A facet's values: the fixed words in their order, else every value on the rows, A to Z.
  Group.prototype.values = function (facet) {
    if (facet.fixed.length) return facet.fixed;
    var seen = {};
    (this.all || this.rows).forEach(function (item) {
      var value = item.values[facet.key];
      if (value) seen[value] = true;
    });
    return Object.keys(seen).sort(function (a, b) { return a.localeCompare(b, "en", { sensitivity: "base" }); })
      .map(function (value) { return { value: value, label: value }; });
  };

  Group.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var group = this;
    this.input.value = params.get(this.param("q")) || "";
    this.pendingUrl = !this.all && (params.has(this.param("q")) || this.facets.some(function (f) { return params.has(group.param(f.key)); }));
    Object.keys(this.selects).forEach(function (key) {
      var wanted = params.get(group.param(key));
      var select = group.selects[key];
      select.value = "";
      if (wanted === null) return;
      // the exact value; failing that, the same value in another case (rag=Red for red), never a part of one
      var options = Array.prototype.slice.call(select.options, 1);
      var match = options.filter(function (o) { return o.value === wanted; })[0] ||
        options.filter(function (o) { return o.value.toLowerCase() === wanted.toLowerCase(); })[0];
      if (match) select.value = match.value;
    });
  };

  Group.prototype.writeUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var group = this;
    var text = this.input.value.trim();
    if (text) params.set(this.param("q"), text); else params.delete(this.param("q"));
    Object.keys(this.selects).forEach(function (key) {
      var value = group.selects[key].value;
      if (value) params.set(group.param(key), value); else params.delete(group.param(key));
    });
    var query = params.toString();
    try {
      history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    } catch (error) {
      // some browsers refuse to change the address of a page opened from disk: the filters still work
    }
  };

  Group.prototype.chosen = function () {
    var group = this;
    var chosen = {};
    Object.keys(this.selects).forEach(function (key) {
      if (group.selects[key].value) chosen[key] = group.selects[key].value;
    });
    return chosen;
  };

  function matches(item, words, chosen, except) {
    for (var key in chosen) {
      if (key !== except && item.values[key] !== chosen[key]) return false;
    }
    for (var i = 0; i < words.length; i += 1) {
      if (item.text.indexOf(words[i]) === -1) return false;
    }
    return true;
  }

  Group.prototype.apply = function (fromUser) {
    var group = this;
    var words = this.input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var chosen = this.chosen();
    var filtering = words.length > 0 || Object.keys(chosen).length > 0;
    if (filtering && this.parts && !this.all) {
      this.loadAll();
      this.count.textContent = "Loading the rows of all " + this.parts.count + " parts…";
      if (fromUser) this.writeUrl();
      return;
    }
    if (this.all) {
      this.applyAll(words, chosen, filtering);
      if (fromUser) this.writeUrl();
      return;
    }
    var shown = 0;
    var perTable = new Map();
    this.rows.forEach(function (item) {
      var match = matches(item, words, chosen, null);
      item.row.hidden = !match;
      if (match) {
        shown += 1;
        perTable.set(item.table, (perTable.get(item.table) || 0) + 1);
      }
    });
    this.tables.forEach(function (table) { table.scNone.hidden = !filtering || perTable.get(table) > 0; });
    // Each option's count: the rows it would show with the other filters as they are.
    this.counts(this.rows, words, chosen);
    this.count.textContent = shown + " of " + this.rows.length + (this.rows.length === 1 ? " row" : " rows") + " shown" +
      (this.parts ? " on this part (" + this.parts.count + " parts: a filter searches them all)" : "");
    if (fromUser) this.writeUrl();
  };

  Group.prototype.counts = function (items, words, chosen) {
    var group = this;
    this.facets.forEach(function (facet) {
      var counts = {};
      var all = 0;
      items.forEach(function (item) {
        if (!matches(item, words, chosen, facet.key)) return;
        all += 1;
        counts[item.values[facet.key]] = (counts[item.values[facet.key]] || 0) + 1;
      });
      forEach(group.selects[facet.key].options, function (option, index) {
        var label = index === 0 ? "All" : group.labelOf(facet, option.value);
        option.textContent = label + " (" + (index === 0 ? all : counts[option.value] || 0) + ")";
      });
    });
  };

  // A list in parts, every part loaded: the counts are the whole list's; a filter shows its rows from all parts.
  Group.prototype.applyAll = function (words, chosen, filtering) {
    var group = this;
    var results = this.resultsTable();
    var body = results.tBodies[0];
    while (body.firstChild) body.removeChild(body.firstChild);
    var shown = 0;
    var parts = {};
    if (filtering) {
      this.all.forEach(function (item) {
        if (!matches(item, words, chosen, null)) return;
        shown += 1;
        parts[item.part] = true;
        if (!item.row) item.row = copyNode(item.source);
        body.appendChild(item.row);
      });
      labelCells(results);
    }
    this.resultsWrap.hidden = !filtering;
    this.resultsNone.hidden = !filtering || shown > 0;
    this.rows.forEach(function (item) { item.row.hidden = false; });
    this.tables.forEach(function (table) {
      var wrap = table.closest(".sc-table-wrap") || table;
      wrap.hidden = filtering;
      table.scNone.hidden = !filtering;
      table.scNone.textContent = "Filtered: the matching rows of every part are listed under the filters.";
    });
    this.counts(this.all, words, chosen);
    var total = this.all.length;
    var noun = this.parts.noun + (total === 1 ? "" : "s");
    var failed = this.parts.failed.length ? " (parts " + this.parts.failed.join(", ") + " could not be loaded: their rows are not counted)" : "";
    this.count.textContent = (filtering
      ? shown + " of " + total.toLocaleString("en-GB") + " " + noun + " shown, from all " + this.parts.count + " parts (found on " + Object.keys(parts).length + ")"
      : "All " + total.toLocaleString("en-GB") + " " + noun + " in all " + this.parts.count + " parts; this part shows " + this.rows.length) + failed;
  };

  // The table that shows the matching rows of every part (made once, with the first table's columns).
  Group.prototype.resultsTable = function () {
    if (this.results) return this.results;
    var first = this.tables[0];
    var id = "filter-" + this.name + "-all";
    var wrap = element("div", { class: "sc-table-wrap", role: "region", "aria-labelledby": id + "-caption", tabindex: "0", hidden: "" });
    var table = element("table", { class: first.className, id: id });
    table.appendChild(element("caption", { id: id + "-caption" }, "Rows matching the filters, from all " + this.parts.count + " parts"));
    var head = first.tHead.cloneNode(true);
    forEach(head.querySelectorAll("button.sc-sort"), function (button) {
      while (button.firstChild) button.parentNode.insertBefore(button.firstChild, button);
      button.remove();
    });
    forEach(head.querySelectorAll("[aria-sort]"), function (th) { th.removeAttribute("aria-sort"); });
    table.appendChild(head);
    table.appendChild(document.createElement("tbody"));
    table.setAttribute("data-enhanced", "");
    wrap.appendChild(table);
    var none = element("p", { class: "sc-filter__none sc-muted", hidden: "" }, "No row of any part matches the filters.");
    this.panel.parentNode.insertBefore(none, this.panel.nextSibling);
    this.panel.parentNode.insertBefore(wrap, this.panel.nextSibling);
    makeSortable(table);
    this.results = table;
    this.resultsWrap = wrap;
    this.resultsNone = none;
    return table;
  };

  Group.prototype.labelOf = function (facet, value) {
    for (var i = 0; i < facet.fixed.length; i += 1) if (facet.fixed[i].value === value) return facet.fixed[i].label;
    return value;
  };

  // A table with data-download writes every published column of each row shown (its data-values, as the data
  // file has them) under plain headers (data-columns), in a file named after the page (data-download).
  Group.prototype.download = function () {
    var first = this.tables[0];
    var published = first.hasAttribute("data-download");
    var header = published ? JSON.parse(first.getAttribute("data-columns")) : headerNames(first);
    var rows = [];
    function add(row) {
      rows.push(published && row.hasAttribute("data-values") ? JSON.parse(row.getAttribute("data-values"))
        : Array.prototype.map.call(row.cells, cellValue));
    }
    if (this.results && !this.resultsWrap.hidden) {
      forEach(this.results.tBodies[0].rows, add);
    } else this.tables.forEach(function (table) {
      forEach(table.tBodies[0].rows, function (row) { if (!row.hidden) add(row); });
    });
    var page = (window.location.pathname.split("/").pop() || "index.html").replace(/\.html$/, "");
    download(published ? first.getAttribute("data-download") + ".csv" : page + "-" + this.name + "-shown.csv",
      csvText(header, rows));
  };

  // Each column's name for a card: the header cells above it, top to bottom ("Fostering: Commissioned"),
  // placed by their colspan and rowspan.
  function columnLabels(table) {
    var grid = [];
    forEach(table.tHead.rows, function (row, r) {
      var column = 0;
      forEach(row.cells, function (cell) {
        while (grid[r] && grid[r][column] !== undefined) column += 1;
        for (var dr = 0; dr < cell.rowSpan; dr++) for (var dc = 0; dc < cell.colSpan; dc++) {
          grid[r + dr] = grid[r + dr] || [];
          grid[r + dr][column + dc] = cell;
        }
        column += cell.colSpan;
      });
    });
    var labels = [];
    (grid[grid.length - 1] || []).forEach(function (_, column) {
      var parts = [];
      grid.forEach(function (row) {
        var cell = row[column];
        var text = cell ? cellText(cell) : "";
        if (text && parts[parts.length - 1] !== text) parts.push(text);
      });
      labels.push({ name: parts.join(": "), head: grid[grid.length - 1][column] });
    });
    return labels;
  }

  // On a phone every data table shows each row as a card: every cell says which column it is (see
  // dashboard.css). The action lists write their own labels.
  function labelCells(table) {
    if (!table.tHead || !table.tHead.rows.length || !table.tBodies.length) return;
    if (table.classList.contains("sc-table--actions")) return;
    var columns = columnLabels(table);
    forEach(table.tBodies[0].rows, function (row) {
      var column = 0;
      forEach(row.cells, function (cell) {
        var heading = columns[column];
        if (cell.tagName === "TD" && heading && heading.name) cell.setAttribute("data-label", heading.name);
        if (heading && heading.head && heading.head.classList.contains("sc-rule")) cell.classList.add("sc-rule-cell");
        column += cell.colSpan;
      });
    });
    table.setAttribute("data-cards", "");
  }

  function enhance() {
    var groups = {};
    var order = [];
    document.querySelectorAll("table.sc-table:not([data-enhanced])").forEach(function (table) {
      table.setAttribute("data-enhanced", "");
      makeSortable(table);
      labelCells(table);
      if (!table.hasAttribute("data-filter") || !table.tBodies.length || !table.tHead) return;
      var name = table.getAttribute("data-group") || table.id || "table-" + order.length;
      if (!groups[name]) { groups[name] = []; order.push(name); }
      groups[name].push(table);
    });
    order.forEach(function (name, index) {
      var group = new Group(name, groups[name], index === 0 ? "" : name + ".");
      group.readUrl();
      group.apply(false);
    });
  }

  window.scTables = { csvText: csvText }; // for the browser tests
  if (typeof document$ !== "undefined") {
    document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
