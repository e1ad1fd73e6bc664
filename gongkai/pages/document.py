"""The page of a published document: what every type shows, then one context function per type."""
from __future__ import annotations

from functools import partial
from pathlib import Path

from .. import annual
from ..compare import with_comparisons
from ..dates import add_months
from ..documents import Document
from ..fields import TYPE_NAMES
from ..notices import consultation_state
from ..pagekeys import DocumentHTML
from ..searchmeta import search_fields
from ..site import catalog_url, newest_first
from ..templates import Meta
from .page import Page


def _policy(r, doc: Document, ctx: dict) -> None:
    url = doc.url
    ctx.update(effective_status=r.site.effective_status(doc), catalog_name=r.column_name(doc),
               interpretations=[r.summary(i, url) for i in r.site.interpretations_of(doc)],
               banner=r.banner(doc), related=r.chain(doc, url), comparisons=r.comparisons_of(doc, url))


def _interpretation(r, doc: Document, ctx: dict) -> None:
    url, p = doc.url, r.site.linked_policy("policy", doc)
    if p is None:
        return
    ctx.update(policy=r.summary(p, url), banner=r.interpretation_banner(p, url),
               related=r.chain(p, url, "所解读的文件") if p.type == "policy" else [],
               body=with_comparisons(ctx["body"], r.comparisons_of(p, url)))


def _consultation(r, doc: Document, ctx: dict) -> None:
    for key in ("draft_document", "feedback"):
        t = r.site.resolve_meta_path(doc.meta[key]) if doc.meta.get(key) else None
        shown = t is not None and (t.document is None or not t.document.withheld)
        ctx[key] = ({"title": t.document.title if t.document else doc.meta[key].rsplit("/", 1)[-1],
                     "url": r.link(doc.url, t.url) + t.suffix} if shown else None)
    ctx["consultation_state"] = consultation_state(doc, r.site.today, ctx["feedback"] is not None)
    due = add_months(doc.meta["closes"], 1) if doc.meta.get("closes") else None
    ctx["feedback_due"] = due if due and r.site.today <= due else None      # None: overdue, no promise made


def _report(r, doc: Document, ctx: dict) -> None:
    if doc.meta.get("year"):
        ctx["body"] = annual.place(ctx["body"], doc.meta["year"], annual.counts(r.site, doc.meta["year"]))


def _article(r, doc: Document, ctx: dict) -> None:
    ctx["answers"] = [r.summary(c, doc.url) for c in r.consultations_answered_by(doc)]


BY_TYPE = {"policy": _policy, "interpretation": _interpretation, "consultation": _consultation,
           "report": _report, "article": _article}


def _shared(r, codes: set[str]):
    """The catalog items whose lists show documents of these codes: per top-level branch, the
    deepest item above all of the branch's codes."""
    out = []
    for top in sorted({c.split(".")[0] for c in codes}):
        branch = [c.split(".") for c in codes if c.split(".")[0] == top]
        common = [parts[0] for parts in zip(*branch) if len(set(parts)) == 1]
        while common and r.config.catalog_item(".".join(common)) is None:
            common.pop()
        out.append(r.config.catalog_item(".".join(common or [top])))
    return [item for item in out if item is not None]


def folder(r, doc: Document) -> tuple[list[dict], list[dict]]:
    """A folder's page (content/a/_index.md) lists the documents in the folder that no other list
    shows, and links the lists that show the others (catalog items, 政策解读): one URL per list."""
    url, site = doc.url, r.site
    inside = [d for d in sorted(site.published, key=newest_first)
              if d is not doc and d.url.startswith(url) and d.url[len(url):].count("/") == 1]
    codes = {d.meta["category"] for d in inside if r.config.catalog_item(d.meta.get("category") or "")}
    lists = [{"title": item.name, "url": r.link(url, catalog_url(item.code)),
              "count": len(site.documents_under(item.code))} for item in _shared(r, codes)]
    if any(d.type == "interpretation" for d in inside):
        lists.append({"title": "政策解读", "url": r.link(url, r.INTERPRETATIONS_URL),
                      "count": len(site.of_type("interpretation"))})
    children = [r.summary(d, url) for d in inside
                if d.type != "interpretation" and not r.config.catalog_item(d.meta.get("category") or "")]
    return children, lists


def counted(r, doc: Document) -> dict:
    """The search fields of a document's page (searchmeta), its filters counted for the search page
    once (r.counted): when its page is made, or by the search page for the pages that were not."""
    search = search_fields(r, doc)
    if doc.path not in r.counted:
        r.counted.add(doc.path)
        for name, value in search["filters"]:
            r.filter_counts[name][value] = r.filter_counts[name].get(value, 0) + 1
    return search


def document_context(r, doc: Document) -> dict:
    url = doc.url
    ctx = {"doc": doc, "meta": Meta(doc.meta), "body": DocumentHTML.of(doc), "type_name": TYPE_NAMES.get(doc.type, ""),
           "breadcrumbs": r.breadcrumbs(doc, url), "related": [], "banner": None, "interpretations": [],
           "policy": None, "attachments": [], "children": [], "lists": []}
    for item in doc.meta.get("attachments") or []:
        t = r.site.resolve_from(doc, item["file"])
        ctx["attachments"].append({"title": item["title"], "url": r.link(url, t.url) + t.suffix,
                                   "ext": item["file"].rsplit(".", 1)[-1].upper() if "." in item["file"] else ""})
    if doc.type in BY_TYPE:
        BY_TYPE[doc.type](r, doc, ctx)
    if Path(doc.path).stem in ("_index", "index"):
        ctx["children"], ctx["lists"] = folder(r, doc)
    ctx["history"] = r.history.get(doc.path, [])
    ctx["updated"] = ctx["history"][0][0] if ctx["history"] else doc.published
    ctx["page"] = r.page(url, doc.title, r.column_name(doc), doc.published, "、".join(doc.issuers),
                         doc.meta.get("summary", ""))
    ctx["page"]["status"] = r.status_note(doc)
    ctx["search"] = counted(r, doc)
    return ctx


def with_page(docs) -> list[Document]:
    """The documents that have a page of their own: the column home's text goes into the home page."""
    return [doc for doc in docs if doc.url != ""]


def documents(r, part: tuple[int, int] = (0, 1)):
    """part (i, n): every n-th document from the i-th, for one of n worker processes (gongkai.parallel)."""
    i, n = part
    for doc in with_page(r.site.published[i::n]):
        yield Page(doc.url, f"{doc.type}.html", make=partial(document_context, r, doc), reads=(doc,))
