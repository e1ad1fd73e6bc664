"""Nothing half-written goes live: the 【待填写】 marks that `new` writes must all be replaced."""
from __future__ import annotations

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


CHECKS = ()
DOCUMENT_CHECKS = (check_placeholders,)        # of every document (see checks.run_all)
