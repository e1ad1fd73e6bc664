"""`build --timings`: how long each stage of a build took (load, link, check, render, write, index)."""
from __future__ import annotations

import time
from contextlib import contextmanager

STAGES = ("load", "link", "check", "render", "write", "index")
NAMES = {"load": "读取", "link": "转换正文和链接", "check": "检查", "render": "生成页面", "write": "写出文件",
         "index": "搜索索引"}


class Timings(dict):
    """stage → seconds; a stage run twice (a preview's second check) adds up."""

    @contextmanager
    def stage(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - started

    def timed(self, name: str, function):
        """function, timed as stage `name` each time it is called (None stays None)."""
        if function is None:
            return None

        def run(*args, **kwargs):
            with self.stage(name):
                return function(*args, **kwargs)
        return run

    def report(self) -> str:
        rows = [f"{self[name]:8.2f} 秒  {name} ({NAMES[name]})" for name in STAGES if name in self]
        if not rows:            # (nothing changed: the last build's output stands, no stage ran)
            return "各阶段用时: 没有运行任何阶段 (内容未改动, 沿用上次的输出)"
        return "各阶段用时:\n" + "\n".join(rows) + f"\n{sum(self.values()):8.2f} 秒  合计"
