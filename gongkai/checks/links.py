"""Links and images in bodies, and attachment files: every target exists inside the site."""
from __future__ import annotations

from ..diagnostics import make
from ..site import Site
from ._paths import explain_missing


def check_body_links(site: Site):
    for d in site.documents:
        for raw, line, t in d.links:
            if t.kind in ("missing", "outside", "invalid"):
                yield make("link-broken", d.file, line, "正文中的链接或图片" + explain_missing(site, raw, t))
            elif t.kind == "document" and t.document.withheld and not d.withheld:
                yield make("link-broken", d.file, line, f"正文链接指向的 {t.document.file} 是{t.document.hold_reason}, "
                           "现在不会发布: 请去掉链接或先发布该文档")


def check_attachments(site: Site):
    for d in site.documents:
        for i, item in enumerate(d.meta.get("attachments") or []):
            t = site.resolve_from(d, item["file"])
            if t.kind not in ("file", "document"):
                line = d.fm.nested_lines.get("attachments", [{}] * (i + 1))[i].get("file", d.item_line("attachments", i))
                yield make("link-broken", d.file, line,
                           f"附件 '{item['title']}': " + explain_missing(site, item["file"], t).replace(
                               "找不到", "找不到附件文件 (相对于本文件所在文件夹)"))


CHECKS = (check_body_links, check_attachments)
