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

import contextlib
import filecmp
import os
import stat
from pathlib import Path

from .generated import holds
from .treestats import FOLDER, OTHER, ROOT_MODE, UNREADABLE, modes, parents, tree_stats

SMALL = 10            # in place when at most one file in SMALL changes


class Plan:
    """What an update in place does: files to stage and rename (in this order), entries to remove."""

    def __init__(self):
        self.write: dict[str, bytes | Path] = {}     # output path → new bytes, or the file to copy
        self.remove: list[str] = []                  # files and links the new site does not have
        self.folders: list[str] = []                 # folders the new site does not have, deepest first
        self.before: dict[str, list] = {}            # tree_stats of the output before, all of it


def plan(out: Path, files: dict, copies: dict[str, Path], marker: tuple[str, bytes], reused,
         kept=None, before: dict | None = None) -> Plan | None:
    """The update that turns out into the new site, or None when a whole new folder is the way:
    too many changes, or an entry whose kind would change (a folder where a file goes).
    reused(data, rel): data is the file at rel as it stands (generated.Reused).
    kept(rel): the entry is none of the plan's business (a search bundle, replaced on its own).
    before: tree_stats(out), when the caller has walked it already (the build cache, found())."""
    wanted: dict[str, bytes | Path] = dict(copies)
    wanted.update(files)
    wanted[marker[0]] = marker[1]
    p = Plan()
    existing = p.before = tree_stats(out) if before is None else before
    if kept is not None:
        existing = {rel: v for rel, v in existing.items() if not kept(rel)}
    if any(size == UNREADABLE for size, *_ in existing.values()):
        return None
    file_mode, folder_mode = modes()
    with contextlib.suppress(OSError):
        if stat.S_IMODE(os.stat(out).st_mode) != ROOT_MODE:
            return None                       # permissions changed by hand: a new folder has the build's
    folders = {os.path.dirname(rel) for rel in wanted}       # (about one a page: each parent chain once)
    needed = {parent for folder in folders for parent in (folder, *parents(folder)) if parent}
    if any(existing.get(d, [FOLDER, 0, 0, folder_mode])[::3] != [FOLDER, folder_mode] for d in needed):
        return None                           # a file (or a link) where the new site has a folder, or other permissions
    for rel in sorted(wanted):
        data = wanted[rel]
        kind, *_, mode = existing.get(rel, [OTHER, 0, 0, 0])
        if kind == FOLDER:
            return None
        if kind >= 0 and (reused(data, rel) or _same(out / rel, data, file_mode)):
            if mode == file_mode:
                continue
            data = (out / rel).read_bytes()   # the build's bytes under other permissions: written anew
        p.write[rel] = data
        if len(p.write) > len(wanted) // SMALL:
            return None
    p.remove = sorted(rel for rel, (size, *_) in existing.items() if size != FOLDER and rel not in wanted)
    p.folders = sorted((rel for rel, (size, *_) in existing.items() if size == FOLDER and rel not in needed),
                       key=lambda r: -r.count("/"))
    return p


def _same(target: Path, data, file_mode: int) -> bool:
    """target already holds what data would write: a page as generated.holds says (its bytes, the
    build's permissions, this user's, no other link); a static file's bytes, with no other link (an
    edit made through one would change the published file) and this user's (its permissions are
    plan's to compare)."""
    if isinstance(data, bytes):
        return holds(os.fspath(target), data, file_mode)
    if isinstance(data, Path):
        try:
            st = target.stat()
            filecmp.clear_cache()     # (it answers again by size and mtime: serve's process compared before)
            return st.st_nlink == 1 and st.st_uid == os.geteuid() and filecmp.cmp(data, target, shallow=False)
        except OSError:
            return False
    return False


def after(out: Path, staging: Path, p: Plan, paths) -> list[tuple[str, Path]]:
    """Where each of paths (of the new site) is before the plan is carried out: staged, or in out."""
    staged = {rel: n for n, rel in enumerate(p.write)}
    return [(rel, staging / str(staged[rel]) if rel in staged else out / rel) for rel in paths]


def stage(staging: Path, p: Plan, write_one) -> None:
    """The plan's new files in staging (write_one(data, target) writes one), named by their order."""
    for n, data in enumerate(p.write.values()):
        write_one(data, staging / str(n))


def move_in(out: Path, staging: Path, p: Plan, journal: Journal) -> None:
    """The staged files into their places, and what goes moved aside into staging (removed with it),
    each step in the journal (the caller holds Ctrl-C back, and rolls the journal back on an error)."""
    for n, rel in enumerate(p.write):
        target = out / rel
        journal.mkdirs(target.parent)
        journal.replace(staging / str(n), target)
    for rel in p.remove:
        journal.remove(out / rel)
    for rel in p.folders:
        journal.remove(out / rel)


class Journal:
    """The steps of a change to the output where it stands, each with its undo: when a step fails (a
    folder made read-only, a full disk), the steps before it are undone in reverse, so that an update
    in place is all or nothing, as a swap is. What a step replaces or removes waits in `aside` (in
    the staging folder, removed with it); a replaced file is hard-linked there first, so that its
    path never stands empty and the undo puts back the very file (inode, times, mode)."""

    def __init__(self, aside: Path):
        self.aside = aside
        self.undo: list = []
        self.times: dict[Path, tuple[int, int]] = {}     # each folder changed, its times before (put back too)

    def _changes(self, *folders: Path) -> None:
        for folder in folders:
            if folder not in self.times:
                with contextlib.suppress(OSError):
                    st = os.stat(folder)
                    self.times[folder] = (st.st_atime_ns, st.st_mtime_ns)

    def _spot(self) -> Path:
        self.aside.mkdir(exist_ok=True)
        return self.aside / str(len(self.undo))

    def mkdirs(self, folder: Path) -> None:
        missing = []
        while not folder.is_dir():
            missing.append(folder)
            folder = folder.parent
        if missing:
            self._changes(missing[-1].parent)
        for made in reversed(missing):
            os.mkdir(made)
            self.undo.append(lambda made=made: os.rmdir(made))

    def replace(self, source: Path, target: Path) -> None:
        self._changes(target.parent)
        kept = None
        if os.path.lexists(target):
            kept = self._spot()
            try:
                os.link(target, kept, follow_symlinks=False)
            except OSError:                    # no hard links here: moved aside (its path empty a moment)
                os.rename(target, kept)
        try:
            os.replace(source, target)
        except OSError:
            if kept is not None and not os.path.lexists(target):
                os.rename(kept, target)
            raise
        self.undo.append(lambda: os.replace(kept, target) if kept is not None else os.unlink(target))

    def rename(self, source: Path, target: Path) -> None:
        self._changes(source.parent, target.parent)
        os.rename(source, target)
        self.undo.append(lambda: os.rename(target, source))

    def remove(self, path: Path) -> None:
        self.rename(path, self._spot())

    def roll_back(self) -> None:
        """Every step undone, the last first, and the folders' times put back; an undo that fails
        too is passed over."""
        for step in reversed(self.undo):
            with contextlib.suppress(OSError):
                step()
        for folder, times in self.times.items():
            with contextlib.suppress(OSError):
                os.utime(folder, ns=times)
        self.undo, self.times = [], {}
