"""The build cache's files: JSON read leniently (anything unreadable is None) and written atomically."""
from __future__ import annotations

import json
import os
from pathlib import Path


def read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def write_json(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    # ASCII escapes keep a file name that is no text (a lone surrogate) writable and read back the same
    tmp.write_text(json.dumps(value, separators=(",", ":")), encoding="ascii")
    os.replace(tmp, path)
