"""The loaded site: every document and file under content/, path resolution, lookups.

Nothing here writes or renders. Lookups speak the domain's words:
``interpretations_of(policy)``, ``effective_status(policy)``, ``documents_under(code)``.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .config import Config
from .documents import Document


# a path on the editor's own computer or network, which no reader can open: a drive letter, a
# Windows share, a file: URL
LOCAL = re.compile(r"[A-Za-z]:[\\/]|\\|file:", re.I)


@dataclass(frozen=True)
class Target:
    """Where a path written by an editor leads."""
    kind: str                  # external | anchor | document | file | page | missing | outside | invalid | local
    #                            (page: one the generator makes besides the documents', a list, search, data)
    path: str = ""             # content-relative path of the document or file
    url: str = ""              # site-root-relative URL of the target (no leading slash)
    suffix: str = ""           # ?query#fragment kept from the original
    document: Document | None = None


@dataclass
class Site:
    root: Path
    config: Config
    today: dt.date
    documents: list[Document]
    assets: dict[str, Path]                        # content-relative path -> file on disk
    unparsed: set[str] = field(default_factory=set)  # .md files present but without usable front matter
    static: dict[str, Path] = field(default_factory=dict)        # static/: output path -> file
    theme_static: dict[str, Path] = field(default_factory=dict)  # the site's layouts/static/: assets/<path> -> file
    by_path: dict[str, Document] = field(default_factory=dict)
    by_url: dict[str, Document] = field(default_factory=dict)
    _under: dict[str, list[Document]] = field(default_factory=dict, repr=False)  # documents_under cache
    _meta_targets: dict[str, Target] = field(default_factory=dict, repr=False)  # resolve_meta_path cache
    memo: object = field(default=None, repr=False)    # facts remembered between builds (gongkai.memo)
    generated: frozenset = frozenset()   # URLs of the other pages and files a body may link to (pages.fixed_urls)

    def __post_init__(self):
        self.by_path = {d.path: d for d in self.documents}
        for d in self.documents:
            self.by_url.setdefault(d.url, d)

    # --- documents (the loaded site does not change: lookups are computed once) ---------
    @cached_property
    def published(self) -> list[Document]:
        """Documents that become pages: parsed, typed, neither drafts nor scheduled after the build date."""
        return [d for d in self.documents if d.type and not d.withheld]

    @cached_property
    def scheduled(self) -> list[Document]:
        return [d for d in self.documents if d.type and d.hold == "scheduled"]

    @cached_property
    def _by_category(self) -> dict[str, list[Document]]:
        out: dict[str, list[Document]] = {}
        for d in self.published:
            code = d.meta.get("category")
            if code:
                out.setdefault(code, []).append(d)
        return out

    def of_type(self, doc_type: str, published_only: bool = True) -> list[Document]:
        return list(self._by_type.get((doc_type, published_only), ()))

    @cached_property
    def _by_type(self) -> dict[tuple[str, bool], list[Document]]:
        """(type, published only) → the documents, in order (of_type was asked 21 times a build, each a
        pass over 20,000 documents)."""
        out: dict[tuple[str, bool], list[Document]] = {}
        for published_only, docs in ((False, self.documents), (True, self.published)):
            for d in docs:
                out.setdefault((d.type, published_only), []).append(d)
        return out

    def interpretations_of(self, policy: Document) -> list[Document]:
        """政策解读 documents a policy lists that are interpretations linking back to it."""
        out = []
        for raw in policy.paths("interpretation"):
            t = self.resolve_meta_path(raw)
            d = t.document
            if d and d.type == "interpretation" and not d.withheld and self.resolve_meta_path(d.meta.get("policy", "")).document is policy:
                out.append(d)
        return out

    def linked_policy(self, key: str, doc: Document) -> Document | None:
        raw = doc.meta.get(key)
        return self.resolve_meta_path(raw).document if raw else None

    def effective_status(self, policy: Document) -> str:
        """有效性 after the date rule: 现行有效 past valid_until is effectively 失效."""
        status = policy.meta.get("status", "现行有效")
        until = policy.meta.get("valid_until")
        if status == "现行有效" and until and until < self.today:
            return "失效"
        return status

    def documents_under(self, code: str) -> list[Document]:
        """Published documents of a catalog item and of its children, newest first."""
        if code not in self._under:
            prefix = code + "."
            docs = [d for c, ds in self._by_category.items() if c == code or c.startswith(prefix) for d in ds]
            self._under[code] = sorted(docs, key=newest_first)
        return self._under[code]

    def children(self, code: str | None):
        """Catalog items directly under code (None: the top level, with orphans whose parent is undefined)."""
        defined = {c.code for c in self.config.catalog}

        def parent(item):
            p = item.parent_code
            while p and p not in defined:
                p = p.rsplit(".", 1)[0] if "." in p else None
            return p

        return [c for c in self.config.catalog if parent(c) == code]

    # --- paths -------------------------------------------------------------------------
    def resolve_meta_path(self, raw: str) -> Target:
        """A path in front matter: relative to content/ (the same few paths are asked for by every
        check and page: each is resolved once)."""
        if not isinstance(raw, str):
            return self._resolve("", raw)
        target = self._meta_targets.get(raw)
        if target is None:
            target = self._meta_targets[raw] = self._resolve("", raw)
        return target

    def resolve_from(self, doc: Document, raw: str) -> Target:
        """A link in a body, or an attachment: relative to the document's own folder."""
        return self._resolve(posixpath.dirname(doc.path), raw)

    def _resolve(self, base: str, raw: str) -> Target:
        raw = (raw or "").strip()
        if LOCAL.match(raw):          # C:\Users\…, \\server\share (\server once Markdown has read it), file:
            return Target("local", url=raw)
        try:
            parts = urlsplit(raw)
        except ValueError:        # http://[::1 and the like
            return Target("invalid", url=raw)
        if parts.scheme or parts.netloc:
            # this site's own page or file written absolute: found, it is linked like the others (relative);
            # else it stays an address of the host (the portal may serve more under the column's path)
            own = self._own_path(parts)
            found = self._resolve("", parts._replace(scheme="", netloc="", path=own).geturl()) if own else None
            return found if found is not None and found.kind in ("document", "file", "page") else Target("external", url=raw)
        if not parts.path:
            return Target("anchor", url=raw) if raw else Target("missing")
        suffix = (("?" + parts.query) if parts.query else "") + (("#" + parts.fragment) if parts.fragment else "")
        path = unquote(parts.path)
        if path.startswith("/"):
            base, path = "", path.lstrip("/")
        joined = posixpath.normpath(posixpath.join(base, path)) if path else base
        if joined.startswith("..") or joined.startswith("/"):
            return Target("outside", path=joined)
        joined = "" if joined == "." else joined
        doc = self.by_path.get(joined)
        if doc is not None:
            return Target("document", joined, doc.url, suffix, doc)
        if joined in self.assets:
            return Target("file", joined, joined, suffix)
        # a folder or page URL written directly (../policies/a/)
        doc = self.by_url.get(joined + "/" if joined else "")
        if doc is not None:
            return Target("document", doc.path, doc.url, suffix, doc)
        for url in (joined + "/" if joined else "", joined):        # a list, search, the open data, a static file
            if url in self.generated or (url and url in self.static):
                return Target("page", url, url, suffix)
        return Target("missing", joined)

    def _own_path(self, parts) -> str | None:
        """The path inside the site of an absolute URL of the site itself (https://host/zwgk/a/ → /a/), or None."""
        own = urlsplit(self.config.base_url)
        if parts.scheme.lower() not in ("http", "https", "") or parts.netloc.lower() != own.netloc.lower():
            return None
        path, base = parts.path or "/", own.path or "/"
        if path + "/" == base:
            return "/"
        return "/" + path[len(base):] if path.startswith(base) else None


def newest_first(d: Document):
    p = d.published
    return (-(p.toordinal() if p else 0), d.path)


def catalog_url(code: str, page: int = 1) -> str:
    """The list page of a catalog item: zcwj.gfxwj → catalog/zcwj/gfxwj/ (page 2: …/page/2/)."""
    base = "catalog/" + code.replace(".", "/") + "/"
    return base if page == 1 else f"{base}page/{page}/"


def relative_url(from_url: str, target_url: str) -> str:
    """Relative link from the page at from_url (a folder URL) to target_url (both site-root-relative,
    as file paths: spaces and Chinese are percent-encoded here)."""
    up = "../" * from_url.count("/")
    return (up + quote(target_url)) or "./"


def absolute_url(base_url: str, target_url: str) -> str:
    return base_url + quote(target_url)
