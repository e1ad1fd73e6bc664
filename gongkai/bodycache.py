"""The build cache's memory of document bodies (.gongkai-cache/<out>/bodies/<hash>.json).

One entry per body text, by its hash (with Gongkai's and Python-Markdown's versions): the
conversion to HTML and what the raw-HTML scan found, and — for the documents that have that
body — what the link stage made of it (sanitized HTML, links with their targets, images,
findings with their lines), under a key of the document's path, URL and first body line. A
link result is used only when every link in it still leads where it led (see
markdown.BodyRenderer.reuse): an added, renamed or deleted document changes only the bodies
that link to it. After a successful build only the entries of the bodies the site has now are
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
from .rawhtml import Findings

FORMAT = 2
LINKED_KEPT = 4          # link results per body (a body shared by a few documents, a renamed one)


class BodyCache:
    def __init__(self, folder: Path, empty: bool = False):
        self.dir = folder / "bodies"
        self.empty = empty
        self.used: set[str] = set()        # entries this build read or wrote: the others go after it

    def body(self, text: str) -> tuple[object, dict]:
        """A body's stored conversion — (html, Findings), a reason it was not rendered, or None —
        and its link results by key."""
        stored = None if self.empty else read_json(self._path(text))
        if not isinstance(stored, dict):
            return None, {}
        linked = stored.get("linked")
        linked = linked if isinstance(linked, dict) else {}
        if "reason" in stored:
            return (stored["reason"], {}) if isinstance(stored["reason"], str) else (None, {})
        try:
            f = stored["found"]
            found = Findings(unsafe=[(str(a), str(b)) for a, b in f["unsafe"]],
                             external=[(str(a), str(b)) for a, b in f["external"]],
                             malformed=[str(x) for x in f["malformed"]], too_deep=bool(f["too_deep"]),
                             more_unsafe=int(f["more_unsafe"]), more_external=int(f["more_external"]),
                             _seen={(str(a), str(b)) for a, b in f["seen"]})
            html = stored["html"]
        except (KeyError, TypeError, ValueError):      # a damaged entry: converted again
            return None, {}
        return ((html, found), linked) if isinstance(html, str) else (None, {})

    def keep(self, text: str, converted, linked: dict | None = None) -> None:
        if isinstance(converted, str):
            value = {"reason": converted}
        else:
            html, f = converted
            value = {"html": html, "found": {"unsafe": f.unsafe, "external": f.external, "malformed": f.malformed,
                                             "too_deep": f.too_deep, "more_unsafe": f.more_unsafe,
                                             "more_external": f.more_external, "seen": sorted(f._seen)},
                     "linked": dict(list((linked or {}).items())[-LINKED_KEPT:])}
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
