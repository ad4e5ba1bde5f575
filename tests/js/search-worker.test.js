// The search worker's functions (docs/javascripts/search-worker.js) under Node's test runner:
// folding, grams and shards (equal to the Python writer's), highlighting as plain and matched parts, query
// parsing (phrases, synonyms, particles, fuzzy) and the message protocol, on an index written by
// scripts/casebook/search_shards.py (tests/js/make_fixture.py).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const {loadWorker, readyWorker, query, until, FIXTURES} = require("./worker-harness.js");

// Parts [plain, match, plain, ...] as the result list shows them, matches in <mark>, for readable asserts.
const shown = (parts) => parts.map((part, i) => (i % 2 ? `<mark>${part}</mark>` : part)).join("");

const PARITY = JSON.parse(fs.readFileSync(path.join(FIXTURES, "parity.json"), "utf8"));

test("fold() equals the Python writer's fold for every sample", () => {
  const {worker} = loadWorker();
  for (const [word, folded] of Object.entries(PARITY.fold)) assert.equal(worker.fold(word), folded, word);
});

test("fold() turns katakana into hiragana, full width into ASCII, upper into lower case", () => {
  const {worker} = loadWorker();
  assert.equal(worker.fold("ジョブコーチ"), "じょぶこーち");
  assert.equal(worker.fold("ＪＣ"), "jc");
  assert.equal(worker.fold("ﾅｶﾎﾟﾂ"), "なかぽつ");
  assert.equal(worker.fold("ヷ"), "ヷ");           // outside U+30A1..U+30F6: kept
});

test("shardOf() equals the Python writer's shard_of for every shard count", () => {
  const {worker} = loadWorker();
  for (const [gram, expected] of Object.entries(PARITY.shard)) {
    const got = [1, 2, 64, 1024].map((n) => { worker.SHARDS = n; return worker.shardOf(gram); });
    assert.deepEqual(got, expected, gram);
  }
});

test("bigrams() and gramsOf(): pairs, a single character alone, every other pair for long pieces", () => {
  const {worker, plain} = loadWorker();
  assert.deepEqual(plain(worker.bigrams("協議会")), ["協議", "議会"]);
  assert.deepEqual(plain(worker.bigrams("会")), ["会"]);
  assert.deepEqual(plain(worker.bigrams("ああああ")), ["ああ"]);
  assert.deepEqual(plain(worker.gramsOf("就労 a")), ["就労", "a"]);
  // five characters or more: pairs at 0, 2, ... and the last pair, covering every character
  assert.deepEqual(plain(worker.gramsOf("自立支援協議会")), ["自立", "支援", "協議", "議会"]);
});

test("highlight() marks folded matches on the original text, as plain and matched parts (no HTML)", () => {
  const {worker, plain} = loadWorker();
  // text is text: markup in the data stays characters for search-results.js to put in text nodes
  assert.deepEqual(plain(worker.highlight("<b>ジョブコーチ</b>", ["こーち"], 0)), ["<b>ジョブ", "コーチ", "</b>"]);
  // a full-width original matched by its folded form keeps the original characters
  assert.deepEqual(plain(worker.highlight("ＪＣと連携", ["jc"], 0)), ["", "ＪＣ", "と連携"]);
  assert.deepEqual(plain(worker.highlight("a&b", ["&"], 0)), ["a", "&", "b"]);
  assert.deepEqual(plain(worker.highlight("連携", [""], 0)), ["連携"]);
  assert.deepEqual(plain(worker.highlight("連携と連携", ["連携"], 0)), ["", "連携", "と", "連携", ""]);
  // characters that fold to more than one (㈱ -> (株), ﬁ -> fi) keep the marks on the original places
  assert.deepEqual(plain(worker.highlight("㈱ジョブコーチとﬁ", ["こーち", "fi"], 0)), ["㈱ジョブ", "コーチ", "と", "ﬁ", ""]);
  assert.equal(worker.folding("㈱あ").map.length, 5);
  assert.equal(worker.folding("ジョブコーチ").map, null);        // one to one: no map needed
  // a kept folding() of the text gives the same parts
  assert.deepEqual(plain(worker.highlight("ジョブコーチ", ["こーち"], 0, worker.folding("ジョブコーチ"))),
                   plain(worker.highlight("ジョブコーチ", ["こーち"], 0)));
});

test("highlight() with a limit shows a window from 30 characters before the first match", () => {
  const {worker} = loadWorker();
  const text = "あ".repeat(100) + "連携" + "い".repeat(100);
  const out = shown(worker.highlight(text, ["連携"], 40));
  assert.equal(out, "…" + "あ".repeat(30) + "<mark>連携</mark>" + "い".repeat(8) + "…");
  assert.equal(shown(worker.highlight("短い文", ["連携"], 40)), "短い文");
});

test("variantsOf() expands glossary synonyms and drops the middle dot", async () => {
  const h = await readyWorker();
  const variants = h.plain(h.worker.variantsOf("ナカポツ"));
  assert.deepEqual(variants, ["なかぽつ", "障害者就業・生活支援せんたー"]);   // folded; only the word's own dot is dropped
  assert.deepEqual(h.plain(h.worker.variantsOf("就業・生活")), ["就業・生活", "就業生活"]);
});

test("parse(): quoted phrases as written, other words split at particles, unknown words fuzzy", async () => {
  const h = await readyWorker();
  const terms = async (q) => (await h.worker.parse(q)).map((t) => ({label: t.label, phrase: !!t.phrase, fuzzy: !!t.grams, hits: t.hits.size}));
  assert.deepEqual(h.plain(await terms('"最後の砦" 連携')), [
    {label: "最後の砦", phrase: true, fuzzy: false, hits: 1},
    {label: "連携", phrase: false, fuzzy: false, hits: 2}]);
  assert.deepEqual(h.plain(await terms("「記録を読み」")).map((t) => t.label), ["記録を読み"]);
  // not found as written: split at の into two words that are
  assert.deepEqual(h.plain(await terms("協議会の連携")).map((t) => t.label), ["協議会", "連携"]);
  // a typo: no exact hit, matched by the share of its character pairs (5 of 6 here)
  const fuzzy = h.plain(await terms("自立支援協議回"));
  assert.equal(fuzzy.length, 1);
  assert.ok(fuzzy[0].fuzzy && fuzzy[0].hits === 1, JSON.stringify(fuzzy));
  assert.deepEqual(h.plain(await terms("   ")), []);
});

test("a search returns pages ranked with marked titles and excerpts, text as text", async () => {
  const h = await readyWorker();
  const items = await query(h, "協議会");
  assert.equal(items.length, 1);
  assert.equal(items[0][0].location, "cases/c01/");
  assert.deepEqual(items[0][0].title, ["", "協議会", "との連携"]);
  assert.match(shown(items[0][0].text), /自立支援<mark>協議会<\/mark>の就労部会/);
  assert.deepEqual(items[0][0].tags, ["スーパービジョン"]);

  const markup = await query(h, "タグ");
  assert.equal(markup[0][0].location, "guide/");
  assert.deepEqual(markup[0][0].text, ["<b>", "タグ", "</b> & \"記号\" もそのまま文字として表示します。スーパービジョンの考え方。"]);
});

test("a search finds synonyms, kana variants and sections, and quoted phrases only as written", async () => {
  const h = await readyWorker();
  const nakapotsu = await query(h, "ナカポツ");
  assert.deepEqual(nakapotsu.map((g) => g.map((i) => i.location)), [["cases/c01/", "cases/c01/#step"]]);
  assert.match(shown(nakapotsu[0][1].text), /<mark>障害者就業・生活支援センター<\/mark>/);

  const region = await query(h, "過疎地域");         // synonyms 郡部, 中山間地: the title and the text
  assert.deepEqual(region.map((g) => g[0].location), ["cases/c02/"]);

  const kana = await query(h, "すーぱーびじょん");  // tags and text in katakana
  assert.deepEqual(kana.map((g) => g[0].location).sort(), ["cases/c01/", "guide/"]);

  assert.equal((await query(h, '"最後の砦"')).length, 1);
  assert.equal((await query(h, '"砦の最後"')).length, 0);
});

test("only the newest query's result is posted; a query before SETUP is ignored", async () => {
  const h = loadWorker();
  h.send({type: 2, data: "連携"});
  assert.equal(h.posted.length, 0);
  h.send({type: 0, data: {base: "cb/"}});
  await until(() => h.posted.some((m) => m.type === 1));
  h.send({type: 2, data: "協議会"});
  h.send({type: 2, data: "最後の砦"});
  await until(() => h.posted.some((m) => m.type === 3));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const results = h.posted.filter((m) => m.type === 3);
  assert.equal(results.length, 1);
  assert.equal(h.plain(results[0].data.items)[0][0].location, "cases/c02/");
});

test("only the shards of the query's grams are fetched, each once", async () => {
  const h = await readyWorker();
  const before = h.fetched.length;
  await query(h, "連携");
  await query(h, "連携");
  const shards = h.fetched.slice(before).filter((u) => u.startsWith("cb/g/"));
  assert.ok(h.worker.SHARDS > 1);     // the fixture has several shards (make_fixture.py)
  assert.equal(new Set(shards).size, shards.length, shards.join(" "));
  assert.ok(shards.length <= h.worker.gramsOf("連携").length, shards.join(" "));
  assert.deepEqual(shards, [`cb/g/${h.worker.shardOf("連携")}.js`]);
});

test("foldChar() gives what fold() gives, for every UTF-16 unit (highlight() folds with it)", () => {
  const {worker} = loadWorker();
  const differ = [];
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    if (worker.foldChar(ch) !== worker.fold(ch)) differ.push(c.toString(16));
  }
  assert.deepEqual(differ, []);
});

test("a query overtaken by a newer one is not ranked, and only the newer one is answered", async () => {
  const h = await readyWorker();
  await new Promise((resolve) => setTimeout(resolve, 20));   // the warm-up has run
  const rank = h.worker.rank;
  let ranked = 0;
  h.worker.rank = function (terms) { ranked++; return rank(terms); };
  const before = h.posted.length;
  h.send({type: 2, data: "連携"});
  h.send({type: 2, data: "協議会"});
  await until(() => h.posted.length > before);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(ranked, 1);
  assert.equal(h.posted.length, before + 1);
  const fresh = await readyWorker();
  assert.deepEqual(h.plain(h.posted[before].data.items), await query(fresh, "協議会"));
});

test("the warm-up after setup fetches and sends nothing, and changes no answer", async () => {
  const warmed = await readyWorker();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(warmed.fetched, ["cb/meta.js"]);
  assert.deepEqual(warmed.posted.map((m) => m.type), [1]);
  const cold = loadWorker();
  cold.worker.warmUp = function () {};
  cold.send({type: 0, data: {base: "cb/"}});
  await until(() => cold.posted.some((m) => m.type === 1));
  for (const q of ["連携", "じょぶこーち", "\"最後の砦\"", "協議会 ハローワーク"]) {
    assert.deepEqual(await query(warmed, q), await query(cold, q), q);
  }
});

test("titles first when excerpts must be fetched, then the whole answer; none first once the texts are here", async () => {
  const h = await readyWorker();
  const before = h.posted.length;
  h.send({type: 2, data: "就労"});
  await until(() => h.posted.slice(before).some((m) => m.type === 3 && !m.data.partial));
  const answers = h.posted.slice(before).filter((m) => m.type === 3).map((m) => h.plain(m.data));
  assert.equal(answers.length, 2);
  assert.equal(answers[0].partial, true);
  assert.deepEqual(answers[0].items.map((g) => g[0].location), answers[1].items.map((g) => g[0].location));
  assert.deepEqual(answers[0].items[0][0].text, []);
  assert.deepEqual(answers[0].items[0][0].title, answers[1].items[0][0].title);
  assert.match(shown(answers[1].items[0][0].text), /<mark>就労<\/mark>/);

  const again = h.posted.length;
  h.send({type: 2, data: "就労"});
  await until(() => h.posted.length > again);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const second = h.posted.slice(again).filter((m) => m.type === 3);
  assert.equal(second.length, 1);
  assert.ok(!second[0].data.partial);
});

test("a word with synonyms reads its group's file (s/N), not the pairs of every synonym; the same hits", async () => {
  const h = await readyWorker();
  const before = h.fetched.length;
  const items = await query(h, "ナカポツ");
  const fetched = h.fetched.slice(before);
  assert.ok(fetched.includes("cb/s/0.js"), fetched.join(" "));
  assert.deepEqual(fetched.filter((url) => url.includes("/g/")), [], fetched.join(" "));
  assert.deepEqual(items.map((g) => g.map((i) => i.location)), [["cases/c01/", "cases/c01/#step"]]);
  // on few pages the pairs' way confirms words in the texts: it must find exactly the same
  for (const word of ["ナカポツ", "障害者就業・生活支援センター", "郡部", "中山間地", "過疎地域"].map(h.worker.fold)) {
    const viaFile = h.plain(Array.from(await h.worker.synonymHits(word)));
    const viaPairs = h.plain(Array.from(await h.worker.gramHits(word)));
    assert.deepEqual(viaFile, viaPairs, word);
  }
  // a group file that does not list the word (or cannot be read) falls back to the pairs
  assert.equal(await h.worker.synonymHits("ない語"), null);
});

test("the warm-up runs a few rounds, each its own task, and stops when a query arrives", async () => {
  const count = (h) => {
    const calls = {warm: 0};
    const rank = h.worker.rank;
    h.worker.rank = function (terms) {
      if (terms.length === 1 && terms[0].label === "") calls.warm++;
      return rank(terms);
    };
    return calls;
  };
  const idle = loadWorker();
  const idleCalls = count(idle);
  idle.send({type: 0, data: {base: "cb/"}});
  await until(() => idle.posted.some((m) => m.type === 1));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(idleCalls.warm, idle.worker.WARM_ROUNDS);

  const busy = loadWorker();
  const busyCalls = count(busy);
  busy.send({type: 0, data: {base: "cb/"}});
  await until(() => busy.posted.some((m) => m.type === 1));
  await query(busy, "連携");                      // arrives before the rounds are done
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(busyCalls.warm <= 1, `${busyCalls.warm} rounds after the query came`);
});
