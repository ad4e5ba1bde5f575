"""Search data fetched on demand by docs/javascripts/search-worker.js (search.py makes the entries).

Nothing here is loaded with a page: the worker starts when the search box is first used
(docs/javascripts/search-lazy.js) and then fetches, under site/search/cb/:

- meta.js: every page's URL, title, entry count and tags, every entry's text length in one
  character (the synonym groups too): page titles and tags are matched as substrings here;
- g/N.js: postings of the characters and character pairs of every entry's normalised text and
  title (count in the text, whether in the title), split by a hash of the gram into shards of a
  few KB: a query fetches only the shards of its own grams;
- t/N.js: anchor, title and plain text of one page's entries, fetched for the results on
  screen (excerpts, section links) and to confirm long words on few pages;
- s/N.js: for synonym group N (config.synonyms), the entries holding each of its words (and the
  word without ・), with exact counts: a query word with synonyms becomes a dozen words whose
  pairs would otherwise cost a dozen shards and a second wait to confirm them in the texts.

Each file is a script `cbData("NAME",\n<JSON>\n);` so the same file loads with fetch() over
http(s) and with importScripts() in the file:// worker stand-in (offline copy), where fetch is
refused. Normalisation (fold) and the shard hash must stay equal to the worker's.
"""
from __future__ import annotations

import itertools
import json
import math
import operator
import shutil
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

DIR = "cb"
# Shards = total postings / this, a power of two: about 1 KB of gzip per shard at real text
# (a query fetches one shard per character pair, synonyms included, so small shards pay).
POSTINGS_PER_SHARD = 1500
MAX_COUNT = 7        # counts in the text are capped here (ranking saturates long before)
MAX_EXACT = 50       # counts of a whole word in s/N.js, as the worker counts a word in a text


KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def fold(text: str) -> str:
    """NFKC, lower case, katakana to hiragana: the worker's fold()."""
    return unicodedata.normalize("NFKC", text).lower().translate(KATAKANA_TO_HIRAGANA)


def shard_of(gram: str, shards: int) -> int:
    """A 32-bit multiplicative hash over UTF-16 code units, as the worker computes it."""
    h = 0
    data = gram.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = (h * 31 + int.from_bytes(data[i:i + 2], "little")) & 0xFFFFFFFF
    return h % shards


def grams(text: str) -> Counter:
    """Counts of single characters and character pairs, none containing white space."""
    counts: Counter = Counter()
    for piece in text.split():
        counts.update(piece)
        counts.update(map(operator.add, piece, piece[1:]))
    return counts


def length_code(n: int) -> str:
    """A text length in one character (a quarter-power-of-two step), decoded by the worker."""
    return chr(48 + min(70, round(math.log2(n + 1) * 4)))


def synonym_words(group: list[str]) -> list[str]:
    """The folded words of a group that the worker looks up in its s/N.js: each word, and each
    word without ・ (the worker's variantsOf() adds that form for the word typed)."""
    words = []
    for word in group:
        folded = fold(word)
        for form in (folded, folded.replace("・", "").replace("･", "")):
            if form and form not in words:
                words.append(form)
    return words


def exact_hits(word: str, entries: list[tuple[str, str]], postings: dict) -> list[int]:
    """Entries (folded text, folded title) holding the word, encoded as the shards are: gap
    from the previous entry * 128 + in the title * 64 + count in the text (up to MAX_EXACT,
    non-overlapping, as the worker counts). Candidates come from the word's pair postings."""
    pairs = [pair for piece in word.split() for pair in ([piece[i:i + 2] for i in range(len(piece) - 1)] or [piece])]
    candidates: set[int] | None = None
    for pair in pairs:
        numbers = set(itertools.accumulate(value >> 4 for value in postings.get(pair, ())))
        candidates = numbers if candidates is None else candidates & numbers
    out, previous = [], 0
    for number in sorted(candidates or ()):
        text, title = entries[number]
        count, titled = min(text.count(word), MAX_EXACT), word in title
        if count or titled:
            out.append((number - previous) * 128 + titled * 64 + count)
            previous = number
    return out


def _script(name: str, data) -> str:
    return f'cbData("{name}",\n{json.dumps(data, ensure_ascii=False, separators=(",", ":"))}\n);\n'


def write(search_dir: Path, docs: list[list], config: dict) -> dict:
    """Write cb/ from compact entries [location, title, text, tags?] (each page's entries
    together, the page's own entry first); returns counts."""
    out, tmp = search_dir / DIR, search_dir / (DIR + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "g").mkdir(parents=True)
    (tmp / "t").mkdir()
    (tmp / "s").mkdir()
    pages: list[list] = []           # [url, title, entry count, tags?]
    texts: list[list[list[str]]] = []
    # one integer per posting, made as the entries come (each gram's entries in order): gap from
    # the gram's previous entry number * 16 + in title * 8 + count in the text (capped)
    lengths, postings, last = [], defaultdict(list), {}
    folded_entries: list[tuple[str, str]] = []
    for number, entry in enumerate(docs):
        location, title, text = entry[0], entry[1], entry[2]
        url, _, anchor = location.partition("#")
        if not pages or pages[-1][0] != url:
            pages.append([url, title if not anchor else "", 0])
            texts.append([])
            if len(entry) > 3 and entry[3]:
                pages[-1].append(entry[3])
        pages[-1][2] += 1
        texts[-1].append([anchor, title, text])
        folded = fold(text)
        lengths.append(length_code(len(folded)))
        folded_title = fold(title)
        folded_entries.append((folded, folded_title))
        in_text, in_title = grams(folded), grams(folded_title)
        for gram in in_text.keys() | in_title.keys():
            count = in_text.get(gram, 0)
            postings[gram].append((number - last.get(gram, 0)) * 16 + (gram in in_title) * 8
                                  + (count if count < MAX_COUNT else MAX_COUNT))
            last[gram] = number
    total = sum(len(p) for p in postings.values())
    shards = 1
    while shards * POSTINGS_PER_SHARD < total:
        shards *= 2
    split: list[dict] = [{} for _ in range(shards)]
    for gram in sorted(postings):
        split[shard_of(gram, shards)][gram] = postings[gram]
    for n, part in enumerate(split):
        (tmp / "g" / f"{n}.js").write_text(_script(f"g/{n}", part), encoding="utf-8")
    for n, entries in enumerate(texts):
        (tmp / "t" / f"{n}.js").write_text(_script(f"t/{n}", entries), encoding="utf-8")
    for n, group in enumerate(config.get("synonyms", [])):
        hits = {word: exact_hits(word, folded_entries, postings) for word in synonym_words(group)}
        (tmp / "s" / f"{n}.js").write_text(_script(f"s/{n}", hits), encoding="utf-8")
    meta = {"config": config, "shards": shards, "pages": pages, "lengths": "".join(lengths)}
    (tmp / "meta.js").write_text(_script("meta", meta), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return {"shards": shards, "pages": len(pages), "entries": len(docs)}


def read(search_dir: Path, name: str):
    """The JSON of one cb/ file (tests and measurements)."""
    text = (search_dir / DIR / f"{name}.js").read_text(encoding="utf-8")
    return json.loads(text.split("\n", 1)[1].rsplit("\n", 2)[0])
