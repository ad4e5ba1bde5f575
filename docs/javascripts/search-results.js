/*
 * 基幹型 実践事例集: the search box's result list, drawn here instead of by Material.
 *
 * Material draws each answer of the search worker with an HTML parse for every string (title,
 * text, each tag) and then reads the layout: 45-55 ms of main-thread work per answer at 1,000
 * cases, half of a keystroke's 100 ms. search-lazy.js hands the worker's answers (RESULT, type 3)
 * to this file instead, as a "casebook:search-answer" event on the result element; they are
 * drawn with the DOM API: text goes in as text nodes and matches as <mark> elements, so nothing
 * from the data is ever parsed as HTML. The markup and classes are Material's, so its styles,
 * its arrow-key and Enter handling (which read [href] and data-md-score here) and its list role
 * (set while the dialog is open) work as before. Differences, on purpose:
 * - a result's tags are plain text in a <p>, not a <nav> per result (the landmark list stays
 *   the page's own regions); its text is a <p> too;
 * - the count line is a polite live region (overrides/partials/search.html), so a screen reader
 *   hears how many results there are;
 * - the sections of a page below its best match ("このページ内にあと…") are built when that
 *   part is opened, and results past the first ten when the list is scrolled near its end;
 * - when an answer is drawn again (the titles come first, the whole answer next), a result that
 *   has the keyboard focus keeps it.
 * Also: every change of the box runs the search, not only a keyup (Japanese IME commits on
 * phones, pasting with the mouse and autofill change the value without one).
 */
(function () {
  "use strict";
  var box = document.querySelector("input[data-md-component=search-query]");
  var result = document.querySelector("[data-md-component=search-result]");
  var node = document.getElementById("__config");
  if (!box || !result || !node) return;
  box.addEventListener("input", function () {
    box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
  });

  var config = JSON.parse(node.textContent);
  var meta = result.querySelector(".md-search-result__meta");
  var list = result.querySelector(".md-search-result__list");
  var scroller = result.closest(".md-search__scrollwrap") || null;
  var highlight = (config.features || []).indexOf("search.highlight") >= 0;
  var FIRST = 10, MORE = 10;
  var items = [], drawn = 0, watcher = null;

  function t(key, value) {
    var text = config.translations[key];
    return value === undefined ? text : text.replace("#", String(value));
  }

  function el(tag, attrs) {
    var out = document.createElement(tag);
    for (var name in attrs) out.setAttribute(name, attrs[name]);
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) out.appendChild(arguments[i]);
    return out;
  }

  /* Text from the worker: [plain, match, plain, match, ...]; matches become <mark>. */
  function marked(parent, parts) {
    for (var i = 0; i < parts.length; i++) {
      if (!parts[i]) continue;
      if (i % 2) parent.appendChild(el("mark", {})).textContent = parts[i];
      else parent.appendChild(document.createTextNode(parts[i]));
    }
    return parent;
  }

  function href(item) {
    var url = new URL(item.location, new URL(config.base, location.href));
    if (highlight) {
      var found = Object.keys(item.terms).filter(function (term) { return item.terms[term]; });
      url.searchParams.set("h", found.join(" "));
    }
    return url.href;
  }

  /* One page or section: as Material's, `page` with the icon and an h1, else an h2; its text
     and the query's missing words only when `full`. */
  function article(item, page, full) {
    var body = el("article", {"class": "md-search-result__article md-typeset", "data-md-score": item.score.toFixed(2)});
    if (page) body.appendChild(el("div", {"class": "md-search-result__icon md-icon"}));
    body.appendChild(marked(el(page ? "h1" : "h2", {}), item.title));
    if (full && item.text.length) body.appendChild(marked(el("p", {}), item.text));
    if (item.tags && item.tags.length) {
      var tags = body.appendChild(el("p", {"class": "md-tags"}));
      item.tags.forEach(function (tag) { tags.appendChild(el("span", {"class": "md-tag"})).textContent = tag; });
    }
    var missing = Object.keys(item.terms).filter(function (term) { return !item.terms[term]; });
    if (full && missing.length) {
      var terms = body.appendChild(el("p", {"class": "md-search-result__terms"}));
      terms.appendChild(document.createTextNode(t("search.result.term.missing") + ": "));
      missing.forEach(function (term, i) {
        if (i) terms.appendChild(document.createTextNode(" "));
        terms.appendChild(el("del", {})).textContent = term;
      });
    }
    return el("a", {"href": href(item), "class": "md-search-result__link", "tabindex": "-1"}, body);
  }

  /* One result: a page and its sections. As Material: sections that score as high as the first
     item are shown; the rest wait behind a <details>, built when it is opened. */
  function group(sections) {
    var top = sections[0].score, rest = sections.slice();
    var at = rest.findIndex(function (x) { return x.location.indexOf("#") < 0; });
    var page = rest.splice(at < 0 ? 0 : at, 1)[0];
    var cut = rest.findIndex(function (x) { return x.score < top; });
    if (cut < 0) cut = rest.length;
    var li = el("li", {"class": "md-search-result__item"}, article(page, true, at <= 0 && cut === 0));
    rest.slice(0, cut).forEach(function (x) { li.appendChild(article(x, false, true)); });
    var later = rest.slice(cut);
    if (later.length) {
      var label = later.length === 1 ? t("search.result.more.one") : t("search.result.more.other", later.length);
      var more = li.appendChild(el("details", {"class": "md-search-result__more"},
        el("summary", {"tabindex": "-1"}, el("div", {}, document.createTextNode(label)))));
      more.addEventListener("toggle", function () {
        if (more.open && more.childElementCount === 1) {
          later.forEach(function (x) { more.appendChild(article(x, false, true)); });
        } else if (!more.open && scroller && more.offsetTop <= scroller.scrollTop) {
          scroller.scrollTo({top: more.offsetTop});
        }
      });
    }
    return li;
  }

  function drawMore(count) {
    var end = Math.min(items.length, drawn + count), part = document.createDocumentFragment();
    for (; drawn < end; drawn++) part.appendChild(group(items[drawn]));
    list.appendChild(part);
    if (watcher) {
      watcher.disconnect();
      if (drawn < items.length) watcher.observe(list.lastElementChild);
    }
  }

  function count(n) {
    if (n === 0) return box.value.length ? t("search.result.none") : t("search.result.placeholder");
    if (n === 1) return t("search.result.one");
    return t("search.result.other", n);
  }

  if (window.IntersectionObserver) {
    watcher = new IntersectionObserver(function (seen) {
      // only the current list's last result: a report about a list already replaced is stale
      if (seen.some(function (x) { return x.isIntersecting && x.target === list.lastElementChild; })) drawMore(MORE);
    }, {root: scroller, rootMargin: "0px 0px 200px 0px"});
  }

  /* The link (or "more" summary) that has the keyboard focus in the list, to find it again in
     the next drawing: the ranked titles come first and the whole answer replaces them. */
  function focusedPlace() {
    var active = document.activeElement;
    if (!active || !list.contains(active)) return null;
    var all = list.querySelectorAll("a[href], summary");
    return {href: active.getAttribute("href"), index: Array.prototype.indexOf.call(all, active)};
  }

  function focusAgain(place) {
    var all = list.querySelectorAll("a[href], summary"), again = null;
    for (var i = 0; i < all.length && !again; i++) {
      if (place.href && all[i].getAttribute("href") === place.href) again = all[i];
    }
    again = again || all[Math.min(place.index, all.length - 1)];
    if (again) again.focus(); else box.focus();
  }

  result.addEventListener("casebook:search-answer", function (ev) {
    items = (ev.detail && ev.detail.items) || [];
    drawn = 0;
    var text = count(items.length);
    if (meta.textContent !== text) meta.textContent = text;
    var place = focusedPlace();
    list.textContent = "";
    drawMore(watcher ? FIRST : items.length);
    if (place) focusAgain(place);
  });
})();
