"""The scan beside MkDocs (scan_overlap.py) finds what the scan after the build finds, and
rescans from disk every HTML file whose bytes differ from what it was handed."""
from types import SimpleNamespace

from casebook.scan import scan_site
from casebook.scan_overlap import ScanBesideBuild

SAFE = "<html><body><p>安全なページ</p><script src=\"assets/javascripts/bundle.js\"></script></body></html>"
UNSAFE = "<html><body><p onclick=\"x()\">危険</p></body></html>"


def _page(rel):
    return SimpleNamespace(file=SimpleNamespace(dest_uri=rel))


def _hand(scanner, site, rel, text, on_disk=None):
    assert scanner.on_post_page(text, page=_page(rel), config=None) == text
    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).write_text(text if on_disk is None else on_disk, encoding="utf-8")


def test_overlap_finds_the_same_as_the_scan_after_the_build(tmp_path):
    scanner = ScanBesideBuild(tmp_path, workers=1)
    for n in range(50):     # more than one batch, so the workers take part
        _hand(scanner, tmp_path, f"cases/c{n:02d}/index.html", UNSAFE if n in (3, 47) else SAFE)
    (tmp_path / "404.html").write_text(UNSAFE, encoding="utf-8")   # no page event: scanned from disk
    findings = scanner.finish()
    assert [f.path for f in findings] == ["404.html", "cases/c03/index.html", "cases/c47/index.html"]
    assert findings == scan_site(tmp_path, workers=1)


def test_a_page_rewritten_after_its_event_is_scanned_as_written(tmp_path):
    scanner = ScanBesideBuild(tmp_path, workers=1)
    _hand(scanner, tmp_path, "index.html", SAFE, on_disk=UNSAFE)
    _hand(scanner, tmp_path, "bad/index.html", UNSAFE, on_disk=SAFE)
    findings = scanner.finish()
    assert [f.path for f in findings] == ["index.html"]
    assert "onclick" in findings[0].problem
