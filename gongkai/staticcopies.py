"""Static files the output already holds, taken as they stand (the build cache's "copies").

A site's attachments and the theme's assets are copied into the output as they are (files.site_copies).
A build after an edit compared each of them with the output's copy, both read whole (update._same: a
county's gigabytes of PDFs, on every edit), and a build replacing the output as a whole copied them
all again. The cache now remembers, by output path, the sha256 of the source each file was copied from
(the one the inputs key made as that build began); a file whose source has that sha256 now, at a path
whose file is as the last build left it (BuildCache.intact: size, times, permissions), is the last
output's file (generated.Reused): left where it stands, or linked into a new folder, never read.

By content, not by source path: a theme asset overridden by the site's layouts/static/ and then no
longer has its own hash unchanged throughout, while the output holds the override's bytes. A source
changed after the build hashed it (its stamp is no longer the one hashed) is not remembered."""
from __future__ import annotations

import os
from pathlib import Path

from .generated import Reused
from .sources import stamp


def reuse(cache, copies: dict[str, Path]) -> dict[str, Path | Reused]:
    """copies (output path → source) with each file the output holds as it would be copied given as
    Reused; the sources kept (cache.copied) for remembered()."""
    old = cache.state.get("copies")
    old = old if isinstance(old, dict) else {}
    cache.copied = {rel: os.fspath(src) for rel, src in copies.items()}
    given: dict[str, Path | Reused] = {}
    for rel, src in copies.items():
        sha = _hashed(cache.new_hashes, cache.copied[rel])
        same = sha is not None and old.get(rel) == sha and cache.intact(rel)
        given[rel] = Reused(cache.out, rel) if same else src
    return given


def remembered(copied: dict[str, str], hashes: dict[str, list]) -> dict[str, str]:
    """Output path → the sha256 of its source, for each copy whose source is still as it was hashed
    (hashes: the inputs key's path → [size, mtime_ns, ino, ctime_ns, sha]); one whose source changed
    since, or was never hashed (a link, a file changed within the racy window), is left out."""
    found = {}
    for rel, path in copied.items():
        known = hashes.get(path)
        if known is None:
            continue
        try:
            if stamp(os.lstat(path)) == known[:4]:
                found[rel] = known[4]
        except OSError:
            continue
    return found


def _hashed(hashes: dict[str, list], path: str) -> str | None:
    known = hashes.get(path)
    return known[4] if known else None
