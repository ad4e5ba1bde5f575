"""Permanent URLs and their QR codes for printed handouts (segno, SVG, made at build time).

A QR code only helps when it holds an absolute address, so the base is the public
site URL: CASEBOOK_SITE_URL, else a `site_url` written in mkdocs.yml. Without one the
handout prints the page's path and says why there is no QR code; it never encodes a
guessed or example host.
"""
from __future__ import annotations

import io
import os
import re

import segno

from ..core.project import Project
from .markup import text

_ABSOLUTE = re.compile(r"\Ahttps?://[^/\s]+(/\S*)?\Z")


def _configured_site_url(project: Project) -> str:
    env = os.environ.get("CASEBOOK_SITE_URL")
    if env is not None:
        return env
    try:
        from mkdocs.utils.yaml import yaml_load
        with open(project.root / "mkdocs.yml", encoding="utf-8") as f:
            return str(yaml_load(f).get("site_url") or "")
    except Exception:   # an unreadable mkdocs.yml is reported by MkDocs itself
        return ""


def public_base(project: Project) -> str | None:
    """The public site URL ending in '/', or None when none is configured."""
    url = _configured_site_url(project).strip()
    if not _ABSOLUTE.match(url):
        return None
    return url.rstrip("/") + "/"


def case_path(case_id: str) -> str:
    return f"/cases/{case_id}/"


def case_url(base: str | None, case_id: str) -> str | None:
    return f"{base}cases/{case_id}/" if base else None


def qr_svg(url: str, label: str) -> str:
    """An inline SVG QR code of url with an accessible name (no title text: keeps search clean)."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", xmldecl=False, svgns=True, nl=False, scale=1, border=4,
              omitsize=True, svgclass="cb-qr", lineclass=None, dark="#000", light="#fff")
    svg = buffer.getvalue().decode("ascii")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{text(label)}" focusable="false" ', 1)


def handout_block(base: str | None, case_id: str) -> str:
    """The address block printed at the end of a handout (and shown at the end of the page)."""
    url = case_url(base, case_id)
    if url is None:
        note = ("このページのアドレスは <code>" + text(case_path(case_id)) + "</code> です。"
                "公開先のアドレスが設定されていないビルドのため、QR コードは表示していません。")
        return f'<div class="cb-handout cb-handout--no-qr">\n<p class="cb-handout__text">{note}</p>\n</div>'
    label = f"事例 {case_id} のページを開く QR コード（{url}）"
    return "\n".join([
        '<div class="cb-handout">',
        qr_svg(url, label),
        '<p class="cb-handout__text"><span class="cb-handout__label">このページのアドレス</span><br>'
        f'<a class="cb-handout__url" href="{text(url)}">{text(url)}</a><br>'
        '<span class="cb-handout__hint">QR コードを読み取ると、このページを開けます。</span></p>',
        "</div>",
    ])
