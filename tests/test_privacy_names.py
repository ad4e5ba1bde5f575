"""Place names and personal names (CB056, SudachiPy) together with the other privacy rules.

Measured on our own corpus: sentences with real municipality, ward and facility names or
personal names (with and without honorifics) must be caught, and single-letter placeholders
(Aさん, B町), role words (親御さん, 就労部会長さん), prefectures and ordinary words must not.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from casebook.core.project import Project
from casebook.rules import RULES
from casebook.rules import names as privacy_names
from casebook.rules.validate import Context, load_cases, validate
from casebook.sources.load import load_text
from privacy_support import findings as privacy_findings
from privacy_support import lines

ROOT = Path(__file__).resolve().parent.parent
CODES = ("CB050", "CB051", "CB052", "CB053", "CB054", "CB055", "CB056")


def findings(text: str, comment: str = "") -> list:
    return privacy_findings(text, CODES, comment)


POSITIVES = lines("names_positives.txt")
NEGATIVES = lines("names_negatives.txt")


def test_corpus_sizes():
    assert len(POSITIVES) >= 60 and len(NEGATIVES) >= 40
    assert sum("市" in s or "町" in s or "区" in s for s in POSITIVES) >= 30   # place names included


def test_recall_and_false_positives():
    missed = [s for s in POSITIVES if not findings(s)]
    false_positives = [(s, [f.message for f in findings(s)]) for s in NEGATIVES if findings(s)]
    recall = 1 - len(missed) / len(POSITIVES)
    print(f"\nnames: recall {recall:.3f} ({len(POSITIVES) - len(missed)}/{len(POSITIVES)}), "
          f"false positives {len(false_positives)}/{len(NEGATIVES)}; missed {missed}; fp {false_positives}")
    assert recall >= 0.95, missed
    assert len(false_positives) <= 2, false_positives


@pytest.mark.parametrize("text, expected", [
    ("豊中市と能勢町の事業所", [(1, 11, "「豊中市」は実在の地名のようです"), (1, 15, "「能勢町」は実在の地名のようです")]),
    ("豊中市障害者就業・生活支援センター", [(1, 11, "「豊中市」は実在の地名のようです")]),
    ("山田太郎が来た", [(1, 11, "「山田太郎」は人の名前のようです")]),
    ("松本さん、橋本さん", [(1, 11, "「松本」は人の名前のようです"), (1, 16, "「橋本」は人の名前のようです")]),
    ("高橋花子様", [(1, 11, "「高橋花子」は人の名前のようです")]),
])
def test_names_are_errors_at_their_position(text, expected):
    found = [(f.line, f.col, f.message) for f in findings(text) if f.code == "CB056"]
    assert found == expected


@pytest.mark.parametrize("text", ["Aさん", "B町", "C市", "Dセンター", "利用者さん", "親御さん", "担当者様",
                                  "就労部会長さん", "大阪府と北海道", "中山間地", "企業の見方"])
def test_placeholders_and_role_words_pass(text):
    assert findings(f"{text}と話しました。") == []


def test_one_mistake_one_error():
    """田中さん is CB055's; the analyser does not report it a second time."""
    assert [f.code for f in findings("担当の田中さんが訪問した。")] == ["CB055"]


def test_line_and_column_in_a_block_scalar():
    doc, _ = load_text("context: |\n  一行目です。\n  二行目は吹田市の話です。\n", "cases/c99.yaml")
    [finding] = RULES["CB056"].check(None, doc)
    assert finding.format() == ("cases/c99.yaml:3:7: error[CB056] 「吹田市」は実在の地名のようです -- "
                                "市町村名・区名・地名の入った施設名は書かず、「A市」「B町」「Cセンター」のように1文字の記号で書いてください")


def test_acknowledged_name_passes():
    text = "松本城の見学を実習に組み込んだ。"
    assert [f.code for f in findings(text)] == ["CB056"]
    assert findings(text, "# casebook-allow: CB056 「松本」 観光地の名前（レビュー済み）\n") == []


def test_long_text_is_split_for_the_analyser():
    text = ("本人と面談しました。\n" * 3000) + "最後に吹田市の企業を訪ねました。"
    [(start, end, kind)] = privacy_names.find_names(text)
    assert (text[start:end], kind) == ("吹田市", "place")


def test_no_finding_on_the_21_cases_and_speed():
    project = Project(ROOT)
    ctx = Context.create(project)
    _, problems = validate(ctx)
    assert [p for p in problems if p.code in CODES] == []
    docs, _ = load_cases(project, project.case_files())
    started = time.perf_counter()
    count = sum(len(list(RULES["CB056"].check(ctx, doc))) for doc in docs)
    elapsed = time.perf_counter() - started
    print(f"\nCB056 on {len(docs)} cases: {elapsed * 1000:.0f} ms, {count} findings")
    assert count == 0


def test_dictionary_is_loaded_once_per_process():
    findings("吹田市")
    findings("摂津市")
    assert privacy_names._analyser.cache_info().misses == 1
