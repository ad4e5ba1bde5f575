"""`casebook bench` builds synthetic cases in a temporary copy and reports the agreed figures."""
import json

KEYS = {"cases", "total_s", "generate_s", "mkdocs_s", "site_bytes", "max_case_html_bytes", "search_index_bytes"}


def test_bench_reports_figures_without_touching_the_repo(repo, cli):
    code, out, _ = cli("bench", "--cases", "3", "--json")
    assert code == 0
    figures = json.loads(out)
    assert set(figures) >= KEYS
    assert figures["cases"] == 3
    assert figures["total_s"] >= figures["generate_s"] + figures["mkdocs_s"] > 0
    assert figures["max_case_html_bytes"] > 0 and figures["search_index_bytes"] > 0
    # the plugin's search-data step is timed inside the MkDocs run and counted in ours_share
    assert 0 < figures["search_s"] < figures["mkdocs_s"]
    assert figures["ours_share"] > figures["not_mkdocs_share"]
    assert not (repo / "site").exists() and not (repo / "docs" / "cases").exists()


def test_bench_rejects_zero_cases(repo, cli):
    assert cli("bench", "--cases", "0")[0] == 2


def test_bench_repeat_reports_the_fastest_run_and_every_run(repo, cli):
    code, out, err = cli("bench", "--cases", "2", "--repeat", "2", "--json")
    assert code == 0 and "計測 2/2" in err
    figures = json.loads(out)
    assert set(figures) >= KEYS and len(figures["runs"]) == 2
    assert figures["total_s"] == min(r["total_s"] for r in figures["runs"])
    assert cli("bench", "--cases", "2", "--repeat", "0")[0] == 2


def test_bench_repeats_each_run_in_a_new_process(repo):
    """As every build does: in this process, the cases' HTML would be cached after the first run."""
    from casebook.build.bench import repeated
    from casebook.core.project import Project
    from casebook.render.markup import _md_to_html
    _md_to_html.cache_clear()
    figures = repeated(Project(repo), 2, 2)
    assert len(figures["runs"]) == 2
    assert _md_to_html.cache_info().currsize == 0


def test_keep_leaves_a_servable_copy_and_refuses_folders_not_its_own(repo, cli, tmp_path):
    keep = tmp_path / "bench-copy"
    code, out, err = cli("bench", "--cases", "2", "--json", "--keep", str(keep))
    assert code == 0, err
    assert json.loads(out)["kept"] == str(keep.resolve())
    for rel in ("mkdocs.yml", "cases/c01.yaml", "cases/c02.yaml", "site/index.html", "site/cases/c02/index.html",
                ".casebook-bench"):
        assert (keep / rel).exists(), rel
    assert not (keep / "cases" / "c03.yaml").exists()
    assert cli("bench", "--cases", "1", "--keep", str(keep))[0] == 0      # its own folder: replaced
    assert not (keep / "cases" / "c02.yaml").exists()

    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "memo.txt").write_text("大事なメモ", encoding="utf-8")
    code, _, err = cli("bench", "--cases", "1", "--keep", str(foreign))
    assert code == 2 and ".casebook-bench" in err
    assert [p.name for p in foreign.iterdir()] == ["memo.txt"]
    for inside in (repo / "bench", repo, repo.parent):
        assert cli("bench", "--cases", "1", "--keep", str(inside))[0] == 2, inside
    assert not (repo / "bench").exists()


def test_synthetic_cases_vary_the_repository_text(repo, tmp_path):
    import yaml

    from casebook.build.synthetic import write_cases
    out = tmp_path / "cases"
    out.mkdir()
    write_cases(repo / "cases", out, 44)
    cases = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in out.glob("c*.yaml")}
    assert len(cases) == 44
    real = yaml.safe_load((repo / "cases" / "c01.yaml").read_text(encoding="utf-8"))
    assert cases["c01"]["context"] == real["context"]           # the first ones as they are
    assert cases["c22"]["context"] != real["context"] and cases["c22"]["status"] == "sample"
    assert len({c["context"] for c in cases.values()}) == 44    # no two alike
    assert all(int(r[1:]) <= 44 for c in cases.values() for r in c.get("related", []))


def test_synthetic_list_items_stay_list_items(repo, tmp_path):
    """A swapped sentence never brings a list mark into a paragraph ("text\\n- text" stays one
    paragraph with a literal "- " in Markdown; the written cases have none)."""
    import yaml

    from casebook.build.synthetic import TEXT_FIELDS, write_cases
    from casebook.render.markup import md_to_html
    out = tmp_path / "cases"
    out.mkdir()
    write_cases(repo / "cases", out, 150)
    texts = []
    for path in out.glob("c*.yaml"):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [case[f] for f in TEXT_FIELDS if isinstance(case.get(f), str)]
        texts += [s["detail"] for s in case.get("steps") or [] if isinstance(s.get("detail"), str)]
    assert len(texts) > 500 and sum("<li>" in md_to_html(t) for t in texts) > 50
    assert [t for t in texts if "\n- " in md_to_html(t)] == []


def test_bench_repeats_show_each_build_s_steps(repo):
    """Each run's process reports its build's steps, as a single run does."""
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "casebook.cli", "bench", "--cases", "2", "--repeat", "2", "--json"],
                          cwd=repo, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("1/3 事例を検証") == 2 and "計測 2/2" in done.stderr
    assert len(json.loads(done.stdout)["runs"]) == 2
