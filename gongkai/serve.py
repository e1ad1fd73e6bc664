"""Local preview: a static server on 127.0.0.1 for the built output."""
from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        """A missing page gets the site's own 404.html (Chinese, with search), as on the real server."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(out: Path, host: str, port: int, stdout) -> int:
    handler = functools.partial(QuietHandler, directory=str(out))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as e:
        print(f"无法在 {host}:{port} 启动预览服务器: {e}; 可用 --port 换一个端口", file=stdout)
        return 2
    print(f"预览地址: http://{host}:{server.server_address[1]}/  (按 Ctrl+C 停止)", file=stdout, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
