"""Drafts (status: draft): validated like any case, absent from the deployed site, and in a
preview (`--drafts`, `mkdocs serve`) a page with a 下書き banner that nothing else mentions."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from casebook.build.site import build_site, run_mkdocs
from casebook.core.project import Project
from casebook.editors.proposal_form import form_data
from casebook.generate.generator import generate
from casebook.sources.taxonomy import load_taxonomy

# In the draft's title and summary: found in a file means the draft reached it.
MARK = "zzdraftmark"
TITLE = f"下書きの事例 {MARK}"


def add_draft(repo: Path, status: str = "draft", extra: str = "") -> Path:
    """c47 as a copy of c01 (tags, facets and region shared with others), status draft, and c02
    naming it in `related`: cross-file rules treat a draft as existing."""
    text = (repo / "cases" / "c01.yaml").read_text(encoding="utf-8")
    text = text.replace("id: c01\n", "id: c47\n").replace("status: sample\n", f"status: {status}\n")
    text = re.sub(r"^title: .*$", f"title: {TITLE}", text, count=1, flags=re.M)
    text = re.sub(r"^summary: .*$", f"summary: 下書きの要約です。{MARK}{extra}", text, count=1, flags=re.M)
    path = repo / "cases" / "c47.yaml"
    path.write_text(text, encoding="utf-8")
    c02 = repo / "cases" / "c02.yaml"
    c02_text = c02.read_text(encoding="utf-8")
    assert "\nrelated:\n  - c14\n" in c02_text
    c02.write_text(c02_text.replace("\nrelated:\n", "\nrelated:\n  - c47\n"), encoding="utf-8")
    return path


def files_mentioning(site: Path, needle: str) -> set[str]:
    found = set()
    for path in site.rglob("*"):
        if path.is_file() and needle.encode() in path.read_bytes():
            found.add(path.relative_to(site).as_posix())
    return found


def test_draft_is_validated_and_related_to(repo, cli):
    add_draft(repo)
    assert cli("validate") == (0, "", "OK: 22 件の事例ファイルに誤りはありません\n")
    (repo / "cases" / "c47.yaml").unlink()
    code, out, _ = cli("validate")
    assert code == 1 and "c47" in out      # the related id was found only because the draft exists


def test_draft_gets_the_privacy_rules_too(repo, cli):
    add_draft(repo, extra="佐藤さんと話しました。")
    code, out, _ = cli("validate", "cases/c47.yaml")
    assert code == 1 and "cases/c47.yaml:4:" in out and "error[CB055]" in out


def test_deployed_site_leaves_a_draft_out_entirely(repo, cli):
    add_draft(repo)
    build_site(Project(repo), progress=lambda _: None)
    site = repo / "site"
    assert (site / "cases" / "c21" / "index.html").is_file()
    assert not (site / "cases" / "c47").exists()
    assert files_mentioning(site, MARK) == set()
    assert files_mentioning(site, "c47") == set()     # no link, list row, search entry, feed entry, data row
    assert len(json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))["cases"]) == 21
    assert not (repo / "docs" / "cases" / "c47.md").exists()


def test_preview_has_the_page_with_a_banner_and_nothing_else_mentions_it(repo, cli):
    add_draft(repo)
    code, out, _ = cli("build", "--drafts")
    assert code == 0 and "下書きを含むプレビュー" in out
    site = repo / "site"
    page = (site / "cases" / "c47" / "index.html").read_text(encoding="utf-8")
    banner = re.search(r'<div class="admonition warning">\s*<p class="admonition-title">下書き</p>\s*<p>(.*?)</p>', page, re.S)
    assert banner and "公開するサイトには載りません" in banner.group(1)
    assert page.index("admonition-title\">下書き") < page.index("cb-card")       # at the top of the page
    assert f"{TITLE}（下書き）<a class=\"headerlink\"" in page and f"<title>{TITLE}（下書き）" in page
    # only its own page: not in lists, facet and tag pages, home, related cases, search, data, feed
    assert files_mentioning(site, MARK) == {"cases/c47/index.html"}
    assert files_mentioning(site, "c47") <= {"cases/c47/index.html", "sitemap.xml", "sitemap.xml.gz"}
    c02 = (site / "cases" / "c02" / "index.html").read_text(encoding="utf-8")
    assert "関連する事例" in c02 and "c47" not in c02


def test_preview_through_the_plugin_as_mkdocs_serve_builds_it(repo):
    """`mkdocs serve` and `mkdocs build` generate through the plugin's on_pre_build: drafts in a
    preview, never in a plain build."""
    add_draft(repo)
    run_mkdocs(repo / "mkdocs.yml", repo / "plain")
    assert not (repo / "plain" / "cases" / "c47").exists()
    run_mkdocs(repo / "mkdocs.yml", repo / "preview", drafts=True)
    assert "下書き" in (repo / "preview" / "cases" / "c47" / "index.html").read_text(encoding="utf-8")


def test_mkdocs_serve_previews_drafts():
    from casebook.plugin import CasebookPlugin
    plugin = CasebookPlugin()
    plugin.load_config({})
    plugin.on_startup(command="build", dirty=False)
    assert plugin.drafts is False
    plugin.on_startup(command="serve", dirty=False)
    assert plugin.drafts is True
    plugin.on_startup(command="build", dirty=False)
    plugin.load_config({"drafts": True})
    assert plugin.drafts is True


@pytest.mark.parametrize("drafts", [False, True])
def test_generated_lists_and_data_never_hold_a_draft(repo, drafts):
    add_draft(repo)
    result = generate(Project(repo), drafts=drafts)
    out = repo / "docs" / "cases"
    assert (out / "c47.md").exists() is drafts
    assert [c.id for c in result.book.listed()][-1] == "c21"
    mentioning = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
                  and MARK in p.read_text(encoding="utf-8")}
    assert mentioning == ({"c47.md"} if drafts else set())


def test_export_leaves_drafts_out(repo, cli):
    add_draft(repo)
    for fmt in ("json", "csv"):
        code, out, _ = cli("export", "--format", fmt, "--output", f"out.{fmt}")
        assert code == 0 and out.startswith("21 件の事例を")
        assert MARK not in (repo / f"out.{fmt}").read_text(encoding="utf-8")
    labels = json.loads((repo / "out.json").read_text(encoding="utf-8"))["labels"]["status"]
    assert "draft" not in labels and "published" in labels


def test_published_draft_then_appears(repo, cli):
    path = add_draft(repo)
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft\n", "status: sample\n"), encoding="utf-8")
    generate(Project(repo))
    assert MARK in (repo / "docs" / "cases" / "index.md").read_text(encoding="utf-8")


def test_issue_form_offers_no_draft(repo):
    project = Project(repo)
    assert load_taxonomy(project)["status"].label_of("draft") == "下書き"
    status = next(item for item in form_data(project)["body"] if item.get("id") == "status")
    assert "下書き" not in status["attributes"]["options"] and "公開" in status["attributes"]["options"]


def test_offline_preview_holds_the_draft_page_only_with_drafts(repo, cli):
    add_draft(repo)
    for flag, expected in ((["--drafts"], True), ([], False)):
        code, _, _ = cli("offline", *flag, "--output", "preview.zip")
        assert code == 0
        names = zipfile.ZipFile(repo / "preview.zip").namelist()
        assert ("casebook-offline/cases/c47.html" in names) is expected
        assert "casebook-offline/cases/c21.html" in names
