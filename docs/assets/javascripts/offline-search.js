/* Search for a site opened from disk or a file share (file://).

   Material's search runs in a web worker that fetches search/search_index.json; browsers allow neither on
   file://, so its box is dead there. On file:// only, this script loads the same index as a script
   (search/search_index.js, written after the build by safe_commissioning/sites/offline_search.py), hides
   Material's box and puts a search box of its own in the header: results as a list of links, usable with
   the keyboard (Down and Up move through the results, Escape closes them), the number of results
   announced to screen readers. If the index cannot be loaded, the box says why and what to do instead.
   Served over http(s) this script does nothing.

   Text from the index is put in the page with textContent only, never as HTML. */
(function () {
  "use strict";

  if (window.location.protocol !== "file:") return;
  var GLOBAL = "__index"; // the name Material's bundle also reads on file://
  var MAX_RESULTS = 20;
  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : window.location.href); // this file is assets/javascripts/
  var HOW = "Search cannot run on this copy of the site opened from a folder. Open the site through a web " +
    "server instead (in the site's folder run: python -m http.server, then open http://localhost:8000/), " +
    "or use your browser's Find (Ctrl+F) on this page.";

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  var NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ndash: "\u2013", mdash: "\u2014", hellip: "\u2026" };

  // The index holds each page's text as HTML: drop the tags and decode the character references.
  function plain(html) {
    return String(html || "").replace(/<[^>]*>/g, " ").replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, function (whole, ref) {
      if (ref.charAt(0) === "#") {
        var code = ref.charAt(1).toLowerCase() === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : "";
      }
      return Object.prototype.hasOwnProperty.call(NAMED, ref.toLowerCase()) ? NAMED[ref.toLowerCase()] : whole;
    }).replace(/\s+/g, " ").trim();
  }

  function build() {
    var header = document.querySelector(".md-header__inner");
    if (!header) return null;
    document.documentElement.classList.add("sc-offline");
    var form = element("form", { class: "sc-search", role: "search", "aria-label": "Search this site" });
    var input = element("input", {
      type: "search", id: "sc-search-input", class: "sc-search__input", placeholder: "Search",
      autocomplete: "off", spellcheck: "false", "aria-describedby": "sc-search-status",
      "aria-controls": "sc-search-results",
    });
    form.appendChild(element("label", { for: "sc-search-input", class: "sc-visually-hidden" }, "Search this site"));
    form.appendChild(input);
    var panel = element("div", { class: "sc-search__panel", hidden: "" });
    var status = element("p", { id: "sc-search-status", class: "sc-search__status", role: "status", "aria-live": "polite" });
    var list = element("ul", { id: "sc-search-results", class: "sc-search__results", "aria-label": "Search results" });
    panel.appendChild(status);
    panel.appendChild(list);
    form.appendChild(panel);
    var title = header.querySelector(".md-header__title");
    header.insertBefore(form, title ? title.nextSibling : null);
    return { form: form, input: input, panel: panel, status: status, list: list };
  }

  function unavailable(ui, why) {
    ui.input.disabled = true;
    ui.input.placeholder = "Search unavailable";
    ui.panel.hidden = false;
    ui.list.hidden = true;
    ui.status.textContent = why + " " + HOW;
    ui.form.classList.add("sc-search--unavailable");
  }

  function search(docs, query) {
    var terms = query.toLowerCase().split(/[\s\-]+/).filter(Boolean);
    if (!terms.length) return [];
    var found = [];
    docs.forEach(function (doc, order) {
      var score = 0;
      for (var i = 0; i < terms.length; i += 1) {
        var term = terms[i];
        var inTitle = doc.lowerTitle.indexOf(term);
        var inText = doc.lowerText.indexOf(term);
        if (inTitle === -1 && inText === -1) return;
        if (inTitle !== -1) score += 10 + (inTitle === 0 || /[\s\-(]/.test(doc.lowerTitle.charAt(inTitle - 1)) ? 5 : 0);
        if (inText !== -1) score += 1;
      }
      if (doc.location.indexOf("#") === -1) score += 2; // a whole page before a section of one
      found.push({ doc: doc, score: score, order: order });
    });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found;
  }

  function snippet(doc, query) {
    var text = doc.text;
    var at = doc.lowerText.indexOf(query.toLowerCase().split(/[\s\-]+/).filter(Boolean)[0] || "");
    var start = Math.max(0, at - 40);
    var piece = text.slice(start, start + 160);
    return (start > 0 ? "…" : "") + piece + (start + 160 < text.length ? "…" : "");
  }

  function show(ui, docs, query) {
    ui.list.textContent = "";
    if (!query.trim()) {
      ui.panel.hidden = true;
      ui.status.textContent = "";
      return;
    }
    var found = search(docs, query);
    found.slice(0, MAX_RESULTS).forEach(function (hit) {
      var item = element("li", { class: "sc-search__result" });
      var link = element("a", { href: new URL(hit.doc.location, root).href });
      link.appendChild(element("span", { class: "sc-search__title" }, hit.doc.title || hit.doc.location));
      var words = snippet(hit.doc, query);
      if (words) link.appendChild(element("span", { class: "sc-search__snippet" }, words));
      item.appendChild(link);
      ui.list.appendChild(item);
    });
    ui.status.textContent = found.length === 0 ? "No results for \u201c" + query.trim() + "\u201d" :
      (found.length === 1 ? "1 result" : found.length + " results") +
      (found.length > MAX_RESULTS ? ", the first " + MAX_RESULTS + " shown" : "") +
      ". Press Down to move through them.";
    ui.panel.hidden = false;
  }

  function wire(ui, raw) {
    var docs = raw.map(function (doc) {
      var text = plain(doc.text);
      var title = plain(doc.title);
      return { location: doc.location, title: title, text: text, lowerTitle: title.toLowerCase(), lowerText: text.toLowerCase() };
    });
    var timer = null;
    ui.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(ui, docs, ui.input.value); }, 120);
    });
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(ui, docs, ui.input.value);
      var first = ui.list.querySelector("a");
      if (first) window.location.href = first.href;
    });
    ui.form.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(ui.list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && links.length) {
        event.preventDefault();
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at !== -1) {
        event.preventDefault();
        if (at === 0) ui.input.focus(); else links[at - 1].focus();
      } else if (event.key === "Escape") {
        ui.panel.hidden = true;
        ui.input.focus();
      }
    });
    ui.input.addEventListener("focus", function () { if (ui.input.value.trim()) ui.panel.hidden = false; });
    document.addEventListener("click", function (event) {
      if (!ui.form.contains(event.target)) ui.panel.hidden = true;
    });
    // "/" or "s" focuses search, as Material's does
    document.addEventListener("keydown", function (event) {
      var typing = /^(input|textarea|select)$/i.test((event.target && event.target.tagName) || "");
      if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        ui.input.focus();
      }
    });
  }

  function start() {
    var ui = build();
    if (!ui) return;
    if (window[GLOBAL]) { wire(ui, window[GLOBAL].docs || []); return; }
    var address = new URL("search/search_index.js", root).href;
    // Material's bundle asks for the same script on file://: wait for its copy rather than load it twice.
    var loader = Array.prototype.filter.call(document.scripts, function (s) { return s.src === address; })[0];
    var ours = !loader;
    if (ours) loader = element("script", { src: address });
    loader.addEventListener("load", function () {
      if (window[GLOBAL] && Array.isArray(window[GLOBAL].docs)) wire(ui, window[GLOBAL].docs);
      else unavailable(ui, "The search index (search/search_index.js) did not load.");
    });
    loader.addEventListener("error", function () {
      unavailable(ui, "This browser could not load the search index (search/search_index.js) from the folder.");
    });
    if (ours) document.head.appendChild(loader);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
