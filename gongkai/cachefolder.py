"""The build cache's folder: made this machine's, kept out of git, private to the user who builds.

A cache is trusted only where this machine's build made it (own): a folder that came with a commit
(committed), through a link (linked), or copied in from elsewhere is never read; claim empties
such a folder before a build writes there."""
from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import subprocess
from pathlib import Path

GITIGNORE = "# made by Gongkai: its build cache is never committed\n*\n"


def ignored_by_git(folder: Path) -> None:
    """A cache folder ignores itself, as .pytest_cache/ does: a site whose .gitignore does not name it
    never sees it in `git status`, from the first file written there (a failed build's too)."""
    marker = folder / ".gitignore"
    if not marker.is_file() and not marker.is_symlink():
        with contextlib.suppress(OSError):
            marker.write_text(GITIGNORE, encoding="utf-8")


def committed(folder: Path) -> bool:
    """Git tracks a file of the cache folder (added with `git add -f`): a cache that came with the
    sources was made by whoever committed it, and its facts could say that a document with
    personal data has none. Such a cache is never read (False where git or a repository is missing)."""
    if not folder.is_dir():
        return False
    try:
        done = subprocess.run(["git", "-C", str(folder), "ls-files", "-z", "--", "."], capture_output=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and bool(done.stdout)


def linked(folder: Path) -> bool:
    """The cache folder, or .gongkai-cache above it, is a symbolic link (one a commit may bring): the
    build never reads or writes through it, which would put its files outside the site folder."""
    return folder.is_symlink() or folder.parent.is_symlink()


ORIGIN, ORIGIN_ID = "origin", "origin.id"     # an empty file made with the cache, and its identity
STORED = ("state.json", "memo.sqlite", "bodies.sqlite", "html.sqlite", "memo.sqlite-journal", "bodies.sqlite-journal",
          "html.sqlite-journal")


def own(folder: Path) -> bool:
    """The cache folder was made where it is, by a build on this machine: its origin file is the one
    whose inode and change time (set by the kernel when the file was made, never by a copy, a zip or
    a restore) were written beside it. A cache brought from elsewhere could hold facts forged to
    hide a finding, like one that came with a commit (committed)."""
    try:
        found = os.lstat(folder / ORIGIN)
        recorded = _small_file(folder / ORIGIN_ID)
    except OSError:
        return False
    return stat.S_ISREG(found.st_mode) and recorded == f"{found.st_ino}:{found.st_ctime_ns}".encode()


def _small_file(path: Path, limit: int = 64) -> bytes:
    """The first bytes of a regular file, never through a link, a pipe or a device (a copied-in
    folder may hold any of them: /dev/zero would fill the memory, a FIFO would wait for ever)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is no regular file")
        return os.read(fd, limit + 1)          # more than limit: no identity this build wrote
    finally:
        os.close(fd)


def private(top: Path) -> None:
    """.gongkai-cache holds the text of drafts and scheduled documents, beside the output: only the
    user who builds may open it (a web server serving the folder an output was built in cannot)."""
    with contextlib.suppress(OSError):
        top.parent.mkdir(parents=True, exist_ok=True)
        top.mkdir(mode=0o700, exist_ok=True)
        now = top.stat()
        if stat.S_IMODE(now.st_mode) != 0o700 and now.st_uid == os.getuid():     # (made by an older build)
            top.chmod(0o700)


def claim(folder: Path) -> bool:
    """Make the cache folder this machine's (True: it was already): what a copy brought is removed,
    then a new origin file is made and its identity written. Where that cannot be done, the next
    build does not trust the folder either."""
    private(folder.parent)
    if own(folder):
        return True
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        ignored_by_git(folder)
        for name in (*STORED, ORIGIN, ORIGIN_ID):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(folder / name)
        os.close(os.open(folder / ORIGIN, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        made = os.lstat(folder / ORIGIN)
        (folder / ORIGIN_ID).write_text(f"{made.st_ino}:{made.st_ctime_ns}", encoding="ascii")
    return False


@contextlib.contextmanager
def build_lock(folder: Path, waiting=lambda: None):
    """One build at a time writes an output and its cache: an exclusive lock on the cache folder
    (flock on the folder itself: no file to show in `git status`), held for the whole build;
    waiting() is called when another build holds it, and this one then waits for it to end. Two
    builds at once would each plan from the output as it was, and the second to finish found it
    changed under it (output-failed). A cache folder that is a link is not locked (never touched
    through it), nor one where the lock cannot be taken (a file system without flock)."""
    fd = None
    if not linked(folder):
        with contextlib.suppress(OSError):
            private(folder.parent)
            folder.mkdir(exist_ok=True)
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                waiting()
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:
                pass
        yield
    finally:
        if fd is not None:
            os.close(fd)

