"""The search worker's Node tests (tests/js/, `node --test`) as part of the pytest run, and their
fixture index kept equal to what the Python writer (search_shards.write) makes today."""
from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess

import pytest

from repo_support import ROOT

JS_TESTS = ROOT / "tests" / "js"


def make_fixture_module():
    spec = importlib.util.spec_from_file_location("make_fixture", JS_TESTS / "make_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_js_fixture_is_what_the_python_writer_makes(tmp_path):
    make_fixture_module().write_fixture(tmp_path)
    committed, fresh = tree(JS_TESTS / "fixtures"), tree(tmp_path)
    assert sorted(committed) == sorted(fresh), "tests/js/fixtures のファイルが違います"
    changed = [name for name in fresh if committed[name] != fresh[name]]
    assert not changed, (f"{changed} が search_shards.py の出力と違います: "
                         "`.venv/bin/python tests/js/make_fixture.py` で作り直してください")


def test_node_tests_of_the_search_worker_pass():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node がありません: Node.js 20 以上を入れてください（apt-get install nodejs）")
    declared = sum(len(re.findall(r"^test\(", p.read_text(encoding="utf-8"), re.M))
                   for p in JS_TESTS.glob("*.test.js"))
    run = subprocess.run([node, "--test", "--test-reporter=tap", "tests/js/"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    output = run.stdout + run.stderr
    # The closing lines of the TAP report: "# tests N", "# pass N", "# fail N"
    summary = {key: int(n) for key, n in re.findall(r"^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$",
                                                     run.stdout, re.M)}
    assert run.returncode == 0 and summary.get("fail") == 0, "node --test tests/js/ が失敗しました:\n" + output[-6000:]
    assert summary.get("tests") == summary.get("pass") == declared > 0, (summary, declared, output[-3000:])
    assert summary.get("skipped") == summary.get("todo") == summary.get("cancelled") == 0, summary
    print(f"node --test tests/js/: {summary['pass']} / {summary['tests']} 件成功")
