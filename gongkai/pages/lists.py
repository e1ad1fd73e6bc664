"""List pages: one per catalog item, 政策解读, the 统一查询 library and the 新旧条文对照 pages."""
from __future__ import annotations

from functools import partial

from ..compare import compare, compare_url, paragraphs
from ..library import library_context
from ..paginate import paginate
from ..site import catalog_url, newest_first
from .page import Page

INTERPRETATIONS_URL = "zcjd/"     # 政策解读 column
NORMATIVE_URL = "gfxwj/"          # 现行有效行政规范性文件统一查询


def _pager(r, pager) -> dict:
    """The pager component's parameters, its links relative to the page that shows it."""
    link = lambda u: r.link(pager.url, u) if u else None    # noqa: E731
    return {"current": pager.current, "total": pager.total, "prev": link(pager.prev), "next": link(pager.next),
            "pages": [{"n": n, "url": link(u), "gap": gap} for n, u, gap in pager.pages]}


def paginated(r, url_of_page, title: str, docs: list, crumbs_for, description: str = "", children=()):
    """The pages of one list, each with its pager and the subcolumns under it."""
    newest = max((d.published for d in docs if d.published), default=None)
    counts = [(c, len(r.site.documents_under(c.code))) for c in children]

    def context(part) -> dict:
        url, n = part.pager.url, part.pager.current
        page = r.page(url, title if n == 1 else f"{title}（第{n}页）", title, newest, description=description)
        return {"page": page, "heading": title, "description": description, "count": len(docs),
                "items": [r.summary(d, url) for d in part.items], "pager": _pager(r, part.pager),
                "breadcrumbs": crumbs_for(url),
                "children": [{"title": c.name, "url": r.link(url, catalog_url(c.code)), "count": k} for c, k in counts]}

    for part in paginate(docs, r.config.page_size, url_of_page):
        yield Page(part.pager.url, "list.html", make=partial(context, part), reads=())


def catalog_lists(r):
    for item in r.config.catalog:
        yield from paginated(r, lambda n, c=item.code: catalog_url(c, n), item.name,
                             r.site.documents_under(item.code), lambda u, c=item.parent_code: r.breadcrumbs(c, u),
                             item.description, r.site.children(item.code))


def interpretation_list(r):
    docs = sorted(r.site.of_type("interpretation"), key=newest_first)
    yield from paginated(r, lambda n: INTERPRETATIONS_URL if n == 1 else f"{INTERPRETATIONS_URL}page/{n}/",
                         "政策解读", docs, lambda u: r.breadcrumbs(None, u),
                         "对政策文件的背景、依据、目的、主要内容和新旧差异的说明，与文件同步发布。")


def normative(r):
    url = NORMATIVE_URL
    yield Page(url, "normative.html", make=lambda: {
        "today": r.site.today, "breadcrumbs": r.breadcrumbs(None, url),
        "page": r.page(url, "现行有效行政规范性文件统一查询", "行政规范性文件", max(
            (p.published for p in r.site.of_type("policy") if p.meta.get("normative") and p.published), default=None),
            description="本机关现行有效的行政规范性文件统一查询"),
        **library_context(r, url)}, reads=())


def comparisons(r):
    def context(new, old, verb, url) -> dict:
        rows = compare(paragraphs(old), paragraphs(new))
        counts = {k: sum(1 for row in rows if row["kind"] == k) for k in ("修改", "新增", "删除")}
        return {"page": r.page(url, f"新旧条文对照：{new.title}", r.column_name(new), new.published, "、".join(new.issuers)),
                "breadcrumbs": [*r.breadcrumbs(new, url), {"title": new.title, "url": r.link(url, new.url)}],
                "new": r.summary(new, url), "old": r.summary(old, url), "verb": verb, "rows": rows, "counts": counts}

    for new, old, verb in r.comparisons:
        url = compare_url(new, old)
        yield Page(url, "compare.html", make=partial(context, new, old, verb, url), reads=(new, old))
