"""Writes tests/js/fixtures/: a small search index made by the real Python writer
(casebook.render.search_shards.write) and the Python fold/shard values, for the worker's Node tests.

Run `.venv/bin/python tests/js/make_fixture.py` after changing search_shards.py or the pages
below; tests/test_search_worker_js.py fails while the committed files differ from its output.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "scripts"))

from casebook.render import search_shards  # noqa: E402

FIXTURES = HERE / "fixtures"

# [location, title, text, tags?]: each page's own entry first, then its sections (as search.py).
DOCS = [
    ["cases/c01/", "協議会との連携", "自立支援協議会の就労部会で、ジョブコーチと定着支援を話し合いました。",
     ["スーパービジョン"]],
    ["cases/c01/#step", "手順", "ハローワークと障害者就業・生活支援センターが連携します。"],
    ["cases/c01/#review", "振り返り", "月に一度、支援の記録を読み合わせます。"],
    ["cases/c02/", "郡部での相談", "中山間地で、センターが最後の砦として相談を受けます。"],
    ["guide/", "基幹型とは", "<b>タグ</b> & \"記号\" もそのまま文字として表示します。スーパービジョンの考え方。"],
]
SYNONYMS = [["ナカポツ", "障害者就業・生活支援センター"], ["過疎地域", "郡部", "中山間地"]]
PARITY_WORDS = ["ｶﾀｶﾅ", "カタカナ", "ＡＢＣ１２３", "ヴァ", "ヵヶ", "ヷ", "就業・生活", "協議会", "㍻", "ﬁ", "Ｉ"]


# Small shards, so the fixture has several and the worker must find each gram's shard as Python put it.
POSTINGS_PER_SHARD = 40


def write_fixture(dest: Path) -> None:
    saved, search_shards.POSTINGS_PER_SHARD = search_shards.POSTINGS_PER_SHARD, POSTINGS_PER_SHARD
    try:
        search_shards.write(dest, DOCS, {"synonyms": SYNONYMS})
    finally:
        search_shards.POSTINGS_PER_SHARD = saved
    parity = {"fold": {w: search_shards.fold(w) for w in PARITY_WORDS},
              "shard": {g: [search_shards.shard_of(g, n) for n in (1, 2, 64, 1024)]
                        for g in ["協議", "a", "ab", "連携", "🙂", "ー"]}}
    (dest / "parity.json").write_text(json.dumps(parity, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_fixture(FIXTURES)
    print(f"wrote {FIXTURES}")
