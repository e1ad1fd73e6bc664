"""Facts about a text remembered between builds, by the text's hash (.gongkai-cache/<out>/memo.sqlite).

An edit changes one document of 20,000, yet every build parses every front matter and scans
every text. What is a pure function of a text is remembered here instead: parsed front matter
(values, the line of every key and item), the findings of the rules about one document alone
(checks.DOCUMENT_CHECKS, by the document's fingerprint, the build date and site.toml), the share
of an interpretation copied from its policy. Entries are JSON text, never objects shared with
the build; only values JSON gives back exactly are kept (no integer keys, no NaN). After a
successful build only the entries this build used are kept. A damaged or foreign entry is
computed again; errors (a front matter that cannot be read) are never remembered.
"""
from __future__ import annotations

import contextlib
import pickle
from functools import partial
from pathlib import Path

from . import code_version
from .diagnostics import Diagnostic
from .frontmatter import FrontMatter, FrontMatterError, parse
from .jsonfile import dumps, loads
from .sources import digest
from .store import Store

FORMAT = 3
LARGEST = 100_000        # items of a fact that is remembered (a front matter has tens)


class Memo:
    def __init__(self, folder: Path, empty: bool = False, keep: bool = True):
        self.store = Store(folder / "memo.sqlite", empty, keep)
        self.folder = folder
        self._old: dict | None = None     # read at the first use: a build with nothing changed never needs it
        self.new: dict = {}

    @property
    def old(self) -> dict:
        if self._old is None:
            self._old = self.store.read()
        return self._old

    def remembered(self, kind: str, text: str, compute, restore=lambda value: value):
        """compute(), or what it gave for this text before (never None): remembered_all of one text.
        restore(value) turns the stored JSON value back into what compute() returns: None,
        TypeError or ValueError when it has the wrong shape, and the value is computed again."""
        return remembered_all(self, kind, [(text, compute)], restore)[0]

    def recall(self, kind: str, text: str, restore=lambda value: value, sha: str = "") -> tuple[str, object]:
        """The key of this text's fact, and the fact as remembered (None: not remembered, or unreadable).
        sha: the text's sha256, when the caller has it."""
        key = f"{kind}:{FORMAT}:{code_version()}:" + (sha or digest(text))
        stored = self.old.get(key)
        if stored is not None:
            try:
                value = restore(loads(stored))
            except (TypeError, ValueError, KeyError, IndexError, RecursionError, OverflowError):
                value = None
            if value is not None:
                self.new[key] = stored
                return key, value
        return key, None

    def keep(self, key: str, value, text: str = "") -> None:
        """Remember a computed fact about text under recall's key, if JSON gives it back exactly."""
        plain = _plain_of(value)
        if isinstance(value, FrontMatter) and _aliased(value, text) and not _small(plain):
            return                    # a YAML alias bomb is kept unexpanded; JSON would expand it
        try:
            data = dumps(plain)          # encoded once: what is checked is what is stored
            exact = value is not None and loads(data) == plain
        except (TypeError, ValueError, RecursionError):
            exact = False
        if exact:
            self.new[key] = data
            self.store.put(key, data)

    def parse(self, text: str) -> FrontMatter:
        """frontmatter.parse(text), remembered: parse_all of one text."""
        value = list(parse_all(self, [text]))[0]
        if isinstance(value, FrontMatterError):
            raise value
        return value

    def write_ahead(self) -> None:
        """What this build computed so far written while it goes on (Store.write_ahead: a cold build's
        50,000 facts on a forked process while the pages are made); save() waits for it."""
        self.store.write_ahead()

    def wait(self) -> None:
        self.store.wait()

    def save(self, keep_all: bool = False) -> None:
        """Write the entries this build computed, and drop those of the last build it did not use (keep_all: none)."""
        if self._old is not None:
            self.store.write(drop=() if keep_all else self._old.keys() - self.new.keys())
        with contextlib.suppress(OSError):
            (self.folder / "memo.json").unlink()          # the one-file layout of earlier versions


def remembered_all(memo: Memo | None, kind: str, items, restore=lambda value: value, meanwhile=None) -> list:
    """For each (text, compute) of items: what compute() gave for the text before (recall), else
    compute() (each computed: no memo), what is not remembered computed on every core when it is
    much (parallel.each_in_order, meanwhile() run here while it is), and kept. items
    may be a generator: each text is hashed as it comes and let go (10,000 pairs of HTML are 400 MB)."""
    from .parallel import each_in_order
    found, computes = [], []
    for text, compute in items:
        found.append(memo.recall(kind, text, restore) if memo is not None else ("", None))
        computes.append(compute)
    values = [value for _, value in found]
    missing = [i for i, value in enumerate(values) if value is None]
    with contextlib.closing(each_in_order(lambda i: computes[i](), missing, meanwhile)) as made:
        for value, i in zip(made, missing):       # (made first: meanwhile runs even when nothing is missing)
            if memo is not None:
                memo.keep(found[i][0], value)
            values[i] = value
    return values


def parse_all(memo: Memo | None, texts: list[str], shas: list[str] | None = None):
    """frontmatter.parse of each text, remembered, or the FrontMatterError it raises, in order (a
    generator: close it); what is not remembered parsed on every core when it is much, each given
    as soon as its chunk is parsed (parallel.each_in_order), so that the caller reads the first
    while the workers parse the next. A worker sends back the plain form (without the body), made
    whole here from the text as a remembered one is."""
    from .parallel import each_in_order
    shas = shas or [""] * len(texts)
    found = [memo.recall("fm", text, partial(_front_matter, text=text), sha) if memo is not None else ("", None)
             for text, sha in zip(texts, shas)]
    missing = [i for i, (_, value) in enumerate(found) if value is None]
    with contextlib.closing(each_in_order(lambda i: _parsed(texts[i]), missing)) as made:
        for i, (key, value) in enumerate(found):
            if value is None:
                value = _whole(next(made), texts[i])
                if memo is not None and isinstance(value, FrontMatter):
                    memo.keep(key, value, texts[i])
            yield value


def _whole(parsed, text: str):
    """A worker's answer made whole: the FrontMatter, or the FrontMatterError."""
    value = (_front_matter(pickle.loads(parsed), text) if isinstance(parsed, bytes)
             else FrontMatterError(*parsed) if isinstance(parsed, tuple) else None)
    return _parsed_here(text) if value is None else value    # too deep to send (or, never, not of the shape a parse gives)


def _parsed(text: str) -> bytes | tuple | None:
    """In a worker: the plain form of the text's front matter, pickled here (None: nested too deep
    for pickle, which would fail the whole part: parsed again in the build), or the (line, message)
    of its error."""
    try:
        plain = _plain_of(parse(text))
    except FrontMatterError as e:
        return (e.line, e.message)
    try:
        return pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)
    except RecursionError:
        return None


def _parsed_here(text: str):
    try:
        return parse(text)
    except FrontMatterError as e:
        return e


def _aliased(fm: FrontMatter, text: str) -> bool:
    """The front matter may hold a YAML alias (*name): only then can a part of it be shared."""
    return "*" in text[:len(text) - len(fm.body)]


def _small(value, limit: int = LARGEST) -> bool:
    """The value, its shared parts counted each time they are reached (as JSON writes them), has
    at most `limit` items."""
    todo, seen = [value], 0
    while todo:
        item = todo.pop()
        seen += 1
        if seen > limit:
            return False
        if isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, (list, tuple)):
            todo.extend(item)
    return True


def _plain_of(value):
    if isinstance(value, FrontMatter):
        return [value.data, value.key_lines, value.item_lines, value.raw_scalars, value.body_line, value.end_line,
                value.nested_lines]
    if isinstance(value, list) and value and all(isinstance(d, Diagnostic) for d in value):
        return [[d.code, d.severity, d.file, d.line, d.message] for d in value]
    return value


def _front_matter(stored, text: str) -> FrontMatter | None:
    data, key_lines, item_lines, raw_scalars, body_line, end_line, nested_lines = stored
    if not (isinstance(data, dict) and type(end_line) is int and type(body_line) is int
            and body_line == end_line + 1 and isinstance(key_lines, dict) and isinstance(item_lines, dict)
            and isinstance(raw_scalars, dict) and isinstance(nested_lines, dict)
            and all(type(n) is int for n in key_lines.values())
            and all(isinstance(v, list) and all(type(n) is int for n in v) for v in item_lines.values())):
        return None
    lines = text.split("\n", end_line)
    if end_line < 1 or len(lines) < end_line:
        return None
    body = lines[end_line] if len(lines) > end_line else ""
    return FrontMatter(data, key_lines, item_lines, raw_scalars, body, body_line, end_line, nested_lines)
