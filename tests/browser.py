"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, and a local server."""
from __future__ import annotations

import functools
import os
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a closed network and a root user (see the machine notes in README.md).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path, prefix: str = ""):
    """Serve folder on 127.0.0.1 (under /prefix/ when given); yields the base URL."""
    root = folder
    if prefix:
        root = folder.parent / (folder.name + "-served")
        (root / prefix).parent.mkdir(parents=True, exist_ok=True)
        if not (root / prefix).exists():
            (root / prefix).symlink_to(folder.resolve(), target_is_directory=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/" + (prefix + "/" if prefix else "")
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright
    assert Path(CHROMIUM).exists(), (
        f"Chromium not found at {CHROMIUM}: the test command installs Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def wait_js(page, expression: str, timeout: float = 30000) -> None:
    """Wait until a JavaScript expression is true on the page. Playwright's wait_for_function
    evaluates its predicate with eval inside the page, which the pages' Content-Security-Policy
    forbids; page.evaluate goes through the browser's protocol, outside the page's policy."""
    import time
    end = time.monotonic() + timeout / 1000
    from playwright.sync_api import Error
    while True:
        try:
            if page.evaluate(expression):
                return
            why = "still false"
        except Error as e:         # the page is navigating (a reload) or the element is not there yet
            why = str(e).splitlines()[0]
        if time.monotonic() > end:
            raise TimeoutError(f"{why} after {timeout / 1000:.0f} s: {expression}")
        time.sleep(0.05)
