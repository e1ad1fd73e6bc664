"""Identity of policy documents: 索引号 index_number and 发文字号 doc_number."""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from ..diagnostics import make
from ..site import Site
from .unfinished import PLACEHOLDER

# GB/T 9704: 机关代字〔年份〕序号号, six-sided brackets, four-digit year, no leading zero, no 第.
DOC_NUMBER_RE = re.compile(r"^(\S+?)〔(\d{4})〕([1-9]\d*)号$")
LOOSE_RE = re.compile(
    r"^\s*(?P<code>.+?)\s*[〔\[\(（【{［〖《<＜]\s*(?P<year>\d{2,4})\s*[〕\]\)）】}］〗》>＞]\s*第?\s*(?P<num>\d+)\s*号\s*$")


# one bracket of the two left out (测府规〔2025 1号, 测府规2025〕1号): a four-digit year, then the number
HALF_RE = re.compile(
    r"^\s*(?P<code>.*?\D)\s*(?P<open>[〔\[\(（【［])?\s*(?P<year>\d{4})\s*(?P<close>[〕\]\)）】］])?\s*第?\s*(?P<num>\d+)\s*号\s*$")


def corrected_doc_number(value: str) -> str | None:
    """The GB/T 9704 form of a doc_number written loosely, or None when it cannot be read."""
    m = LOOSE_RE.match(value)
    if not m:
        half = HALF_RE.match(value)
        m = half if half and bool(half.group("open")) != bool(half.group("close")) else None
    if not m or int(m.group("num")) == 0:
        return None
    year = m.group("year")
    if len(year) == 2:
        year = "20" + year
    elif len(year) != 4:
        return None
    return f"{m.group('code')}〔{year}〕{int(m.group('num'))}号"


def doc_number_key(value: str) -> str:
    return corrected_doc_number(value) or value.strip()


def index_number_key(value: str) -> str:
    """A 索引号 as compared: full-width characters as their plain forms (／ for /), no spaces, letters
    in one case (11519999MB1234567X／2024-00007 is 11519999MB1234567X/2024-00007)."""
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


def check_doc_number_format(site: Site):
    for d in site.of_type("policy", published_only=False):
        value = d.meta.get("doc_number")
        if not value or DOC_NUMBER_RE.match(value) or PLACEHOLDER in value:
            continue
        fixed = corrected_doc_number(value)
        how = (f"应写作 '{fixed}'" if fixed else
               "应为 '机关代字〔年份〕序号号' 的形式, 例如 '示府发〔2023〕5号'")
        yield make("doc-number-format", d.file, d.line("doc_number"),
                   f"发文字号 '{value}' 不符合 GB/T 9704 (六角括号〔〕、四位年份、序号不编虚位不加'第'): {how}")


def check_duplicates(site: Site):
    for key, label, norm in (("index_number", "索引号", index_number_key), ("doc_number", "发文字号", doc_number_key)):
        groups = defaultdict(list)
        for d in site.documents:
            if d.type == "policy" and d.meta.get(key) and PLACEHOLDER not in d.meta[key]:
                groups[norm(d.meta[key])].append(d)
        for value, docs in sorted(groups.items()):
            if len(docs) < 2:
                continue
            for d in docs:
                others = "、".join(o.file for o in docs if o is not d)
                yield make("duplicate", d.file, d.line(key),
                           f"{label} '{d.meta[key]}' 与 {others} 重复: {label}在站点内必须唯一, 请核对后修改")


CHECKS = (check_doc_number_format, check_duplicates)
