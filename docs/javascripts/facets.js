/*
 * 基幹型 実践事例集: keyword and facet filters for the case list (/cases/).
 *
 * Progressive enhancement: without this script the list is a table in pages of fifty cases
 * (/cases/, /cases/page/2/ …, links only). Here we reveal the generated form (#cb-facets).
 * Nothing more is loaded until a filter or a keyword is used (or the URL holds one): then
 * list.js (every case's facet keys, title and summary: scripts/casebook/list_pages.py) is
 * fetched once, on the web with fetch(), from file:// (offline copy) as a script, and the
 * matching cases are drawn into the table, fifty at a time ("さらに表示").
 * - AND across facets and keywords, OR within one facet.
 * - The state lives in the query string: ?q=協議会&block=kinki,tohoku&theme=supervision
 *   (a comma list means OR; repeated keys, ?block=kinki&block=tohoku, are read the same way).
 * - Keywords are folded as the search worker folds them (NFKC, lower case, katakana to
 *   hiragana: fold() below must stay equal to search-worker.js, tests/test_list_pages.py checks),
 *   expanded with the same synonym groups (glossary, kinds of area), "quoted" = as written.
 * - Each option shows how many cases it would give with the other choices.
 * - A polite live region announces the count; the table is aria-busy while the data loads.
 * - Phones: the filter panel starts closed, and the table is marked for facets.css to show one
 *   card per case; explicit table roles keep it a table for screen readers in that layout.
 * - Load cost: overrides/main.html loads this script only on the page with the form, at the end
 *   of the body and before Material's bundle. reveal() runs at once: it marks the table (cards on
 *   phones) and closes the panel on phones, so the page takes its final shape before the bundle
 *   starts (the bundle reads scroll positions and sizes as it starts, which lays the page out;
 *   after a change of shape, that would be a second layout of the whole list). Where scripts run,
 *   facets.css shows the form from the first paint, so nothing below it moves when it starts to
 *   work. init() (listeners, the state in the URL) runs when the page has loaded and changes
 *   nothing on the page unless the URL holds a filter; it removes `hidden` from the form last.
 * No dependencies, no other hosts, no inline handlers; data goes in with textContent only.
 */
(function () {
  "use strict";

  var QUOTED = /"([^"]+)"|“([^”]+)”|「([^」]+)」|(\S+)/g;

  function fold(s) {
    s = s.normalize("NFKC").toLowerCase();
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      out += (c >= 0x30a1 && c <= 0x30f6) ? String.fromCharCode(c - 0x60) : s.charAt(i);
    }
    return out;
  }

  var loading = null;

  /* list.js is `cbData("list",\n<JSON>\n);`: parsed as JSON on the web, run as a script on file:. */
  function loadData(url) {
    if (loading) return loading;
    if (location.protocol === "file:") {
      loading = new Promise(function (resolve, reject) {
        var previous = window.cbData;
        window.cbData = function (name, data) {
          if (name === "list") resolve(data); else if (previous) previous(name, data);
        };
        var script = document.createElement("script");
        script.src = url;
        script.addEventListener("error", function () { reject(new Error("cannot load " + url)); });
        document.head.appendChild(script);
      });
    } else {
      loading = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + url);
        return response.text();
      }).then(function (text) {
        return JSON.parse(text.slice(text.indexOf("\n") + 1, text.lastIndexOf("\n);")));
      });
    }
    loading = loading.then(prepare);
    loading.catch(function () { loading = null; });    // a later change tries again
    return loading;
  }

  function prepare(raw) {
    var syn = {};
    (raw.synonyms || []).forEach(function (group) {
      var folded = group.map(fold);
      folded.forEach(function (word) { syn[word] = (syn[word] || []).concat(folded); });
    });
    var cases = raw.cases.map(function (row) {
      var c = {id: row[0], title: row[1], summary: row[2], region: raw.texts[row[3]], year: raw.texts[row[4]], values: {}};
      var words = [row[0], row[1], row[2], c.region, c.year];
      raw.facets.forEach(function (f, i) {
        c.values[f] = row[5][i].map(function (n) { return raw.keys[f][n]; });
        row[5][i].forEach(function (n) { words.push(raw.labels[f][n]); });
      });
      c.text = fold(words.join(" "));
      return c;
    });
    var labels = {};
    raw.facets.forEach(function (f) {
      labels[f] = {};
      raw.keys[f].forEach(function (k, i) { labels[f][k] = raw.labels[f][i]; });
    });
    return {cases: cases, labels: labels, syn: syn};
  }

  /* The words of a query: each a list of folded variants, one of which a case's text must hold. */
  function terms(query, syn) {
    var out = [], m;
    QUOTED.lastIndex = 0;
    while ((m = QUOTED.exec(query))) {
      var phrase = m[1] || m[2] || m[3];
      if (phrase) { if (phrase.trim()) out.push([fold(phrase.trim())]); continue; }
      var w = fold(m[4]), list = [w].concat(syn[w] || []), bare = w.replace(/[・･]/g, "");
      if (bare && bare !== w) list.push(bare);
      out.push(list);
    }
    return out;
  }

  /* The page's final shape, before anything lays it out again (see the top of this file). */
  function reveal() {
    var form = document.getElementById("cb-facets");
    if (!form || form.hasAttribute("data-cb-shown")) return;
    form.setAttribute("data-cb-shown", "");       // facets.css shows the form from here on
    var firstLink = document.querySelector("a[data-cb-id]");
    var table = firstLink ? firstLink.closest("table") : null;
    if (table) markTable(table);
    var panel = form.querySelector(".cb-facets__panel");
    if (panel && window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches) panel.open = false;
  }

  function init() {
    var form = document.getElementById("cb-facets");
    if (!form || form.getAttribute("data-cb-ready")) return;
    reveal();
    form.setAttribute("data-cb-ready", "1");
    var status = document.getElementById("cb-facets-status");
    var empty = document.getElementById("cb-facets-empty");
    var box = document.getElementById("cb-q");
    var facets = Array.prototype.map.call(form.querySelectorAll("fieldset[data-cb-facet]"),
      function (g) { return g.getAttribute("data-cb-facet"); });
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var total = Number(form.getAttribute("data-cb-total")) || 0;
    var pageSize = Number(form.getAttribute("data-cb-page-size")) || 50;
    var dataUrl = new URL(form.getAttribute("data-cb-list"), location.href).href;
    var staticCounts = boxes.map(function (b) { return b.parentNode.querySelector(".cb-facets__count").textContent; });
    var paging = Array.prototype.slice.call(document.querySelectorAll("nav.cb-pager, #cb-page-note"));

    var firstLink = document.querySelector("a[data-cb-id]");
    var table = firstLink ? firstLink.closest("table") : null;
    var tbody = table ? table.tBodies[0] : null;
    var serverRows = tbody ? Array.prototype.slice.call(tbody.rows) : [];
    // Links as the build writes them: c01/ on the web, c01.html in the offline copy.
    var fileUrls = !!firstLink && /\.html$/.test(firstLink.getAttribute("href"));
    var heads = table ? headings(table) : [];
    // Material has put the table into its scrolling wrapper by now: phones show that as a block
    if (table && table.parentNode && table.parentNode !== form.parentNode) table.parentNode.setAttribute("data-cb-list-wrap", "");

    var chosenNote = form.querySelector(".cb-facets__chosen");

    var more = document.createElement("button");
    more.type = "button";
    more.className = "md-button cb-facets__more";
    more.hidden = true;
    if (table) (table.closest("[data-cb-list-wrap]") || table).insertAdjacentElement("afterend", more);

    var limit = pageSize, drawn = 0, matched = [], serial = 0;

    function selection() {
      var chosen = {};
      boxes.forEach(function (b) { if (b.checked) (chosen[b.name] = chosen[b.name] || []).push(b.value); });
      return chosen;
    }

    function matches(c, chosen, skip) {
      for (var f in chosen) {
        if (f === skip) continue;
        var have = c.values[f] || [], ok = false;
        for (var i = 0; i < chosen[f].length; i++) if (have.indexOf(chosen[f][i]) >= 0) { ok = true; break; }
        if (!ok) return false;
      }
      return true;
    }

    function hasWords(c, words) {
      return words.every(function (variants) {
        return variants.some(function (v) { return c.text.indexOf(v) >= 0; });
      });
    }

    function fromUrl() {
      var params = new URLSearchParams(location.search), wanted = {};
      facets.forEach(function (f) {
        params.getAll(f).forEach(function (v) {
          v.split(",").forEach(function (key) { key = key.trim(); if (key) (wanted[f] = wanted[f] || []).push(key); });
        });
      });
      boxes.forEach(function (b) { b.checked = !!wanted[b.name] && wanted[b.name].indexOf(b.value) >= 0; });
      if (held !== null && !params.has("q")) params.set("q", held);
      held = null;
      if (box) box.value = params.get("q") || "";
    }

    function toUrl(chosen, query) {
      var params = new URLSearchParams(location.search);
      params.delete("q");
      facets.forEach(function (f) { params.delete(f); });
      var out = new URLSearchParams();
      if (query) out.set("q", query);
      facets.forEach(function (f) { if (chosen[f]) out.set(f, chosen[f].join(",")); });
      params.forEach(function (v, k) { out.append(k, v); });
      var search = out.toString().replace(/%2C/g, ",");
      var url = location.pathname + (search ? "?" + search : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
    }

    function link(href, label, id) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = label;
      if (id) a.setAttribute("data-cb-id", id);
      return a;
    }

    function page(path) { return fileUrls ? path + ".html" : path + "/"; }

    function row(c, labels) {
      var tr = document.createElement("tr");
      function names(f) {
        return (c.values[f] || []).map(function (k) { return labels[f][k]; }).join("、") || "—";
      }
      var cells = [
        link(page(c.id), c.id, c.id), link(page(c.id), c.title),
        link(page("block/" + c.values.block[0]), names("block")), link(page("theme/" + c.values.theme[0]), names("theme")),
        c.region, names("role"), names("collaboration_point"), names("partner"), c.year || "", names("status")];
      cells.forEach(function (content) {
        var td = document.createElement("td");
        if (typeof content === "string") td.textContent = content; else td.appendChild(content);
        tr.appendChild(td);
      });
      markRow(tr, heads);
      return tr;
    }

    function draw(data, focusNew) {
      var start = drawn, end = Math.min(limit, matched.length);
      if (start === 0) tbody.replaceChildren();
      for (var i = start; i < end; i++) tbody.appendChild(row(matched[i], data.labels));
      drawn = end;
      var rest = matched.length - drawn;
      more.hidden = rest <= 0;
      more.textContent = "さらに " + Math.min(rest, pageSize) + " 件を表示（残り " + rest + " 件）";
      if (focusNew && tbody.rows[start]) tbody.rows[start].querySelector("a").focus();
    }

    // Writes only what changed: an equal text or class written again still costs a layout.
    function showCount(b, text, none) {
      var count = b.parentNode.querySelector(".cb-facets__count");
      if (count.textContent !== text) count.textContent = text;
      if (b.parentNode.classList.contains("cb-facets__option--none") !== none) {
        b.parentNode.classList.toggle("cb-facets__option--none", none);
      }
    }

    function showAll() {
      if (tbody && (drawn || tbody.rows.length !== serverRows.length)) tbody.replaceChildren.apply(tbody, serverRows);
      drawn = 0;
      more.hidden = true;
      paging.forEach(function (el) { el.hidden = false; });
      boxes.forEach(function (b, i) { showCount(b, staticCounts[i], false); });
      if (empty && empty.hidden !== total > 0) empty.hidden = total > 0;
      status.textContent = "すべての事例（" + total + " 件）を表示しています" +
        (serverRows.length < total ? "（1 ページ " + pageSize + " 件）。" : "。");
    }

    function filtered(data, chosen, words) {
      var wordOk = data.cases.map(function (c) { return hasWords(c, words); });
      matched = data.cases.filter(function (c, i) { return wordOk[i] && matches(c, chosen, null); });
      boxes.forEach(function (b) {
        var n = 0;
        data.cases.forEach(function (c, i) {
          if (wordOk[i] && (c.values[b.name] || []).indexOf(b.value) >= 0 && matches(c, chosen, b.name)) n++;
        });
        showCount(b, "（" + n + "）", n === 0 && !b.checked);
      });
      paging.forEach(function (el) { el.hidden = true; });
      limit = pageSize;
      drawn = 0;
      if (tbody) draw(data, false);
      if (empty) empty.hidden = matched.length > 0;
      status.textContent = data.cases.length + " 件中 " + matched.length + " 件の事例が条件に当てはまります。" +
        (matched.length > drawn ? "最初の " + drawn + " 件を表示しています。" : "");
    }

    function update(writeUrl) {
      var chosen = selection(), query = box ? box.value.trim() : "";
      var n = boxes.filter(function (b) { return b.checked; }).length;
      var note = n ? "（" + n + " 件を選択中）" : "";
      if (chosenNote && chosenNote.textContent !== note) chosenNote.textContent = note;
      if (writeUrl) toUrl(chosen, query);
      var mine = ++serial;
      if (!n && !query) {
        if (form.hasAttribute("data-cb-busy")) form.removeAttribute("data-cb-busy");
        if (table && table.hasAttribute("aria-busy")) table.removeAttribute("aria-busy");
        showAll();
        return;
      }
      form.setAttribute("data-cb-busy", "");
      if (table) table.setAttribute("aria-busy", "true");
      var wait = setTimeout(function () { status.textContent = "事例のデータを読み込んでいます…"; }, 400);
      loadData(dataUrl).then(function (data) {
        if (mine !== serial) return;       // a newer change is on its way
        filtered(data, chosen, terms(query, data.syn));
      }, function () {
        if (mine === serial) status.textContent = "事例のデータを読み込めませんでした。ページを再読み込みしてください。";
      }).then(function () {
        clearTimeout(wait);
        if (mine !== serial) return;
        form.removeAttribute("data-cb-busy");
        if (table) table.setAttribute("aria-busy", "false");
      });
    }

    var typing = null;
    function later() {
      clearTimeout(typing);
      typing = setTimeout(function () { update(true); }, 250);
    }

    form.addEventListener("change", function (ev) { if (ev.target !== box) update(true); });
    if (box) {
      box.addEventListener("input", function (ev) { if (!ev.isComposing) later(); });
      box.addEventListener("compositionend", later);
    }
    form.addEventListener("reset", function () {
      setTimeout(function () { update(true); }, 0);   // after the browser has cleared the boxes
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); clearTimeout(typing); update(true); });
    more.addEventListener("click", function () {
      limit += pageSize;
      loadData(dataUrl).then(function (data) { draw(data, true); });
    });
    window.addEventListener("popstate", function () { fromUrl(); update(false); });
    // search-lazy.js holds ?q= back from Material (which would open its search dialog with it)
    var held = form.getAttribute("data-cb-q"), restore = held !== null;
    form.removeAttribute("data-cb-q");
    // The form is on the screen before this runs (facets.css): a choice made in that moment,
    // with nothing in the URL, is kept and applied; otherwise the URL gives the state.
    var given = new URLSearchParams(location.search);
    var early = !restore && !given.has("q") && !facets.some(function (f) { return given.has(f); }) &&
      (boxes.some(function (b) { return b.checked; }) || (box && box.value.trim() !== ""));
    if (!early) fromUrl();
    form.hidden = false;
    update(early);
    if (restore) toUrl(selection(), box ? box.value.trim() : "");
  }

  function markRow(tr, heads) {
    tr.setAttribute("role", "row");
    Array.prototype.forEach.call(tr.querySelectorAll("td"), function (td, i) {
      td.setAttribute("role", "cell");
      if (heads[i]) td.setAttribute("data-label", heads[i]);
    });
  }

  function headings(table) {
    return Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
  }

  function markTable(table) {
    var heads = headings(table);
    Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (th) { th.setAttribute("role", "columnheader"); });
    table.setAttribute("role", "table");
    table.setAttribute("data-cb-list", "");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (g) { g.setAttribute("role", "rowgroup"); });
    Array.prototype.forEach.call(table.querySelectorAll("tr"), function (tr) { markRow(tr, heads); });
    return heads;
  }

  reveal();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      // after Material's own start (its bundle is the next script), which wraps the table
      if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(init); else init();
    });
  } else if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init);       // Material's page-load stream (also after instant navigation)
  } else {
    init();
  }
})();
