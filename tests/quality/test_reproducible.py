"""Two clean builds in different folders, processes, hash seeds and time zones: identical bytes."""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from quality_gates import ROOT

from repo_support import copy_repo

BUILD = "import sys; from casebook.cli import main; sys.exit(main(['build']))"


def _digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_clean_builds_are_identical(tmp_path, quality_stats):
    jobs = []
    for name, seed, tz in (("first", "1", "UTC"), ("second-build", "2", "Asia/Tokyo")):
        root = copy_repo(tmp_path / name / "repo")
        env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "PYTHONHASHSEED": seed, "TZ": tz,
               "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
        jobs.append((root, subprocess.Popen([sys.executable, "-c", BUILD], cwd=root, env=env,
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
    for root, job in jobs:
        output = job.communicate()[0]
        assert job.returncode == 0, f"{root} のビルドに失敗しました:\n{output}"
    first, second = (_digests(root / "site") for root, _ in jobs)
    differing = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    quality_stats.repro_files = len(first)
    quality_stats.repro_differences = len(differing)
    assert len(first) > 50
    assert not differing, "2 回のビルドで内容が違うファイル:\n" + "\n".join(differing)
