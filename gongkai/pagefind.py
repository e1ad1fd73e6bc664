"""Running Pagefind (extended, which segments Chinese): where its binary is, and one run of it as a
child process that dies with the build and stops when told."""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from .workers import die_with_parent
from .oserrors import reason

TIMEOUT = 1800     # seconds
# Pagefind computes all the time it runs; when the disk runs out of room or inodes it may hang instead
# of failing (seen: waiting in futexes for good, no CPU time used). A run whose CPU time has not moved
# for STALL seconds is ended as hung.
STALL = 120        # seconds


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
            raise SearchError(f"无法运行 Pagefind ({args[0]}): {reason(e)}") from None
        try:
            deadline = time.monotonic() + TIMEOUT
            watch = _Progress(proc.pid)
            while proc.poll() is None:
                why = ("已取消" if cancel is not None and cancel.is_set() else "超时" if time.monotonic() > deadline
                       else _stalled(args) if watch.stalled() else None)
                if why:
                    proc.kill()
                    proc.wait()
                    raise SearchError("搜索索引未完成: " + why)
                time.sleep(0.05)
        except BaseException:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            raise
        log.seek(0)
        return proc.returncode, log.read().decode("utf-8", "replace")


class _Progress:
    """Whether a process has used no CPU time for STALL seconds (never, where /proc cannot tell)."""

    def __init__(self, pid: int):
        self.stat, self.cpu, self.since = f"/proc/{pid}/stat", None, time.monotonic()

    def stalled(self) -> bool:
        try:
            with open(self.stat, "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            cpu = int(fields[11]) + int(fields[12])          # utime + stime, all its threads
        except (OSError, IndexError, ValueError):
            return False
        now = time.monotonic()
        if cpu != self.cpu:
            self.cpu, self.since = cpu, now
        return now - self.since > STALL


def _stalled(args: list[str]) -> str:
    why = f"Pagefind 已有 {STALL} 秒没有进展, 已停止它"
    if "--output-path" in args:
        try:
            fs = os.statvfs(Path(args[args.index("--output-path") + 1]).parent)
        except OSError:
            return why
        if fs.f_bavail == 0 or (fs.f_files and fs.f_favail == 0):
            return why + " (输出所在的磁盘已满: 没有剩余空间或文件数; 请清理磁盘后重新构建)"
    return why + " (可能是磁盘已满或内存不足; 请检查后重新构建)"
