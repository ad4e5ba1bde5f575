/*
 * 基幹型 実践事例集: Japanese search worker for Material for MkDocs.
 *
 * Speaks Material's worker messages (SETUP 0, READY 1, QUERY 2, RESULT 3); its RESULT items are
 * this project's own, drawn by docs/javascripts/search-results.js. Started on the first
 * use of the search box by docs/javascripts/search-lazy.js, which sends SETUP with the URL of
 * the data folder (search/cb/, written by scripts/casebook/search_shards.py). Runs as a real
 * worker over http(s), and in the offline copy's iframe stand-in on file://, where data files
 * load with importScripts() (fetch() is refused there).
 *
 * Data, fetched as needed: meta (every entry's location, title, text length, tags; synonyms),
 * body postings of characters and character pairs in hashed shards (only the shards of the
 * query's grams), and each page's text for the results shown (excerpts).
 * Matching: substrings of normalised text (NFKC, lower case, katakana folded to hiragana):
 * a word matches an entry whose text holds all its character pairs (single characters: the
 * character), or whose title or tags hold it. Query words are expanded with the glossary's and
 * the regions' synonym groups; "quoted phrases" match as written (no synonyms, no splitting);
 * a word found nowhere is split at particles (の, を, で ...) and, failing that, matched by
 * character pair coverage. Answers hold no HTML: titles and excerpts are lists of plain and
 * matched parts, drawn by docs/javascripts/search-results.js.
 */
"use strict";

var BASE = "", FILE = false, READY = null, SEQ = 0;
var PAGES = [];         // {no, url, title, first (entry number), count, tags, nt (normalised title), ng (tags),
                        //  hf (the title's folding(), for highlight(): every answer shows up to 200 titles)}
var ENTRY_PAGE = [], LENGTHS = [];   // by entry number: page number, text length
var SHARDS = 1, AVG = 1;
var SYN = {};           // normalised word -> [normalised variants]
var SYNFILE = {};       // normalised word of a synonym group (also without ・) -> its file s/N
var CACHE = {}, POSTINGS = {}, ARRIVED = {};
var SHOWN = 10;         // pages whose excerpts are fetched: the list shows ten results at first
var PARTICLES = /(?:から|まで|より|について|での|への|との|の|を|に|が|と|で|へ|は|や|も|・|、|。|,)+/;
var QUOTED = /"([^"]+)"|“([^”]+)”|「([^」]+)」|(\S+)/g;
var own = Object.prototype.hasOwnProperty;

self.cbData = function (name, data) { ARRIVED[name] = data; };

/* One data file: `cbData("NAME",\n<JSON>\n);` fetched as text, or run as a script on file://. */
function get(name) {
  if (!CACHE[name]) {
    var url = BASE + name + ".js";
    CACHE[name] = FILE
      ? Promise.resolve().then(function () { return importScripts(url); }).then(function () {
          var data = ARRIVED[name];
          delete ARRIVED[name];
          if (data === undefined) throw new Error("no search data: " + url);
          return data;
        })
      : fetch(url).then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + url);
          return response.text();
        }).then(function (text) {
          return JSON.parse(text.slice(text.indexOf("\n") + 1, text.lastIndexOf("\n);")));
        });
    CACHE[name].catch(function () { delete CACHE[name]; });   // a later query tries again
  }
  return CACHE[name];
}

function fold(s) {
  s = s.normalize("NFKC").toLowerCase();
  var out = "";
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    out += (c >= 0x30a1 && c <= 0x30f6) ? String.fromCharCode(c - 0x60) : s.charAt(i);
  }
  return out;
}

/* fold() of one character, as highlight() needs it for every character of a result's text.
   The characters of most Japanese text fold without normalize(): kanji, hiragana, the long
   vowel mark and ASCII stay (ASCII capitals become small), katakana become hiragana. Anything
   else goes through fold(); tests/js checks both give the same for every character. */
function foldChar(ch) {
  var c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) ? String.fromCharCode(c + 0x20) : ch;
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3041 && c <= 0x3096) || c === 0x30fc ||
      (c >= 0x3001 && c <= 0x3002) || (c >= 0x300c && c <= 0x300f)) return ch;
  if (c >= 0x30a1 && c <= 0x30f6) return String.fromCharCode(c - 0x60);
  return fold(ch);
}

function setup(meta) {
  var n = 0, total = 0;
  SHARDS = meta.shards;
  PAGES = meta.pages.map(function (row, i) {
    var page = {no: i, url: row[0], title: row[1], first: n, count: row[2], tags: row[3] || []};
    page.nt = fold(page.title);
    page.ng = fold(page.tags.join(" "));
    page.hf = folding(page.title);
    for (var k = 0; k < page.count; k++) ENTRY_PAGE[n++] = i;
    return page;
  });
  for (var e = 0; e < n; e++) {
    LENGTHS[e] = Math.round(Math.pow(2, (meta.lengths.charCodeAt(e) - 48) / 4) - 1);
    total += LENGTHS[e];
  }
  AVG = Math.max(1, total / Math.max(1, n));
  SYN = {};
  SYNFILE = {};
  ((meta.config && meta.config.synonyms) || []).forEach(function (group, no) {
    var folded = group.map(fold);
    folded.forEach(function (word) {
      SYN[word] = (SYN[word] || []).concat(folded);
      [word, word.replace(/[・･]/g, "")].forEach(function (form) {
        if (form && !own.call(SYNFILE, form)) SYNFILE[form] = no;
      });
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

/* The grams to look up for a string: its character pairs (the character alone if it is one).
   Pieces of five characters or more use every other pair and the last one, which cover every
   character: half the shards to fetch, and verify() checks the word itself on few pages. */
function gramsOf(v) {
  var out = [];
  v.split(/\s+/).forEach(function (piece) {
    if (!piece) return;
    if (piece.length < 5) { out = out.concat(piece.length === 1 ? [piece] : bigrams(piece)); return; }
    for (var i = 0; i + 1 < piece.length; i += 2) out.push(piece.substr(i, 2));
    out.push(piece.substr(piece.length - 2));
  });
  return unique(out);
}

function shardOf(gram) {
  var h = 0;
  for (var i = 0; i < gram.length; i++) h = (Math.imul(h, 31) + gram.charCodeAt(i)) >>> 0;
  return h % SHARDS;
}

/* Entries holding a gram, in entry order: ids, and for each its flags (the count in the text,
   capped at 7, in bits 0-2; in the title, bit 3). Typed arrays, not a Map of objects: a common
   pair or a single character is in most of the entries at 1,000 cases. */
function decode(list) {
  var ids = new Int32Array(list.length), flags = new Uint8Array(list.length), n = 0;
  for (var i = 0; i < list.length; i++) {
    n += Math.floor(list[i] / 16);
    ids[i] = n;
    flags[i] = list[i] & 15;
  }
  return {ids: ids, flags: flags, size: list.length};
}

/* The first place at or after `from` where ids (ascending) holds e or more: leaps, then halves. */
function seek(ids, from, e) {
  var lo = from, hi = from, step = 1;
  while (hi < ids.length && ids[hi] < e) { lo = hi + 1; hi += step; step *= 2; }
  if (hi > ids.length) hi = ids.length;
  while (lo < hi) {
    var mid = (lo + hi) >> 1;
    if (ids[mid] < e) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function postings(gram) {
  if (!POSTINGS[gram]) {
    POSTINGS[gram] = get("g/" + shardOf(gram)).then(function (shard) {
      return decode(own.call(shard, gram) ? shard[gram] : []);
    });
    POSTINGS[gram].catch(function () { delete POSTINGS[gram]; });
  }
  return POSTINGS[gram];
}

/* The texts of one page's entries: [[anchor, title, text], ...] (TEXTS once here), and their
   folded forms, made when verify() first needs them (excerpts fold only what they show). */
var TEXTS = {}, FOLDED = {};
function pageTexts(no) {
  return get("t/" + no).then(function (entries) { return TEXTS[no] = entries; });
}

function foldedTexts(no) {
  return FOLDED[no] || (FOLDED[no] = TEXTS[no].map(function (x) { return [fold(x[1]), fold(x[2])]; }));
}

/* Character pairs can all occur in a text without the word: when the pairs' entries lie on
   few pages, read those pages' text and keep the entries that hold the word (exact counts). */
var VERIFY_PAGES = 12;
function verify(v, hits) {
  var pages = new Set();
  hits.forEach(function (h, e) { pages.add(ENTRY_PAGE[e]); });
  if (!pages.size || pages.size > VERIFY_PAGES) return hits;
  return Promise.all(Array.from(pages).map(pageTexts)).then(function () {
    var out = new Map();
    hits.forEach(function (h, e) {
      var page = PAGES[ENTRY_PAGE[e]], folded = foldedTexts(page.no)[e - page.first];
      var n = 0, at = folded[1].indexOf(v);
      while (at >= 0 && n < 50) { n++; at = folded[1].indexOf(v, at + v.length); }
      var title = folded[0].indexOf(v) >= 0 ? 1 : 0;
      if (n || title) out.set(e, {title: title, tags: 0, tf: n});
    });
    return out;
  });
}

/* Entries matching one normalised variant: Map entry -> {title, tags, tf}. Page titles and
   tags are tested as written (meta); section titles and text through the gram postings. */
function intersect(lists) {
  var out = new Map();
  lists = lists.slice().sort(function (a, b) { return a.size - b.size; });
  if (!lists.length) return out;
  var first = lists[0], at = new Int32Array(lists.length);
  each: for (var i = 0; i < first.size; i++) {
    var e = first.ids[i], tf = first.flags[i] & 7, title = (first.flags[i] >> 3) & 1;
    for (var k = 1; k < lists.length; k++) {
      var other = lists[k], j = at[k] = seek(other.ids, at[k], e);
      if (j >= other.size || other.ids[j] !== e) continue each;
      if ((other.flags[j] & 7) < tf) tf = other.flags[j] & 7;
      title = title && (other.flags[j] >> 3) & 1;
    }
    if (tf || title) out.set(e, {title: title, tags: 0, tf: tf});
  }
  return out;
}

function pageCount(hits) {
  var pages = new Set();
  hits.forEach(function (h, e) { pages.add(ENTRY_PAGE[e]); });
  return pages.size;
}

/* The pairs of a long word that gramsOf() leaves out: fetched at the same time as the others
   (one wait, not two), used only when many pages hold the ones gramsOf() gives. */
function restOf(v, first) {
  if (first.length < 2) return [];
  return unique(v.split(/\s+/).reduce(function (all, piece) { return all.concat(bigrams(piece)); }, [])
    .filter(function (g) { return first.indexOf(g) < 0; }));
}

/* The entries holding a word of a synonym group, with exact counts, from the group's file
   (written by search_shards.py): one file for all the words a query word expands to. null when
   the word is in no group or its file does not list it. */
function synonymHits(v) {
  if (!own.call(SYNFILE, v)) return Promise.resolve(null);
  return get("s/" + SYNFILE[v]).then(function (words) {
    if (!own.call(words, v)) return null;
    var out = new Map(), n = 0, list = words[v];
    for (var i = 0; i < list.length; i++) {
      n += Math.floor(list[i] / 128);
      out.set(n, {title: (list[i] >> 6) & 1, tags: 0, tf: list[i] & 63});
    }
    return out;
  });
}

/* The entries holding a word, from its character pairs (confirmed in the texts on few pages). */
function gramHits(v) {
  var first = gramsOf(v), rest = restOf(v, first);
  return Promise.all(first.concat(rest).map(postings)).then(function (lists) {
    var out = intersect(lists.slice(0, first.length));
    /* many pages hold every other pair of a long word: narrow with the remaining pairs */
    return rest.length && pageCount(out) > VERIFY_PAGES ? intersect(lists) : out;
  }).then(function (out) {
    return first.length > 1 ? verify(v, out) : out;
  });
}

function variantHits(v) {
  var found = synonymHits(v).catch(function () { return null; }).then(function (out) { return out || gramHits(v); });
  return found.then(function (out) {
    PAGES.forEach(function (page) {
      if (!page.title) return;
      var title = page.nt.indexOf(v) >= 0 ? 1 : 0, tags = page.ng && page.ng.indexOf(v) >= 0 ? 1 : 0;
      var hit = out.get(page.first);
      if (!title && !tags && !(hit && hit.title)) return;
      hit = hit || {title: 0, tags: 0, tf: 0};
      hit.title = title;
      hit.tags = tags;
      if (hit.title || hit.tags || hit.tf) out.set(page.first, hit); else out.delete(page.first);
    });
    return out;
  });
}

function exactTerm(label, variants, phrase) {
  return Promise.all(variants.map(variantHits)).then(function (each) {
    var hits = new Map();
    each.forEach(function (map) {
      map.forEach(function (h, e) {
        var sum = hits.get(e) || {title: 0, tags: 0, tf: 0};
        hits.set(e, {title: sum.title || h.title, tags: sum.tags || h.tags, tf: sum.tf + h.tf});
      });
    });
    return {label: label, variants: variants, hits: hits, phrase: phrase};
  });
}

/* A word found nowhere as written: entries holding at least 60% of its character pairs. */
function fuzzyTerm(word) {
  var grams = bigrams(fold(word));
  return Promise.all(grams.map(postings)).then(function (lists) {
    var cover = new Map();
    lists.forEach(function (list) {
      list.ids.forEach(function (e) { cover.set(e, (cover.get(e) || 0) + 1); });
    });
    var hits = new Map();
    cover.forEach(function (n, e) {
      var c = n / grams.length;
      if (c >= 0.6) hits.set(e, {title: 0, tags: 0, tf: c * c});
    });
    return {label: word, variants: [], grams: grams, hits: hits};
  });
}

/* One query word -> its terms (more than one when split at particles). */
function wordTerms(word, depth) {
  return exactTerm(word, variantsOf(word), false).then(function (term) {
    if (term.hits.size) return [term];
    var pieces = word.split(PARTICLES).filter(function (p) { return p.length > 0; });
    if (depth === 0 && pieces.length > 1) {
      return Promise.all(pieces.map(function (p) { return wordTerms(p, 1); })).then(function (lists) {
        return [].concat.apply([], lists);
      });
    }
    return fuzzyTerm(word).then(function (fuzzy) { return [fuzzy]; });
  });
}

/* Query -> terms: "quoted phrases" (also “…” and 「…」) as written, other words as above. */
function parse(query) {
  var jobs = [], match;
  query = query.normalize("NFKC").trim();
  QUOTED.lastIndex = 0;
  while ((match = QUOTED.exec(query))) {
    var phrase = match[1] || match[2] || match[3];
    if (phrase && phrase.trim()) {
      phrase = phrase.trim().replace(/\s+/g, " ");
      jobs.push(exactTerm(phrase, [fold(phrase)], true).then(function (t) { return [t]; }));
    } else if (match[4]) {
      jobs.push(wordTerms(match[4], 0));
    }
  }
  return Promise.all(jobs).then(function (lists) { return [].concat.apply([], lists); });
}

function score(e, hit, idf) {
  var k = 1.2, b = 0.75;
  var norm = hit.tf * (k + 1) / (hit.tf + k * (1 - b + b * LENGTHS[e] / AVG));
  return idf * (norm + 3 * hit.title + 2 * hit.tags);
}

/* Text folded character by character for highlight(), with each folded character's place in
   the original text: map, or null when every character folds to one (the place is the same). */
function folding(original) {
  var parts = new Array(original.length), same = true;
  for (var i = 0; i < original.length; i++) {
    parts[i] = foldChar(original.charAt(i));
    if (parts[i].length !== 1) same = false;
  }
  var folded = parts.join("");
  if (same) return {folded: folded, map: null};
  var map = [];
  parts.forEach(function (f, at) { for (var j = 0; j < f.length; j++) map.push(at); });
  map.push(original.length);
  return {folded: folded, map: map};
}

/* folding() of a page's section titles and texts, kept: the same pages come back key after key.
   Kept with the text it folds, and used only for that text. */
var FOLDINGS = {};
function foldingOf(no, index, field, original) {
  var page = FOLDINGS[no] || (FOLDINGS[no] = {}), key = index + ":" + field;
  if (!page[key] || page[key].original !== original) {
    page[key] = folding(original);
    page[key].original = original;
  }
  return page[key];
}

/* Display text: a window around the first match, as parts [plain, match, plain, match, ...]
   (even places plain text, odd places a match). No HTML: search-results.js makes text nodes and
   <mark> elements of them. `known` is folding(original) when it is kept. */
function highlight(original, words, limit, known) {
  var f = known || folding(original), folded = f.folded, map = f.map;
  var marks = [];
  words.forEach(function (w) {
    if (!w) return;
    var at = folded.indexOf(w);
    while (at >= 0) {
      marks.push(map ? [map[at], map[at + w.length]] : [at, at + w.length]);
      at = folded.indexOf(w, at + w.length);
    }
  });
  marks.sort(function (a, b) { return a[0] - b[0]; });
  var start = 0;
  if (limit && marks.length && marks[0][0] > 30) start = marks[0][0] - 30;
  var end = limit ? Math.min(original.length, start + limit) : original.length;
  var parts = [start > 0 ? "…" : ""], pos = start;
  marks.forEach(function (m) {
    if (m[0] < pos || m[0] >= end) return;
    parts[parts.length - 1] += original.slice(pos, m[0]);
    parts.push(original.slice(m[0], m[1]), "");
    pos = m[1];
  });
  parts[parts.length - 1] += original.slice(pos, Math.max(pos, end)) + (end < original.length ? "…" : "");
  return parts;
}

/* Pages ranked for the terms (at most 200): {page, parent: {e, score} or null, sections: [{e,
   score}], terms: {term number: 1}, total}. A page's total is its best entry's score plus 0.15 of
   the others', plus 10 for each term it holds. Scores are summed in typed arrays by entry and by
   page, and the sections are listed for the pages kept only: a single character can hit most of
   the entries at 1,000 cases. */
function rank(terms) {
  var pagesTotal = PAGES.length, n = ENTRY_PAGE.length;
  var seen = new Uint8Array(pagesTotal);
  var idf = terms.map(function (term) {
    var count = 0;
    seen.fill(0);
    term.hits.forEach(function (h, e) {
      var no = ENTRY_PAGE[e];
      if (!seen[no]) { seen[no] = 1; count++; }
    });
    return Math.log(1 + (pagesTotal - count + 0.5) / (count + 0.5));
  });
  var entryScore = new Float64Array(n), hit = new Uint8Array(n), touched = [];
  var T = terms.length, has = new Uint8Array(pagesTotal * T);     // has[page * T + term]: the page holds the term
  terms.forEach(function (term, t) {
    var weight = idf[t];
    term.hits.forEach(function (h, e) {
      if (!hit[e]) { hit[e] = 1; touched.push(e); }
      entryScore[e] += score(e, h, weight);
      has[ENTRY_PAGE[e] * T + t] = 1;
    });
  });
  var termsOf = function (no) {
    var out = {};
    for (var t = 0; t < T; t++) if (has[no * T + t]) out[t] = 1;
    return out;
  };
  var termCount = function (no) {
    var count = 0;
    for (var t = 0; t < T; t++) count += has[no * T + t];
    return count;
  };
  /* by page: the best and the sum of its scores (its parent, the title entry, counts even at 0) */
  var best = new Float64Array(pagesTotal).fill(-1), sum = new Float64Array(pagesTotal), list = [];
  for (var i = 0; i < touched.length; i++) {
    var e = touched[i], no = ENTRY_PAGE[e], page = PAGES[no], s = entryScore[e];
    if (best[no] < 0) {
      list.push(no);
      best[no] = page.title ? 0 : -0.5;
    }
    if ((page.title && e === page.first) || s > 0) {
      if (s > best[no]) best[no] = s;
      sum[no] += s;
    }
  }
  list = list.filter(function (no) {
    return terms.every(function (term, t) { return !term.phrase || has[no * T + t]; });
  });
  var all = list.filter(function (no) { return termCount(no) === terms.length; });
  if (all.length) list = all;
  var total = new Float64Array(pagesTotal);
  list.forEach(function (no) { total[no] = best[no] + 0.15 * (sum[no] - best[no]) + termCount(no) * 10; });
  list.sort(function (a, b) { return total[b] - total[a] || (PAGES[a].url < PAGES[b].url ? -1 : 1); });
  var kept = new Array(pagesTotal);
  var out = list.slice(0, 200).map(function (no) {
    var page = PAGES[no];
    return kept[no] = {page: page, parent: page.title ? {e: page.first, score: 0} : null, sections: [],
                       terms: termsOf(no), total: total[no]};
  });
  touched.forEach(function (e) {
    var p = kept[ENTRY_PAGE[e]];
    if (!p) return;
    if (p.page.title && e === p.page.first) p.parent.score = entryScore[e];
    else if (entryScore[e] > 0) p.sections.push({e: e, score: entryScore[e]});
  });
  return out;
}

/* stale(): a newer query has arrived; its answer replaces this one, so stop before the work
   that takes time (ranking, excerpts). The data fetched so far stays cached for it.
   early(answer): when the excerpts of the pages shown first must still be fetched (each page's
   text is a file of its own), the ranked pages are answered at once with their titles, and
   the whole answer follows when the texts are here: the first key shows results without
   waiting for ten more requests. */
function search(query, stale, early) {
  return parse(query).then(function (terms) {
    if (stale && stale()) return null;
    if (!terms.length) return {items: []};
    var list = rank(terms);
    var words = [];
    terms.forEach(function (term) { words = words.concat(term.grams || term.variants); });
    words = unique(words).sort(function (a, b) { return b.length - a.length; });
    var first = list.slice(0, SHOWN);
    var missing = first.some(function (p) { return !TEXTS[p.page.no]; });
    var shown = first.map(function (p) { return pageTexts(p.page.no); });     // requested before the early answer is made
    if (early && missing) {
      early({items: list.map(function (p) { return render(p, terms, words, null); }), partial: true});
    }
    return Promise.all(shown).then(function (texts) {
      if (stale && stale()) return null;
      return {items: list.map(function (p, i) { return render(p, terms, words, texts[i]); })};
    });
  });
}

/* One result: the page and up to three of its best sections, with excerpts for the pages
   shown first; further pages (shown on scrolling) with their title only. */
function render(p, terms, words, texts) {
  var termMap = {}, page = p.page;
  terms.forEach(function (term, i) { termMap[term.label] = !!p.terms[i]; });
  function item(e, s) {
    var at = e - page.first, row = texts ? texts[at] : null;
    var out = {
      location: row && row[0] ? page.url + "#" + row[0] : page.url,
      title: row && row[1] !== page.title ? highlight(row[1], words, 0, foldingOf(page.no, at, 1, row[1]))
                                          : highlight(page.title, words, 0, page.hf),
      score: s,
      text: row ? highlight(row[2], words, 160, foldingOf(page.no, at, 2, row[2])) : [], terms: termMap
    };
    if (e === page.first && page.tags.length) out.tags = page.tags.slice();
    return out;
  }
  if (!texts) return [item(page.first, p.total)];
  var parent = p.parent ? p.parent.e : p.sections[0].e;
  var group = [item(parent, p.total)];
  p.sections.sort(function (a, b) { return b.score - a.score; });
  p.sections.slice(0, 3).forEach(function (x) {
    if (x.e !== parent) group.push(item(x.e, x.score));
  });
  return group;
}

/* Between the search box getting focus and the first key, run the code of a search on the data
   already here (every other entry standing for a hit, as a single character hits most of them):
   the first real answer then comes from compiled code, not from the interpreter. Ranking needs
   a few runs before the engine compiles it, so the rehearsal takes a few rounds, each its own
   task: a query that arrives waits for one round at most, and stops the rest. Nothing is fetched
   and nothing is sent. */
var WARM_ROUNDS = 3;
function warmUp(round) {
  round = round || 0;
  if (!PAGES.length || SEQ > 0 || round >= WARM_ROUNDS) return;
  try {
    var list = [];
    for (var e = 0; e < ENTRY_PAGE.length; e += 2) list.push((e ? 2 : 0) * 16 + 9);
    var hits = intersect([decode(list)]);
    var terms = [{label: "", variants: [fold(PAGES[0].title.slice(0, 2))], hits: hits, phrase: false}];
    var ranked = rank(terms);
    ranked.forEach(function (p) { render(p, terms, terms[0].variants, null); });
    if (ranked.length) render(ranked[0], terms, terms[0].variants, [[null, PAGES[0].title, PAGES[0].title]]);
  } catch (err) {
    return;   // only a rehearsal: a real query does the same work and reports its own failure
  }
  setTimeout(function () { warmUp(round + 1); }, 0);
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === 0) {
    if (READY) return;
    BASE = String(message.data && message.data.base || "");
    FILE = BASE.indexOf("file:") === 0;
    READY = get("meta").then(function (meta) { setup(meta); postMessage({type: 1}); setTimeout(function () { warmUp(0); }, 0); });
  } else if (message.type === 2 && READY) {
    var mine = ++SEQ;
    var stale = function () { return mine !== SEQ; };
    var early = function (answer) { if (!stale()) postMessage({type: 3, data: answer}); };
    READY.then(function () { return search(String(message.data || ""), stale, early); })
      .catch(function () { return {items: []}; })
      .then(function (result) { if (result && !stale()) postMessage({type: 3, data: result}); });
  }
});
