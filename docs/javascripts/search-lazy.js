/*
 * 基幹型 実践事例集: start search only when someone uses it.
 *
 * Loaded before Material's bundle (overrides/main.html). Material creates its search worker
 * and downloads search/search_index.json on every page load; here:
 * - the search form loses its name "search" before the bundle looks for it, so the bundle
 *   never requests the index (it would wait forever for it, and sends the worker nothing);
 *   pages opened from a result (?h=...) keep it: Material's highlighting reads the config
 *   there, and search_index.json holds only that config (scripts/casebook/search.py);
 * - `new Worker(<our search worker>)` returns a stand-in that keeps Material's messages until
 *   the search box gets focus (a click, a tap, or Material's "/" "s" "f" shortcuts, which
 *   focus it) or the search toggle opens; then it starts the real worker (or the file://
 *   stand-in of the offline copy), tells it where its data is, and passes messages through;
 * - the worker's answers (RESULT) go to search-results.js, which draws the result list, as a
 *   "casebook:search-answer" event on the result element; Material never sees them.
 * The worker fetches its data in pieces (docs/javascripts/search-worker.js).
 */
(function () {
  "use strict";
  // On the case list ?q= is the list's keyword (facets.js reads it from data-cb-q and puts it
  // back), not a search: Material's bundle, next, would open its search dialog with it.
  var list = document.getElementById("cb-facets"), given = new URLSearchParams(location.search);
  if (list && given.has("q")) {
    list.setAttribute("data-cb-q", given.get("q"));
    given.delete("q");
    var rest = given.toString();
    history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
  }
  var node = document.getElementById("__config");
  var form = document.forms.namedItem("search");
  var RealWorker = window.Worker;
  if (!node || !form || !RealWorker) return;
  var config = JSON.parse(node.textContent);
  var base = new URL(config.base, location.href);
  var workerUrl = new URL(config.search, location.href).href;
  if (!new URLSearchParams(location.search).has("h")) form.setAttribute("name", "casebook-search");

  var started = null, pending = [], stand = null;

  function start() {
    if (started || !stand) return;
    started = new RealWorker(workerUrl);
    var result = document.querySelector("[data-md-component=search-result]");
    started.addEventListener("message", function (ev) {
      if (ev.data && ev.data.type === 3 && result) {
        result.dispatchEvent(new CustomEvent("casebook:search-answer", {detail: ev.data.data}));
      } else {
        stand.dispatchEvent(new MessageEvent("message", {data: ev.data}));
      }
    });
    started.postMessage({type: 0, data: {base: new URL("search/cb/", base).href}});
    pending.forEach(function (message) { started.postMessage(message); });
    pending = [];
  }

  class LazyWorker extends EventTarget {
    postMessage(message) {
      if (message && message.type === 0) return;   // Material's setup: ours is sent in start()
      if (started) started.postMessage(message); else pending.push(message);
    }
    terminate() { if (started) started.terminate(); }
  }

  window.Worker = function (url, options) {
    if (new URL(String(url), location.href).href !== workerUrl) return new RealWorker(url, options);
    stand = new LazyWorker();
    return stand;
  };
  window.Worker.prototype = RealWorker.prototype;

  var box = form.querySelector("input[data-md-component=search-query]");
  if (box) box.addEventListener("focus", start);
  var toggle = document.getElementById("__search");
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) start(); });
})();
