"""A generated file as the writers see it, and how each kind is written: bytes (a page), Reused
(the same file of the last output, linked), a Path (a static file, copied), or WRITTEN (a page that
the process that made it wrote into the new folder already, write_new)."""
from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path

from .oserrors import described


class OutputError(Exception):
    pass


def write_new(fresh: Path, rel: str, data: bytes) -> None:
    """A page into the new folder as soon as it is made (render's `into`); OutputError if it cannot be.
    Through os, not pathlib: a tenth of a second less of each worker's 10,000 pages."""
    target = f"{fresh}/{rel}"
    try:
        with contextlib.suppress(FileExistsError):
            try:
                os.mkdir(target.rpartition("/")[0])        # (a page's own folder: its parent is there)
            except FileNotFoundError:
                os.makedirs(target.rpartition("/")[0], exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except OSError as e:
        raise OutputError(f"无法写出网站: {described(e)}") from None


def holds(path: str, data: bytes, mode: int) -> bool:
    """The output's file at path is as the build would write data: a regular file of these bytes
    with the build's permissions (mode), owned by this user (as a file it writes is), linked from
    nowhere else (never read through a link)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_size != len(data) or stat.S_IMODE(st.st_mode) != mode
                or st.st_nlink != 1 or st.st_uid != os.geteuid()):
            return False
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read(len(data) + 1) == data
    except OSError:
        return False
    finally:
        os.close(fd)


def write_one(data, target: Path) -> None:
    """A generated file at target: bytes written, a Reused one linked, a static Path copied."""
    if isinstance(data, Reused):
        link_or_copy(data.source, target)
    elif isinstance(data, Path):
        shutil.copyfile(data, target)
    else:
        target.write_bytes(data)


class _Written:
    """A generated file that a process making pages wrote into the new folder itself (the one object
    WRITTEN, also once pickled back from a worker)."""

    def __reduce__(self):
        return "WRITTEN"


WRITTEN = _Written()


class Reused:
    """A generated file that is the same as in the last output (root, the output folder; rel, the
    file's path in it): linked from there, not written."""
    __slots__ = ("root", "rel")

    def __init__(self, root: Path, rel: str):
        self.root, self.rel = root, rel

    @property
    def source(self) -> Path:
        return self.root / self.rel


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the file system allows one (the old output is removed after the swap, so
    the file is never shared for long, and nothing writes into a published file), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
