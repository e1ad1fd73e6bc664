"""Render: the site's pages, in memory, from the table of page types in gongkai.pages.

The Renderer holds what every page type shares — links, breadcrumbs, navigation, a document's
summary in a list, the page's head — and renders each Page record through the theme. Returns a
mapping output path → bytes; nothing is written here. Jinja2 autoescapes and is strict about
undefined names; only body HTML from our Markdown+sanitizer step is marked safe.
"""
from __future__ import annotations

from pathlib import Path

from .cache import BuildCache, theme_key
from .pagekeys import context_key, known_key, structure_key
from .compare import compare_url, pairs
from .documents import Document
from .fields import TYPE_NAMES
from .history import file_history
from .notices import Notices, book_title
from .generated import WRITTEN, Reused, holds, write_new
from .parallel import render_parts
from .pages import AFTER_DOCUMENTS, PAGE_TYPES, Page
from .pages.fixed import SEARCH_URL
from .pages.lists import INTERPRETATIONS_URL, NORMATIVE_URL
from .searchmeta import FILTERS
from .site import Site, absolute_url, catalog_url, relative_url
from .templates import make_environment


class Renderer(Notices):
    INTERPRETATIONS_URL = INTERPRETATIONS_URL

    def __init__(self, site: Site, with_search: bool = True, cache: BuildCache | None = None,
                 into: Path | None = None):
        self.site = site
        self.into = into                    # the new output folder: each page written there once made
        self.cache = cache                  # pages whose context is unchanged are linked from the last output
        self.base_key = theme_key(site.root) if cache else ""
        self.config = site.config
        self.with_search = with_search
        self.env = make_environment(site)
        self._answers: dict[int, list[Document]] | None = None     # article → consultations it answers
        self.history = file_history(site.root)                      # 更新记录, one git log per build
        self.comparisons = pairs(site)                              # 新旧条文对照: (new, old, verb)
        self._compared: dict[int, list[tuple[Document, Document]]] = {}    # policy → its pairs, either side
        for new, old, _ in self.comparisons:
            for side in (new, old):
                self._compared.setdefault(id(side), []).append((new, old))
        self.files: dict[str, bytes] = {}
        self.collisions: list[str] = []     # generated pages that would overwrite a document's page
        self.filter_counts: dict[str, dict[str, int]] = {name: {} for name in FILTERS}   # for the search page
        self.counted: set[str] = set()      # the documents in filter_counts (pages.document.counted)
        self._top_columns = [(c.name, catalog_url(c.code)) for c in site.children(None)]   # the nav, once
        self.structure = structure_key(site, self.history, with_search) if cache else ""

    # --- what the page types share --------------------------------------------------------
    def link(self, from_url: str, target_url: str) -> str:
        return relative_url(from_url, target_url)

    def column_name(self, doc: Document) -> str:
        item = self.config.catalog_item(doc.meta.get("category", ""))
        if item:
            return item.name
        return TYPE_NAMES.get(doc.type, "政府信息公开") if doc.type != "page" else doc.title

    def summary(self, doc: Document, from_url: str) -> dict:
        """What a list shows of a document."""
        d = {"title": doc.title, "url": self.link(from_url, doc.url), "published": doc.published,
             "type_name": TYPE_NAMES.get(doc.type, ""), "doc_number": doc.meta.get("doc_number", ""),
             "issuer": "、".join(doc.issuers), "status": None}
        if doc.type == "policy":
            d["status"] = self.site.effective_status(doc)
        elif doc.type == "interpretation":
            d["status"] = self.status_note(doc)
        return d

    def page(self, url: str, title: str, column: str, pub_date=None, source: str = "", description: str = "") -> dict:
        """The page's head: title, the government meta tags, canonical and relative roots."""
        return {"url": url, "title": title, "column_name": column,
                "pub_date": pub_date.isoformat() if pub_date else "",
                "content_source": source or self.config.organization or self.config.title,
                "description": description or self.config.description,
                "canonical": absolute_url(self.config.base_url, url), "root": relative_url(url, ""),
                "search_url": relative_url(url, SEARCH_URL)}

    def nav(self, from_url: str) -> list[dict]:
        items = [{"title": "首页", "url": self.link(from_url, ""), "current": from_url == ""}]
        for name, u in self._top_columns:
            items.append({"title": name, "url": self.link(from_url, u), "current": from_url.startswith(u)})
        items.append({"title": "政策解读", "url": self.link(from_url, INTERPRETATIONS_URL),
                      "current": from_url.startswith(INTERPRETATIONS_URL)})
        items.append({"title": "规范性文件统一查询", "url": self.link(from_url, NORMATIVE_URL),
                      "current": from_url.startswith(NORMATIVE_URL)})
        return items

    def breadcrumbs(self, doc_or_code: Document | str | None, from_url: str) -> list[dict]:
        """The way up the catalog tree: 首页, then each catalog item above the document (or the list
        of the code), an interpretation under 政策解读."""
        crumbs = [{"title": "首页", "url": self.link(from_url, "")}]
        code = doc_or_code.meta.get("category") if isinstance(doc_or_code, Document) else doc_or_code
        if isinstance(doc_or_code, Document) and doc_or_code.type == "interpretation":
            crumbs.append({"title": "政策解读", "url": self.link(from_url, INTERPRETATIONS_URL)})
        parts = code.split(".") if code else []
        for i in range(len(parts)):
            item = self.config.catalog_item(".".join(parts[:i + 1]))
            if item:
                crumbs.append({"title": item.name, "url": self.link(from_url, catalog_url(item.code))})
        return crumbs

    def consultations_answered_by(self, article: Document) -> list[Document]:
        """Published consultations whose `feedback` is this article (its page links back to them)."""
        if self._answers is None:
            self._answers = {}
            for c in self.site.of_type("consultation"):
                target = self.site.linked_policy("feedback", c)
                if target is not None:
                    self._answers.setdefault(id(target), []).append(c)
        return self._answers.get(id(article), [])

    def comparisons_of(self, policy: Document, from_url: str) -> list[dict]:
        return [{"label": "", "status": "", "title": f"{book_title(old.title)}与{book_title(new.title)}新旧条文对照",
                 "url": self.link(from_url, compare_url(new, old))}
                for new, old in self._compared.get(id(policy), [])]

    # --- rendering ----------------------------------------------------------------------------
    def emit(self, page: Page) -> None:
        if not self.settled(page):
            self.make(page)

    def settled(self, page: Page) -> bool:
        """The page needs no making: it meets a page already there (a collision), or what it is made
        of is what the last output's page was made of (that page is linked, see _known)."""
        if page.out in self.files:
            self.collisions.append(page.url)
            return True
        known = self._known(page)
        if known is not None and self.cache.page_known(page.out, known):     # as in the last output: not made
            self.files[page.out] = Reused(self.cache.out, page.out)
            return True
        return False

    def make(self, page: Page) -> None:
        """The page rendered, or linked from the last output when its context's key is the same."""
        page = page.made()
        if page.body is not None:
            self.files[page.out] = page.body
            return
        context = page.context
        if page.template.endswith(".html") and "nav" not in context:
            context = {**context, "nav": self.nav(page.url)}
        key = context_key(self.base_key, page.template, context) if self.cache is not None else None
        if key is not None and self.cache.page_reusable(page.out, key):
            self.files[page.out] = Reused(self.cache.out, page.out)
            return
        html = self.env.get_template(page.template).render(site=self.config, **context)
        self.files[page.out] = self._kept(page.out, html.encode("utf-8"))

    def _kept(self, out: str, data: bytes):
        """The page's bytes; or WRITTEN once they are in the new folder (into): a process that makes
        pages (a worker among them) writes them itself, and sends back nothing but their paths; or,
        when the output is to be updated where it stands, Reused if its file holds these very bytes:
        the output's files are compared where the pages are made, so that the writer is not handed
        every unchanged page to compare (a --no-cache build of a city's archive: 1.3 GB)."""
        if self.into is not None:
            write_new(self.into, out, data)
            return WRITTEN
        if self.cache is not None and self._holds(out, data):
            return Reused(self.cache.out, out)
        return data

    def _holds(self, out: str, data: bytes) -> bool:
        """The output holds the page as a clean build would write it: by the walk made as the build
        began (no link on the way: a folder replaced by a link to one elsewhere is not walked into),
        a file of its size and the build's permissions; then its bytes, read (generated.holds)."""
        entry, file_mode = self.cache.found().get(out), self.cache.modes[0]
        return (entry is not None and entry[0] == len(data) and entry[3] == file_mode
                and holds(f"{self.cache.out}/{out}", data, file_mode))

    def _known(self, page: Page) -> str | None:
        """What the page is made of, known before it is made: the site's structure (every document
        but its text) and the documents it reads (None: not known, or no cache)."""
        if self.cache is None or page.reads is None or self.structure is None:
            return None
        return known_key(f"{self.base_key}\0{self.structure}", page.template, page.out, page.reads)


def render_site(site: Site, with_search: bool, cache: BuildCache | None = None,
                into: Path | None = None) -> tuple[dict, list[str]]:
    """Every generated file of the site, keyed by its path in the output folder (bytes, Reused: the
    same file of the last output, or WRITTEN: a page already written into `into`, the new folder),
    and the URLs where a generated page (catalog list, 政策解读, search) met a document's page."""
    r = Renderer(site, with_search, cache, into)
    documents = dict(PAGE_TYPES)["document"]          # most of the work: on every core for a large site
    others = (page for name, pages in PAGE_TYPES if name != "document" and name not in AFTER_DOCUMENTS
              for page in pages(r))
    render_parts(r, documents, len(site.published), then=others)
    for name, pages in PAGE_TYPES:
        if name in AFTER_DOCUMENTS:
            for page in pages(r):
                r.emit(page)
    return r.files, r.collisions
