"""The preview: `casebook serve` (one build per save, errors in the page) and plain `mkdocs serve`
(a case edit settles, no rebuild loop)."""
from __future__ import annotations

import functools
import hashlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from repo_support import fetch, free_port


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_yaml_edit_rebuilds_without_loop(repo, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen([str(mkdocs), "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=repo, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/cases/c01/"
    try:
        assert wait_for(lambda: "サンプル事例" in fetch(url), 60), log.read_text(encoding="utf-8")
        case = repo / "cases" / "c01.yaml"
        text = case.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        case.write_text(text.replace(title, "title: 編集後の題名で再生成を確かめる"), encoding="utf-8")
        assert wait_for(lambda: "編集後の題名で再生成を確かめる" in fetch(url), 60), log.read_text(encoding="utf-8")
        time.sleep(4)   # let any follow-up rebuild happen, then count
        builds = log.read_text(encoding="utf-8").count("Building documentation")
        time.sleep(4)
        assert log.read_text(encoding="utf-8").count("Building documentation") == builds
        assert builds <= 3, log.read_text(encoding="utf-8")   # first build, the edit, at most one settle
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- casebook serve ----------------------------------------------------------------------

BUILD_LINE = "casebook serve: ビルド"


def builds(log: Path) -> int:
    return log.read_text(encoding="utf-8").count(BUILD_LINE)


def settled(log: Path, quiet_s: float = 3.0) -> int:
    """The build count once no build has started for quiet_s seconds."""
    count, since = builds(log), time.monotonic()
    while time.monotonic() - since < quiet_s:
        time.sleep(0.2)
        if builds(log) != count:
            count, since = builds(log), time.monotonic()
    return count


def test_casebook_serve_one_build_per_save_errors_in_page(repo, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    casebook = Path(sys.executable).with_name("casebook")
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen([str(casebook), "serve", "--port", str(port)], cwd=repo,
                                  stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/cases/c01/"
    text = log.read_text
    try:
        assert wait_for(lambda: "サンプル事例" in fetch(url), 90), text(encoding="utf-8")
        assert settled(log) == 1, text(encoding="utf-8")
        case = repo / "cases" / "c01.yaml"
        original = case.read_text(encoding="utf-8")
        title = next(line for line in original.splitlines() if line.startswith("title:"))

        # a save: its page shows the change after exactly one build (no second build from our own writes)
        case.write_text(original.replace(title, "title: 保存を一度で反映する題名"), encoding="utf-8")
        assert wait_for(lambda: "保存を一度で反映する題名" in fetch(url), 60), text(encoding="utf-8")
        assert settled(log) == 2, text(encoding="utf-8")
        assert "保存を一度で反映する題名" in fetch(f"http://127.0.0.1:{port}/cases/")   # the list follows too
        # and so does search, written by a second process after the page is shown
        assert wait_for(lambda: "保存を一度で反映する題名" in fetch(f"http://127.0.0.1:{port}/search/cb/meta.js"), 60)

        # an invalid save: every page shows the panel with the CB line, escaped
        block = next(line for line in original.splitlines() if line.startswith("block:"))
        case.write_text(original.replace(block, 'block: "<i>nowhere"'), encoding="utf-8")
        assert wait_for(lambda: "error[CB012]" in fetch(url), 60), text(encoding="utf-8")
        panel = fetch(url)
        assert "事例の検証で誤りが見つかりました" in panel
        assert "cases/c01.yaml:" in panel and "&lt;i&gt;nowhere" in panel and "<i>nowhere" not in panel
        assert "/livereload/" in panel          # the fixing save reloads the browser
        assert "error[CB012]" in fetch(f"http://127.0.0.1:{port}/")
        assert "error[CB012]" in text(encoding="utf-8")    # and the terminal says it too

        # the fixing save brings the site back
        case.write_text(original, encoding="utf-8")
        assert wait_for(lambda: "サンプル事例" in fetch(url) and "error[CB" not in fetch(url), 60), text(encoding="utf-8")
        assert settled(log) == 3, text(encoding="utf-8")
    finally:
        server.terminate()
        code = server.wait(timeout=20)
    assert code == 0, text(encoding="utf-8")
    assert "プレビューを終えました" in text(encoding="utf-8")
    assert "Traceback" not in text(encoding="utf-8"), text(encoding="utf-8")
    # what the preview found clean is kept for the next run (core/stored.py), the fixed file as saved last
    from casebook.core.project import Project
    from casebook.core.stored import Stored
    kept = Stored.for_project(repo).read()["files"]
    assert set(kept) == {Project(repo).rel(p) for p in Project(repo).case_files()}
    assert kept["cases/c01.yaml"][0] == hashlib.sha256(original.encode("utf-8")).digest()


def test_serve_usage_errors(repo, cli):
    assert cli("serve", "--port", "0")[0] == 2
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        code, _, err = cli("serve", "--port", str(taken.getsockname()[1]))
    assert code == 2 and "--port" in err


def test_problems_page_escapes():
    from casebook.render.problems import problems_page
    page = problems_page(['cases/c01.yaml:3:1: error[CB040] <script>x</script> & "q"'], "1 件のエラー（1 ファイル）")
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; &quot;q&quot;" in page
    assert 'lang="ja"' in page and "error[CB040]" in page


def test_search_writer_reports_a_failed_write_and_stops_when_told():
    from casebook.build.serve import SearchWriter
    said = []
    writer = SearchWriter(functools.partial(os.stat, "/nonexistent/casebook-search"), said.append)
    writer.wait(60)
    assert wait_for(lambda: said, 10)
    assert said[0].startswith("casebook serve: 検索のデータを書けませんでした") and "casebook-search" in said[0]

    slow = SearchWriter(functools.partial(time.sleep, 120), said.append)
    start = time.monotonic()
    slow.stop()                       # a newer save does not wait for an older write
    assert time.monotonic() - start < 30 and slow.process is None
    assert len(said) == 1
