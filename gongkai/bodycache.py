"""The build cache's memory of document bodies (.gongkai-cache/<out>/bodies.sqlite and html.sqlite,
gongkai.store).

One entry per document text, by its hash (with the versions of Gongkai, Python-Markdown and nh3):
for the documents that have that text, what the link stage made of its body (links with their
targets, images, findings with their lines, and the sanitized HTML's hash), under a key of the
document's path, URL and first body line; or why the body is past what the renderer handles. The
HTML itself is kept apart by its hash (html.sqlite, UTF-8 text) and decoded only when a page or a
rule reads it (Document.html): an edited site's build reads the other 19,999 by their hashes. A
link result is used only when every link in it still leads where it led (see
sanitize.BodyRenderer.reuse): an added, renamed or deleted document converts again only the bodies
that link to it. After a successful build only the entries of the texts the site has now are kept.
JSON and text only; anything unreadable is converted again.
"""
from __future__ import annotations

import contextlib
import hashlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import markdown
import nh3

from . import code_version
from .jsonfile import loads
from .sources import digest
from .store import Store

if TYPE_CHECKING:
    from .documents import Document

FORMAT = 5
LINKED_KEPT = 4          # link results per text (a text shared by a few documents, a renamed one)


class BodyCache:
    def __init__(self, folder: Path, empty: bool = False, keep: bool = True):
        self.folder = folder
        self.store = Store(folder / "bodies.sqlite", empty, keep)
        self.htmls = Store(folder / "html.sqlite", empty, keep)       # HTML by its hash
        self._stored: dict[str, bytes] | None = None     # read at the first use
        self._html: dict[str, bytes] = {}
        self.used: set[str] = set()        # entries this build read or wrote: the others go after it
        self.used_html: set[str] = set()
        self._first = self.none_stored()     # (nothing to read back, nor to prune)

    def none_stored(self) -> bool:
        """No body is stored (a first build, --no-cache): every body will be converted."""
        return self.store.empty or not self.store.path.is_file()

    def _read(self) -> None:
        if self._stored is None:
            self._stored, self._html = ({}, {}) if self._first else (self.store.read(), self.htmls.read())

    def body(self, doc: Document) -> str | dict:
        """Why a document's body was not rendered (a Chinese reason), or its link results by key ({}:
        nothing stored); each result's "html" is a hash for html_of."""
        self._read()
        raw = self._stored.get(self._key(doc))
        try:
            stored = loads(raw) if raw is not None else None
        except (ValueError, RecursionError):
            stored = None
        if not isinstance(stored, dict):
            return {}
        if isinstance(stored.get("reason"), str):
            return stored["reason"]
        linked = stored.get("linked")
        if not isinstance(linked, dict):
            return {}
        self.used_html.update(r["html"] for r in linked.values() if isinstance(r, dict) and isinstance(r.get("html"), str))
        return linked

    def html_of(self, sha: str) -> bytes | None:
        """The HTML kept by its hash (UTF-8), None when it is not."""
        return self._html.get(sha)

    def keep(self, doc: Document, outcome: str | dict) -> None:
        """A reason, or link results by key (the last LINKED_KEPT), the document's HTML kept by its
        hash if it has some; written by save()."""
        value = {"reason": outcome} if isinstance(outcome, str) else {"linked": dict(list(outcome.items())[-LINKED_KEPT:])}
        self.store.put_later(self._key(doc), value)
        if not isinstance(outcome, str):
            self.used_html.add(doc.html_digest())
            if doc.html_sha not in self._html:
                self.htmls.put(doc.html_sha, doc.html)

    def _key(self, doc: Document) -> str:
        """The entry of the document's text: its body follows from it (and one text's is one entry)."""
        h = hashlib.sha256(f"{FORMAT}\0{code_version()}\0{markdown.__version__}\0{nh3.__version__}\0"
                           f"{doc.source_sha or digest(doc.source)}".encode()).hexdigest()
        self.used.add(h)
        return h

    def save(self) -> None:
        """Write what this build converted (kept even if the build fails after): a cold build's on a
        forked process while the build goes on to its checks (Store.write_ahead)."""
        self.store.write_ahead(self.htmls)

    def wait(self) -> None:
        """save()'s writes done."""
        self.store.wait()
        self.htmls.wait()

    def prune(self) -> None:
        """After a successful build, entries no document of it has (an edited or deleted text's, and
        HTML no entry names) go: the cache holds what the site is now, not every version it had."""
        self._read()
        self.store.write(drop=self._stored.keys() - self.used)
        self.htmls.write(drop=self._html.keys() - self.used_html)
        with contextlib.suppress(OSError):
            shutil.rmtree(self.folder / "bodies")        # the one-file-per-body layout of earlier versions
