"""现行有效行政规范性文件统一查询: every normative document in force on the build date (as amended
too), grouped by issuer as real tables, and beside it those no longer in force with the date and the
document that amended or repealed them. Complete with JavaScript off; normative.js adds filters and
sorting kept in the URL."""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from .documents import Document
from .site import newest_first

IN_FORCE = ("现行有效", "已修改")
ACT = {"已修改": ("amended_by", "修改"), "已废止": ("repealed_by", "废止")}


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def row(renderer, p: Document, url: str) -> dict:
    site = renderer.site
    written = p.meta.get("written")
    return {"title": p.title, "url": renderer.link(url, p.url), "doc_number": p.meta.get("doc_number", ""),
            "issuer": "、".join(p.issuers), "issuers": list(p.issuers), "written": _date(written),
            "valid_from": _date(p.meta.get("valid_from") or p.published),
            "valid_until": _date(p.meta.get("valid_until")), "year": str(written.year) if written else "",
            "subject": p.meta.get("subject") or renderer.column_name(p), "status": site.effective_status(p)}


def ended(renderer, p: Document, url: str) -> dict:
    """A row of the documents no longer in force: when, and by which document."""
    site, status = renderer.site, renderer.site.effective_status(p)
    out = {**row(renderer, p, url), "by": None, "since": ""}
    if status in ACT:
        by = site.linked_policy(ACT[status][0], p)
        if by is not None and not by.withheld:
            out["by"] = {"title": by.title, "url": renderer.link(url, by.url), "verb": ACT[status][1]}
            out["since"] = _date(by.meta.get("valid_from") or by.published)
    elif p.meta.get("valid_until"):
        out["since"] = _date(p.meta["valid_until"] + dt.timedelta(days=1))
    return out


def library_context(renderer, url: str) -> dict:
    site = renderer.site
    normative = sorted((p for p in site.of_type("policy") if p.meta.get("normative")), key=newest_first)
    current = [row(renderer, p, url) for p in normative if site.effective_status(p) in IN_FORCE]
    by_issuer = sorted(current, key=lambda r: (r["issuer"], -int(r["year"] or 0)))
    groups = [{"issuer": issuer, "rows": list(rows)} for issuer, rows in groupby(by_issuer, key=lambda r: r["issuer"])]
    gone = [ended(renderer, p, url) for p in normative if site.effective_status(p) != "现行有效"]
    options = {name: sorted({r[key] for r in current if r[key]}, reverse=(key == "year"))
               for name, key in (("years", "year"), ("subjects", "subject"))}
    options["issuers"] = sorted({i for r in current for i in r["issuers"] if i})     # each of a joint document's
    return {"groups": groups, "count": len(current), "ended": gone, "options": options}
