"""Watching the site's sources with watchdog; a burst of saves is reported once, when it is over."""
from __future__ import annotations

import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

# editors' and git's scratch files: saving through them must not count twice
SCRATCH = (".swp", ".swx", ".tmp", "~", ".lock")


class Watcher(FileSystemEventHandler):
    def __init__(self, paths: list[Path], ignore: list[Path]):
        self.ignore = [str(p.resolve()) for p in ignore]
        self.changed = threading.Event()
        self.last = 0.0
        self.observer = Observer()
        folders = {p.resolve() if p.is_dir() else p.resolve().parent for p in paths}
        self.files = {str(p.resolve()) for p in paths if not p.is_dir()}
        self.roots = [str(p.resolve()) for p in paths if p.is_dir()]
        for folder in sorted(folders):
            if folder.is_dir():
                self.observer.schedule(self, str(folder), recursive=str(folder) in self.roots)
        self.observer.start()

    def relevant(self, path: str) -> bool:
        if any(path == p or path.startswith(p + "/") for p in self.ignore):
            return False
        name = path.rsplit("/", 1)[-1]
        if name.startswith(".#") or name.endswith(SCRATCH) or "/.git/" in path:
            return False
        return path in self.files or any(path == r or path.startswith(r + "/") for r in self.roots)

    def on_any_event(self, event) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        if any(p and self.relevant(str(p)) for p in paths):
            self.last = time.monotonic()
            self.changed.set()

    def wait_for_quiet(self, quiet: float) -> bool:
        """True once a change has been followed by `quiet` seconds without another."""
        if not self.changed.wait(timeout=1.0):
            return False
        while True:
            seen = self.last
            while time.monotonic() - self.last < quiet:
                time.sleep(quiet / 3)
            self.changed.clear()
            if self.last == seen:
                return True
            self.changed.set()     # a save slipped in between: wait for the quiet again

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)
