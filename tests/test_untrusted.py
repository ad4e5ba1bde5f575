"""Untrusted data files: taxonomy, glossary and template are checked like cases; limits hold."""
from __future__ import annotations

import re

import pytest

import perf_adversarial
from casebook.rules.validate import ecma_pattern
from casebook.sources.load import CASE_LIMITS, LineTable, load_text
from repo_support import ROOT

ERROR_LINE = re.compile(r"[^\n]+:\d+:\d+: error\[CB\d{3}\] .+")


def first_error(cli, *args):
    code, out, err = cli("validate", *args)
    assert code == 1, (out, err)
    lines = out.splitlines()
    assert lines and all(ERROR_LINE.fullmatch(x) for x in lines if x), out
    return lines[0]


@pytest.mark.parametrize("name", ["taxonomy.yml", "glossary.yml", "_template.yaml"])
@pytest.mark.parametrize("char", ["\x00", "\x85", "\uffff"])
def test_control_characters_in_every_data_file(repo, cli, name, char):
    path = repo / "cases" / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5][:2] + char + lines[5][2:]
    path.write_text("".join(lines), encoding="utf-8")
    assert first_error(cli).startswith(f"cases/{name}:6:3: error[CB007] 使えない制御文字（U+{ord(char):04X}）")


def test_escaped_control_character_in_glossary(repo, cli):
    path = repo / "cases" / "glossary.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(\n    term: )(\S+)", lambda m: f'{m.group(1)}"{m.group(2)}\\x01"', text, count=1)
    path.write_text(text, encoding="utf-8")
    assert "error[CB007]" in first_error(cli)


@pytest.mark.parametrize("key", ["../../../../x", "a/b", "A", "-x", "x y", "x.", "ｘ", "x\\n"])
def test_taxonomy_keys_must_be_safe(repo, cli, key):
    path = repo / "cases" / "taxonomy.yml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("    - key: hokkaido")].count("\n") + 1
    path.write_text(text.replace("    - key: hokkaido", f'    - key: "{key}"', 1), encoding="utf-8")
    assert first_error(cli).startswith(f"cases/taxonomy.yml:{line}:12: error[CB060] 分類 'block' のキー")


def test_taxonomy_tag_keys_may_be_japanese_but_not_paths(repo, cli):
    path = repo / "cases" / "taxonomy.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    - key: 研修\n", "    - key: 研修/../x\n", 1), encoding="utf-8")
    assert "error[CB060] 分類 'tag' のキー '研修/../x'" in first_error(cli)


def test_taxonomy_facet_name_must_be_safe(repo, cli):
    path = repo / "cases" / "taxonomy.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n../x:\n  label: x\n  values: []\n", encoding="utf-8")
    assert "error[CB060] 分類名 '../x'" in first_error(cli)


def test_symlinked_taxonomy_is_refused(repo, cli, tmp_path):
    outside = tmp_path / "outside.yml"
    taxonomy = repo / "cases" / "taxonomy.yml"
    outside.write_bytes(taxonomy.read_bytes())
    taxonomy.unlink()
    taxonomy.symlink_to(outside)
    assert first_error(cli).startswith("cases/taxonomy.yml:1:1: error[CB009] シンボリックリンクは読みません")


def test_validate_path_outside_cases_that_is_a_symlink(repo, cli, tmp_path):
    link = tmp_path / "c50.yaml"
    link.symlink_to("/etc/passwd")
    assert "error[CB009]" in first_error(cli, str(link))


def test_validate_missing_path_is_a_usage_error(repo, cli):
    assert cli("validate", "cases/c77.yaml")[0] == 2


def test_schema_patterns_are_anchored_and_full():
    import json
    text = (ROOT / "cases" / "case.schema.json").read_text(encoding="utf-8")
    patterns = re.findall(r'"pattern": ("(?:[^"\\]|\\.)*")', text)
    assert patterns
    for pattern in map(json.loads, patterns):
        assert pattern.startswith("^") and pattern.endswith("$"), pattern
        assert not ecma_pattern(pattern).search("2026-11-20\n" if "4" in pattern else "c01\n")
    assert ecma_pattern(r"^[$]a\$$").search("$a$") and not ecma_pattern(r"^a$").search("a\n")


def test_line_table_counts_lines_like_yaml():
    table = LineTable("a\r\nb\rc\nd\u2028e")
    assert [table.pos(i) for i in (0, 3, 5, 7, 9)] == [(1, 1), (2, 1), (3, 1), (4, 1), (5, 1)]


@pytest.mark.parametrize("text, message", [
    ("a: " + "[" * 17 + "]" * 17, "入れ子が深すぎます"),
    ("a:\n" + "  - x\n" * (CASE_LIMITS.max_items + 1), "要素が多すぎます"),
    ("a: 1234567890123456", "整数が長すぎます"),
    ("a: b\n---\na: c\n", "2つ目の文書"),
])
def test_limits_are_located_errors(text, message):
    loaded, problems = load_text(text, "x.yaml")
    assert loaded is None and len(problems) == 1 and message in problems[0].message
    assert problems[0].code in ("CB008", "CB001")


def test_adversarial_files_at_the_limit_give_cb_errors_only(repo, cli):
    """The files tests/perf_adversarial.py times: each within the limit and handled (time not asserted)."""
    for name, text in perf_adversarial.cases().items():
        data = text.encode("utf-8")
        assert len(data) <= CASE_LIMITS.max_bytes, name
        (repo / "cases" / "c99.yaml").write_bytes(data)
        code, out, err = cli("validate", "cases/c99.yaml")
        assert code in (0, 1) and all(ERROR_LINE.fullmatch(x) for x in out.splitlines()), (name, out[:500])
        assert len(out.splitlines()) <= 4 * 101, name   # at most 100 findings per check, and a note
