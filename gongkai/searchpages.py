"""Which pages the search index is made of, and the hash of each one's bytes: remembered between
builds with the file's stats, as git's index remembers a file's hash, so that the index of an edited
site reads and hashes again only the pages written since the last build, not every page of the output
(20,000 pages: about 260 MB read and hashed for one edited policy).

A page is taken as remembered only when its size, modification and change times (nanoseconds) and
inode are those remembered; the change time cannot be set back by hand (touch, cp -p, rsync -t set
the modification time only). A page changed less than RACY_NS before it was looked at is not
remembered: a change made later within the same tick of the file system's clock would keep its
times (git's "racily clean" entries)."""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from .files import prefetch
from .jsonfile import read_json, write_json

BODY = b"data-pagefind-body"        # a page Pagefind indexes holds it (searchtext)
RACY_NS = 200_000_000               # 0.2 s: well over a file system clock's tick (4 ms at most)


def _stats(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _well_formed(record) -> bool:
    """[size, mtime_ns, ctime_ns, inode, digest]: the sha256 in hex, or "" for a page not indexed."""
    return (isinstance(record, list) and len(record) == 5 and all(type(v) is int for v in record[:4])
            and isinstance(record[4], str) and (record[4] == "" or _is_digest(record[4])))


def _is_digest(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


class PageDigests:
    """The pages' digests remembered in `path` (None: nothing is kept); read: whether what is
    there may be read (not in a cache that was emptied, or never made)."""

    def __init__(self, path: Path | None, read: bool = True):
        self.path = path
        found = read_json(path) if path is not None and read else None
        self.old: dict = found if isinstance(found, dict) else {}
        self.new: dict[str, list] | None = None       # what this build found (saved by save())

    def indexed(self, listed: list[tuple[str, Path]]) -> list[tuple[str, Path, int, bytes]]:
        """(path, file, size, sha256) of each page of `listed` that Pagefind indexes, in the same
        order: remembered, or read and hashed (and remembered for the next build)."""
        looked = []
        for rel, page in listed:
            stats, record = _stats(os.stat(page)), self.old.get(rel)
            looked.append((rel, page, stats, record[4] if _well_formed(record) and record[:4] == stats else None))
        prefetch(page for _, page, _, digest in looked if digest is None)   # (pages may be out of the disk's cache)
        self.new = {}
        out = []
        for rel, page, stats, digest in looked:
            size = stats[0]
            if digest is None:
                digest, size, stats = _read(page, stats)
            if stats is not None:
                self.new[rel] = [*stats, digest]
            if digest:
                out.append((rel, page, size, bytes.fromhex(digest)))
        return out

    def save(self) -> None:
        if self.path is not None and self.new is not None:
            write_json(self.path, self.new)


def _read(page: Path, stats: list[int]) -> tuple[str, int, list[int] | None]:
    """The page's digest ("" when Pagefind does not index it), its size, and its stats when they may
    be remembered with it (None: the page changed while it was read, or too recently before)."""
    data = page.read_bytes()
    digest = hashlib.sha256(data).hexdigest() if BODY in data else ""
    racy = time.time_ns() - RACY_NS
    size, mtime, ctime, _ = stats
    stable = _stats(os.stat(page)) == stats and len(data) == size and mtime < racy and ctime < racy
    return digest, len(data), (stats if stable else None)
