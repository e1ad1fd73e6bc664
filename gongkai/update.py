"""A small change written into the output where it stands, instead of a whole new folder.

Replacing the output as a whole (output.write_site) makes and removes one folder per page: about
3 s for 20,000 pages, when an edited policy changes a handful of files. When few files differ,
the changed ones are staged first in a fresh folder beside the output (the same one a whole
build writes, so a build killed meanwhile leaves only what the next build removes), and then,
in one step that Ctrl-C cannot cut (it is held until the build has reported), renamed into
place, and every file the new site does not have removed. The result is the same tree, byte
for byte, as a whole new folder would be; anything unusual (a folder where a file goes, a link,
a search bundle to make) leaves the work to the whole replacement.
"""
from __future__ import annotations

import filecmp
import os
import shutil
import stat
import tempfile
from pathlib import Path

from .interrupts import hold_until_reported, release, signals_deferred

SMALL = 10            # in place when at most one file in SMALL changes


class Plan:
    """What an update in place does: files to stage and rename, entries to remove."""

    def __init__(self):
        self.write: dict[str, bytes | Path] = {}     # output path → new bytes, or the file to copy
        self.remove: list[str] = []                  # files and links the new site does not have
        self.folders: list[str] = []                 # folders the new site does not have


def plan(out: Path, files: dict, copies: dict[str, Path], marker: tuple[str, bytes], reused) -> Plan | None:
    """The update that turns out into the new site, or None when a whole new folder is the way:
    too many changes, or an entry whose kind would change (a folder where a file goes)."""
    wanted: dict[str, bytes | Path | None] = dict(copies)
    wanted.update(files)
    wanted[marker[0]] = marker[1]
    existing, folders = _walk(out)
    if existing is None:
        return None
    needed = {os.path.dirname(rel) for rel in wanted}
    for rel in list(needed):
        while rel:
            rel = os.path.dirname(rel)
            needed.add(rel)
    p = Plan()
    for rel, data in wanted.items():
        kind = existing.get(rel)
        if rel in folders or any(d in existing for d in _parents(rel)):
            return None
        if kind == "file" and _same(out / rel, data, reused):
            continue
        p.write[rel] = data
        if len(p.write) > len(wanted) // SMALL:
            return None
    p.remove = sorted(rel for rel in existing if rel not in wanted)
    p.folders = sorted((rel for rel in folders if rel not in needed), key=lambda r: -r.count("/"))
    return p


def _parents(rel: str):
    rel = os.path.dirname(rel)
    while rel:
        yield rel
        rel = os.path.dirname(rel)


def _walk(out: Path) -> tuple[dict[str, str] | None, set[str]]:
    """Every file (and link) below out by its relative path, and every folder."""
    files: dict[str, str] = {}
    folders: set[str] = set()
    try:
        for top, dirs, names in os.walk(out, onerror=_raise):
            rel_top = os.path.relpath(top, out)
            rel_top = "" if rel_top == "." else rel_top + "/"
            for name in list(dirs):
                if os.path.islink(os.path.join(top, name)):
                    dirs.remove(name)
                    names.append(name)
                else:
                    folders.add(rel_top + name)
            for name in names:
                mode = os.lstat(os.path.join(top, name)).st_mode
                files[rel_top + name] = "file" if stat.S_ISREG(mode) else "other"
    except OSError:
        return None, set()
    return files, folders


def _raise(error: OSError):
    raise error


def _same(target: Path, data, reused) -> bool:
    """target already holds what data would write."""
    if reused(data, target):
        return True
    try:
        if isinstance(data, bytes):
            return target.stat().st_size == len(data) and target.read_bytes() == data
        if isinstance(data, Path):
            return filecmp.cmp(data, target, shallow=False)
    except OSError:
        return False
    return False


def apply(out: Path, p: Plan, write_one) -> None:
    """Stage the plan's files beside out, then move them in and remove what goes, Ctrl-C held back.
    write_one(data, target) writes one staged file."""
    with signals_deferred():
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-{os.getpid()}-", dir=out.parent))
    try:
        for n, (rel, data) in enumerate(sorted(p.write.items())):
            write_one(data, staging / str(n))
        from .output import folder_lock
        with folder_lock(out.parent):
            hold_until_reported()
            try:
                _move_in(out, staging, p)
            except BaseException:
                release(drop=False)
                raise
    finally:
        with signals_deferred():
            shutil.rmtree(staging, ignore_errors=True)


def _move_in(out: Path, staging: Path, p: Plan) -> None:
    for n, rel in enumerate(sorted(p.write)):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / str(n), target)
    for rel in p.remove:
        os.unlink(out / rel)
    for rel in p.folders:
        shutil.rmtree(out / rel, ignore_errors=True)
