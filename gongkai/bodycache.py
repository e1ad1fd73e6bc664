"""The build cache's memory of document bodies (.gongkai-cache/<out>/bodies/<hash>.json).

One entry per body text, by its hash (with the versions of Gongkai, Python-Markdown and nh3):
for the documents that have that body, what the link stage made of it (sanitized HTML, links
with their targets, images, findings with their lines), under a key of the document's path, URL
and first body line; or why the body is past what the renderer handles. A link result is used
only when every link in it still leads where it led (see markdown.BodyRenderer.reuse): an
added, renamed or deleted document converts again only the bodies that link to it. After a successful build only the entries of the bodies the site has now are
kept. JSON only; anything unreadable is converted again.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import markdown
import nh3

from . import __version__
from .jsonfile import read_json, write_json

FORMAT = 3
LINKED_KEPT = 4          # link results per body (a body shared by a few documents, a renamed one)


class BodyCache:
    def __init__(self, folder: Path, empty: bool = False):
        self.dir = folder / "bodies"
        self.empty = empty
        self.used: set[str] = set()        # entries this build read or wrote: the others go after it

    def body(self, text: str) -> str | dict:
        """Why a body was not rendered (a Chinese reason), or its link results by key ({}: nothing stored)."""
        stored = None if self.empty else read_json(self._path(text))
        if not isinstance(stored, dict):
            return {}
        if isinstance(stored.get("reason"), str):
            return stored["reason"]
        linked = stored.get("linked")
        return linked if isinstance(linked, dict) else {}

    def keep(self, text: str, outcome: str | dict) -> None:
        """A reason, or link results by key (the last LINKED_KEPT)."""
        value = {"reason": outcome} if isinstance(outcome, str) else {"linked": dict(list(outcome.items())[-LINKED_KEPT:])}
        write_json(self._path(text), value)

    def _path(self, text: str) -> Path:
        h = hashlib.sha256(f"{FORMAT}\0{__version__}\0{markdown.__version__}\0{nh3.__version__}\0{text}"
                           .encode("utf-8", "surrogatepass")).hexdigest()
        self.used.add(f"{h}.json")
        return self.dir / h[:2] / f"{h}.json"

    def prune(self) -> None:
        """Entries no document of this build has (an edited or deleted text's): the cache holds
        what the site is now, not every version it ever had."""
        for top, _, names in os.walk(self.dir):
            for name in names:
                if name not in self.used:
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(top, name))
