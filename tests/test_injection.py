"""Hostile text in every text-bearing field of the three data files never reaches a page as markup.

Each payload of tests/fixtures/payloads.yaml goes into every field of the case files (title,
summary, body sections, step titles and details, discussion questions, source), the glossary
(term, reading, synonyms, abbreviations, description) and the taxonomy (facet and value labels,
descriptions, notes), in three batches. A value validation refuses must be refused with a CB
error at its line; the rest is built, and the built site must pass the safety scan and hold no
element, attribute, script URL or raw markup a payload brought, well-formed XML and JSON, and
no CSV cell that a spreadsheet reads as a formula.
"""
from __future__ import annotations

import re

import pytest

from injection_support import SANITIZED, Injection, payloads, signatures, site_problems
from repo_support import copy_repo

CB_LINE = re.compile(r"^cases/[\w.]+:\d+:\d+: error\[CB\d{3}\] .+ -- .+")
BATCHES = (0, 1, 2)
totals = {"tried": 0, "refused": 0, "built": 0}


def refused_spots(injection, project):
    """Load and validate as the build does; return the spots the diagnostics point at."""
    from casebook.book import load_book
    from casebook.core.diagnostics import CasebookError
    from casebook.sources.glossary import load_glossary
    diagnostics = []
    for step in (load_book, load_glossary):
        try:
            step(project)
        except CasebookError as exc:
            diagnostics += exc.diagnostics
    refused = []
    for diagnostic in diagnostics:
        line = diagnostic.format()
        assert CB_LINE.match(line), line
        spots = injection.spots_at(diagnostic.path, diagnostic.line)
        assert spots, line
        refused += [s for s in spots if s not in refused]
    return refused


@pytest.mark.parametrize("batch", BATCHES)
def test_payloads_are_refused_or_inert(tmp_path, monkeypatch, built_site, batch):
    from casebook.build.site import run_mkdocs
    from casebook.core.project import Project
    from casebook.generate.generator import generate
    from casebook.sitecheck.scan import scan_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = copy_repo(tmp_path / "repo")
    texts = [text for _, text in payloads()]
    assert len(texts) >= 30
    injection = Injection(root, texts, batch)
    tried = len(injection.spots)
    project = Project(root)
    for _ in range(10):
        refused = refused_spots(injection, project)
        if not refused:
            break
        totals["refused"] += len(refused)
        injection.revert(refused)
    else:
        pytest.fail("検証の誤りが減りません")
    assert len(injection.spots) > tried // 2, "ほとんどの注入が検証で止まり、出力を確かめられません"
    generate(project)
    run_mkdocs(root / "mkdocs.yml", tmp_path / "site")
    site = tmp_path / "site"
    problems = [f.format() for f in scan_site(site)] + site_problems(site, signatures(built_site) | SANITIZED, texts)
    assert not problems, f"{len(problems)} 件:\n" + "\n".join(problems[:40])
    totals["tried"] += tried
    totals["built"] += len(injection.spots)
    print(f"batch {batch}: {tried} spots, {tried - len(injection.spots)} refused, {len(injection.spots)} built; "
          f"totals {totals}")


def test_every_payload_reaches_every_field(tmp_path):
    """The batches together put each payload into every field at least once."""
    texts = [text for _, text in payloads()]
    seen: dict[tuple, set] = {}
    for batch in BATCHES:
        root = copy_repo(tmp_path / f"repo{batch}")
        for spot in Injection(root, texts, batch).spots:
            kind = "case" if spot.rel.startswith("cases/c") else spot.rel
            key = (kind, "values" in spot.path, spot.path[0] == "steps", spot.field)
            seen.setdefault(key, set()).add(spot.payload)
    missing = {key: len(texts) - len(got) for key, got in seen.items() if len(got) < len(texts)}
    assert not missing, missing


def test_abbreviation_with_markup_is_refused_at_its_line(repo, cli):
    """An abbreviation is written into every page's abbreviation list: no markup, brackets or spaces."""
    glossary = repo / "cases" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("abbr: [JC]", 'abbr: ["JC<iframe srcdoc=x>"]', 1), encoding="utf-8")
    line = next(n for n, row in enumerate(glossary.read_text(encoding="utf-8").splitlines(), 1) if "JC<iframe" in row)
    code, out, err = cli("build")
    assert code == 1
    assert re.search(rf"^cases/glossary\.yml:{line}:\d+: error\[CB061\] .+ -- ", out + err, re.M), out + err
    assert "Traceback" not in out + err and not (repo / "site").exists()
