"""The pages every site has once: the column home, search, 404 and the accessibility statement."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from ..searchwords import full_names
from ..site import catalog_url, newest_first
from .document import counted, folder, with_page
from .lists import INTERPRETATIONS_URL, NORMATIVE_URL
from .page import Page

SEARCH_URL = "search/"
STATEMENT_URL = "accessibility/"   # 无障碍声明
LATEST = 10                        # 最新公开 on the home
CONSULTATIONS = 5                  # 意见征集 on the home
# the yardsticks the pages are tested with (accessibility/package.json pins them; a test keeps the two equal)
TESTED_WITH = {"axe-core": "4.14.1", "vnu-jar": "26.9.27", "lighthouse": "12.2.3"}


def _blocks(r) -> dict[str, list]:
    """The documents of each home block; a document appears in one block only, and a folder page
    whose documents the catalog tree already links is not repeated under 其他."""
    site = r.site
    pages = [d for d in site.of_type("page") if d.url != ""]
    blocks = {"guides": [d for d in pages if "指南" in d.title],
              "rules": [d for d in pages if "制度" in d.title and "指南" not in d.title],
              "reports": sorted(site.of_type("report"), key=lambda d: (-d.meta.get("year", 0), d.path)),
              "consultations": sorted(site.of_type("consultation"), key=newest_first)[:CONSULTATIONS]}
    shown = {id(d) for docs in blocks.values() for d in docs}
    blocks["latest"] = [d for d in sorted(site.published, key=newest_first)
                        if d.type != "page" and id(d) not in shown][:LATEST]
    blocks["other_pages"] = [d for d in pages if id(d) not in shown and not _only_lists(r, d)]
    return blocks


def _only_lists(r, doc) -> bool:
    """A folder page that holds nothing but documents of lists the home already links."""
    return Path(doc.path).stem in ("_index", "index") and not folder(r, doc)[0]


def home(r):
    site, url = r.site, ""
    intro = site.by_url.get("")

    def tree(code):
        return [{"title": c.name, "url": r.link(url, catalog_url(c.code)),
                 "count": len(site.documents_under(c.code)), "children": tree(c.code)}
                for c in site.children(code)]

    def context() -> dict:
        docs = _blocks(r)
        blocks = {k: [r.summary(d, url) for d in ds] for k, ds in docs.items()}
        for item, d in zip(blocks["reports"], docs["reports"]):
            item["year"] = d.meta.get("year")
        newest = max((d.published for d in site.published if d.published), default=None)
        return {"page": r.page(url, r.config.title, "政府信息公开", newest), **blocks,
                "intro": Markup(intro.html) if shown else None, "catalog": tree(None),
                "interpretations_url": r.link(url, INTERPRETATIONS_URL), "normative_url": r.link(url, NORMATIVE_URL),
                "interpretation_count": len(site.of_type("interpretation"))}

    shown = intro is not None and not intro.withheld
    yield Page(url, "home.html", make=context, reads=(intro,) if shown else ())


def search(r):
    def context():
        for doc in with_page(r.site.published):       # those whose page was not made (the last output's)
            if doc.path not in r.counted:
                counted(r, doc)
        counts = {name: dict(sorted(values.items())) for name, values in r.filter_counts.items() if values}
        return {"page": r.page(SEARCH_URL, "站内搜索", "站内搜索"), "with_search": r.with_search,
                "filters": json.dumps(counts, ensure_ascii=False, separators=(",", ":")),
                "names": json.dumps(full_names(), ensure_ascii=False, separators=(",", ":")),
                "breadcrumbs": r.breadcrumbs(None, SEARCH_URL)}

    # (its filters' counts read only the documents' front matter, as the structure key does: a body
    # edited leaves the page as it was, and 20,000 documents' filters need not be counted)
    yield Page(SEARCH_URL, "search.html", make=context, reads=())


def not_found(r):
    """404.html: served at any URL, so its links are absolute from base_url's path (contract)."""
    root = urlsplit(r.config.base_url).path or "/"
    page = {**r.page("", "页面不存在", "页面不存在"), "root": root, "search_url": root + SEARCH_URL,
            "canonical": "", "description": "您访问的页面不存在或已被移除。",
            "titled": True}        # its <title> says what it is, as every page's but the home's
    nav = [{**item, "url": root + item["url"].removeprefix("./"), "current": False} for item in r.nav("")]
    yield Page("", "404.html", {"page": page, "nav": nav, "home_url": root, "breadcrumbs": []}, path="404.html",
               reads=())


def statement(r):
    """The accessibility statement: what the pages meet, how that is tested, how to report a barrier."""
    url = STATEMENT_URL
    yield Page(url, "statement.html", {
        "page": r.page(url, "无障碍声明", "无障碍声明", r.site.today,
                       description=f"{r.config.title}的无障碍与适老化声明"),
        "tested_with": TESTED_WITH, "today": r.site.today, "breadcrumbs": r.breadcrumbs(None, url)}, reads=())
