"""`mkdocs serve`: editing a case YAML rebuilds its page once, with no rebuild loop."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


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
