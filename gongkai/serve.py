"""`python build.py serve`: build, serve on 127.0.0.1, watch, rebuild, reload open pages.

The built output never carries the reload script: the server adds it to each HTML page it sends.
A build that fails keeps the previous pages and shows its diagnostics over every open page; the
fix brings the pages back by itself. The search index is refreshed in the background after the
pages. Saves arriving together (an editor's "save all", a git checkout) make one rebuild."""
from __future__ import annotations

import errno
import gc
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

from .config import load_config
from .diagnostics import ERROR, format_text
from .interrupts import release, stop_hint
from .liveserver import LiveState, start_server
from .oserrors import described
from .pipeline import EXIT_OK, build
from .previewindex import KeepIndex, refresh
from .search import SearchError
from .watch import Watcher
from .workers import WorkerLost

QUIET = 0.3        # seconds without a new save before a rebuild starts


class Preview:
    def __init__(self, site_dir: Path, out: Path, today, args, stdout):
        self.site_dir, self.out, self.today, self.args, self.stdout = site_dir, out, today, args, stdout
        self.state = LiveState()
        self.cancel = threading.Event()
        self.indexer: threading.Thread | None = None

    def rebuild(self) -> None:
        self.stop_indexing()
        started = time.monotonic()
        try:
            # the pages as with search (the search page's box), the index kept as it is, made after them
            search = not self.args.no_search
            result = build(self.site_dir, self.out, self.today, self.args.strict, search=search,
                           preview=self.args.drafts, finish=KeepIndex(self.out) if search else None,
                           use_cache=not self.args.no_cache)
        except WorkerLost:        # not the editor's Ctrl-C: the preview stays as it was and goes on
            self.stdout.write(f"未更新: {WorkerLost.MESSAGE}; 保存一次文件即可重试\n")
            self.stdout.flush()
            return
        ok = result.exit_status == EXIT_OK
        shown = [asdict(d) for d in result.diagnostics if d.severity == ERROR or ok]
        config, _ = load_config(self.site_dir)
        self.state.publish(ok, shown, urlsplit(config.base_url).path if config is not None else None)
        took = f"{time.monotonic() - started:.1f} 秒"
        line = (f"已生成 {result.pages} 个页面 ({took}), 打开的页面会自动刷新" if ok
                else f"未更新: {result.errors} 个错误, 页面上会显示这些错误; 改正并保存后自动恢复")
        self.stdout.write(format_text([d for d in result.diagnostics if d.severity == ERROR], line))
        self.stdout.flush()
        # the site just built goes now: under the command's high collector thresholds (launch) the few
        # cycles in it kept some 20 MB of each rebuild of a large site until a rare full collection
        del result
        gc.collect()
        if ok and not self.args.no_search:
            self.cancel.clear()
            self.indexer = threading.Thread(target=self.index, daemon=True)
            self.indexer.start()

    def index(self) -> None:
        try:
            if refresh(self.out, self.cancel):       # (else another build holds the output: the next save's)
                self.state.indexed()
        except (SearchError, OSError) as e:
            if not self.cancel.is_set():
                self.stdout.write(f"搜索索引未更新: {described(e) if isinstance(e, OSError) else e}\n")
                self.stdout.flush()

    def stop_indexing(self) -> None:
        if self.indexer is not None and self.indexer.is_alive():
            self.cancel.set()
            self.indexer.join()


def serve(site_dir: Path, out: Path | None, today, args, stdout, stderr) -> int:
    temporary = out is None
    if temporary:     # a preview (drafts included) never lands in public/, which may be deployed
        out = Path(tempfile.mkdtemp(prefix="gongkai-preview-")) / "site"
    preview = Preview(site_dir, out, today, args, stdout)
    try:
        preview.rebuild()
        try:
            server = start_server(out, args.host, args.port, preview.state)
        except OSError as e:
            preview.stop_indexing()         # (its folder goes: it would say so)
            print(f"无法在 {args.host}:{args.port} 启动预览服务器: {cannot_listen(e, args.host, args.port)}", file=stderr)
            return 2
        release(drop=True)
        watched = [site_dir / name for name in ("content", "layouts", "static")] + [site_dir / "site.toml"]
        watcher = Watcher(watched, ignore=[out])
        marked = " (含草稿和定时发布的文档, 标注 预览)" if args.drafts else ""
        print(f"预览地址: http://{args.host}:{server.server_address[1]}/{marked}  ({stop_hint()})",
              file=stdout, flush=True)
        try:
            while True:
                if watcher.wait_for_quiet(QUIET):
                    preview.rebuild()
        except KeyboardInterrupt:
            print("预览已停止", file=stdout, flush=True)
        finally:
            watcher.stop()
            preview.stop_indexing()
            server.shutdown()
            server.server_close()
        return 0
    finally:
        if temporary:
            shutil.rmtree(out.parent, ignore_errors=True)


def cannot_listen(e: OSError, host: str, port: int) -> str:
    """Why the preview server could not listen there, and what to change, in Chinese."""
    if isinstance(e, socket.gaierror) or e.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
        return f"{host} 不是本机可用的地址; 可用 --host 换一个, 例如 --host 127.0.0.1 (只有本机能打开) 或 --host 0.0.0.0"
    if e.errno == errno.EADDRINUSE:
        return f"端口 {port} 已被占用 (另一个预览或程序正在用它); 可用 --port 换一个端口, 例如 --port 8001"
    if e.errno == errno.EACCES:
        return f"没有权限使用端口 {port} (1024 以下的端口需要管理员权限); 可用 --port 换一个端口, 例如 --port 8000"
    return f"系统错误 (错误号 {e.errno}); 可用 --port 换一个端口, 或 --host 换一个地址"
