"""requirements/site.lock (make site, deploys) and requirements/test.lock (what the tests add):
exact pins, no package in both, and every direct dependency of pyproject.toml pinned in its set."""
from __future__ import annotations

import re
import tomllib

from repo_support import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(name: str) -> dict[str, str]:
    out = {}
    for number, line in enumerate((ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.match(line.strip())
        assert match, f"requirements/{name}:{number}: 完全に固定した NAME==VERSION ではありません: {line!r}"
        package = normalize(match.group(1))
        assert package not in out, f"requirements/{name}:{number}: {package} が 2 回あります"
        out[package] = match.group(2)
    return out


def direct(requirements: list[str]) -> dict[str, str]:
    out = {}
    for requirement in requirements:
        match = PIN.match(requirement.strip())
        assert match, f"pyproject.toml の依存が完全に固定されていません: {requirement!r}"
        out[normalize(match.group(1))] = match.group(2)
    return out


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_site_set_pins_every_dependency_of_the_package():
    site = pins("site.lock")
    for package, version in direct(PROJECT["dependencies"]).items():
        assert site.get(package) == version, f"{package}=={version} が requirements/site.lock にありません"
    assert "setuptools" in site             # the editable install runs without build isolation


def test_the_test_set_adds_only_what_the_tests_need():
    site, test = pins("site.lock"), pins("test.lock")
    assert not set(site) & set(test), f"両方にあります: {sorted(set(site) & set(test))}"
    for package, version in direct(PROJECT["optional-dependencies"]["test"]).items():
        assert test.get(package) == version, f"{package}=={version} が requirements/test.lock にありません"
    assert test["import-linter"] == "2.16" and test["ruff"] == "0.17.5"
    for package in ("pytest", "playwright", "zensical", "pre-commit", "ruff", "import-linter", "grimp"):
        assert package not in site, f"{package} はテストだけが使います: requirements/test.lock に置いてください"


def test_no_file_still_names_the_old_single_lock():
    old = "requirements" + ".lock"
    places = [ROOT / "Makefile", ROOT / "README.md", ROOT / "pyproject.toml", ROOT / ".ci" / "run",
              *(ROOT / ".github" / "workflows").glob("*.yml"), *(ROOT / "tests").rglob("*.py")]
    stale = [p.relative_to(ROOT).as_posix() for p in places if p.is_file() and old in p.read_text(encoding="utf-8")]
    assert not (ROOT / old).exists()
    assert not stale, f"{old} を参照しています: {stale}"
