"""A loopback static server that gzips text as GitHub Pages does, and counts what it sends.

Used by the hand-run measurements in tests/perf/ (search_cost.py, lighthouse.py) and by the
browser test of search on demand (tests/browser/test_search_lazy.py).
"""
from __future__ import annotations

import gzip
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

TEXT = {".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".csv", ".map"}


class Sent:
    def __init__(self):
        self.lock = threading.Lock()
        self.items: list[tuple[str, int]] = []      # (path, bytes on the wire)

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.items.append((path, size))

    def take(self) -> list[tuple[str, int]]:
        with self.lock:
            items, self.items = self.items, []
        return items


def serve(directory: Path, port: int = 0):
    """Serve `directory` on 127.0.0.1 from a daemon thread; server.sent counts the responses."""
    root = Path(directory).resolve()
    sent = Sent()
    cache: dict[Path, bytes] = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        # Keep connections open, as GitHub Pages does (HTTP/1.0 would open one connection per
        # request: a search's ten excerpt files then queue behind connection set-up), and send
        # at once: headers and body go out in two writes, which Nagle's algorithm would hold
        # back for the client's delayed acknowledgement (about 40 ms) on a kept connection.
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                if not urlsplit(self.path).path.endswith("/"):
                    return super().do_GET()
                path = path / "index.html"
            if not path.is_file() or path.suffix not in TEXT or "gzip" not in self.headers.get("Accept-Encoding", ""):
                size_before = path.stat().st_size if path.is_file() else 0
                super().do_GET()
                sent.add(unquote(urlsplit(self.path).path), size_before)
                return
            body = cache.get(path)
            if body is None:
                body = cache[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            self.wfile.write(body)
            sent.add(unquote(urlsplit(self.path).path), len(body))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.sent = sent
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
