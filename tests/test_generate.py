"""Generated Markdown is portable: relative links only, parts resolved from their includer."""
from __future__ import annotations

import re

from casebook.core.project import Project
from casebook.generate.generator import generate, page_dir, relative_links

INCLUDE = re.compile(r'^--8<-- "([^"]+)"', re.MULTILINE)


def test_relative_links_from_each_folder():
    text = "[a](/cases/c01.md) [b](/cases/block/kinki.md#x) [c](https://example.org/) [d](../e.md)"
    assert relative_links(text, "cases/block") == "[a](../c01.md) [b](kinki.md#x) [c](https://example.org/) [d](../e.md)"
    assert relative_links(text, "") .startswith("[a](cases/c01.md) [b](cases/block/kinki.md#x)")


def test_part_folders():
    assert page_dir("c01.md") == "cases"
    assert page_dir("workshop/theme/supervision.md") == "cases/workshop/theme"
    assert page_dir("_parts/matrix.md") == ""
    assert page_dir("_parts/points/role/flat-relations.md") == "guide"
    assert page_dir("_parts/points/policy_direction/assessment.md") == "background"


def test_no_docs_absolute_links_are_written(repo):
    generate(Project(repo))
    out = repo / "docs" / "cases"
    offenders = [str(p.relative_to(out)) for p in out.rglob("*.md") if "](/" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_every_include_comes_from_the_folder_its_part_was_written_for(repo):
    """A part's relative links only work from the folder PART_HOMES names for it."""
    docs = repo / "docs"
    includes = 0
    for page in docs.rglob("*.md"):
        if page.is_relative_to(docs / "cases"):
            continue
        folder = page.parent.relative_to(docs).as_posix()
        for name in INCLUDE.findall(page.read_text(encoding="utf-8")):
            includes += 1
            assert page_dir(f"_parts/{name}") == ("" if folder == "." else folder), f"{page}: {name}"
    assert includes >= 20
