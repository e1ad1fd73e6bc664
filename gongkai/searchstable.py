"""Pagefind's filter indexes, made the same on every build; its list of index chunks, made to
find every word a query begins.

Pagefind writes the values of each filter, and the list of filters, in the order of a Rust
hash map, which changes from run to run; the file names are hashes of the contents, so the
whole output changes while the search does not. Here each filter file is rewritten with its
values sorted, named after its new contents, and the index's meta file and entry point are
rewritten to match (Pagefind's own format: gzip of b"pagefind_dcd" + CBOR). The meta file's
chunk bounds are widened on the way (complete_chunks)."""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
AFTER_ALL = "\U0010ffff"      # sorts after any character a word holds
SHORTEST = 2                  # characters: the shortest query complete_chunks answers in full


def _load(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind index file")
    return cbor2.loads(data[len(SIGNATURE):])


def _dump(obj) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(obj), compresslevel=9, mtime=0)


def _replace(folder: Path, old: str, language: str, data: bytes, digits: int, name: str) -> str:
    """Write data under its new hash (name: the file name pattern around {}), remove the old file."""
    new = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / name.format(old)).unlink()
    (folder / name.format(new)).write_bytes(data)
    return new


def complete_chunks(chunks: list) -> list:
    """Pagefind's list of index chunks ([from, to, file]; from begins the chunk's first word, to its
    last), with bounds that lead a query of SHORTEST characters or more to every chunk holding a
    word it begins.

    For each word of a query the browser loads the chunks whose [from, to] holds it and, only when
    there are none, those whose bounds begin as it does. A query that begins words on both sides of
    a boundary (政务 begins 政务公开 | 政务服务…) lies in the first chunk alone, and the words of
    the next were never read: on a site of 600 pages 政务 found 484 of the 570 pages holding it.
    Here `to` is followed by AFTER_ALL (so it holds every word of the chunk that begins with it),
    and a chunk's `from` is lowered to the shortest prefix of at least SHORTEST characters that lies
    within another chunk's bounds, until nothing changes. A query then either lies within the bounds
    of every chunk holding a word it begins, or within none (and all chunks that begin alike are
    loaded). The chunk files stay as Pagefind wrote them; a query of one character may still miss
    words (lowering bounds to one character would load several chunks a bundle for most queries)."""
    lows = [chunk[0] for chunk in chunks]
    highs = [chunk[1] + AFTER_ALL for chunk in chunks]
    changed = True
    while changed:
        changed = False
        for k, (first, _, _) in enumerate(chunks):
            for n in range(SHORTEST, len(first)):
                prefix = first[:n]
                if prefix >= lows[k]:            # (lowered before, to this prefix or a shorter one)
                    break
                if any(lows[j] <= prefix <= highs[j] for j in range(len(chunks)) if j != k):
                    lows[k], changed = prefix, True
                    break
    return [[low, high, name] for low, high, (_, _, name) in zip(lows, highs, chunks)]


def stabilize(index: Path) -> None:
    """Rewrite the filter indexes under index (the pagefind/ folder) in a fixed order, and the
    chunk bounds of its meta file (complete_chunks)."""
    entry_path = index / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta = _load(index / f"pagefind.{info['hash']}.pf_meta")
        filters = []
        for name, old in meta[3]:
            filter_name, values = _load(index / "filter" / f"{old}.pf_filter")
            data = _dump([filter_name, sorted(([value, sorted(pages)] for value, pages in values),
                                              key=lambda v: v[0])])
            filters.append([name, _replace(index / "filter", old, language, data, 7, "{}.pf_filter")])
        meta[3] = sorted(filters)
        meta[2] = complete_chunks(meta[2])
        info["hash"] = _replace(index, info["hash"], language, _dump(meta), 13, "pagefind.{}.pf_meta")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
