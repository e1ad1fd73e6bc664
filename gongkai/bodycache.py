"""The build cache's memory of document bodies (.gongkai-cache/<out>/bodies.sqlite, gongkai.store).

One entry per body text, by its hash (with the versions of Gongkai, Python-Markdown and nh3):
for the documents that have that body, what the link stage made of it (sanitized HTML, links
with their targets, images, findings with their lines), under a key of the document's path, URL
and first body line; or why the body is past what the renderer handles. A link result is used
only when every link in it still leads where it led (see sanitize.BodyRenderer.reuse): an
added, renamed or deleted document converts again only the bodies that link to it. After a
successful build only the entries of the bodies the site has now are kept. JSON only; anything
unreadable is converted again.
"""
from __future__ import annotations

import contextlib
import hashlib
import shutil
from pathlib import Path

import markdown
import nh3

from . import code_version
from .jsonfile import loads
from .store import Store

FORMAT = 4
LINKED_KEPT = 4          # link results per body (a body shared by a few documents, a renamed one)


class BodyCache:
    def __init__(self, folder: Path, empty: bool = False, keep: bool = True):
        self.folder = folder
        self.store = Store(folder / "bodies.sqlite", empty, keep)
        self._stored: dict[str, bytes] | None = None     # read at the first use
        self.used: set[str] = set()        # entries this build read or wrote: the others go after it
        self._keys: dict[str, str] = {}

    def none_stored(self) -> bool:
        """No body is stored (a first build, --no-cache): every body will be converted."""
        return self.store.empty or not self.store.path.is_file()

    def body(self, text: str) -> str | dict:
        """Why a body was not rendered (a Chinese reason), or its link results by key ({}: nothing stored)."""
        if self._stored is None:
            self._stored = self.store.read()
        raw = self._stored.get(self._key(text))
        try:
            stored = loads(raw) if raw is not None else None
        except (ValueError, RecursionError):
            stored = None
        if not isinstance(stored, dict):
            return {}
        if isinstance(stored.get("reason"), str):
            return stored["reason"]
        linked = stored.get("linked")
        return linked if isinstance(linked, dict) else {}

    def keep(self, text: str, outcome: str | dict) -> None:
        """A reason, or link results by key (the last LINKED_KEPT); written by save()."""
        value = {"reason": outcome} if isinstance(outcome, str) else {"linked": dict(list(outcome.items())[-LINKED_KEPT:])}
        self.store.put_later(self._key(text), value)

    def _key(self, text: str) -> str:
        known = self._keys.get(text)      # (body() and then keep() of the same text)
        if known is not None:
            return known
        h = hashlib.sha256(f"{FORMAT}\0{code_version()}\0{markdown.__version__}\0{nh3.__version__}\0{text}"
                           .encode("utf-8", "surrogatepass")).hexdigest()
        self.used.add(h)
        self._keys[text] = h
        return h

    def save(self) -> None:
        """Write what this build converted (kept even if the build fails after): a cold build's on a
        forked process while the build goes on to its checks (Store.write_ahead)."""
        self.store.write_ahead()

    def wait(self) -> None:
        """save()'s write done."""
        self.store.wait()

    def prune(self) -> None:
        """After a successful build, entries no document of it has (an edited or deleted text's) go:
        the cache holds what the site is now, not every version it ever had."""
        if self._stored is None:
            self._stored = self.store.read()
        self.store.write(drop=self._stored.keys() - self.used)
        with contextlib.suppress(OSError):
            shutil.rmtree(self.folder / "bodies")        # the one-file-per-body layout of earlier versions
