"""Nothing half-written goes live: the 【待填写】 marks that `new` writes must all be replaced, and no
value is cut short by a # that YAML reads as a comment."""
from __future__ import annotations

import re

from ..diagnostics import make
from ..documents import Document
from ..fields import FIELDS, PLACEHOLDER
from ..site import Site
LIMIT = 20          # per document; more are counted in one last line


def check_placeholders(site: Site, d: Document):
    if d.meta.get("draft") or PLACEHOLDER not in d.source:
        return
    keys = {line: key for key, line in d.fm.key_lines.items()}
    found = [i + 1 for i, line in enumerate(d.source.split("\n")) if PLACEHOLDER in line]
    for line in found[:LIMIT]:
        key = keys.get(line)
        if key in FIELDS and FIELDS[key].example:
            what = f"字段 {key} ({FIELDS[key].label}) 还没有填写: 请写真实内容, 例如 {key}: {FIELDS[key].example}"
        elif line <= d.fm.end_line:
            what = "信息栏中这一行还有【待填写】: 请换成真实内容"
        else:
            what = "正文这一行还有【待填写】: 请换成正式内容, 否则公众会看到半成品"
        yield make("placeholder-left", d.file, line, what)
    if len(found) > LIMIT:
        yield make("placeholder-left", d.file, found[LIMIT], f"另有 {len(found) - LIMIT} 行还有【待填写】")


# key: an unquoted value (or none) and then " #": YAML keeps the value up to there, the rest is a comment
CUT = re.compile(r"^(?P<key>[A-Za-z_]\w*)[ \t]*:(?:[ \t]+(?P<kept>[^\s'\"#\[{|>&*!][^#]*?))?[ \t]+#(?P<cut>.*)$")
CUT_HINT = re.compile(r"^[A-Za-z_]\w*[ \t]*:.*[ \t]#", re.M)


def check_cut_values(site: Site, d: Document):
    """A value with " #" in it (第 #1 号, a 发文字号 typed with #) loses the rest, silently: YAML reads a
    comment there. Said, with the value as YAML kept it and how to keep it whole."""
    head = d.source.split("\n", d.fm.end_line)[:d.fm.end_line]
    if not CUT_HINT.search("\n".join(head)):
        return
    lines = {line: key for key, line in d.fm.key_lines.items()}
    for n, text in enumerate(head, 1):
        m = CUT.match(text)
        # (a comment written as one, "# 复核", passes: after a whole value, or alone where `new` wrote
        # one beside a value the editor then left out; "#1 关于…" does not)
        if m and lines.get(n) == m["key"] and m["cut"].strip() and not m["cut"][0].isspace():
            key, kept = m["key"], (m["kept"] or "").strip()
            yield make("frontmatter-comment", d.file, n,
                       f"字段 {key} 的值在 ' #' 处被截断: # 及后面的文字被当作注释, 不会发布 (现为 '{kept}'); "
                       f"如果 # 是值的一部分, 请给整个值加引号, 例如 {key}: \"{kept} #{m['cut'].strip()}\"")


CHECKS = ()
DOCUMENT_CHECKS = (check_placeholders, check_cut_values)        # of every document (see checks.run_all)
