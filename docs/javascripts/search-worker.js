/*
 * 基幹型 実践事例集: Japanese search worker for Material for MkDocs.
 *
 * Speaks Material's worker protocol (SETUP 0, READY 1, QUERY 2, RESULT 3) and is set as
 * the "search" worker in overrides/main.html. Runs as a real worker over http(s) and in
 * Material's iframe shim on file:// (search/search_index.js), so it uses only postMessage
 * and the message event, no importScripts and no network.
 *
 * Index: [location, title, text, tags?] entries written by scripts/casebook/search.py.
 * Matching: substring search on normalised text (NFKC, lower case, katakana folded to
 * hiragana), so parts of compounds (協議会 in 自立支援協議会) and mixed kana/kanji phrases
 * match without word segmentation. Query words are expanded with the glossary's synonym
 * groups; a phrase found nowhere is split at particles (の, を, で ...) and, failing that,
 * matched by character bigram coverage. Output text is HTML-escaped before <mark> is added.
 */
"use strict";

var DOCS = [];          // {loc, page, title, text, tags, nt (normalised title), nx (normalised text), ng (tags)}
var ALL = "";           // every normalised text joined, to test whether a word occurs anywhere
var SYN = {};           // normalised word -> [normalised variants]
var SYN_RAW = {};       // normalised word -> [display variants]
var AVG = 1;
var PARTICLES = /(?:から|まで|より|について|での|への|との|の|を|に|が|と|で|へ|は|や|も|・|、|。|,)+/;

function fold(s) {
  s = s.normalize("NFKC").toLowerCase();
  var out = "";
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    out += (c >= 0x30a1 && c <= 0x30f6) ? String.fromCharCode(c - 0x60) : s.charAt(i);
  }
  return out;
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
  });
}

function setup(index) {
  var docs = index.docs || [];
  var parts = [];
  var total = 0;
  DOCS = docs.map(function (d) {
    var entry = Array.isArray(d) ? d : [d.location, d.title, d.text || "", d.tags];
    var doc = {
      loc: entry[0], page: entry[0].split("#")[0], title: entry[1] || "", text: entry[2] || "",
      tags: entry[3] || []
    };
    doc.nt = fold(doc.title);
    doc.nx = fold(doc.text);
    doc.ng = fold(doc.tags.join(" "));
    total += doc.nx.length;
    parts.push(doc.nt, doc.nx, doc.ng);
    return doc;
  });
  ALL = parts.join("\u0000");
  AVG = Math.max(1, total / Math.max(1, DOCS.length));
  SYN = {};
  SYN_RAW = {};
  ((index.config && index.config.synonyms) || []).forEach(function (group) {
    var folded = group.map(fold);
    folded.forEach(function (word) {
      SYN[word] = (SYN[word] || []).concat(folded);
      SYN_RAW[word] = (SYN_RAW[word] || []).concat(group);
    });
  });
}

function unique(list) {
  return list.filter(function (x, i) { return x && list.indexOf(x) === i; });
}

function variantsOf(word) {
  var w = fold(word);
  var list = [w].concat(SYN[w] || []);
  var bare = w.replace(/[・･]/g, "");          // 就業・生活 and 就業生活 both match
  if (bare !== w && bare) list.push(bare);
  return unique(list);
}

function bigrams(w) {
  var grams = [];
  for (var i = 0; i + 1 < w.length; i++) grams.push(w.substr(i, 2));
  return unique(grams.length ? grams : [w]);
}

/* Query -> terms. Each term: {label, variants, grams (fuzzy only)}. */
function parse(query) {
  var terms = [];
  function add(word, depth) {
    var variants = variantsOf(word);
    for (var i = 0; i < variants.length; i++) {
      if (ALL.indexOf(variants[i]) >= 0) {
        terms.push({label: word, variants: variants});
        return;
      }
    }
    var pieces = word.normalize("NFKC").split(PARTICLES).filter(function (p) { return p.length > 0; });
    if (depth === 0 && pieces.length > 1) {
      pieces.forEach(function (p) { add(p, 1); });
      return;
    }
    terms.push({label: word, variants: variants, grams: bigrams(fold(word))});
  }
  query.normalize("NFKC").trim().split(/\s+/).forEach(function (w) { if (w) add(w, 0); });
  return terms;
}

function count(hay, needle) {
  if (!needle) return 0;
  var n = 0, at = hay.indexOf(needle);
  while (at >= 0 && n < 50) { n++; at = hay.indexOf(needle, at + needle.length); }
  return n;
}

/* How well one term matches one doc: 0 = not at all. */
function match(doc, term) {
  if (term.grams) {
    var hit = 0;
    for (var g = 0; g < term.grams.length; g++) {
      if (doc.nx.indexOf(term.grams[g]) >= 0 || doc.nt.indexOf(term.grams[g]) >= 0) hit++;
    }
    var cover = hit / term.grams.length;
    return cover >= 0.6 ? {title: 0, tags: 0, tf: cover * cover, cover: cover} : null;
  }
  var title = 0, tags = 0, tf = 0;
  for (var i = 0; i < term.variants.length; i++) {
    var v = term.variants[i];
    if (doc.nt.indexOf(v) >= 0) title = 1;
    if (doc.ng && doc.ng.indexOf(v) >= 0) tags = 1;
    tf += count(doc.nx, v);
  }
  return (title || tags || tf) ? {title: title, tags: tags, tf: tf} : null;
}

function score(doc, hit, idf) {
  var k = 1.2, b = 0.75;
  var norm = hit.tf * (k + 1) / (hit.tf + k * (1 - b + b * doc.nx.length / AVG));
  return idf * (norm + 3 * hit.title + 2 * hit.tags);
}

/* Display text: a window around the first match, escaped, matches wrapped in <mark>. */
function highlight(original, words, limit) {
  var folded = "", map = [];
  for (var i = 0; i < original.length; i++) {
    var f = fold(original.charAt(i));
    for (var j = 0; j < f.length; j++) { folded += f.charAt(j); map.push(i); }
  }
  map.push(original.length);
  var marks = [];
  words.forEach(function (w) {
    if (!w) return;
    var at = folded.indexOf(w);
    while (at >= 0) {
      marks.push([map[at], map[at + w.length]]);
      at = folded.indexOf(w, at + w.length);
    }
  });
  marks.sort(function (a, b) { return a[0] - b[0]; });
  var start = 0;
  if (limit && marks.length && marks[0][0] > 30) start = marks[0][0] - 30;
  var end = limit ? Math.min(original.length, start + limit) : original.length;
  var out = start > 0 ? "…" : "", pos = start;
  marks.forEach(function (m) {
    if (m[0] < pos || m[0] >= end) return;
    out += escapeHtml(original.slice(pos, m[0])) + "<mark>" + escapeHtml(original.slice(m[0], m[1])) + "</mark>";
    pos = m[1];
  });
  out += escapeHtml(original.slice(pos, Math.max(pos, end))) + (end < original.length ? "…" : "");
  return out;
}

function search(query) {
  var terms = parse(query);
  if (!terms.length) return {items: []};
  var n = DOCS.length;
  var hits = terms.map(function () { return []; });
  var df = terms.map(function () { return {}; });
  for (var d = 0; d < n; d++) {
    for (var t = 0; t < terms.length; t++) {
      var h = match(DOCS[d], terms[t]);
      if (h) { hits[t][d] = h; df[t][DOCS[d].page] = 1; }
    }
  }
  var pageCount = {};
  DOCS.forEach(function (doc) { pageCount[doc.page] = 1; });
  var pagesTotal = Object.keys(pageCount).length;
  var idf = df.map(function (pages) {
    var m = Object.keys(pages).length;
    return Math.log(1 + (pagesTotal - m + 0.5) / (m + 0.5));
  });
  /* Per page: which terms it has anywhere, and its sections' scores. */
  var pages = {};
  for (d = 0; d < n; d++) {
    var doc = DOCS[d], s = 0, matched = [];
    for (t = 0; t < terms.length; t++) {
      if (hits[t][d]) { s += score(doc, hits[t][d], idf[t]); matched.push(t); }
    }
    var p = pages[doc.page] || (pages[doc.page] = {page: doc.page, parent: null, sections: [], terms: {}});
    if (doc.loc === doc.page) p.parent = {doc: doc, score: s};
    if (s > 0) {
      if (doc.loc !== doc.page) p.sections.push({doc: doc, score: s});
      matched.forEach(function (x) { p.terms[x] = 1; });
    }
  }
  var list = Object.keys(pages).map(function (k) { return pages[k]; }).filter(function (p) {
    return Object.keys(p.terms).length > 0;
  });
  var all = list.filter(function (p) { return Object.keys(p.terms).length === terms.length; });
  if (all.length) list = all;
  list.forEach(function (p) {
    var scores = p.sections.map(function (x) { return x.score; }).concat(p.parent ? [p.parent.score] : []);
    scores.sort(function (a, b) { return b - a; });
    var rest = scores.slice(1).reduce(function (a, b) { return a + b; }, 0);
    p.total = scores[0] + 0.15 * rest + Object.keys(p.terms).length * 10;
  });
  list.sort(function (a, b) { return b.total - a.total || (a.page < b.page ? -1 : 1); });
  list = list.slice(0, 200);
  var words = [];
  terms.forEach(function (term) { words = words.concat(term.grams || term.variants); });
  words = unique(words).sort(function (a, b) { return b.length - a.length; });
  return {items: list.map(function (p) { return render(p, terms, words); })};
}

function render(p, terms, words) {
  var termMap = {};
  terms.forEach(function (term, i) { termMap[term.label] = !!p.terms[i]; });
  function item(doc, s, teaser) {
    var out = {
      location: doc.loc, title: highlight(doc.title, words, 0), score: s,
      text: teaser ? highlight(doc.text, words, 160) : "", terms: termMap
    };
    if (doc.tags.length) out.tags = doc.tags.map(escapeHtml);
    return out;
  }
  var parent = p.parent ? p.parent.doc : p.sections[0].doc;
  var best = p.total;
  var group = [item(parent, best, true)];
  p.sections.sort(function (a, b) { return b.score - a.score; });
  p.sections.slice(0, 3).forEach(function (x) {
    if (x.doc !== parent) group.push(item(x.doc, x.score, true));
  });
  return group;
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === 0) {
    setup(message.data);
    postMessage({type: 1});
  } else if (message.type === 2) {
    postMessage({type: 3, data: search(String(message.data || ""))});
  }
});
