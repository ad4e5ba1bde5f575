/*
 * 基幹型 実践事例集: filters for the case list (/cases/).
 *
 * Progressive enhancement: the page is a full table of cases without this script. Here we
 * reveal the generated form (#cb-facets), read each row's facet keys from the
 * data-cb-<facet> attributes of its ID link, and show only matching rows.
 * - AND across facets, OR within one facet.
 * - The state lives in the query string with taxonomy keys: ?block=kinki,tohoku&theme=supervision
 *   (a comma list means OR; repeated keys, ?block=kinki&block=tohoku, are read the same way).
 * - Each option shows how many cases it would give with the other facets' choices.
 * - A polite live region announces the count. No dependencies, no network, no inline handlers.
 * - Phones: the filter panel starts closed (its summary says how many conditions are chosen),
 *   and the table is marked for facets.css to show one card per case, each value headed by its
 *   column name; explicit table roles keep it a table for screen readers in that layout.
 */
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("cb-facets");
    if (!form || form.getAttribute("data-cb-ready")) return;
    form.setAttribute("data-cb-ready", "1");
    var status = document.getElementById("cb-facets-status");
    var empty = document.getElementById("cb-facets-empty");
    var groups = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-cb-facet]"));
    var facets = groups.map(function (g) { return g.getAttribute("data-cb-facet"); });
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));

    var rows = Array.prototype.slice.call(document.querySelectorAll("a[data-cb-id]")).map(function (link) {
      var values = {};
      facets.forEach(function (f) {
        values[f] = (link.getAttribute("data-cb-" + f) || "").split(" ").filter(Boolean);
      });
      return {el: link.closest("tr") || link.parentNode, id: link.getAttribute("data-cb-id"), values: values};
    });

    var panel = form.querySelector(".cb-facets__panel");
    var chosenNote = form.querySelector(".cb-facets__chosen");
    var table = rows.length ? rows[0].el.closest("table") : null;
    if (table) markTable(table);
    if (panel && window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches) panel.open = false;

    function selection() {
      var chosen = {};
      boxes.forEach(function (box) {
        if (box.checked) (chosen[box.name] = chosen[box.name] || []).push(box.value);
      });
      return chosen;
    }

    function matches(row, chosen, skip) {
      for (var f in chosen) {
        if (f === skip) continue;
        var wanted = chosen[f], ok = false;
        for (var i = 0; i < wanted.length; i++) {
          if (row.values[f] && row.values[f].indexOf(wanted[i]) >= 0) { ok = true; break; }
        }
        if (!ok) return false;
      }
      return true;
    }

    function fromUrl() {
      var params = new URLSearchParams(location.search);
      var wanted = {};
      facets.forEach(function (f) {
        params.getAll(f).forEach(function (v) {
          v.split(",").forEach(function (key) {
            key = key.trim();
            if (key) (wanted[f] = wanted[f] || []).push(key);
          });
        });
      });
      boxes.forEach(function (box) {
        box.checked = !!wanted[box.name] && wanted[box.name].indexOf(box.value) >= 0;
      });
    }

    function toUrl(chosen) {
      var params = new URLSearchParams(location.search);
      facets.forEach(function (f) { params.delete(f); });
      facets.forEach(function (f) { if (chosen[f]) params.set(f, chosen[f].join(",")); });
      var query = params.toString().replace(/%2C/g, ",");
      var url = location.pathname + (query ? "?" + query : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
    }

    function update(writeUrl) {
      var chosen = selection();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = matches(row, chosen, null);
        row.el.hidden = !ok;
        if (ok) shown++;
      });
      boxes.forEach(function (box) {
        var n = 0;
        rows.forEach(function (row) {
          if (row.values[box.name].indexOf(box.value) >= 0 && matches(row, chosen, box.name)) n++;
        });
        var count = box.parentNode.querySelector(".cb-facets__count");
        if (count) count.textContent = "（" + n + "）";
        box.parentNode.classList.toggle("cb-facets__option--none", n === 0 && !box.checked);
      });
      var filtered = Object.keys(chosen).length > 0;
      if (chosenNote) {
        var n = boxes.filter(function (box) { return box.checked; }).length;
        chosenNote.textContent = n ? "（" + n + " 件を選択中）" : "";
      }
      status.textContent = filtered
        ? rows.length + " 件中 " + shown + " 件の事例が条件に当てはまります。"
        : "すべての事例（" + rows.length + " 件）を表示しています。";
      if (empty) empty.hidden = shown > 0;
      if (writeUrl) toUrl(chosen);
    }

    form.addEventListener("change", function () { update(true); });
    form.addEventListener("reset", function () {
      setTimeout(function () { update(true); }, 0);   // after the browser has cleared the boxes
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    window.addEventListener("popstate", function () { fromUrl(); update(false); });
    fromUrl();
    form.hidden = false;
    update(false);
  }

  function markTable(table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      th.setAttribute("role", "columnheader");
      return th.textContent.trim();
    });
    table.setAttribute("role", "table");
    table.setAttribute("data-cb-list", "");
    if (table.parentNode) table.parentNode.setAttribute("data-cb-list-wrap", "");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (g) { g.setAttribute("role", "rowgroup"); });
    Array.prototype.forEach.call(table.querySelectorAll("tr"), function (tr) {
      tr.setAttribute("role", "row");
      Array.prototype.forEach.call(tr.querySelectorAll("td"), function (td, i) {
        td.setAttribute("role", "cell");
        if (heads[i]) td.setAttribute("data-label", heads[i]);
      });
    });
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init);       // Material's page-load stream (also after instant navigation)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
