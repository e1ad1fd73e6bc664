"""Parsed front matter remembered between builds, by the hash of the file's text.

YAML is most of the time spent loading 20,000 documents; an edit changes one of them. The
parsed front matter of every document (its values, the line of every key and item) is kept in
one JSON file beside the build cache's state, and a text with the same hash is not parsed again.
Only values that JSON gives back exactly are kept (no integer keys, no NaN): anything else is
parsed each time. A damaged or foreign entry is parsed again; errors are never remembered.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import __version__
from .frontmatter import FrontMatter, parse
from .jsonfile import read_json, write_json

FORMAT = 1


class FrontMatterMemo:
    def __init__(self, folder: Path, empty: bool = False):
        self.path = folder / "frontmatter.json"
        stored = None if empty else read_json(self.path)
        ok = isinstance(stored, dict) and stored.get("format") == [FORMAT, __version__]
        self.old: dict = stored.get("entries", {}) if ok and isinstance(stored.get("entries"), dict) else {}
        self.new: dict = {}
        self.changed = not ok

    def parse(self, text: str) -> FrontMatter:
        """frontmatter.parse(text), from memory when this text was parsed before."""
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        stored = self.old.get(key)
        if isinstance(stored, str):        # JSON text: what a build does with its values never reaches it
            fm = _restore(stored, text)
            if fm is not None:
                self.new[key] = stored
                return fm
        fm = parse(text)
        value = [fm.data, fm.key_lines, fm.item_lines, fm.raw_scalars, fm.body_line, fm.end_line, fm.nested_lines]
        try:
            dumped = json.dumps(value, ensure_ascii=False)
            exact = json.loads(dumped) == value
        except (TypeError, ValueError, RecursionError):
            exact = False
        if exact:
            self.new[key] = dumped
            self.changed = True
        return fm

    def save(self) -> None:
        """Keep the entries of this build's texts (and no older ones), if anything changed."""
        if not self.changed and self.new.keys() == self.old.keys():
            return
        write_json(self.path, {"format": [FORMAT, __version__], "entries": self.new})


def _restore(stored: str, text: str) -> FrontMatter | None:
    try:
        data, key_lines, item_lines, raw_scalars, body_line, end_line, nested_lines = json.loads(stored)
        if not (isinstance(data, dict) and isinstance(end_line, int) and isinstance(body_line, int)
                and body_line == end_line + 1 and isinstance(key_lines, dict) and isinstance(item_lines, dict)
                and isinstance(raw_scalars, dict) and isinstance(nested_lines, dict)):
            return None
    except (TypeError, ValueError, RecursionError):
        return None
    lines = text.split("\n", end_line)
    if end_line < 1 or len(lines) < end_line:
        return None
    body = lines[end_line] if len(lines) > end_line else ""
    return FrontMatter(data, key_lines, item_lines, raw_scalars, body, body_line, end_line, nested_lines)
