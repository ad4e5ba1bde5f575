"""Privacy rules: recall on a seeded corpus, no false positives on role words or the 21 cases."""
from __future__ import annotations

from pathlib import Path

import pytest

from casebook.core.project import Project
from casebook.rules.validate import Context, validate
from privacy_support import findings as privacy_findings
from privacy_support import lines

PRIVACY_CODES = ("CB050", "CB051", "CB052", "CB053", "CB054", "CB055")


def findings(text: str, comment: str = "") -> list:
    return privacy_findings(text, PRIVACY_CODES, comment)


POSITIVES = [line.split("\t", 1) for line in lines("positives.txt")]


def test_corpus_is_large_enough():
    assert len(POSITIVES) >= 60
    assert {code for code, _ in POSITIVES} == set(PRIVACY_CODES)


def test_recall_on_seeded_corpus():
    missed = [(code, text) for code, text in POSITIVES if code not in {f.code for f in findings(text)}]
    recall = 1 - len(missed) / len(POSITIVES)
    print(f"\nprivacy recall: {recall:.3f} ({len(POSITIVES) - len(missed)}/{len(POSITIVES)}); missed: {missed}")
    assert recall >= 0.95, missed


@pytest.mark.parametrize("text", lines("negatives.txt"))
def test_no_false_positive_on_role_words(text):
    assert findings(text) == []


def test_no_false_positive_on_the_21_cases():
    ctx = Context.create(Project(Path(__file__).resolve().parent.parent))
    _, problems = validate(ctx)
    assert [p for p in problems if p.code in PRIVACY_CODES] == []


def test_positions_point_at_the_finding():
    [finding] = findings("連絡は 03-1234-5678 まで")
    assert (finding.line, finding.col) == (1, 15)   # `context: "` is 10 columns, then 4 characters


def test_acknowledged_false_positive_is_accepted():
    text = "大川さんという名前の喫茶店で実習した。"
    assert [f.code for f in findings(text)] == ["CB055"]
    comment = "# casebook-allow: CB055 「大川さん」 架空の店名の一部（レビュー済み）\n"
    assert findings(text, comment) == []
    wrong_code = "# casebook-allow: CB050 「大川さん」\n"
    assert [f.code for f in findings(text, wrong_code)] == ["CB055"]


def test_contact_patterns_all_need_a_digit_or_at_sign():
    """CB050-CB054 look only at strings with a digit or "@" (privacy.DIGIT_OR_AT): no pattern matches
    a string without one, however the other characters are arranged."""
    import random

    from casebook.rules.privacy import DIGIT_OR_AT, PATTERNS, folded
    rng = random.Random(20261127)
    pieces = ["生年月日", "誕生日", "は", "：", ":", " ", "　", "年", "月", "日", "生まれ", "昭和", "平成", "令和", "S", "H",
              "R", "/", ".", "-", "－", "(", ")", "〒", "a", "b.example", "_", "%", "+", "٣", "３", "0", "9", "@", "＠"]
    matched = 0
    for _ in range(20_000):
        text = folded("".join(rng.choice(pieces) for _ in range(rng.randint(1, 24))))
        hits = [code for code, _, pattern, _, _ in PATTERNS if pattern.search(text)]
        matched += bool(hits)
        assert not hits or DIGIT_OR_AT.search(text), (text, hits)
        stripped = DIGIT_OR_AT.sub("", text)
        assert not any(pattern.search(stripped) for _, _, pattern, _, _ in PATTERNS), stripped
    assert matched > 1000
