"""Keyboard mistakes: one error at the mistake's own place; the same characters in text pass."""
from __future__ import annotations

from pathlib import Path

import pytest

from casebook.cli import japanese_usage_error
from casebook.rules.suggest import pair_keys, placeholder
from casebook.sources.load import load_text
from casebook.sources.typos import scan

ROOT = Path(__file__).resolve().parent.parent


def one_error(text):
    loaded, problems = load_text(text, "x.yaml")
    assert loaded is None
    assert len(problems) == 1, problems
    p = problems[0]
    return p.line, p.col, p.message


@pytest.mark.parametrize("text, line, col, named", [
    ("a: 1\nb:\n  c: 1\n\u3000 d: 2\ne: 3\nf: 4\ng: 5\n", 4, 1, "全角スペース（U+3000）"),
    ("a: 1\nb: |\n  text\n\u3000\u3000more\nc: 2\n", 4, 1, "全角スペース（U+3000）"),
    ("a: 1\ntitle\uff1a x\nc: 2\n", 2, 6, "「：」（U+FF1A）"),
    ("a: 1\ntitle\u3000: x\n", 2, 6, "全角スペース（U+3000）"),
    ("a: 1\ntitle:\u3000x\n", 2, 7, "全角スペース（U+3000）"),
    ('a: "open\nb: 1\nc: 2\nd: 3\n', 1, 4, "「\"」"),
    ("a:\n  - x\n  ー y\n", 3, 3, "「ー」（U+30FC）"),
    ("a:\n  \uff0d x\n", 2, 3, "「－」（U+FF0D）"),
    ("a:\n  \u2015 x\n", 2, 3, "「―」（U+2015）"),
    ("a:\n  \u2010 x\n", 2, 3, "「‐」（U+2010）"),
    ("a:\n  ・x\n", 2, 3, "「・」（U+30FB）"),
    ("a:\n  -\u3000x\n", 2, 4, "全角スペース（U+3000）"),
    ("steps:\n  - title: a\n    detail: b\n  ー title: c\n", 4, 3, "「ー」"),
])
def test_mistake_named_at_its_place(text, line, col, named):
    assert one_error(text)[:2] == (line, col)
    assert named in one_error(text)[2]


@pytest.mark.parametrize("text", [
    "a: |\n  \u3000段落の字下げは本文の一部です。\n  ・箇条書き風の行\n  ー これも本文\n",
    "a: >\n  \u3000折り返す本文\n",
    "a: 一行目の値が\n  ・次の行に続く\n",            # continuation of a plain value
    'a: "一行目\n  ー 二行目"\n',                     # a quoted value over two lines
    "a: [x,\n  y]\nb: c\n",
    "a: 時刻は10：00です\n",                           # a full-width colon inside a value
    "# title\uff1a コメントの中\na: b\n",
    "a: 'It''s'\nb: \"say \\\"hi\\\"\"\n",
])
def test_same_characters_in_text_pass(text):
    assert [f for f in scan(text, "x.yaml") if f.certain] == []
    loaded, problems = load_text(text, "x.yaml")
    assert problems == [] and loaded is not None


def test_no_finding_in_any_data_file_of_the_repository():
    files = [p for p in ROOT.glob("**/*.y*ml")
             if not {".venv", "node_modules", "bad", "site"} & set(p.parts)]
    assert len(files) > 25
    found = [f.diagnostic.format() for p in files for f in scan(p.read_text(encoding="utf-8"), str(p))]
    assert found == []


def test_a_yaml_error_before_the_mistake_is_kept():
    loaded, problems = load_text("a: b: c\nd\uff1a 2\n", "x.yaml")
    assert loaded is None
    assert [(p.line, p.col) for p in problems] == [(1, 5), (2, 2)]
    assert "「：」" in problems[1].message


def test_placeholder_forms():
    assert placeholder({"block": None}) == "{block}"
    assert placeholder("{today}") == "{today}"
    assert placeholder({"block": "x"}) is None and placeholder("{a} b") is None


def test_renamed_keys_pair_with_the_missing_ones():
    assert pair_keys(["titel", "extra"], ["title", "summary"]) == {"titel": "title"}
    assert pair_keys(["body"], ["detail"]) == {"body": "detail"}
    assert pair_keys(["ｔｉｔｌｅ"], ["title"]) == {"ｔｉｔｌｅ": "title"}
    assert pair_keys(["x", "y"], ["title", "summary"]) == {}


def test_usage_errors_in_japanese(cli, repo):
    code, _, err = cli("new")
    assert code == 2
    assert "--block（ブロック）と --theme（論点）を指定してください" in err and "kinki" in err
    assert "required" not in err and "usage" not in err
    code, _, err = cli("validate", "--format", "xml")
    assert code == 2 and "使い方: casebook validate" in err and "'xml' は選べません" in err
    assert japanese_usage_error("unrecognized arguments: --x") == "知らない指定です: --x"
    assert japanese_usage_error("something new") == "something new"


def _typo_texts():
    """Case-like texts with the characters the scan looks for, at line starts, after keys and in text."""
    import random
    rng = random.Random(20261127)
    leads = ["", "  ", "    ", "\u3000", " \u3000", "\u3000 ", "- ", "  - ", "-\u3000", "ー ", "・", "－ ", "  ｰ"]
    bodies = ["key: value", "key：value", "key\u3000: v", "key:\u3000v", "key :v", "k-1： x", "title: |",
              "detail: >", 'q: "open', "q: 'x''y'", "a: [x,", "  y]", "text", "本文：続き", "時刻10：00",
              "B型：説明", "# コメント：", "ー本文", "・項目", "\u3000字下げ", "key:", "- item", "a: b: c"]
    breaks = ["\n", "\r\n", "\r", "\u2028", "\u2029"]
    for _ in range(4000):
        lines = [rng.choice(leads) + rng.choice(bodies) for _ in range(rng.randint(1, 8))]
        yield "".join(line + rng.choice(breaks) for line in lines)


def test_files_without_the_telltale_characters_need_no_scan():
    """load_text skips the scan of a file YAML reads when may_be_certain says no certain finding can be
    there: checked on the fixtures, the repository's data files, the fuzz inputs and generated texts."""
    from casebook.sources.typos import may_be_certain
    from test_fuzz import inputs  # tests/ is on sys.path (rootdir conftest)
    texts = [p.read_bytes().decode("utf-8", "replace") for p in (ROOT / "tests" / "fixtures" / "bad").glob("*.yaml")]
    texts += [p.read_text(encoding="utf-8") for p in ROOT.glob("cases/*.y*ml")]
    texts += [data.decode("utf-8", "replace") for _, _, data, _ in inputs()]
    texts += list(_typo_texts())
    skipped = 0
    for text in texts:
        if not may_be_certain(text):
            skipped += 1
            assert [f for f in scan(text, "x.yaml") if f.certain] == [], repr(text[:200])
    assert skipped > 500
    assert not any(may_be_certain(p.read_text(encoding="utf-8")) for p in ROOT.glob("cases/c*.yaml"))
