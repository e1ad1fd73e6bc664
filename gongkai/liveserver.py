"""The preview's HTTP side: the built pages with the reload script added, the build's state as
JSON for that script, and the site's 404 page for missing paths (and for folders without a page:
no listing, no hidden file). The pages are served at / and also under base_url's path, where the
404 page's links lead (they are absolute from that path, as the real server needs)."""
from __future__ import annotations

import functools
import json
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

LIVE = "/__gongkai__/"
SCRIPT = (Path(__file__).parent / "live.js").read_bytes()
TAG = b'<script src="/__gongkai__/live.js"></script>'
NOT_BUILT = ('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>网站尚未生成</title>'
             '<h1>网站尚未生成</h1><p>内容有错误, 改正并保存后页面会自动出现。</p></html>').encode("utf-8")


class LiveState:
    """What the reload script polls: a generation per build, whether it passed, its errors."""

    def __init__(self):
        self.lock = threading.Lock()
        self.data = {"generation": 0, "builds": 0, "ok": True, "diagnostics": [], "index": 0}
        self.prefix = "/"          # base_url's path, as site.toml says now

    def publish(self, ok: bool, diagnostics: list[dict], prefix: str | None = None) -> None:
        with self.lock:
            d = self.data
            d.update(generation=d["generation"] + 1, builds=d["builds"] + 1, ok=ok, diagnostics=diagnostics)
            self.prefix = prefix or self.prefix

    def indexed(self) -> None:
        with self.lock:
            self.data["index"] += 1

    def json(self) -> bytes:
        with self.lock:
            return json.dumps(self.data, ensure_ascii=False).encode("utf-8")


def inject(page: bytes) -> bytes:
    at = page.rfind(b"</body>")
    return page[:at] + TAG + page[at:] if at >= 0 else page + TAG


class LiveHandler(SimpleHTTPRequestHandler):
    state: LiveState

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.respond(head=False)

    def do_HEAD(self):
        self.respond(head=True)

    def respond(self, head: bool) -> None:
        try:
            self.answer(head)
        except ConnectionError:
            return                           # the browser went away
        except (OSError, ValueError):        # a name too long for the disk, a NUL byte: nothing there
            self.send_error(404)

    def answer(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == LIVE + "state":
            return self.send(200, "application/json; charset=utf-8", self.state.json(), head)
        if path == LIVE + "live.js":
            return self.send(200, "text/javascript; charset=utf-8", SCRIPT, head)
        if any(part.startswith(".") for part in path.split("/")):
            return self.send_error(404)      # .gongkai-output and other hidden entries are never served
        page = self.html_file(path)
        if page is None:
            return super().do_HEAD() if head else super().do_GET()
        self.send(200, "text/html; charset=utf-8", inject(page.read_bytes()), head)

    def translate_path(self, path: str) -> str:
        """A path under base_url's path is the same path at /, unless the site has that folder itself."""
        local = super().translate_path(path)
        prefix, wanted = self.state.prefix, urlsplit(path).path
        if prefix != "/" and wanted.startswith(prefix) and not os.path.exists(local):
            return super().translate_path("/" + wanted[len(prefix):])
        return local

    def list_directory(self, path):
        """A folder without its own page is missing (the real server has no listings either)."""
        self.send_error(404)

    def html_file(self, path: str) -> Path | None:
        """The HTML page a path names (a folder's index.html), inside the served folder only."""
        local = Path(self.translate_path(path))
        if local.is_dir():
            if not path.endswith("/"):
                return None        # SimpleHTTPRequestHandler redirects to the slash form
            local = local / "index.html"
        return local if local.suffix == ".html" and local.is_file() else None

    def send(self, status: int, kind: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        """A missing page gets the site's own 404.html (Chinese, with search), as on the real server."""
        if code != 404:         # 414, 501 …: said in Chinese too
            body = (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>无法处理的请求</title>'
                    f"<h1>无法处理的请求 ({int(code)})</h1><p>预览服务器只提供网页的读取 (GET、HEAD)。</p></html>").encode("utf-8")
            self.close_connection = True
            return self.send(code, "text/html; charset=utf-8", body, self.command == "HEAD")
        page = Path(self.directory) / "404.html"
        body = inject(page.read_bytes() if page.is_file() else NOT_BUILT)
        self.send(404, "text/html; charset=utf-8", body, self.command == "HEAD")


def start_server(out: Path, host: str, port: int, state: LiveState) -> ThreadingHTTPServer:
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(type("Handler", (LiveHandler,), {"state": state}), directory=str(out))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
