"""现行有效行政规范性文件统一查询: every normative document in force on the build date (as amended
too), grouped by issuer as real tables; those published but not yet in force (施行日期 to come); and
those no longer in force with the date and the document that amended or repealed them. Complete with
JavaScript off; normative.js adds filters and sorting kept in the URL.

In force on the build date, as the annual report counts (annual.py): started (valid_from, else
published), not past valid_until (已修改 included: the amended text ends with it too), and a
document 已废止 or 已修改 by one that takes effect later stands as it is until that day."""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from .documents import Document
from .site import newest_first

IN_FORCE = ("现行有效", "已修改")
ACT = {"已修改": ("amended_by", "修改"), "已废止": ("repealed_by", "废止")}


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _start(p: Document) -> dt.date | None:
    return p.meta.get("valid_from") or p.published


def acting(site, p: Document) -> tuple[Document | None, dt.date | None]:
    """The published document that amended or repealed p (by its status), and the day it takes effect."""
    status = site.effective_status(p)
    by = site.linked_policy(ACT[status][0], p) if status in ACT else None
    return (None, None) if by is None or by.withheld else (by, _start(by))


def standing(site, p: Document) -> tuple[str, str, str, Document | None, dt.date | None]:
    """Where a normative document stands on the build date: ("current" | "pending" | "ended", the
    status the page shows, a note for the title of a current one, the document that amended or
    repealed it, the day that took effect)."""
    today, status = site.today, site.effective_status(p)
    until = p.meta.get("valid_until")
    by, acted = acting(site, p)
    if status == "已修改" and until and until < today:
        return "ended", "失效", "", None, None              # the amended text has expired too
    if status in ACT and acted and acted > today:          # repealed or amended from a day to come
        if until and until < today:
            return "ended", "失效", "", None, None
        return "current", "现行有效", f"{acted.isoformat()} 起{ACT[status][1]}", by, acted
    if status in IN_FORCE:
        if (_start(p) or today) > today:
            return "pending", status, "", by, acted
        return "current", status, "已修改，按修改后的文本施行" if status == "已修改" else "", by, acted
    return "ended", status, "", by, acted


def row(renderer, p: Document, url: str) -> dict:
    site = renderer.site
    written = p.meta.get("written")
    place, status, note, by, acted = standing(site, p)
    until = p.meta.get("valid_until")
    out = {"title": p.title, "url": renderer.link(url, p.url), "doc_number": p.meta.get("doc_number", ""),
           "issuer": "、".join(p.issuers), "issuers": list(p.issuers), "written": _date(written),
           "valid_from": _date(_start(p)), "valid_until": _date(until), "year": str(written.year) if written else "",
           "subject": p.meta.get("subject") or renderer.column_name(p), "status": status, "note": note,
           "place": place, "by": None, "since": ""}
    if status in ACT and by is not None:
        out["by"] = {"title": by.title, "url": renderer.link(url, by.url), "verb": ACT[status][1]}
        out["since"] = _date(acted)
    elif place == "ended" and status == "失效" and until and until < site.today:
        out["since"] = _date(until + dt.timedelta(days=1))      # (a 失效 declared before its date: no day known)
    return out


def library_context(renderer, url: str) -> dict:
    site = renderer.site
    normative = sorted((p for p in site.of_type("policy") if p.meta.get("normative")), key=newest_first)
    rows = [row(renderer, p, url) for p in normative]
    current = [r for r in rows if r["place"] == "current"]
    by_issuer = sorted(current, key=lambda r: (r["issuer"], -int(r["year"] or 0)))
    groups = [{"issuer": issuer, "rows": list(rows)} for issuer, rows in groupby(by_issuer, key=lambda r: r["issuer"])]
    # no longer as first written: ended, and amended (in force as amended: in both tables)
    gone = [r for r in rows if r["place"] == "ended" or (r["place"] == "current" and r["status"] == "已修改")]
    options = {name: sorted({r[key] for r in rows if r[key]}, reverse=(key == "year"))
               for name, key in (("years", "year"), ("subjects", "subject"))}
    options["issuers"] = sorted({i for r in rows for i in r["issuers"] if i})     # each of a joint document's
    return {"groups": groups, "count": len(current), "ended": gone, "options": options,
            "pending": [r for r in rows if r["place"] == "pending"]}
