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
