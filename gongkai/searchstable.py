"""Pagefind's filter indexes, made the same on every build.

Pagefind writes the values of each filter, and the list of filters, in the order of a Rust
hash map, which changes from run to run; the file names are hashes of the contents, so the
whole output changes while the search does not. Here each filter file is rewritten with its
values sorted, named after its new contents, and the index's meta file and entry point are
rewritten to match (Pagefind's own format: gzip of b"pagefind_dcd" + CBOR)."""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"


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


def stabilize(index: Path) -> None:
    """Rewrite the filter indexes under index (the pagefind/ folder) in a fixed order."""
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
        info["hash"] = _replace(index, info["hash"], language, _dump(meta), 13, "pagefind.{}.pf_meta")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
