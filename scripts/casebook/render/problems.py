"""The page `casebook serve` shows in place of every page while the cases do not validate.

A standalone document (no theme: the theme needs a build, and the build is what failed), so
the editor sees the CBnnn lines in the browser they preview in, not only in the terminal.
"""
from __future__ import annotations

from .markup import text

TITLE = "事例の検証で誤りが見つかりました"
STYLE = """body{font-family:system-ui,sans-serif;margin:0;background:#fff;color:#1a1a1a}
main{max-width:60rem;margin:2rem auto;padding:0 1rem}
.cb-problems{border:2px solid #b00020;border-radius:.5rem;padding:1rem 1.5rem;background:#fff5f5}
h1{font-size:1.4rem;color:#8a0019;margin-top:0}
ol{padding-left:1.5rem}li{margin:.5rem 0}
code{font-family:ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.95rem}"""


def problems_page(lines: list[str], summary: str) -> str:
    """`lines` are the `PATH:LINE:COL: error[CBnnn] message -- hint` lines (or a build's
    messages); everything is escaped here."""
    items = "\n".join(f"<li><code>{text(line)}</code></li>" for line in lines)
    return (f'<!doctype html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">\n'
            f"<title>{TITLE} - プレビュー</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
            f'<section class="cb-problems" role="alert" aria-labelledby="cb-problems-title">\n'
            f'<h1 id="cb-problems-title">{TITLE}</h1>\n'
            f"<p>{text(summary)}。サイトは前回の正しい状態のまま止めています。"
            f"ファイルを直して保存すると、このページは自動で再読み込みされ、サイトの表示に戻ります。</p>\n"
            f"<ol>\n{items}\n</ol>\n</section>\n</main>\n</body>\n</html>\n")
