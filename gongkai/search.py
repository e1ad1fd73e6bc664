"""Pagefind (extended, which segments Chinese) over the written pages."""
from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path

import cbor2

from .searchstable import stabilize
from .searchtext import LANGUAGE, for_index

PR_SET_PDEATHSIG = 1
TIMEOUT = 1800     # seconds
# Pagefind's own UIs: the search page uses the bare API (pagefind.js) and never loads these
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchError(Exception):
    pass


def pagefind_executable() -> Path:
    """The extended Pagefind binary: PAGEFIND_BINARY_PATH, else the pagefind[extended] wheel's."""
    env = os.environ.get("PAGEFIND_BINARY_PATH")
    if env:
        return Path(env)
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise SearchError("没有找到 Pagefind 扩展版 (中文分词需要它): 请运行 pip install 'pagefind[extended]', "
                          "或用 --no-search 跳过搜索索引") from None
    return Path(get_executable())


def _die_with_parent() -> None:
    """In the Pagefind child: end it if the build is killed, so it does not write on into a folder
    that the next build removes."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


STAGING = ".gk-search-pages"
# what one Pagefind process indexes at most: its memory follows the text (about 40 bytes for a byte
# of staged copy with the substring stream), so a shard is cut by bytes, and by pages for short ones
SHARD_PAGES = 1000
SHARD_BYTES = 12 * 2**20     # about 0.5 GB of Pagefind
PARALLEL = 2                 # Pagefind processes at once (each uses about one core): about 1 GB in all
SHARDS = "shards.json"  # in the primary bundle: the other bundles, relative to it
SEGMENTING = ('needsWordSegmentation=(lang)=>{if(!lang)return false;const primaryLang=lang.split("-")[0]'
              '.toLowerCase();return["zh","ja","th"].includes(primaryLang);}')
UNSEGMENTED = "needsWordSegmentation=(lang)=>false"


def stage(folder: Path):
    """Copies of the document pages as Pagefind should index them (see searchtext), in folders
    inside the new output that are removed once the index is written: one folder a shard, in the
    order of their paths. A site of at most SHARD_PAGES document pages has one (its pagefind/ is
    the whole index, as Pagefind alone would make it); a larger one gets shards of at most
    SHARD_PAGES pages and SHARD_BYTES bytes of copies. Yields each shard's folder as soon as it
    is complete, so that Pagefind indexes it while the next is staged."""
    staging = folder / STAGING
    candidates = sorted(folder.rglob("*.html"))
    indexed = sum(1 for page in candidates if b"data-pagefind-body" in page.read_bytes())
    budget = SHARD_BYTES if indexed > SHARD_PAGES else float("inf")
    shard, number, pages, size = None, 0, 0, 0
    for page in candidates:
        copy = for_index(page.read_bytes())
        if copy is None:
            continue
        if shard is None or pages >= SHARD_PAGES or (pages and size + len(copy) > budget):
            if shard is not None:
                yield shard
                number += 1
            shard, pages, size = staging / str(number), 0, 0
        pages, size = pages + 1, size + len(copy)
        target = shard / page.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(copy)
    if shard is None:           # a site without documents still gets an (empty) index
        shard = staging / "0"
        shard.mkdir(parents=True)
    yield shard


class Either:
    """Set when either event is (the second may be None)."""

    def __init__(self, a, b):
        self.a, self.b = a, b

    def is_set(self) -> bool:
        return self.a.is_set() or (self.b is not None and self.b.is_set())


def bundle_name(n: int) -> str:
    """The primary bundle is pagefind/ (what the contract names); shard n ≥ 1 is pagefind-s<n>/."""
    return "pagefind" if n == 0 else f"pagefind-s{n}"


def unsegment(bundle: Path) -> None:
    """Pagefind cuts a query into words by the page's language (the browser's ICU segmenter for
    zh); the substring index (see searchtext) wants the query whole, so its scripts are told that
    no language needs cutting. Pinned to the Pagefind versions whose scripts hold this function."""
    for name in ("pagefind.js", "pagefind-worker.js"):
        path = bundle / name
        script = path.read_text(encoding="utf-8")
        if SEGMENTING not in script:
            raise SearchError(f"这个版本的 Pagefind ({name}) 与 Gongkai 不兼容: 请安装 pyproject.toml 中写明的 Pagefind 版本")
        path.write_text(script.replace(SEGMENTING, UNSEGMENTED), encoding="utf-8")


def run_pagefind(args: list[str], cancel=None) -> tuple[int, str]:
    """Pagefind as a child that dies with the build; `cancel` (a threading.Event) stops it early."""
    with tempfile.TemporaryFile() as log:
        try:
            proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        except OSError as e:
            raise SearchError(f"无法运行 Pagefind ({args[0]}): {e}") from None
        try:
            deadline = time.monotonic() + TIMEOUT
            while proc.poll() is None:
                if (cancel is not None and cancel.is_set()) or time.monotonic() > deadline:
                    proc.kill()
                    proc.wait()
                    raise SearchError("搜索索引未完成: " + ("已取消" if cancel is not None and cancel.is_set() else "超时"))
                time.sleep(0.05)
        except BaseException:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            raise
        log.seek(0)
        return proc.returncode, log.read().decode("utf-8", "replace")


def build_index(folder: Path, cancel=None) -> None:
    """The search index of the pages in folder: one Pagefind bundle a shard, so that no Pagefind
    process holds more than a shard (its memory grows faster than the pages); the search
    page merges them (pagefind/shards.json lists the others for search.js's mergeIndex)."""
    exe = pagefind_executable()
    stop = threading.Event()             # one shard failed or the build was interrupted: end the others
    either = Either(stop, cancel)

    def index(n: int, shard: Path) -> None:
        code, output = run_pagefind([str(exe), "--site", str(shard), "--output-path", str(folder / bundle_name(n)),
                                     "--force-language", LANGUAGE, "--silent"], either)
        if code == -signal.SIGINT:
            raise KeyboardInterrupt     # Ctrl-C reached Pagefind first
        if code != 0:
            raise SearchError(f"Pagefind 建立搜索索引失败 (退出码 {code}): {output.strip()[:2000]}")
        shutil.rmtree(shard, ignore_errors=True)
    try:
        with ThreadPoolExecutor(max_workers=min(PARALLEL, os.cpu_count() or 1)) as pool:
            running = []
            try:
                for n, shard in enumerate(stage(folder)):
                    running.append(pool.submit(index, n, shard))
                    if any(job.done() and job.exception() for job in running):
                        break
                done, _ = wait(running, return_when=FIRST_EXCEPTION)
                for job in sorted(done, key=running.index):       # the first failure, in shard order
                    job.result()
            except BaseException:
                stop.set()
                raise
    finally:
        shutil.rmtree(folder / STAGING, ignore_errors=True)
    for n in range(len(running)):
        finish_bundle(folder / bundle_name(n))
    others = [f"../{bundle_name(n)}/" for n in range(1, len(running))]
    (folder / "pagefind" / SHARDS).write_text(json.dumps(others) + "\n", encoding="utf-8")


def finish_bundle(bundle: Path) -> None:
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    unsegment(bundle)
    try:
        stabilize(bundle)
    except (OSError, ValueError, KeyError, IndexError, TypeError, cbor2.CBORError) as e:
        raise SearchError(f"无法整理 Pagefind 的筛选索引 (Pagefind 的格式可能已改变): {e}") from None
