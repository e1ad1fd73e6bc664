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
import zlib
from pathlib import Path

from .cachefolder import ignored_by_git
from .files import prefetch
from .jsonfile import dumps


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
        store git tracks: a build never changes a file of a commit), into a file started afresh."""
        self.path, self.empty, self.keep = path, empty, keep
        self.afresh = empty and keep    # what was stored goes at the first write: nothing else reads it
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
        for path in (self.path, self.path.with_name(self.path.name + "-journal")):
            with contextlib.suppress(OSError):
                os.unlink(path)

    def _start(self) -> None:
        """Before the first write of a store that read nothing (--no-cache): the old file goes (a city's
        bodies would otherwise pile up, every version of every text, build after build)."""
        if self.afresh:
            self.afresh = False
            self._drop()

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
        self._start()
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
            store._start()
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
