"""新旧条文对照: for a policy that replaces or amends another, the two texts paragraph by paragraph,
changes found at character level (Chinese has no spaces between words) and marked with <ins> and
<del> and with words (新增, 删除, 修改), never by colour alone."""
from __future__ import annotations

import difflib
import html
import re

from markupsafe import Markup, escape

from .documents import Document

BLOCK = re.compile(r"<(p|li|h[2-6]|td|th|blockquote)\b[^>]*>(.*?)</\1>", re.S)
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
SIMILAR = 0.4          # paragraphs at least this alike are one paragraph changed, not one removed and one added


def paragraphs(doc: Document) -> list[str]:
    out = []
    for _, inner in BLOCK.findall(doc.html):
        text = SPACE.sub(" ", html.unescape(TAG.sub("", inner))).strip()
        if text:
            out.append(text)
    return out


def inline(old: str, new: str) -> Markup:
    """One changed paragraph, the changes marked inside it at character level."""
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
            continue
        if a2 > a1:
            parts.append(Markup('<del><span class="gk-visually-hidden">［删除：</span>{}'
                                '<span class="gk-visually-hidden">］</span></del>').format(old[a1:a2]))
        if b2 > b1:
            parts.append(Markup('<ins><span class="gk-visually-hidden">［新增：</span>{}'
                                '<span class="gk-visually-hidden">］</span></ins>').format(new[b1:b2]))
    return Markup("").join(parts)


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _align(olds: list[str], news: list[str]) -> list[dict]:
    """Within a changed stretch: each old paragraph meets its most alike new one (in order); the new
    ones it passes over were added; an old one alike to none was removed."""
    rows, j = [], 0
    for o in olds:
        scores = [(_ratio(o, n), k) for k, n in enumerate(news[j:], start=j)]
        best, k = max(scores, default=(0.0, -1), key=lambda s: (s[0], -s[1]))
        if best < SIMILAR:
            rows.append({"kind": "删除", "old": o, "new": "", "marked": inline(o, "")})
            continue
        rows += [{"kind": "新增", "old": "", "new": n, "marked": inline("", n)} for n in news[j:k]]
        rows.append({"kind": "修改", "old": o, "new": news[k], "marked": inline(o, news[k])})
        j = k + 1
    return rows + [{"kind": "新增", "old": "", "new": n, "marked": inline("", n)} for n in news[j:]]


def compare(old: list[str], new: list[str]) -> list[dict]:
    """Aligned rows: {kind: 未修改|修改|新增|删除, old, new, marked}."""
    rows = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [{"kind": "未修改", "old": o, "new": o, "marked": escape(o)} for o in old[a1:a2]]
            continue
        rows += _align(old[a1:a2], new[b1:b2])
    return rows


def pairs(site) -> list[tuple[Document, Document, str]]:
    """(new, old, verb) for each published policy that replaces or amends another published one."""
    amends: dict[int, list[Document]] = {}      # one pass for the amended_by links (not one per policy)
    for o in site.of_type("policy"):
        by = site.linked_policy("amended_by", o)
        if by is not None:
            amends.setdefault(id(by), []).append(o)
    out, seen = [], set()
    for p in sorted(site.of_type("policy"), key=lambda d: d.path):
        olds = [(site.resolve_meta_path(raw).document, "替代") for raw in p.paths("replaces")]
        olds += [(o, "修改") for o in amends.get(id(p), [])]
        for old, verb in olds:
            if old is None or old.type != "policy" or old.withheld or old is p or (id(p), id(old)) in seen:
                continue
            seen.add((id(p), id(old)))
            out.append((p, old, verb))
    return out


def compare_url(new: Document, old: Document) -> str:
    return new.url + "compare/" + old.path.rsplit("/", 1)[-1].removesuffix(".md") + "/"


def with_comparisons(body: Markup, links: list[dict]) -> Markup:
    """The interpretation's 新旧差异 section links the comparison page, right under its heading."""
    if not links:
        return body
    items = Markup("").join(Markup('<p class="gk-compare-link"><a href="{}">{}</a></p>').format(c["url"], c["title"])
                            for c in links)
    heading = re.search(r"<h2\b[^>]*>[^<]*新旧差异[^<]*</h2>", body)
    at = heading.end() if heading else len(body)
    return Markup(body[:at]) + items + Markup(body[at:])
