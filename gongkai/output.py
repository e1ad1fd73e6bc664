"""Atomic, deterministic writing: a fresh folder beside the output, then a swap.

The previous output is never touched until the new one is complete (search index
included); a failure or an interrupt at any point leaves it exactly as it was. A change of a
few files is moved into the output where it stands instead (gongkai.update), in one step
that an interrupt cannot cut.

A build replaces only a folder that it made itself (gongkai.guard). Fresh and retired folders are named
``.<out>.new-<pid>-…`` and ``.<out>.old-<pid>-…``; those left by a build that was killed
(its process is gone) are removed by the next build.
"""
from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import tempfile
from pathlib import Path
from typing import Callable

from . import treestats, update
from .leftovers import remove_leftovers, remove_tree
from .interrupts import hold_until_reported, release, signals_deferred
from .generated import WRITTEN, OutputError, Reused, write_one

MARKER = ".gongkai-output"
MARKER_TEXT = ("此文件夹由 Gongkai 生成, 每次构建都会让它与站点完全一致, 并删除不是构建生成的文件。请不要在这里存放其他文件。\n"
               "This folder is written by Gongkai; every build makes it match the site and removes any other file.\n").encode("utf-8")


@contextlib.contextmanager
def folder_lock(folder: Path):
    """An exclusive lock on the output's parent folder, so that two builds never swap at once."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def write_site(out: Path, files: dict[str, bytes], copies: dict[str, Path | Reused],
               finish: Callable[[Path], None] | None = None, before: Callable[[], dict] | None = None,
               fresh: Path | None = None) -> dict | None:
    """files: the generated files by path (bytes, Reused, or WRITTEN: in fresh already), emptied as
    they are written when the output is replaced as a whole: the caller must not read it after.
    finish(fresh): what to add to the new folder before it replaces the output (the search index).
    before(): the output's tree_stats, as the caller walked it before it rendered (update.plan's start;
    what a file linked from the old output must still be, see _unseen)
    fresh: the new folder new_folder() made before the pages (it replaces the output as a whole).
    Returns the output's tree_stats, known without a walk of every folder (None: not known)."""
    out = out.absolute()
    if fresh is not None:
        return _replace(out, fresh, files, copies, finish, before)
    if out.exists() and not out.is_dir():
        raise OutputError(f"输出位置 {out} 是一个文件, 不是文件夹")
    _clear_beside(out)
    small = None
    if _updatable(out, finish):
        small = update.plan(out, files, copies, (MARKER, MARKER_TEXT), _reused_in_place(out),
                            kept=finish.kept if finish else None, before=before() if before else None)
    with _fresh_folder(out) as fresh:
        if small is not None:             # a few files: moved into the output where it stands
            update.stage(fresh, small, write_one)
            pages = sorted(rel for rel in {**copies, **files} if rel.endswith(".html"))
            bundles = finish.in_place(out, fresh, update.after(out, fresh, small, pages)) if finish else None
            _journaled(out, fresh, lambda journal: update.move_in(out, fresh, small, journal),
                       *([lambda journal: bundles.move_in(fresh, out, journal)] if bundles is not None else []))
        else:
            _start(fresh)
            return _replace(out, fresh, files, copies, finish, before)
    # once fresh is gone: the replaced bundles it held share their files with the reused ones, and
    # removing them changed those files' change time
    return treestats.manifest(out, small, bundles.touched if bundles is not None else ())


def _journaled(out: Path, fresh: Path, *moves: Callable) -> None:
    """Each move(journal) into out, under _commit, all or nothing: on an error every step is undone."""
    def step():
        journal = update.Journal(fresh / ".replaced")
        try:
            for move in moves:
                move(journal)
        except BaseException:
            journal.roll_back()              # all or nothing, as the swap
            raise
    _commit(out, step)


def replace_bundles(out: Path, make: Callable[[Path], object]) -> list[str]:
    """The search bundles make(fresh) makes in a new folder beside out (search.build_index with beside:
    a Bundles) moved into out where it stands, in one step as a build's (serve's index, made after the
    pages); the top-level entries replaced or removed. The pages are left as they stand."""
    out = out.absolute()
    with _fresh_folder(out) as fresh:
        bundles = make(fresh)
        _journaled(out, fresh, lambda journal: bundles.move_in(fresh, out, journal))
    return bundles.touched


def _updatable(out: Path, finish) -> bool:
    """The output may be updated where it stands (write_site decides once it knows the files): it is
    Gongkai's, and the finish step, if any, can work beside it (search.Index's in_place)."""
    return ((finish is None or getattr(finish, "in_place", None) is not None)
            and (out / MARKER).is_file() and not (out / MARKER).is_symlink())


@contextlib.contextmanager
def new_folder(out: Path, finish=None):
    """The new folder of a build that will replace the output as a whole (there is none yet, or it
    cannot be updated in place), made before the pages so that they are written into it as they are
    made; None when write_site may update the output in place. Gone when the block ends."""
    out = out.absolute()
    if _updatable(out, finish) or out.exists() and not out.is_dir():
        yield None
        return
    _clear_beside(out)
    with _fresh_folder(out) as fresh:
        _start(fresh)
        yield fresh


def _clear_beside(out: Path) -> None:
    """out's parent made, and what killed builds left beside out removed (under the folder's lock)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(out.parent):
        remove_leftovers(out)


def _replace(out: Path, fresh: Path, files: dict, copies: dict, finish, before=None) -> dict[str, list] | None:
    """fresh filled (files, copies, then finish) in out's place; out's tree_stats (None: not known)."""
    rels = [*files, *copies]
    linked = _fill(fresh, files, copies)
    if finish:
        finish(fresh)
    _commit(out, lambda: _swap(fresh, out))
    try:
        stats = treestats.listed(out, rels)       # (after the swap: the old output's removal changed the
    except OSError:                            # change time of what was linked from it)
        return None
    return _unseen(stats, linked, before()) if before is not None and linked else stats


def _unseen(stats: dict[str, list], linked: list[str], found: dict[str, list]) -> dict[str, list]:
    """stats, where a file linked from the old output is no longer as the output's walk found it when the
    build began (size, modification time, permissions: edited by hand while the build ran) recorded as
    treestats.unmatched, so that the next build does not take it for this build's and writes it again
    (the change time itself moved when the link was made and the old output removed)."""
    for rel in linked:
        now, was = stats.get(rel), found.get(rel)
        if now is not None and (was is None or now[:2] != was[:2] or now[3] != was[3]):
            stats[rel] = treestats.unmatched(now)
    return stats


@contextlib.contextmanager
def _fresh_folder(out: Path):
    """A new folder beside out, named so that the next build removes it if this one is killed; gone
    when the block ends (after a swap it is the output, and nothing is left under its name)."""
    with signals_deferred():
        fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-{os.getpid()}-", dir=out.parent))
    try:
        yield fresh
    finally:
        with signals_deferred():
            remove_tree(fresh)


def _commit(out: Path, step: Callable[[], None]) -> None:
    """step() changes the output, under its lock; from then on Ctrl-C waits until the build has
    reported, so that exit 130 always means the output is as it was."""
    with folder_lock(out.parent):
        hold_until_reported()
        try:
            step()
        except BaseException:
            release(drop=False)
            raise


def _start(fresh: Path) -> None:
    """The new folder's permissions and marker, before anything is written into it."""
    fresh.chmod(treestats.ROOT_MODE)
    (fresh / MARKER).write_bytes(MARKER_TEXT)


def _fill(fresh: Path, files: dict, copies: dict[str, Path | Reused]) -> list[str]:
    """The files and copies written into fresh; the paths of those linked from the old output (Reused)."""
    made: set[Path] = set()
    linked = [rel for rel, data in (*copies.items(), *files.items()) if isinstance(data, Reused)]
    # copied files first, so a generated page always wins a clash (one WRITTEN is in its place already)
    for rel, src in sorted(copies.items()):
        if files.get(rel) is not WRITTEN:
            target = fresh / rel
            _mkdir(target.parent, made)
            write_one(src, target)          # (copied, or linked when the output holds it: staticcopies)
    for rel in sorted(files):
        data = files.pop(rel)         # let go once written: 350 MB of pages are not held while the index is made
        if data is not WRITTEN:
            target = fresh / rel
            _mkdir(target.parent, made)
            write_one(data, target)
    _give_back()
    return linked


def _give_back() -> None:
    """The heap's freed pages back to the system (glibc's malloc_trim): the pages' bytes, freed as
    they are written, would stay the build's (0.68 GB) beside Pagefind's processes. Where the C
    library has no malloc_trim (musl), nothing."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _reused_in_place(out: Path):
    """reused(data, rel) for update.plan: data is the file at rel of out as it stands."""
    return lambda data, rel: isinstance(data, Reused) and data.rel == rel and data.root == out


def _mkdir(folder: Path, made: set[Path]) -> None:
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


def _swap(fresh: Path, out: Path) -> None:
    """Put fresh in out's place; the previous out is removed only once fresh stands there."""
    if not out.exists():
        os.rename(fresh, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
    old.rmdir()
    os.rename(out, old)
    try:
        os.rename(fresh, out)
    except OSError:
        os.rename(old, out)
        raise
    remove_tree(old)


def clean_leftovers(out: Path) -> None:
    """remove_leftovers for a build that writes nothing (its output stands as it is)."""
    out = out.absolute()
    if out.parent.is_dir():
        with folder_lock(out.parent):
            remove_leftovers(out)
