"""Running Pagefind (extended, which segments Chinese): where its binary is, and one run of it as a
child process that dies with the build and stops when told."""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from .workers import die_with_parent

TIMEOUT = 1800     # seconds


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


class Either:
    """Set when either event is (the second may be None)."""

    def __init__(self, a, b):
        self.a, self.b = a, b

    def is_set(self) -> bool:
        return self.a.is_set() or (self.b is not None and self.b.is_set())


def run_pagefind(args: list[str], cancel=None) -> tuple[int, str]:
    """Pagefind as a child that dies with the build; `cancel` (a threading.Event) stops it early."""
    with tempfile.TemporaryFile() as log:
        try:
            proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)   # (not written on into a folder the next build removes)
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
