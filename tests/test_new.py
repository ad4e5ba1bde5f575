"""`casebook new` and the whole editor path: new (a draft) -> fill -> validate -> build (no page) ->
published -> build -> page with edit link."""
from __future__ import annotations

import re
import subprocess

import yaml

from casebook.build.site import build_site
from casebook.core.project import Project


def test_new_writes_next_free_id_from_template(repo, cli):
    code, out, err = cli("new", "--block", "kinki", "--theme", "supervision", "--date", "2026-11-27")
    assert code == 0
    assert out.strip() == "cases/c22.yaml"
    assert "次の手順" in err
    text = (repo / "cases" / "c22.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=case.schema.json\n")
    assert "id: c22\n" in text and "block: kinki\n" in text and 'updated: "2026-11-27"' in text
    assert re.search(r"^status: (.*)$", text, re.M).group(1) == "draft"     # published only when the editor says so
    assert "#   flat-relations: フラットな関係性の構築" in text     # choices come from the taxonomy
    assert "{choices:" not in text


def test_new_rejects_unknown_keys(repo, cli):
    code, _, err = cli("new", "--block", "kinky", "--theme", "supervision")
    assert code == 2
    assert "--block 'kinky' は定義されていません" in err and "kinki" in err


def test_ids_are_never_reused(repo, cli):
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "cases"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], cwd=repo, check=True)
    (repo / "cases" / "c21.yaml").unlink()          # deleted by mistake: c21 must not come back
    code, out, _ = cli("new", "--block", "kinki", "--theme", "supervision")
    assert (code, out.strip()) == (0, "cases/c22.yaml")


FILLED = {
    "title": "検証のために追加した事例", "summary": "新しい編集者が手順どおりに追加した事例です。内容は説明用です。",
    "fiscal_year": "r5", "program": "paired",
}


def fill(text: str) -> str:
    for key, value in FILLED.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, flags=re.M)
    text = text.replace("  population_band: 【要記入】", "  population_band: under-100k")
    text = text.replace("  area_type: 【要記入】", "  area_type: rural")
    text = text.replace("  resource_level: 【要記入】", "  resource_level: few")
    text = text.replace("roles: []", "roles:\n  - network-building").replace("partners: []", "partners:\n  - hello-work")
    text = text.replace("【要記入】手順1の見出し", "連絡会を始める").replace("【要記入】手順2の見出し", "役割を分ける")
    return text.replace("【要記入】", "地域の関係機関と話し合いました。")


def test_editor_path_end_to_end(repo, cli, monkeypatch):
    monkeypatch.setenv("CASEBOOK_EDIT_BASE", "https://github.com/example/casebook/edit/main/")
    cli("new", "--block", "tohoku", "--theme", "collaboration", "--date", "2026-11-27")
    path = repo / "cases" / "c22.yaml"
    code, out, _ = cli("validate", "cases/c22.yaml")
    assert code == 1 and "error[CB031]" in out and "error[CB014]" in out
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, _ = cli("validate", "cases/c22.yaml")
    assert (code, out) == (0, "")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["roles"] == ["network-building"]
    build_site(Project(repo), progress=lambda _: None)
    assert not (repo / "site" / "cases" / "c22").exists()     # still a draft: not on the site
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft\n", "status: published\n"), encoding="utf-8")
    build_site(Project(repo), progress=lambda _: None)
    page = (repo / "site" / "cases" / "c22" / "index.html").read_text(encoding="utf-8")
    assert "検証のために追加した事例" in page
    assert 'href="https://github.com/example/casebook/edit/main/cases/c22.yaml"' in page
