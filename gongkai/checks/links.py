"""Links and images in bodies, and attachment files: every target exists inside the site."""
from __future__ import annotations

import ipaddress
import posixpath
from dataclasses import replace
from urllib.parse import urlsplit

from ..diagnostics import make
from ..site import Site
from ._paths import explain_missing, follow, withheld


def intranet(url: str, own: str | None = None) -> bool:
    """The link leads to an address only the office's own network reaches (192.168.…, 10.…, localhost,
    a .local or .lan name), not the site's own host (own): a citizen's browser cannot open it."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    if not host or host == own:
        return False
    if host == "localhost" or host.endswith((".localhost", ".local", ".lan", ".internal", ".intranet")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified


def check_body_links(site: Site):
    own = urlsplit(site.config.base_url).hostname      # (a site served inside the office links to itself)
    for d in site.documents:
        for raw, line, t in d.links:
            if t.kind == "external" and intranet(raw, own):
                yield make("link-broken", d.file, line,
                           f"正文中的链接或图片 '{raw[:80]}' 是单位内网的地址, 公众打不开: 请把文件放进 content/files/ "
                           "并用相对路径链接, 或改为公众能访问的网址")
            elif t.kind == "external" and raw.strip().lower().startswith(("data:image", "blob:")):
                yield make("link-broken", d.file, line,
                           "正文中的图片是直接嵌在文档里的数据 (data:/blob:, 从 Word 或网页粘贴图片时常见), "
                           "网页不会显示它: 请把图片另存为文件放进 content/images/, 用 ![图片说明](../images/图片1.png) 引用")
            elif t.kind in ("missing", "outside", "invalid", "local"):
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
