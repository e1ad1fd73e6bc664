"""Links and images in bodies, and attachment files: every target exists inside the site."""
from __future__ import annotations

import posixpath
from dataclasses import replace

from ..diagnostics import make
from ..site import Site
from ._paths import explain_missing, follow, withheld


def check_body_links(site: Site):
    for d in site.documents:
        for raw, line, t in d.links:
            if t.kind in ("missing", "outside", "invalid", "local"):
                yield make("link-broken", d.file, line,
                           "正文中的链接或图片" + explain_missing(site, raw, t, posixpath.dirname(d.path)))
            elif t.kind == "document" and (held := withheld(d, t, line, "正文链接")):
                yield held


def check_attachments(site: Site):
    for d in site.documents:
        for i, item in enumerate(d.meta.get("attachments") or []):
            line = d.fm.nested_lines.get("attachments", [{}] * (i + 1))[i].get("file", d.item_line("attachments", i))
            _, broken = follow(site, d, item["file"], line, f"附件 '{item['title']}': ", kinds=("file", "document"),
                               from_body=True)
            if broken:
                yield replace(broken, message=broken.message.replace("找不到", "找不到附件文件 (相对于本文件所在文件夹)"))


CHECKS = (check_body_links, check_attachments)
