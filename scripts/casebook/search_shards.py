"""Search data fetched on demand by docs/javascripts/search-worker.js (search.py makes the entries).

Nothing here is loaded with a page: the worker starts when the search box is first used
(docs/javascripts/search-lazy.js) and then fetches, under site/search/cb/:

- meta.js: every entry's location, title, text length and tags (and the synonym groups):
  titles and tags are matched as substrings here, and the text lengths rank the body hits;
- g/NNN.js: body postings of the normalised text's characters and character pairs, split by a
  hash of the gram into shards of a few KB: a query fetches only the shards of its own grams;
- t/N.js: the plain text of one page's entries, fetched for the results on screen (excerpts).

Each file is a script `cbData("NAME",\n<JSON>\n);` so the same file loads with fetch() over
http(s) and with importScripts() in the file:// worker stand-in (offline copy), where fetch is
refused. Normalisation (fold) and the shard hash must stay equal to the worker's.
"""
from __future__ import annotations

import json
import shutil
import unicodedata
from collections import defaultdict
from pathlib import Path

DIR = "cb"
# About 4 KB of gzip per shard at realistic text: shards = total postings / this, a power of two.
POSTINGS_PER_SHARD = 6000
MAX_COUNT = 8


def fold(text: str) -> str:
    """NFKC, lower case, katakana to hiragana: the worker's fold()."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(chr(ord(c) - 0x60) if 0x30A1 <= ord(c) <= 0x30F6 else c for c in text)


def shard_of(gram: str, shards: int) -> int:
    """A 32-bit multiplicative hash over UTF-16 code units, as the worker computes it."""
    h = 0
    data = gram.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = (h * 31 + int.from_bytes(data[i:i + 2], "little")) & 0xFFFFFFFF
    return h % shards


def grams(text: str) -> dict[str, int]:
    """Counts of single characters and character pairs, none containing white space."""
    counts: dict[str, int] = defaultdict(int)
    previous = ""
    for char in text:
        if char.isspace():
            previous = ""
            continue
        counts[char] += 1
        if previous:
            counts[previous + char] += 1
        previous = char
    return counts


def _script(name: str, data) -> str:
    return f'cbData("{name}",\n{json.dumps(data, ensure_ascii=False, separators=(",", ":"))}\n);\n'


def write(search_dir: Path, docs: list[list], config: dict) -> dict:
    """Write cb/ from compact entries [location, title, text, tags?]; returns file counts."""
    out = search_dir / DIR
    tmp = search_dir / (DIR + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "g").mkdir(parents=True)
    (tmp / "t").mkdir()
    pages: list[list[int]] = []          # page number -> [first entry, entry count]
    meta_docs, postings = [], defaultdict(list)
    for number, entry in enumerate(docs):
        location, title, text = entry[0], entry[1], entry[2]
        page = location.partition("#")[0]
        if not pages or docs[pages[-1][0]][0].partition("#")[0] != page:
            pages.append([number, 0])
        pages[-1][1] += 1
        folded = fold(text)
        item = [location, title, len(folded)]
        if len(entry) > 3 and entry[3]:
            item.append(entry[3])
        meta_docs.append(item)
        for gram, count in grams(folded).items():
            postings[gram].append((number, min(count, MAX_COUNT)))
    total = sum(len(p) for p in postings.values())
    shards = 1
    while shards * POSTINGS_PER_SHARD < total:
        shards *= 2
    split: list[dict] = [{} for _ in range(shards)]
    for gram in sorted(postings):
        # one integer per posting: (gap from the previous entry number) * 8 + (count - 1)
        previous, encoded = 0, []
        for number, count in postings[gram]:
            encoded.append((number - previous) * MAX_COUNT + count - 1)
            previous = number
        split[shard_of(gram, shards)][gram] = encoded
    for n, part in enumerate(split):
        (tmp / "g" / f"{n}.js").write_text(_script(f"g/{n}", part), encoding="utf-8")
    for n, (first, count) in enumerate(pages):
        texts = [docs[i][2] for i in range(first, first + count)]
        (tmp / "t" / f"{n}.js").write_text(_script(f"t/{n}", texts), encoding="utf-8")
    meta = {"config": config, "shards": shards, "pages": [p[0] for p in pages], "docs": meta_docs}
    (tmp / "meta.js").write_text(_script("meta", meta), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return {"shards": shards, "pages": len(pages), "entries": len(docs)}


def read(search_dir: Path, name: str):
    """The JSON of one cb/ file (tests and measurements)."""
    text = (search_dir / DIR / f"{name}.js").read_text(encoding="utf-8")
    return json.loads(text.split("\n", 1)[1].rsplit("\n", 2)[0])
