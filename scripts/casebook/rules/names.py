"""Real place names and personal names, found with a morphological analyser.

A regular expression cannot tell 豊中市 from 中山間地 or 松本 from 本人; SudachiPy with
its core dictionary tags 地名 (place) and 人名 (person) words. Anonymised case reports
write single letters instead (A市, Bさん, Cセンター), and those are ASCII, which the
analyser's tags are not trusted for (it calls "A" and "last" 人名), so only tokens
with Japanese characters count.

A word that is also an ordinary noun (見方, 町村, 森, 橋本) counts only next to another
name word (山田太郎) or before an honorific (橋本さん). Prefectures, regions and countries are allowed: the case's block already
says as much. The dictionary is loaded once per process.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ..core.diagnostics import Diagnostic
from .positions import diagnostic_at, doc_strings
from .privacy import acknowledged, folded
from .registry import RULES, rule

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff々〆ヵヶ]")
CHUNK = 4000   # characters per call: Sudachi refuses inputs over ~49 KB

PREFECTURES = (
    "北海道 青森 岩手 宮城 秋田 山形 福島 茨城 栃木 群馬 埼玉 千葉 東京 神奈川 新潟 富山 石川 福井 山梨 長野 "
    "岐阜 静岡 愛知 三重 滋賀 京都 大阪 兵庫 奈良 和歌山 鳥取 島根 岡山 広島 山口 徳島 香川 愛媛 高知 福岡 "
    "佐賀 長崎 熊本 大分 宮崎 鹿児島 沖縄").split()
REGIONS = ("関東 関西 近畿 東北 東海 北陸 甲信越 甲信 信越 中国 四国 中国四国 九州 九州沖縄 山陰 山陽 北関東 "
           "南関東 首都圏 東日本 西日本 本州 日本 全国").split()
ALLOWED_PLACES = frozenset(PREFECTURES + [p + s for p in PREFECTURES for s in "都道府県"] + REGIONS)

HONORIFICS = ("さん", "様", "氏", "くん", "君", "ちゃん", "殿")
# Counts that the analyser reads as given names in some contexts (数人 → Kazuto).
COUNT_WORD = re.compile(r"[数何幾多一二三四五六七八九十百]+人\Z")


@functools.lru_cache(maxsize=1)
def _analyser():
    """The dictionary, a tokenizer and a table part-of-speech id -> 'person', 'place' or None,
    filled as ids are met. The tokenizer loads only the part of speech of each word: the rest
    (readings, normalized forms) is never read here, and a token's surface is the text itself."""
    from sudachipy import Dictionary, SplitMode
    dictionary = Dictionary(dict="core")
    return dictionary, dictionary.tokenizer(mode=SplitMode.C, fields={"pos"}), {}


@functools.lru_cache(maxsize=8192)
def _also_common_noun(surface: str) -> bool:
    dictionary, _, _ = _analyser()
    return any(m.part_of_speech()[1] == "普通名詞" for m in dictionary.lookup(surface))


def _pos_kind(pos: tuple) -> str | None:
    """'person' or 'place' for a part of speech that names one, else None."""
    if pos[0] != "名詞" or pos[1] != "固有名詞":
        return None
    if pos[2] == "人名":
        return "person"
    return "place" if pos[2] == "地名" and pos[3] != "国" else None


def _kind(morpheme, pos_kinds: dict) -> str | None:
    pos_id = morpheme.part_of_speech_id()
    kind = pos_kinds.get(pos_id, "")
    if kind == "":
        kind = pos_kinds[pos_id] = _pos_kind(morpheme.part_of_speech())
    if kind is None:    # most tokens: decided by the part of speech alone
        return None
    surface = morpheme.surface()
    if not JAPANESE.search(surface):
        return None
    if kind == "person":
        return None if COUNT_WORD.match(surface) else "person"
    return None if surface in ALLOWED_PLACES else "place"


def _chunks(text: str):
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def find_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each run of name words in text; kind is 'person' or 'place'."""
    _, tokenizer, pos_kinds = _analyser()
    found = []
    for base, chunk in _chunks(text):
        run = []   # adjacent name morphemes: 山田 + 太郎
        for m in tokenizer.tokenize(chunk):
            # Most tokens: their part of speech names nothing and no run waits to be ended.
            # (About 800,000 tokens at 1,000 cases: this test alone keeps the loop cheap.)
            if not run and pos_kinds.get(m.part_of_speech_id(), "") is None:
                continue
            kind = _kind(m, pos_kinds)
            if kind and run and run[-1][1].end() == m.begin():
                run.append((kind, m))
                continue
            if run:
                _end_run(run, chunk, base, found)
            run = [(kind, m)] if kind else []
        if run:
            _end_run(run, chunk, base, found)
    return found


def _end_run(run: list, chunk: str, base: int, found: list) -> None:
    """A run of name morphemes, added to `found` unless it is one word that is also an
    ordinary noun with no honorific after it."""
    end = run[-1][1].end()
    if len(run) == 1 and _also_common_noun(run[0][1].surface()) and not chunk.startswith(HONORIFICS, end):
        return
    kinds = {k for k, _ in run}
    found.append((base + run[0][1].begin(), base + end, "place" if "place" in kinds else "person"))


MESSAGES = {
    "place": ("「{}」は実在の地名のようです",
              "市町村名・区名・地名の入った施設名は書かず、「A市」「B町」「Cセンター」のように1文字の記号で書いてください"),
    "person": ("「{}」は人の名前のようです",
               "名前は書かず、「本人」「利用者」「担当の支援員」のような役割か、「Aさん」のように1文字の記号で書いてください"),
}


def name_texts(doc) -> list[str]:
    """What CB056 analyses in a file: the folded text of each string with Japanese characters,
    in doc_strings order. find_names on each of them is all the analyser does for the file, so
    another process can do it from these texts alone (build/names.py)."""
    return [folded(text) for _, text in doc_strings(doc) if JAPANESE.search(text)]


def name_findings(doc, found) -> Iterator[Diagnostic]:
    """CB056's findings in a file, from `found`: find_names of each of its name_texts, in order
    (an iterable, so that a check stopped early analyses no more)."""
    spans, by_cb055 = iter(found), None
    for path, text in doc_strings(doc):
        if not JAPANESE.search(text):
            continue
        for start, end, kind in next(spans):
            if by_cb055 is None:     # CB055 already names "田中さん"; one mistake, one error.
                by_cb055 = {(d.line, d.col) for d in RULES["CB055"].check(None, doc)}
            original = text[start:end]
            diagnostic = diagnostic_at(doc, path, start, "CB056", MESSAGES[kind][0].format(original), MESSAGES[kind][1])
            if (diagnostic.line, diagnostic.col) in by_cb055 or acknowledged(doc, path, "CB056", original):
                continue
            yield diagnostic


@rule("CB056", "実在の地名・人名（形態素解析による）")
def check_names(ctx, doc):
    return name_findings(doc, (find_names(text) for text in name_texts(doc)))
