"""The facet script stays small and dependency-free."""
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "javascripts" / "facets.js"


def test_facets_script_under_30_kb_without_imports():
    source = SCRIPT.read_text(encoding="utf-8")
    assert SCRIPT.stat().st_size < 30 * 1024
    assert "import " not in source and "require(" not in source and "http" not in source
