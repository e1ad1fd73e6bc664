"""Which pages the search index is made of, and the hash of each one's bytes: remembered between
builds with the file's stats, as git's index remembers a file's hash, so that the index of an edited
site reads and hashes again only the pages written since the last build, not every page of the output
(20,000 pages: about 260 MB read and hashed for one edited policy).

A page is taken as remembered only when its stamp (sources.stamp: size, modification and change
times in nanoseconds, inode) is the one remembered; the change time cannot be set back by hand (touch, cp -p, rsync -t set
the modification time only). A page changed less than RACY_NS before it was looked at is not
remembered: a change made later within the same tick of the file system's clock would keep its
times (git's "racily clean" entries)."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

from .files import prefetch
from .jsonfile import read_json, write_json
from .searchtext import BODY
from .sources import RACY_NS, digest, settled, stamp

HEX = re.compile(r"[0-9a-f]{64}")


def _stats(st: os.stat_result) -> str:
    """What a page's record begins with: its stamp (sources.stamp: size, modification time, inode,
    change time), as one text."""
    return " ".join(map(str, stamp(st))) + " "


def _remembered(record, stats: str) -> str | None:
    """The digest of a record of these very stats (the stats, then the sha256 in hex, or nothing for
    a page not indexed); None for any other record."""
    if type(record) is str and record.startswith(stats):
        digest = record[len(stats):]
        if digest == "" or HEX.fullmatch(digest):
            return digest
    return None


class PageDigests:
    """The pages' digests remembered in `path` (None: nothing is kept); read: whether what is
    there may be read (not in a cache that was emptied, or never made). One text a page, not a
    list: a city's site remembers 100,000 pages, read back into as few objects."""

    def __init__(self, path: Path | None, read: bool = True):
        self.path = path
        found = read_json(path, lean=True) if path is not None and read else None
        self.old: dict = found if isinstance(found, dict) else {}
        self.new: dict[str, str] | None = None       # what this build found (saved by save())

    def indexed(self, listed: list[tuple[str, Path]]) -> list[tuple[str, Path, int, bytes]]:
        """(path, file, size, sha256) of each page of `listed` that Pagefind indexes, in the same
        order: remembered, or read and hashed (and remembered for the next build)."""
        looked = []
        for rel, page in listed:
            st = os.stat(page)
            stats = _stats(st)
            looked.append((rel, page, st.st_size, stats, _remembered(self.old.get(rel), stats)))
        self.old = {}                  # (all it is needed for)
        prefetch(page for _, page, _, _, sha in looked if sha is None)   # (pages may be out of the disk's cache)
        self.new = {}
        out = []
        for rel, page, size, stats, sha in looked:
            if sha is None:
                sha, size, stable = _read(page, stats)
                stats = stats if stable else None
            if stats is not None:
                self.new[rel] = stats + sha
            if sha:
                out.append((rel, page, size, bytes.fromhex(sha)))
        return out

    def save(self) -> None:
        if self.path is not None and self.new is not None:
            write_json(self.path, self.new)


def _read(page: Path, stats: str) -> tuple[str, int, bool]:
    """The page's digest ("" when Pagefind does not index it), its size, and whether its stats may be
    remembered with it (not when the page changed while it was read, or too recently before)."""
    data = page.read_bytes()
    st = os.stat(page)
    return (digest(data) if BODY in data else ""), len(data), (
        _stats(st) == stats and len(data) == st.st_size and settled(st, time.time_ns() - RACY_NS))
