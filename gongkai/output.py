"""Atomic, deterministic writing: a fresh folder beside the output, then a swap.

The previous output is never touched until the new one is complete (search index
included); a failure at any point leaves it exactly as it was.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable


class OutputError(Exception):
    pass


def write_site(out: Path, files: dict[str, bytes], copies: dict[str, Path],
               finish: Callable[[Path], None] | None = None) -> None:
    out = out.absolute()
    if out.exists() and not out.is_dir():
        raise OutputError(f"输出位置 {out} 是一个文件, 不是文件夹")
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        fresh.chmod(0o755)
        made: set[Path] = set()
        # copied files first, so a generated page always wins a clash
        for rel, src in sorted(copies.items()):
            target = fresh / rel
            _mkdir(target.parent, made)
            shutil.copyfile(src, target)
        for rel, data in sorted(files.items()):
            target = fresh / rel
            _mkdir(target.parent, made)
            target.write_bytes(data)
        if finish:
            finish(fresh)
        _swap(fresh, out)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _mkdir(folder: Path, made: set[Path]) -> None:
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


def _swap(fresh: Path, out: Path) -> None:
    if not out.exists():
        os.rename(fresh, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    os.rename(out, old)
    try:
        os.rename(fresh, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
