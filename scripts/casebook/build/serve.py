"""`casebook serve`: the live preview, one build per save, errors shown in the page.

`mkdocs serve` watches docs/, so the generator's own writes under docs/cases/ woke it a second
time and every save built the whole site twice. Here the watcher ignores the generated folder
(a save of cases/*.yaml is what changes it), the generator runs once before MkDocs, and a save
that only edits case files is built in MkDocs' dirty mode: the generator rewrites only the
files whose bytes change (generate/output.py), so MkDocs renders the edited case page and the
lists that show it, and the plugin keeps the search entries of the others (plugin.SearchState).
Anything else (taxonomy, glossary, mkdocs.yml, theme, hand-written pages, a deleted file)
gets a full build, as does the build after a failed one.

While the cases do not validate, every HTML request is answered with a page listing the
CBnnn lines (render/problems.py); MkDocs' live-reload script in it brings the site back on the
save that fixes them.
"""
from __future__ import annotations

import io
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import wsgiref.util
from pathlib import Path

from ..core.beside import end, follow_parent
from ..core.diagnostics import CasebookError, summary
from ..core.errors import BuildFailed, ForeignFolder
from ..core.progress import Progress, quiet
from ..core.project import CASE_FILE, Project
from ..core.stored import Stored
from ..generate.generator import generate
from ..render.problems import problems_page
from ..rules.validate import FileCache
from .site import source_date_epoch

HOST = "127.0.0.1"
# MkDocs warns on every dirty build that navigation may be inaccurate; the preview chooses
# dirty builds only where nothing but the edited pages can change (see above).
DIRTY_WARNING = "A 'dirty' build is being performed"


class PortInUse(Exception):
    pass


class _QuietDirty(logging.Filter):
    def filter(self, record):
        return not record.getMessage().startswith(DIRTY_WARNING)


def check_port(host: str, port: int) -> None:
    """Before the first build (which takes seconds at 1,000 cases), not after it."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PortInUse(f"{host}:{port} は使えません（{exc.strerror}）") from None
# MkDocs polls every 0.5 s; a save should show within a second on the 21-case site.
POLL_S = 0.2
# Editors' swap and backup files beside the sources: not a change of the site.
SCRATCH = re.compile(r"(^\.|~$|\.sw[a-p]$|^#.*#$|^4913$)")


def _is_case_edit(project: Project, path: str) -> bool:
    p = Path(path)
    return p.parent == project.cases_dir and CASE_FILE.match(p.name) is not None and p.is_file()


def _snippet_pages(docs_dir: Path, out_dir: Path) -> list[Path]:
    """Hand-written pages that include generated parts (--8<--): their own source does not
    change when a part does, so a dirty build would keep them stale."""
    pages = []
    for path in docs_dir.rglob("*.md"):
        if not path.is_relative_to(out_dir) and "--8<--" in path.read_text(encoding="utf-8", errors="replace"):
            pages.append(path)
    return pages


def _dest(site_dir: Path, docs_dir: Path, page: Path) -> Path:
    rel = page.relative_to(docs_dir).with_suffix("")
    return site_dir / (rel.parent if rel.name in ("index", "README") else rel) / "index.html"


def _newest(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.rglob("*") if p.is_file()), default=0.0)


def _reusable_env(theme):
    """The theme's Jinja environment with its compiled templates and its list of files kept:
    MkDocs makes a new one per build, and compiling Material's templates again costs more
    than rendering the pages a case edit changes. Only dirty builds reuse it; a change to the
    theme or the config gets a full build with a fresh one."""
    env = theme.get_env()
    names, filtered = env.list_templates(), {}

    def list_templates(extensions=None, filter_func=None):
        if filter_func is None:
            return names
        # MkDocs passes a new closure per build with the same rule (its static files)
        key = filter_func.__qualname__
        if key not in filtered:
            filtered[key] = [name for name in names if filter_func(name)]
        return filtered[key]

    env.list_templates = list_templates
    return env


def _write_search(job, errors) -> None:
    follow_parent()      # a preview stopped with SIGKILL leaves no writer behind
    try:
        job()
    except OSError as exc:
        errors.put(str(exc))


class SearchWriter:
    """The search data of a preview build, written by a second process after the page is
    shown: at 1,000 cases it takes seconds, and a save made meanwhile stops it rather than
    wait for it (the next build starts a new one). Spawned, not forked: the server has threads.
    A write that fails is reported through `progress` when the process ends."""

    def __init__(self, job=None, progress: Progress = quiet):
        self.process = None
        if job is not None:
            context = multiprocessing.get_context("spawn")
            errors = context.SimpleQueue()
            self.process = context.Process(target=_write_search, args=(job, errors), daemon=True)
            self.process.start()
            threading.Thread(target=self._report, args=(self.process.sentinel, errors, progress), daemon=True).start()

    @staticmethod
    def _report(sentinel, errors, progress: Progress) -> None:
        multiprocessing.connection.wait([sentinel])
        if not errors.empty():
            progress(f"casebook serve: 検索のデータを書けませんでした: {errors.get()}")

    def stop(self) -> None:
        if self.process is not None:
            end(self.process)
            self.process = None

    def wait(self, timeout: float | None = None) -> None:
        """Tests: until the search data is written."""
        if self.process is not None:
            self.process.join(timeout)


def make_server(project: Project, port: int, progress: Progress = quiet, *, host: str = HOST,
                stored: Stored | None = None):
    """The preview server, built once and ready to `serve()` (blocks until `shutdown()`);
    `stored`: the results of earlier runs (core/stored.py), used by the first build and kept
    after it and at the end."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError
    from mkdocs.livereload import LiveReloadServer, _serve_url

    check_port(host, port)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(project.root)
    config_file = project.root / "mkdocs.yml"
    site_dir = tempfile.mkdtemp(prefix="casebook-serve-")
    ignored = os.path.abspath(project.out_dir) + os.sep

    class PreviewServer(LiveReloadServer):
        problem: bytes | None = None

        def watch(self, path, func=None, *, recursive=True):
            """MkDocs' watch, with our generated folder and editors' scratch files left out
            and the changed paths remembered (they choose a dirty or a full build)."""
            import watchdog.events
            path = os.path.abspath(path)
            if path in self._watched_paths:
                self._watched_paths[path] += 1
                return
            self._watched_paths[path] = 1
            handler = watchdog.events.FileSystemEventHandler()
            handler.on_any_event = self._on_event
            self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

        def _on_event(self, event):
            if event.is_directory:
                return
            paths = {os.path.abspath(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p}
            paths = {p for p in paths if not p.startswith(ignored) and not SCRATCH.search(os.path.basename(p))}
            if not paths:
                return
            with self._rebuild_cond:
                state.pending |= paths
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        def _serve_request(self, environ, start_response):
            path = environ["PATH_INFO"]
            if path.startswith("/livereload/") or not path.endswith(("/", ".html")):
                return super()._serve_request(environ, start_response)
            with self._epoch_cond:       # the build under way decides: the site or the panel
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                problem, epoch = self.problem, self._visible_epoch
            if problem is None:
                return super()._serve_request(environ, start_response)
            content = self._inject_js_into_html(problem, epoch)
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(content)))])
            return wsgiref.util.FileWrapper(io.BytesIO(content))

    class State:
        pending: set[str] = set()
        built = False          # the site folder holds a complete build to be dirty-built on
        env = None
        builds = 0
        # a save loads and checks only the files it changed; the first build, what earlier runs found clean
        cache = FileCache.from_stored(stored) if stored is not None else FileCache()
        search = SearchWriter()

    state = State()
    lock = threading.Lock()

    def get_config():
        config = load_config(str(config_file), site_dir=site_dir, dev_addr=f"{host}:{port}")
        config.site_url = serve_url
        plugin = config.plugins.get("casebook")
        if plugin is None:
            raise BuildFailed("mkdocs.yml の plugins: に casebook がありません -- search と tags の後に - casebook を加えてください")
        if "drafts" in plugin.config:       # previews show drafts when the plugin knows them
            plugin.config["drafts"] = True
        return config, plugin

    def show_problem(lines: list[str], headline: str) -> None:
        server.problem = problems_page(lines, headline).encode("utf-8")
        for line in lines:
            progress(line)
        progress(f"casebook serve: {headline} -- 直して保存すると、もう一度ビルドします")

    def builder(config=None):
        with lock:
            start = time.perf_counter()
            state.search.stop()     # its data is for the build this one replaces
            with server._rebuild_cond:
                changed, state.pending = state.pending, set()
            dirty = state.built and bool(changed) and all(_is_case_edit(project, p) for p in changed)
            try:
                result = generate(project, cache=state.cache)
            except CasebookError as exc:
                with server._rebuild_cond:
                    state.pending |= changed      # still to be built once the cases validate
                show_problem([d.format() for d in exc.diagnostics], summary(exc.diagnostics))
                return
            except ForeignFolder as exc:
                with server._rebuild_cond:
                    state.pending |= changed
                show_problem([str(exc)], "生成先のフォルダを書き換えられません")
                return
            try:
                config, plugin = get_config()
                if dirty:
                    parts, docs_dir = _newest(project.out_dir / "_parts"), Path(config.docs_dir)
                    for page in _snippet_pages(docs_dir, project.out_dir):
                        dest = _dest(Path(site_dir), docs_dir, page)
                        if dest.is_file() and dest.stat().st_mtime < parts:
                            os.utime(dest, (0, 0))      # older than its source: MkDocs rebuilds it
                if not (dirty and state.env):
                    state.env = _reusable_env(config.theme)
                env = state.env
                config.theme.get_env = lambda: env
                plugin.pregenerated = plugin.defer_search = True
                try:
                    build(config, serve_url=serve_url, dirty=dirty)
                finally:
                    plugin.pregenerated = plugin.defer_search = False
                job, plugin.search_job = plugin.search_job, None
            except (Abort, ConfigurationError, PluginError, BuildFailed, OSError) as exc:
                state.built = False
                show_problem([str(exc)], "MkDocs のビルドに失敗しました")
                return
            state.built = True
            state.builds += 1
            server.problem = None
            kind = "差分" if dirty else "全体"
            progress(f"casebook serve: ビルド {state.builds}（{kind}、事例 {len(result.book.cases)} 件、"
                     f"更新 {result.counts['written']} ファイル）{time.perf_counter() - start:.2f} 秒")
            if job is not None:
                state.search = SearchWriter(job, progress)


    serve_url = _serve_url(host, port, "/")
    server = PreviewServer(builder=builder, host=host, port=port, root=site_dir, polling_interval=POLL_S)
    server.site_dir = site_dir

    def error_handler(code):
        page = Path(site_dir, f"{code}.html")
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = error_handler
    config, _ = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    server.config = config
    server.state = state
    try:
        builder()
        if stored is not None:
            state.cache.store(stored)
        for path in (project.root / "docs", config_file, project.root / "overrides", project.cases_dir):
            if path.exists():
                server.watch(str(path))
    except BaseException:
        shutil.rmtree(site_dir, ignore_errors=True)
        raise
    return server


def serve(project: Project, port: int, progress: Progress = quiet, *, host: str = HOST,
          ready=None, stored: Stored | None = None) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM turned into KeyboardInterrupt by the caller)."""
    try:
        server = make_server(project, port, progress, host=host, stored=stored)
    except KeyboardInterrupt:      # stopped during the first build: make_server has cleaned up
        return
    if ready is not None:
        ready(server)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.state.search.stop()
        if stored is not None:
            server.state.cache.store(stored)
        server.config.plugins.on_shutdown()
        shutil.rmtree(server.site_dir, ignore_errors=True)
