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


def word_pairs(word: str) -> list[str]:
    """The grams an entry must hold to hold the word: its pieces' character pairs (a piece of
    one character stands for itself)."""
    return [pair for piece in word.split() for pair in ([piece[i:i + 2] for i in range(len(piece) - 1)] or [piece])]


def exact_code(gap: int, text: str, title: str, word: str) -> int | None:
    """gap from the previous entry * 128 + in the title * 64 + count in the text (up to MAX_EXACT,
    non-overlapping, as the worker counts); None when the entry does not hold the word."""
    count, titled = min(text.count(word), MAX_EXACT), word in title
    return gap * 128 + titled * 64 + count if count or titled else None


def exact_hits(word: str, entries: list[tuple[str, str]], postings: dict) -> list[int]:
    """Entries (folded text, folded title) holding the word, encoded by exact_code.
    Candidates come from the word's pair postings."""
    candidates: set[int] | None = None
    for pair in word_pairs(word):
        numbers = set(itertools.accumulate(value >> 4 for value in postings.get(pair, ())))
        candidates = numbers if candidates is None else candidates & numbers
    out, previous = [], 0
    for number in sorted(candidates or ()):
        text, title = entries[number]
        code = exact_code(number - previous, text, title, word)
        if code is not None:
            out.append(code)
            previous = number
    return out


def _script(name: str, data) -> str:
    return f'cbData("{name}",\n{json.dumps(data, ensure_ascii=False, separators=(",", ":"))}\n);\n'


def _member_head(gram: str, values: list[int]) -> str:
    """`"gram":[1,2` -- a shard's member as json.dumps writes it, without the closing bracket."""
    return f'{json.dumps(gram, ensure_ascii=False)}:[{",".join(map(str, values))}'


class Writer:
    """write() in steps, for entries that come in pieces (render/search_alongside.py streams the
    case pages' entries to a second process while MkDocs renders): `add` folds each entry, counts
    its grams and appends its postings at once, and writes a page's t/N.js as soon as the next
    page begins; `finish` writes what needs every entry (shards, synonym files, meta). Entries are
    numbered in the order they are added, so that order must be final.

    Given the synonym groups up front, `add` also finds each group's words in the entries as they
    come (the same hits as exact_hits, which finish() uses otherwise): less work left for the end."""

    def __init__(self, search_dir: Path, synonyms: list[list[str]] | None = None):
        self.out, self.tmp = search_dir / DIR, search_dir / (DIR + ".tmp")
        shutil.rmtree(self.tmp, ignore_errors=True)
        (self.tmp / "g").mkdir(parents=True)
        (self.tmp / "t").mkdir()
        (self.tmp / "s").mkdir()
        self.pages: list[list] = []           # [url, title, entry count, tags?]
        self.texts: list[list[str]] = []      # the entries of the last page, until the next begins
        # one integer per posting, made as the entries come (each gram's entries in order): gap from
        # the gram's previous entry number * 16 + in title * 8 + count in the text (capped)
        self.lengths: list[str] = []
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        self.last: dict[str, int] = {}
        self.folded: list[tuple[str, str]] = []
        self.encoded: dict[str, tuple[str, int]] = {}      # see settle()
        self.synonyms = synonyms
        # per group, each word's hits so far and the number of its last hit
        self.hits = [{word: [] for word in synonym_words(group)} for group in synonyms or ()]
        self.previous = [dict.fromkeys(hits, 0) for hits in self.hits]
        self.by_first_pair: defaultdict[str, list[tuple[int, str, list[str]]]] = defaultdict(list)
        for n, hits in enumerate(self.hits):
            for word in hits:
                pairs = word_pairs(word)
                if pairs:
                    self.by_first_pair[pairs[0]].append((n, word, pairs[1:]))
        self.first_pairs = set(self.by_first_pair)

    def _write_texts(self) -> None:
        if self.pages:
            n = len(self.pages) - 1
            (self.tmp / "t" / f"{n}.js").write_text(_script(f"t/{n}", self.texts), encoding="utf-8")

    def add(self, docs: list[list]) -> None:
        """Compact entries [location, title, text, tags?], each page's together, its own entry first."""
        pages, postings, last = self.pages, self.postings, self.last
        for entry in docs:
            number = len(self.lengths)
            location, title, text = entry[0], entry[1], entry[2]
            url, _, anchor = location.partition("#")
            if not pages or pages[-1][0] != url:
                self._write_texts()
                pages.append([url, title if not anchor else "", 0])
                self.texts = []
                if len(entry) > 3 and entry[3]:
                    pages[-1].append(entry[3])
            pages[-1][2] += 1
            self.texts.append([anchor, title, text])
            folded = fold(text)
            self.lengths.append(length_code(len(folded)))
            folded_title = fold(title)
            self.folded.append((folded, folded_title))
            in_text, in_title = grams(folded), grams(folded_title)
            keys = in_text.keys() | in_title.keys()
            for gram in keys:
                count = in_text.get(gram, 0)
                postings[gram].append((number - last.get(gram, 0)) * 16 + (gram in in_title) * 8
                                      + (count if count < MAX_COUNT else MAX_COUNT))
                last[gram] = number
            if self.first_pairs:
                self._find_words(number, keys, folded, folded_title)

    def _find_words(self, number: int, keys: set[str], text: str, title: str) -> None:
        for first in keys & self.first_pairs:
            for n, word, pairs in self.by_first_pair[first]:
                if all(pair in keys for pair in pairs):
                    code = exact_code(number - self.previous[n][word], text, title, word)
                    if code is not None:
                        self.hits[n][word].append(code)
                        self.previous[n][word] = number

    def settle(self) -> None:
        """Encode every gram's postings so far, as json.dumps would in a shard: called when the
        case pages are all in, while the worker would otherwise wait for the build, so that
        finish() only appends what came after."""
        self.encoded = {gram: (_member_head(gram, values), len(values)) for gram, values in self.postings.items()}

    def _member(self, gram: str) -> str:
        values = self.postings[gram]
        head, done = self.encoded.get(gram) or (None, 0)
        if head is None:
            return _member_head(gram, values) + "]"
        if done == len(values):
            return head + "]"
        return f'{head},{",".join(map(str, values[done:]))}]'

    def finish(self, config: dict) -> dict:
        """Shards, synonym files and meta; then cb/ replaces the previous one. Returns counts."""
        self._write_texts()
        tmp, postings = self.tmp, self.postings
        total = sum(len(p) for p in postings.values())
        shards = 1
        while shards * POSTINGS_PER_SHARD < total:
            shards *= 2
        split: list[list[str]] = [[] for _ in range(shards)]
        for gram in sorted(postings):
            split[shard_of(gram, shards)].append(self._member(gram))
        for n, part in enumerate(split):     # as _script writes a dict of these members
            (tmp / "g" / f"{n}.js").write_text(f'cbData("g/{n}",\n{{{",".join(part)}}}\n);\n', encoding="utf-8")
        groups = config.get("synonyms", [])
        for n, group in enumerate(groups):
            if groups == self.synonyms:
                hits = self.hits[n]
            else:
                hits = {word: exact_hits(word, self.folded, postings) for word in synonym_words(group)}
            (tmp / "s" / f"{n}.js").write_text(_script(f"s/{n}", hits), encoding="utf-8")
        meta = {"config": config, "shards": shards, "pages": self.pages, "lengths": "".join(self.lengths)}
        (tmp / "meta.js").write_text(_script("meta", meta), encoding="utf-8")
        shutil.rmtree(self.out, ignore_errors=True)
        tmp.rename(self.out)
        return {"shards": shards, "pages": len(self.pages), "entries": len(self.lengths)}


def write(search_dir: Path, docs: list[list], config: dict) -> dict:
    """Write cb/ from compact entries [location, title, text, tags?] (each page's entries
    together, the page's own entry first); returns counts."""
    writer = Writer(search_dir)
    writer.add(docs)
    return writer.finish(config)


def read(search_dir: Path, name: str):
    """The JSON of one cb/ file (tests and measurements)."""
    text = (search_dir / DIR / f"{name}.js").read_text(encoding="utf-8")
    return json.loads(text.split("\n", 1)[1].rsplit("\n", 2)[0])
