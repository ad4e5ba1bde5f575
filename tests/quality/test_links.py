"""Every internal link and #anchor in the built site resolves (casebook linkcheck)."""
import shutil

from quality_gates import FIXTURES

from casebook.sitecheck.linkcheck import check_site


def test_every_internal_link_and_anchor_resolves(built_site, quality_stats):
    report = check_site(built_site)
    quality_stats.link_pages, quality_stats.links = report.pages, report.links
    quality_stats.broken_links = len(report.broken)
    assert report.pages > 40 and report.links > 1000, "リンクの検査対象が少なすぎます"
    assert not report.broken, "切れたリンク:\n" + "\n".join(b.format("site") for b in report.broken)


def test_linkcheck_reports_broken_anchor_fixture():
    report = check_site(FIXTURES / "broken-anchor")
    assert [(b.page, b.url) for b in report.broken] == [
        ("index.html", "other/#missing"), ("index.html", "no-such-page/")]
    assert report.broken[0].problem == "other/index.html にアンカー #missing がありません"
    assert report.links == 6      # external http(s) and mailto links are not counted


def test_linkcheck_reads_percent_encoded_japanese_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="地域の状況">x</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/#%E5%9C%B0%E5%9F%9F%E3%81%AE%E7%8A%B6%E6%B3%81">ok</a><a href="a/#地域の状況">ok</a>'
        '<a href="a/index.html#地域">bad</a><img src="a/missing.png" alt="">', encoding="utf-8")
    report = check_site(tmp_path)
    assert [b.url for b in report.broken] == ["a/index.html#地域", "a/missing.png"]


def test_linkcheck_command_exit_codes(cli, repo, tmp_path):
    shutil.copytree(FIXTURES / "broken-anchor", tmp_path / "broken")
    code, out, err = cli("linkcheck", str(tmp_path / "broken"))
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path / 'broken'}/index.html:11: other/index.html にアンカー #missing がありません: other/#missing",
        f"{tmp_path / 'broken'}/index.html:12: リンク先のファイルがありません: no-such-page/"]
    assert "切れたリンク 2 件" in err
    index = tmp_path / "broken" / "index.html"
    index.write_text("".join(line for line in index.read_text(encoding="utf-8").splitlines(True)
                             if "missing" not in line and "no-such-page" not in line), encoding="utf-8")
    assert cli("linkcheck", str(tmp_path / "broken"))[0] == 0
    assert cli("linkcheck", str(tmp_path / "nowhere"))[0] == 2
