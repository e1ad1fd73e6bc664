"""The annual report's numbers for 规章 and 行政规范性文件 (section 二 of the national format,
主动公开政府信息情况), computed from the library so they cannot drift from it.

For year Y, over the published normative documents: 本年制发 counts those whose 成文日期 (`written`)
falls in Y; 本年废止 those 已废止 by a document that takes effect (its `valid_from`, else its
`published`) in Y; 现行有效 those in force on 31 December of Y — started by then (`valid_from`,
else `published`), not past `valid_until`, not repealed by then (a document 已修改 stays in force as
amended). The site has no 规章 type, so that row is 0. The table goes under the body's heading that
names 主动公开政府信息情况, or where the editor writes a paragraph 【规范性文件统计表】, or at the end."""
from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup

MARKER = "【规范性文件统计表】"
HEADING = re.compile(r"<h([2-4])\b[^>]*>[^<]*主动公开政府信息情况[^<]*</h\1>")
MARKER_PARAGRAPH = re.compile(r"<p>\s*" + re.escape(MARKER) + r"\s*</p>")


def _start(site, p) -> dt.date | None:
    return p.meta.get("valid_from") or p.published


def _repealed_on(site, p) -> dt.date | None:
    by = site.linked_policy("repealed_by", p) if p.meta.get("status") == "已废止" else None
    return _start(site, by) if by is not None else None


def counts(site, year: int) -> dict[str, int]:
    end = dt.date(year, 12, 31)
    normative = [p for p in site.of_type("policy") if p.meta.get("normative")]
    issued = sum(1 for p in normative if p.meta.get("written") and p.meta["written"].year == year)
    repealed = sum(1 for p in normative if (_repealed_on(site, p) or dt.date.min).year == year)
    in_force = 0
    for p in normative:
        start, until, gone = _start(site, p), p.meta.get("valid_until"), _repealed_on(site, p)
        if start is None or start > end or (until and until < end) or (gone and gone <= end):
            continue
        if p.meta.get("status") == "失效" and not until:
            continue          # ended on a date the library does not know
        if p.meta.get("status") == "已废止" and gone is None:
            continue
        in_force += 1
    return {"issued": issued, "repealed": repealed, "in_force": in_force}


def table(year: int, n: dict[str, int]) -> Markup:
    return Markup(
        '<div class="gk-table" role="region" aria-label="{y}年规章和行政规范性文件情况表" tabindex="0">'
        '<table class="gk-report-table"><caption>{y}年规章和行政规范性文件情况（由本站文件库统计）</caption>'
        '<thead><tr><th scope="col">信息内容</th><th scope="col">本年制发件数</th><th scope="col">本年废止件数</th>'
        '<th scope="col">现行有效件数</th></tr></thead><tbody>'
        '<tr><th scope="row">规章</th><td>0</td><td>0</td><td>0</td></tr>'
        '<tr><th scope="row">行政规范性文件</th><td>{i}</td><td>{r}</td><td>{f}</td></tr></tbody></table></div>'
    ).format(y=year, i=n["issued"], r=n["repealed"], f=n["in_force"])


def place(body: Markup, year: int, n: dict[str, int]) -> Markup:
    t = table(year, n)
    marker = MARKER_PARAGRAPH.search(body)
    if marker:
        return Markup(body[:marker.start()]) + t + Markup(body[marker.end():])
    heading = HEADING.search(body)
    at = heading.end() if heading else len(body)
    return Markup(body[:at]) + t + Markup(body[at:])
