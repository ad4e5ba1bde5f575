"""`casebook offline`: a zip of the site that works from file:// with no network (search included).

The build uses use_directory_urls: false (links end in .html, so a browser opens them
from disk). Material's search runs in a Web Worker, which Chromium refuses to start from
file://; Material's own offline plugin fixes that with a shim fetched from a CDN, which
we must not use. So this module writes a small shim of its own (FILE_WORKER_JS) into the
build and, like that plugin, inlines the search index as search/search_index.js.
The mode is switched on by the environment variable CASEBOOK_OFFLINE=1, which
build_offline() sets around its in-process MkDocs run; hook.py calls the functions below.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from .guard import SITE_MARKER, check_zip_output
from .project import Project

ENV = "CASEBOOK_OFFLINE"
SHIM = "assets/javascripts/casebook-offline-worker.js"
DEFAULT_OUTPUT = Path("dist") / "casebook-offline.zip"
TOP = "casebook-offline"

# Runs the search worker script in a hidden same-origin iframe when the page is a file:
# the worker reads `parent.IFrameWorker` to find its scripts and awaits importScripts().
FILE_WORKER_JS = r"""/* casebook: Web Worker stand-in for pages opened from file:// (offline copy). */
(function () {
  "use strict";
  if (location.protocol !== "file:") { return; }
  function load(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.addEventListener("load", function () { resolve(); });
      script.addEventListener("error", function () { reject(new Error("cannot load " + url)); });
      doc.head.appendChild(script);
    });
  }
  class FileWorker extends EventTarget {
    constructor(url) {
      super();
      var frame = document.createElement("iframe");
      frame.hidden = true;
      frame.setAttribute("aria-hidden", "true");
      frame.tabIndex = -1;
      (document.body || document.documentElement).appendChild(frame);
      var win = frame.contentWindow, doc = frame.contentDocument, owner = this;
      if (!doc.head) { doc.documentElement.appendChild(doc.createElement("head")); }
      win.postMessage = function (data) {
        setTimeout(function () { owner.dispatchEvent(new MessageEvent("message", { data: data })); }, 0);
      };
      win.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, next) {
          return done.then(function () { return load(doc, next); });
        }, Promise.resolve());
      };
      this._win = win;
      this._ready = load(doc, new URL(url, location.href).href);
    }
    postMessage(data) {
      var win = this._win;
      this._ready.then(function () {
        win.dispatchEvent(new win.MessageEvent("message", { data: data }));
      });
    }
    terminate() {}
  }
  window.IFrameWorker = FileWorker;
  window.Worker = FileWorker;
})();
"""


def enabled() -> bool:
    return os.environ.get(ENV) == "1"


def configure(config) -> None:
    """hook.on_config: file-friendly URLs and the worker shim before Material's bundle."""
    if not enabled():
        return
    config.use_directory_urls = False
    polyfills = config.extra.get("polyfills") or []
    if SHIM not in polyfills:
        config.extra["polyfills"] = [*polyfills, SHIM]


def add_files(files, config) -> None:
    """hook.on_files: ship the shim with the offline build."""
    if enabled():
        from mkdocs.structure.files import File
        files.append(File.generated(config, SHIM, content=FILE_WORKER_JS))


def post_build(config) -> None:
    """hook.on_post_build: the search index as a script, which file:// pages can load."""
    if not enabled():
        return
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        data = index.read_text(encoding="utf-8")
        (index.parent / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


README = """基幹型 実践事例集（オフライン版）

このフォルダーの index.html をブラウザーで開くと、インターネットにつながっていなくても
事例集を読めます（検索も使えます）。フォルダーごとコピーすれば USB メモリーなどでも配れます。
事例ページの QR コードと「このページのアドレス」は、公開しているサイトの同じページを指しています。
"""


def _zip(site: Path, output: Path, epoch: int) -> int:
    stamp = time.gmtime(max(epoch, 315532800))[:6]     # zip cannot store dates before 1980
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)   # never through a link
    tmp = Path(name)
    os.fchmod(fd, 0o644)
    count = 0
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            entries = [(f"{TOP}/はじめにお読みください.txt", README.encode("utf-8"))]
            entries += [(f"{TOP}/{p.relative_to(site).as_posix()}", p.read_bytes())
                        for p in sorted(site.rglob("*")) if p.is_file() and p.name != SITE_MARKER]
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
                count += 1
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def build_offline(project: Project, output: Path, progress=print) -> int:
    """The usual build (validate, generate, strict MkDocs, safety scan) with CASEBOOK_OFFLINE=1,
    into a temporary folder, then zipped; returns the number of files in the zip.
    Raises UnsafePath, before building, for an output that is not a new or earlier zip file."""
    from .build import build_site

    output = check_zip_output(project, output)
    tmp = Path(tempfile.mkdtemp(prefix="casebook-offline-"))
    previous = os.environ.get(ENV)
    os.environ[ENV] = "1"      # configure() switches to file URLs and ships the worker shim
    try:
        build_site(project, tmp / "site", progress=progress)
        progress(f"{output} にまとめています…")
        return _zip(tmp / "site", output, int(os.environ["SOURCE_DATE_EPOCH"]))
    finally:
        if previous is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = previous
        shutil.rmtree(tmp, ignore_errors=True)


def cmd_offline(project: Project, args) -> int:
    from .build import BuildFailed
    output = Path(args.output) if args.output else project.root / DEFAULT_OUTPUT
    try:
        count = build_offline(project, output, progress=lambda m: print(m, file=sys.stderr))
    except BuildFailed as exc:
        for line in exc.details:
            print(line, file=sys.stderr)
        print(f"casebook: {exc}", file=sys.stderr)
        return 1
    print(f"完了: オフライン版（{count} ファイル）を {output} に書き出しました")
    return 0


def register(sub) -> None:
    p = sub.add_parser("offline", help="file:// で開けるオフライン版の zip を作る")
    p.add_argument("--output", help=f"出力先（既定: {DEFAULT_OUTPUT.as_posix()}）")
    p.set_defaults(handler=cmd_offline)
