"""A table of text by key in one SQLite file of the build cache (the stdlib's sqlite3).

Twenty thousand small JSON files cost a cold build seconds to write (a rename each) and an
incremental one a second to read; one SQLite file takes them in a single transaction. Values are
JSON text as before, never pickle. The cache is advisory: a file that is damaged, locked by
another build for too long, or not in the shape written here (a table, view or trigger of
someone else's) is dropped or passed over, and the build computes what it needs again.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import subprocess
import zlib
from pathlib import Path

from .files import prefetch
from .jsonfile import dumps

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


def damaged(e: Exception) -> bool:
    """The file is no (longer a whole) database: SQLite's plain DatabaseError, not one of its kinds
    (locked, read-only, full disk are OperationalError), or a key that is no longer UTF-8."""
    return type(e) is sqlite3.DatabaseError or isinstance(e, UnicodeDecodeError)


class Later:
    """A value put to be encoded as JSON when it is written (Store.put_later)."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def framed(value: bytes) -> bytes:
    """A value as stored: its CRC-32 (8 hex digits) first, so that a byte changed on disk, which
    SQLite's own checks do not see inside a value, makes the entry unreadable, not a different fact."""
    return b"%08x" % zlib.crc32(value) + value


def unframed(stored: bytes) -> bytes | None:
    value = stored[8:]
    return value if stored[:8] == b"%08x" % zlib.crc32(value) else None


# a rowid table (values of kilobytes are appended; the key's index stays small): a clustered one
# (WITHOUT ROWID) moved whole rows to keep the hashed keys in order, and took 2.2 s, not 0.95 s, to
# write the 20,000 bodies of a cold build (an older file is in another shape: started again)
SCHEMA = [("table", "entries", "CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)"),
          ("index", "sqlite_autoindex_entries_1", None)]


def _encoded(value: bytes | str | Later) -> bytes:
    if isinstance(value, bytes):
        return value
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else dumps(value.value)


class _Once:
    """A write_ahead process's end, which each store it wrote for waits for (the first one reads it)."""

    def __init__(self, early):
        self.early = early

    def result(self) -> None:
        early, self.early = self.early, None
        if early is not None:
            early.result()


def _commit_all(batches: list) -> list[bool]:
    return [store._commit(entries, []) for store, entries in batches]


class Store:
    def __init__(self, path: Path, empty: bool = False, keep: bool = True):
        """empty: read nothing stored (--no-cache); what is put is still written, unless not keep (a
        store git tracks: a build never changes a file of a commit)."""
        self.path, self.empty, self.keep = path, empty, keep
        self.pending: dict[str, bytes | str | Later] = {}
        self._ahead = None        # write_ahead's write, on a forked process (parallel.Early)
        if not empty:
            prefetch([path])      # (read whole at its first use: from the disk meanwhile)

    def _open(self) -> sqlite3.Connection | None:
        """The database, started again when it is damaged or in another shape (None: locked, unwritable)."""
        for _ in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                ignored_by_git(self.path.parent)
                if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
                    os.unlink(self.path)          # never written through a link, out of the cache
                db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            except (sqlite3.Error, OSError):
                return None
            try:
                db.execute("PRAGMA trusted_schema=OFF")
                found = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
                if found == SCHEMA:
                    return db
                if not found:
                    db.execute(SCHEMA[0][2])
                    return db
            except sqlite3.OperationalError:      # locked by another build for too long
                db.close()
                return None
            except sqlite3.DatabaseError:         # not a database: started again
                pass
            db.close()
            try:
                os.unlink(self.path)              # someone else's file, or an older layout
            except OSError:
                return None
        return None

    def read(self) -> dict[str, bytes]:
        """Every stored entry (nothing when empty or unreadable)."""
        self.wait()
        if self.empty or not self.path.is_file():
            return {}
        db = self._open()
        if db is None:
            return {}
        try:
            db.text_factory = bytes               # a key damaged into no UTF-8 is damage, not an error
            found = {k.decode("utf-8"): unframed(v) for k, v in db.execute("SELECT key, value FROM entries")
                     if isinstance(k, bytes) and isinstance(v, bytes)}
            return {k: v for k, v in found.items() if v is not None}
        except (UnicodeDecodeError, sqlite3.Error) as e:
            if damaged(e):                        # damaged past its first page: started again
                db.close()
                self._drop()
            return {}                             # (or locked meanwhile: nothing read)
        finally:
            db.close()

    def _drop(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)

    def put(self, key: str, value: bytes | str) -> None:
        """A value as it is (bytes), or a text written as UTF-8."""
        self.pending[key] = value

    def put_later(self, key: str, value) -> None:
        """A JSON value whose text is made when it is written: a cold build's 20,000 bodies are encoded
        by write_ahead's process, not by the build (0.3 s of its CPU and 73 MB of its memory). The
        value must not change until then."""
        self.pending[key] = Later(value)

    def write(self, drop=()) -> None:
        """The entries put since the last write, in one transaction, and the keys `drop` gone (the
        entries an edit or a deletion left unused: a few, not the whole table rewritten)."""
        self.wait()
        drop = [k for k in drop if k not in self.pending]
        if self.keep and (self.pending or drop) and self._commit(self.pending, drop):
            self.pending = {}

    def write_ahead(self, *others: Store) -> None:
        """The entries put so far written now, and those of others: when they are many (a cold build's
        20,000 bodies, half a second of one core), on one forked process while the build goes on.
        read() and write() wait for it, and so must the build before it ends (wait): the process ends
        with it."""
        from .parallel import Early, usable
        for store in (self, *others):
            store.wait()
        kept = [store for store in (self, *others) if store.keep]
        if not usable(sum(len(store.pending) for store in kept)):
            for store in kept:
                store.write()
            return
        batches = [(store, store.pending) for store in kept]
        ahead = _Once(Early(_commit_all, batches))
        for store in kept:
            store.pending, store._ahead = {}, ahead

    def wait(self) -> None:
        """write_ahead's write done (here, if its process could not do it)."""
        if self._ahead is not None:
            ahead, self._ahead = self._ahead, None
            ahead.result()

    def _commit(self, entries: dict[str, bytes], drop: list[str]) -> bool:
        """The entries written and `drop` gone, in one transaction (False: not done)."""
        for _ in range(2):          # a database found damaged on the way is started again, once
            db = self._open()
            if db is None:
                return False
            try:
                with contextlib.closing(db):
                    self._write(db, entries, drop)
                return True
            except sqlite3.Error as e:
                if not damaged(e):                # locked, full disk, read-only: nothing is cached
                    return False
                self._drop()
        return False

    def _write(self, db: sqlite3.Connection, entries: dict[str, bytes], drop: list[str]) -> None:
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)",
                       ((k, framed(_encoded(v))) for k, v in entries.items()))
        db.executemany("DELETE FROM entries WHERE key = ?", ((k,) for k in drop))
        db.execute("COMMIT")
