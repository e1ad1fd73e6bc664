"""Render: documents → pages, list pages, home, feed, sitemap and data files, all in memory.

Returns a mapping output path → bytes; nothing is written here. Jinja2 autoescapes and
is strict about undefined names; only body HTML from our Markdown+sanitizer step is
marked safe.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from .datafiles import feed, sitemap
from .documents import TYPE_NAMES, Document
from .site import Site, absolute_url, catalog_url, newest_first, relative_url
from . import annual
from .compare import compare, compare_url, pairs, paragraphs, with_comparisons
from .history import file_history
from .library import library_context
from .opendata import open_data
from .notices import Notices, book_title, consultation_state
from .searchmeta import FILTERS, search_fields
from .templates import Meta, cn_date, make_environment

INTERPRETATIONS_URL = "zcjd/"     # 政策解读 column
NORMATIVE_URL = "gfxwj/"          # 现行有效行政规范性文件统一查询
SEARCH_URL = "search/"
STATEMENT_URL = "accessibility/"   # 无障碍声明
# the yardsticks the pages are tested with (accessibility/package.json pins them; a test keeps the two equal)
TESTED_WITH = {"axe-core": "4.14.1", "vnu-jar": "26.9.27", "lighthouse": "12.2.3"}


class Renderer(Notices):
    def __init__(self, site: Site):
        self.site = site
        self.config = site.config
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
        self._top_columns = [(c.name, catalog_url(c.code)) for c in site.children(None)]   # the nav, once

    # --- helpers shared by the templates ------------------------------------------------
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
        return {"url": url, "title": title, "column_name": column,
                "pub_date": pub_date.isoformat() if pub_date else "",
                "content_source": source or self.config.organization or self.config.title,
                "description": description or self.config.description,
                "canonical": absolute_url(self.config.base_url, url), "root": relative_url(url, ""),
                "search_url": relative_url(url, SEARCH_URL)}

    def emit(self, url: str, template: str, **context) -> None:
        path = url + "index.html"
        if path in self.files:
            self.collisions.append(url)
            return
        html = self.env.get_template(template).render(site=self.config, nav=self.nav(url), **context)
        self.files[path] = html.encode("utf-8")

    def nav(self, from_url: str) -> list[dict]:
        items = [{"title": "首页", "url": self.link(from_url, ""), "current": from_url == ""}]
        for name, u in self._top_columns:
            items.append({"title": name, "url": self.link(from_url, u), "current": from_url.startswith(u)})
        items.append({"title": "政策解读", "url": self.link(from_url, INTERPRETATIONS_URL),
                      "current": from_url.startswith(INTERPRETATIONS_URL)})
        items.append({"title": "规范性文件统一查询", "url": self.link(from_url, NORMATIVE_URL),
                      "current": from_url.startswith(NORMATIVE_URL)})
        return items

    def breadcrumbs(self, doc_or_code, from_url: str) -> list[dict]:
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

    # --- documents ------------------------------------------------------------------------
    def consultations_answered_by(self, article: Document) -> list[Document]:
        """Published consultations whose `feedback` is this article (its page links back to them)."""
        if self._answers is None:
            self._answers = {}
            for c in self.site.of_type("consultation"):
                target = self.site.linked_policy("feedback", c)
                if target is not None:
                    self._answers.setdefault(id(target), []).append(c)
        return self._answers.get(id(article), [])

    def render_document(self, doc: Document) -> None:
        site, url = self.site, doc.url
        ctx = {"doc": doc, "meta": Meta(doc.meta), "body": Markup(doc.html), "type_name": TYPE_NAMES.get(doc.type, ""),
               "breadcrumbs": self.breadcrumbs(doc, url), "related": [], "banner": None,
               "interpretations": [], "policy": None, "attachments": [], "children": []}
        for item in doc.meta.get("attachments") or []:
            t = site.resolve_from(doc, item["file"])
            ctx["attachments"].append({"title": item["title"], "url": self.link(url, t.url) + t.suffix,
                                       "ext": item["file"].rsplit(".", 1)[-1].upper() if "." in item["file"] else ""})
        if doc.type == "policy":
            ctx["effective_status"] = site.effective_status(doc)
            ctx["catalog_name"] = self.column_name(doc)
            ctx["interpretations"] = [self.summary(i, url) for i in site.interpretations_of(doc)]
            ctx["banner"] = self.banner(doc)
            ctx["related"] = self.chain(doc, url)
            ctx["comparisons"] = self.comparisons_of(doc, url)
        elif doc.type == "interpretation":
            p = site.linked_policy("policy", doc)
            ctx["policy"] = self.summary(p, url) if p else None
            ctx["banner"] = self.interpretation_banner(p, url) if p else None
            ctx["related"] = self.chain(p, url, "所解读的文件") if p and p.type == "policy" else []
            ctx["body"] = with_comparisons(ctx["body"], self.comparisons_of(p, url) if p else [])
        elif doc.type == "consultation":
            for key in ("draft_document", "feedback"):
                t = site.resolve_meta_path(doc.meta[key]) if doc.meta.get(key) else None
                shown = t is not None and (t.document is None or not t.document.withheld)
                ctx[key] = ({"title": t.document.title if t.document else doc.meta[key].rsplit("/", 1)[-1],
                             "url": self.link(url, t.url) + t.suffix} if shown else None)
            ctx["consultation_state"] = consultation_state(doc, site.today, ctx["feedback"] is not None)
        elif doc.type == "report" and doc.meta.get("year"):
            ctx["body"] = annual.place(ctx["body"], doc.meta["year"], annual.counts(site, doc.meta["year"]))
        elif doc.type == "article":
            ctx["answers"] = [self.summary(c, url) for c in self.consultations_answered_by(doc)]
        if Path(doc.path).stem in ("_index", "index"):
            folder = url
            ctx["children"] = [self.summary(d, url) for d in sorted(site.published, key=newest_first)
                               if d is not doc and d.url.startswith(folder) and d.url[len(folder):].count("/") == 1]
        ctx["history"] = self.history.get(doc.path, [])
        ctx["updated"] = ctx["history"][0][0] if ctx["history"] else doc.published
        page = self.page(url, doc.title, self.column_name(doc), doc.published,
                         "、".join(doc.issuers), doc.meta.get("summary", ""))
        page["status"] = self.status_note(doc)
        ctx["search"] = search_fields(self, doc)
        for name, value in ctx["search"]["filters"]:
            self.filter_counts[name][value] = self.filter_counts[name].get(value, 0) + 1
        self.emit(url, f"{doc.type}.html", page=page, **ctx)

    # --- lists --------------------------------------------------------------------------------
    def render_list(self, base_url: str, url_of_page, title: str, docs: list[Document], crumbs_for,
                    description: str = "", children=()) -> None:
        size = self.config.page_size
        pages = max(1, -(-len(docs) // size))
        newest = max((d.published for d in docs if d.published), default=None)
        counts = [(c, len(self.site.documents_under(c.code))) for c in children]
        for n in range(1, pages + 1):
            url = url_of_page(n)
            chunk = docs[(n - 1) * size: n * size]
            shown = [k for k in range(1, pages + 1) if k in (1, pages) or abs(k - n) <= 3]
            pager = {"current": n, "total": pages,
                     "prev": self.link(url, url_of_page(n - 1)) if n > 1 else None,
                     "next": self.link(url, url_of_page(n + 1)) if n < pages else None,
                     "pages": [{"n": k, "url": self.link(url, url_of_page(k)),
                                "gap": i > 0 and k - shown[i - 1] > 1} for i, k in enumerate(shown)]}
            page = self.page(url, title if n == 1 else f"{title}（第{n}页）", title, newest, description=description)
            self.emit(url, "list.html", page=page, heading=title, description=description,
                      items=[self.summary(d, url) for d in chunk], pager=pager, count=len(docs),
                      breadcrumbs=crumbs_for(url),
                      children=[{"title": c.name, "url": self.link(url, catalog_url(c.code)), "count": k}
                                for c, k in counts])

    def render_catalog(self) -> None:
        for item in self.config.catalog:
            docs = self.site.documents_under(item.code)
            self.render_list(catalog_url(item.code), lambda n, c=item.code: catalog_url(c, n), item.name, docs,
                             lambda u, c=item.parent_code: self.breadcrumbs(c, u) if c else
                             [{"title": "首页", "url": self.link(u, "")}],
                             item.description, self.site.children(item.code))
        interps = sorted(self.site.of_type("interpretation"), key=newest_first)
        self.render_list(INTERPRETATIONS_URL,
                         lambda n: INTERPRETATIONS_URL if n == 1 else f"{INTERPRETATIONS_URL}page/{n}/",
                         "政策解读", interps, lambda u: [{"title": "首页", "url": self.link(u, "")}],
                         "对政策文件的背景、依据、目的、主要内容和新旧差异的说明，与文件同步发布。")
        self.emit(NORMATIVE_URL, "normative.html", today=self.site.today,
                  page=self.page(NORMATIVE_URL, "现行有效行政规范性文件统一查询", "行政规范性文件",
                                 description="本机关现行有效的行政规范性文件统一查询"),
                  breadcrumbs=[{"title": "首页", "url": self.link(NORMATIVE_URL, "")}],
                  **library_context(self, NORMATIVE_URL))

    def comparisons_of(self, policy: Document, from_url: str) -> list[dict]:
        return [{"label": "", "status": "", "title": f"{book_title(old.title)}与{book_title(new.title)}新旧条文对照",
                 "url": self.link(from_url, compare_url(new, old))}
                for new, old in self._compared.get(id(policy), [])]

    def render_comparisons(self) -> None:
        for new, old, verb in self.comparisons:
            url = compare_url(new, old)
            rows = compare(paragraphs(old), paragraphs(new))
            counts = {k: sum(1 for r in rows if r["kind"] == k) for k in ("修改", "新增", "删除")}
            self.emit(url, "compare.html", page=self.page(url, f"新旧条文对照：{new.title}", self.column_name(new),
                                                          new.published, "、".join(new.issuers)),
                      breadcrumbs=[*self.breadcrumbs(new, url), {"title": new.title, "url": self.link(url, new.url)}],
                      new=self.summary(new, url), old=self.summary(old, url), verb=verb, rows=rows, counts=counts)

    def render_home(self) -> None:
        site, url = self.site, ""
        intro = site.by_url.get("")
        pages = [d for d in site.of_type("page") if d.url != ""]
        reports = sorted(site.of_type("report"), key=lambda d: (-d.meta.get("year", 0), d.path))
        latest = sorted((d for d in site.published if d.type not in ("page",)), key=newest_first)[:10]
        consultations = sorted(site.of_type("consultation"), key=newest_first)[:5]

        def tree(code):
            return [{"title": c.name, "url": self.link(url, catalog_url(c.code)),
                     "count": len(site.documents_under(c.code)), "children": tree(c.code)}
                    for c in site.children(code)]

        newest = max((d.published for d in site.published if d.published), default=None)
        page = self.page(url, self.config.title, "政府信息公开", newest)
        self.emit(url, "home.html", page=page,
                  intro=Markup(intro.html) if intro and not intro.withheld else None,
                  guides=[self.summary(d, url) for d in pages if "指南" in d.title],
                  rules=[self.summary(d, url) for d in pages if "制度" in d.title],
                  other_pages=[self.summary(d, url) for d in pages if "指南" not in d.title and "制度" not in d.title],
                  catalog=tree(None), reports=[{**self.summary(d, url), "year": d.meta.get("year")} for d in reports],
                  latest=[self.summary(d, url) for d in latest],
                  consultations=[self.summary(d, url) for d in consultations],
                  interpretations_url=self.link(url, INTERPRETATIONS_URL),
                  normative_url=self.link(url, NORMATIVE_URL),
                  interpretation_count=len(site.of_type("interpretation")))

    def render_not_found(self) -> None:
        """404.html: served at any URL, so its links are absolute from base_url's path (contract)."""
        root = urlsplit(self.config.base_url).path or "/"
        page = {**self.page("", "页面不存在", "页面不存在"), "root": root, "search_url": root + SEARCH_URL,
                "canonical": "", "description": "您访问的页面不存在或已被移除。"}
        nav = [{**item, "url": root + item["url"].removeprefix("./"), "current": False} for item in self.nav("")]
        html = self.env.get_template("404.html").render(site=self.config, nav=nav, page=page,
                                                        home_url=root, breadcrumbs=[])
        self.files["404.html"] = html.encode("utf-8")

    def render_statement(self) -> None:
        """The accessibility statement: what the pages meet, how that is tested, how to report a barrier."""
        page = self.page(STATEMENT_URL, "无障碍声明", "无障碍声明", self.site.today,
                         description=f"{self.config.title}的无障碍与适老化声明")
        self.emit(STATEMENT_URL, "statement.html", page=page, tested_with=TESTED_WITH, today=self.site.today,
                  breadcrumbs=[{"title": "首页", "url": self.link(STATEMENT_URL, "")}])

    def render_search(self, with_search: bool) -> None:
        page = self.page(SEARCH_URL, "站内搜索", "站内搜索")
        counts = {name: dict(sorted(values.items())) for name, values in self.filter_counts.items() if values}
        self.emit(SEARCH_URL, "search.html", page=page, with_search=with_search,
                  filters=json.dumps(counts, ensure_ascii=False, separators=(",", ":")),
                  breadcrumbs=[{"title": "首页", "url": self.link(SEARCH_URL, "")}])


def render_site(site: Site, with_search: bool) -> tuple[dict[str, bytes], list[str]]:
    """Every generated file of the site, keyed by its path in the output folder, and the URLs
    where a generated page (catalog list, 政策解读, search) met a document's page."""
    r = Renderer(site)
    for doc in site.published:
        if doc.url != "":
            r.render_document(doc)
    r.render_catalog()
    r.render_comparisons()
    r.render_home()
    r.render_search(with_search)
    r.render_not_found()
    r.render_statement()
    page_urls = [p[: -len("index.html")] for p in r.files if p.endswith("index.html")]
    r.files.update(open_data(site))
    r.files["sitemap.xml"] = sitemap(site, [u for u in page_urls if u != SEARCH_URL])
    r.files["feed.xml"] = feed(site)
    return r.files, r.collisions
