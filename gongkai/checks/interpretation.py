"""The interpretation gate (政策解读同步发布): no policy is published without its interpretation.

An interpretation must be linked both ways, published the same day as its policy, cover
the required sections (政策背景, 决策依据, 出台目的, 主要内容, 新旧差异 by default), and not
be a copy or an abridged copy of the policy text.
"""
from __future__ import annotations

import html
import re
from functools import partial

from ..diagnostics import make
from ..documents import Document
from ..fields import TYPE_NAMES
from ..memo import remembered_all
from ..site import Site
from ._paths import follow

H2_RE = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S)
TAG_RE = re.compile(r"<[^>]+>")
NUMBERING_RE = re.compile(r"^\s*(第?[一二三四五六七八九十百\d]+[、.．:：)）]|[(（][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十\d]+[部分章节])\s*")
CLAUSE_SEPARATORS = "，,。；;！!？?：:、"     # (and a line break) end a clause
LETTERS = re.compile(r"[^\W_]+")             # runs of what str.isalnum takes (\w without "_")
ARTICLE = re.compile(r"^第[一二三四五六七八九十百千零〇两\d]+[条款项]")      # 第五条 before a clause's text
MIN_SECTION = 10        # characters of its own text (not counting whitespace) a required section needs
SPACE = re.compile(r"\s+")
MIN_CLAUSE = 6          # characters; shorter clauses ("为进一步") are common to any two texts
COPY_THRESHOLD = 0.5    # share of the interpretation's text found verbatim in the policy


def check_policies(site: Site):
    for p in site.of_type("policy", published_only=False):
        raws = p.paths("interpretation")
        if not raws:
            if p.fm.data.get("interpretation") not in (None, "", []):
                continue  # a value of the wrong type: already field-invalid
            yield make("interpretation-missing", p.file, p.line("interpretation"),
                       "政策文件没有关联政策解读, 不能发布: 请写好解读文档 (type: interpretation, policy: "
                       f"{p.path}) 并在本文件开头的信息栏 (front matter) 中加上 interpretation: 解读文件路径 (相对于 content/)")
            continue
        as_list = isinstance(p.meta.get("interpretation"), list)
        for i, raw in enumerate(raws):
            line = p.item_line("interpretation", i) if as_list else p.line("interpretation")
            t = site.resolve_meta_path(raw)
            if t.kind == "file":
                yield make("interpretation-mismatch", p.file, line,
                           f"content/{t.path} 是附件文件, 不是政策解读: 解读应写成 Markdown 文档 (type: interpretation, "
                           f"policy: {p.path}), 附件可放在解读中链接")
                continue
            t, broken = follow(site, p, raw, line, "政策解读", code="interpretation-missing")
            if broken:
                yield broken
                continue
            it = t.document
            if it.type != "interpretation":
                yield make("interpretation-mismatch", p.file, line,
                           f"{it.file} 是{TYPE_NAMES.get(it.type, '无效文档')}, 不是政策解读: "
                           "interpretation 应指向 type: interpretation 的文档")
                continue
            back = site.resolve_meta_path(it.meta.get("policy", "")) if it.meta.get("policy") else None
            if back is None or back.document is not p:
                now = f"指向 '{it.meta.get('policy')}'" if it.meta.get("policy") else "没有填写"
                yield make("interpretation-mismatch", p.file, line,
                           f"解读 {it.file} 的 policy 字段{now}, 没有指回本文件: 请在解读中写 policy: {p.path}")
                continue
            if it.withheld and not p.withheld:
                yield make("interpretation-missing", p.file, line,
                           f"解读 {it.file} 是{it.hold_reason}, 政策文件不能先于解读发布: 请同时发布两者")


def check_interpretations(site: Site):
    for it in site.of_type("interpretation", published_only=False):
        raw = it.meta.get("policy")
        if not raw:
            continue  # field-missing already
        t, broken = follow(site, it, raw, it.line("policy"), "所解读的政策文件")
        if broken:
            yield broken
            continue
        p = t.document
        if p.type != "policy":
            yield make("interpretation-mismatch", it.file, it.line("policy"),
                       f"policy 指向的 {p.file} 是{TYPE_NAMES.get(p.type, '无效文档')}, 不是政策文件 (type: policy)")
            continue
        if not any(site.resolve_meta_path(r).document is it for r in p.paths("interpretation")):
            yield make("interpretation-mismatch", it.file, it.line("policy"),
                       f"政策文件 {p.file} 的 interpretation 字段没有列出本解读: 请在该文件中写 interpretation: {it.path}")
            continue
        if p.withheld and not it.withheld:     # the page would link to a page that is not there
            yield make("link-broken", it.file, it.line("policy"),
                       f"所解读的政策文件 {p.file} 是{p.hold_reason}, 现在不会发布, 解读页会链接到不存在的页面: "
                       "解读应与文件同时发布, 请先发布该文件, 或把本解读也暂不发布 (draft: true)")
            continue
        ip, pp = it.published, p.published
        if ip and pp and ip != pp:
            when = "晚于" if ip > pp else "早于"
            yield make("interpretation-not-synchronized", it.file, it.line("published"),
                       f"解读发布日期 {ip} {when}政策文件 {p.file} 的发布日期 {pp}: 解读应与文件同步发布, "
                       f"请把 published 改为 {pp} (或更正政策文件的发布日期)")


def section_headings(doc: Document) -> list[str]:
    return [NUMBERING_RE.sub("", html.unescape(TAG_RE.sub("", h))).strip() for h in H2_RE.findall(doc.html)]


def check_sections(site: Site, it: Document):
    if it.type != "interpretation" or it.too_complex:     # (not rendered: body-too-deep says what to change)
        return
    required = site.config.required_sections
    headings = section_headings(it)
    missing = [s for s in required if not any(s in h for h in headings)]
    near = {name: found for name in missing if (found := near_heading(it, name))}
    for name, (line, text) in near.items():
        if re.match(r"##\s", text) and name in text:     # written right, but inside a code block, a quote or a list
            how = ("但没有成为二级标题 (它在 ``` 围起的代码块中、前面缩进了空格, 或在引用、列表之内): "
                   f"请把 ## {name} 顶格单独写成一行, 放在代码块之外, 前后各空一行")
        elif re.match(r"##\s", text):
            how = f"标题中要有完整的“{name}”几个字, 请改成 ## {name}"
        else:
            how = f"不是二级标题: 请改成单独一行的 ## {name} (两个半角 # 加一个空格)"
        yield make("interpretation-section-missing", it.file, line, f"“{name}”写成了 '{text[:40]}', {how}")
    missing = [s for s in missing if s not in near]
    if missing:
        yield make("interpretation-section-missing", it.file, it.fm.body_line,
                   f"解读缺少二级标题 {'、'.join('## ' + s for s in missing)}: "
                   f"解读应分别说明{'、'.join(required)}, 请补写这些部分")


def near_heading(doc: Document, name: str) -> tuple[int, str] | None:
    """A line that is the section's heading written another way (### 出台目的, **主要内容**, ＃＃ 政策背景,
    the name alone on its line): its line in the file and its text."""
    lines = doc.fm.body.split("\n")
    for i, line in enumerate(lines):
        bare = line.strip().strip("#＃*_ 　:：").strip()
        if bare and len(bare) <= len(name) + 8 and name in bare and not re.match(r"##\s", line.strip()):
            return doc.fm.body_line + i, line.strip()
    for i, line in enumerate(lines):       # a ## heading with words put between the name's (新旧政策差异)
        bare = NUMBERING_RE.sub("", line.strip()[2:].strip()) if re.match(r"##\s", line.strip()) else ""
        if bare and len(bare) <= len(name) + 4 and _in_order(name, bare):
            return doc.fm.body_line + i, line.strip()
    return None


def _in_order(name: str, text: str) -> bool:
    """Every character of name appears in text, in its order."""
    rest = iter(text)
    return all(c in rest for c in name)


def sections(doc: Document) -> list[tuple[str, str]]:
    """(heading, text under it up to the next second-level heading) for each ## heading."""
    parts = H2_RE.split(doc.html)
    return [(NUMBERING_RE.sub("", html.unescape(TAG_RE.sub("", parts[i]))).strip(),
             SPACE.sub("", html.unescape(TAG_RE.sub("", parts[i + 1]))))
            for i in range(1, len(parts) - 1, 2)]


def heading_line(doc: Document, name: str) -> int:
    lines = doc.fm.body.split("\n")
    at = next((i for i, line in enumerate(lines) if line.lstrip().startswith("#") and name in line), None)
    return doc.fm.body_line + at if at is not None else doc.fm.body_line


def check_sections_filled(site: Site, it: Document):
    if it.type != "interpretation" or it.too_complex:
        return
    parts = sections(it)
    for name in site.config.required_sections:
        found = [text for heading, text in parts if name in heading]
        if found and len(found[0]) < MIN_SECTION:
            yield make("interpretation-section-empty", it.file, heading_line(it, name),
                       f"解读的“{name}”部分只有 {len(found[0])} 个字 (至少 {MIN_SECTION} 个): 请在 ## {name} 标题下"
                       f"用通俗的话写清{name}, 例如“与原办法相比, 本办法把审核时限由 30 日缩短为 20 日。”")


def clauses(doc: Document) -> list[str]:
    """The document's text outside its ## headings, cut at CLAUSE_SEPARATORS and at the edges of its
    elements, each piece without what is no letter or digit nor an article's number before it (第五条):
    those of at least MIN_CLAUSE characters.
    (str.replace and isalnum, not a regex over every character: a cold build asks it of 20,000
    documents, and two regex passes took 70 µs of a 5 KB body's 100.)"""
    text = H2_RE.sub("\n", doc.html)
    text = html.unescape(TAG_RE.sub("\n", text))
    for separator in CLAUSE_SEPARATORS:
        text = text.replace(separator, "\n")
    found = []
    for piece in text.split("\n"):
        if len(piece) >= MIN_CLAUSE:
            if not piece.isalnum():                  # (str.isalnum: the letters and digits \w has, no "_")
                piece = "".join(LETTERS.findall(piece))
            if piece.startswith("第"):               # a clause copied without its article's number is the same
                piece = ARTICLE.sub("", piece, 1)
            if len(piece) >= MIN_CLAUSE:
                found.append(piece)
    return found


def copied_share(interpretation: Document, policy: Document) -> float:
    mine = clauses(interpretation)
    total = sum(map(len, mine))
    if total == 0:
        return 0.0
    theirs = set(clauses(policy))
    return sum(len(c) for c in mine if c in theirs) / total


def check_copies(site: Site):
    pairs = []
    for it in site.of_type("interpretation", published_only=False):
        p = site.linked_policy("policy", it)
        if p is not None and p.type == "policy":
            pairs.append((it, p))
    # remembered by both documents' fingerprints (which hold their HTML): no 7 KB of text joined a pair
    items = ((it.fingerprint() + p.fingerprint(), partial(copied_share, it, p)) for it, p in pairs)
    for (it, p), share in zip(pairs, remembered_all(site.memo, "copy", items, _share)):
        if share >= COPY_THRESHOLD:
            yield make("interpretation-copies-policy", it.file, it.fm.body_line,
                       f"解读中约 {round(share * 100)}% 的文字与政策文件 {p.file} 原文相同: 解读不能简单复制摘抄"
                       "文件内容或以文件精简版呈现, 请用通俗的话说明政策背景、决策依据、出台目的、主要内容和新旧差异")


def _share(stored) -> float | None:
    """A copied share back from the memo: a float from 0 to 1 (True, 1 or "1" are no share)."""
    return stored if type(stored) is float and 0.0 <= stored <= 1.0 else None


CHECKS = (check_policies, check_interpretations, check_copies)
DOCUMENT_CHECKS = (check_sections, check_sections_filled)       # of every document (see checks.run_all)
