"""The keys of a page, by which an incremental build knows it unchanged (gongkai.cache keeps them).

context_key: the hash of everything a page's rendering reads, its template context written as
JSON; a page whose key is the last build's is linked from the last output instead of rendered.
known_key: what a page is made of, known before its context is made: the site's structure
(structure_key: every document but its text) and the documents it reads (Page.reads), each by its
fingerprint; a page whose known key is the last build's needs not even its context made.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from markupsafe import Markup

from .sources import digest
from .jsonfile import sorted_dumps


class Unkeyable(TypeError):
    """A value the key cannot describe: the page is rendered, never reused."""


def _plain(value):
    """What json cannot write itself: dates, and a Document as what a template may read of it."""
    from .documents import Document
    if isinstance(value, (dt.date, dt.datetime)):
        return "T" + value.isoformat()
    if isinstance(value, Document):     # what a template may read of it, hashed once per build
        return value.fingerprint()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise Unkeyable(type(value).__name__)


class DocumentHTML(Markup):
    """A document's HTML in a page's context (the body of its page), written into the key as its
    document's fingerprint, which holds the HTML: not 20,000 bodies written out again. (What
    markupsafe derives from it, `body + x` in a template, is of this class too, without document.)"""
    document = None

    @classmethod
    def of(cls, doc) -> "DocumentHTML":
        made = cls(doc.html)
        made.document = doc
        return made


def context_key(base: str, template: str, context: dict) -> str | None:
    """The hash of everything a page's rendering reads (None: something it cannot describe).
    Markup and str are written alike: which one a value is follows from the code, whose version
    is in `base`."""
    body = context.get("body")
    if type(body) is DocumentHTML and body.document is not None:
        context = {**context, "body": ["document's HTML", body.document.fingerprint()]}
    try:
        data = sorted_dumps(context, _plain)
    except (Unkeyable, TypeError, ValueError):
        return None
    return digest(f"{base}\0{template}\0".encode("utf-8", "surrogatepass") + data)


def structure_key(site, history: dict, with_search: bool) -> str | None:
    """Everything about the site a page may read besides the documents' text (see Page.reads): each
    document's path, URL, type, hold and front matter (the file above the body), the paths of the
    attachments and static files, the build date, the options and the files' git history. None:
    something in it the key cannot describe."""
    h = hashlib.sha256()
    try:
        h.update(json.dumps([site.today, with_search, sorted(site.assets), sorted(site.static),
                             sorted(site.theme_static), sorted(site.unparsed), history],
                            default=_plain, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    except (Unkeyable, TypeError, ValueError):
        return None
    h.update(sorted_dumps([[d.path, d.url, d.type, d.hold, d.preview, _head(d)] for d in site.documents], _plain))
    return h.hexdigest()


def _head(d) -> str:
    """The document's file above its body (all of it when the body is not its end)."""
    body = d.fm.body if d.fm is not None else ""
    return d.source[: len(d.source) - len(body)] if body and d.source.endswith(body) else d.source


def known_key(base: str, template: str, path: str, reads: tuple) -> str:
    """What a page is made of, known before its context is made: the structure (in base), its template
    and place, and the documents whose text it reads, each by its fingerprint."""
    return digest("\0".join([base, template, path, *(_plain(d) for d in reads)]))
