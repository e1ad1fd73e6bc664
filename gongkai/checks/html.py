"""Raw HTML in a body: what could run code in a citizen's browser (html-unsafe), what would load
from another host (external-resource), and nesting too deep to render (body-too-deep).

The sanitizer removes unsafe HTML from the page either way; the build still stops, so that the
editor learns the page is not what they wrote.
"""
from __future__ import annotations

from ..diagnostics import make
from ..documents import Document
from ..rawhtml import MAX_REPORTED
from ..site import Site
from urllib.parse import urlsplit


def _more(d, code: str, more: int):
    """One message for what was found past the listed ones (thousands of one mistake)."""
    if more:
        yield make(code, d.file, d.fm.body_line, f"正文中另有 {more} 处同类问题未逐一列出: 请一并改正")


def check_unsafe_html(site: Site, d: Document):
    for label, line in d.unsafe:
        advice = ("视频请上传到本站并用 <video> 引用, 不要嵌入其他网站" if "iframe" in label
                  else "它会在读者的浏览器里运行代码; 链接请写网址, 按钮和表单不能放进正文")
        yield make("html-unsafe", d.file, line, f"正文中的 HTML 含有 {label}, 不能发布: 请删去; {advice}")
    yield from _more(d, "html-unsafe", d.more.get("html-unsafe", 0))


def check_external_resources(site: Site, d: Document):
    own_host = urlsplit(site.config.base_url).netloc.lower()
    # (a file: address is on the editor's computer, no other host: link-broken says so)
    elsewhere = [(tag, url) for tag, url in d.external
                 if not (own_host and _host(url) == own_host) and not url.lower().startswith("file:")]
    for tag, url in elsewhere[:MAX_REPORTED]:       # the column's own portal is no other host
        yield make("external-resource", d.file, d.body_line(url),
                   f"正文中的 <{tag}> 会从其他网站加载 {url[:120]}: 每位读者打开页面时都会被该网站知道; "
                   "请把文件下载后放进 content/, 用相对路径引用 (链接 <a> 指向其他网站不受限制)")
    more = max(len(elsewhere) - MAX_REPORTED, 0) + d.more.get("external-resource", 0)
    yield from _more(d, "external-resource", more)


def _host(url: str) -> str:
    try:
        return urlsplit(url.strip().replace("\\", "/")).netloc.lower()
    except ValueError:
        return ""


def check_depth(site: Site, d: Document):
    if d.too_complex:
        advice = ("" if "请" in d.too_complex      # (the reason says what to do: a body too long goes as an attachment)
                  else ": 请简化正文的结构, 或检查是否有未闭合的 HTML 标签、误粘贴的大量符号")
        yield make("body-too-deep", d.file, d.fm.body_line, f"正文{d.too_complex}, 无法安全地生成页面{advice}")


CHECKS = ()
DOCUMENT_CHECKS = (check_unsafe_html, check_external_resources, check_depth)     # of every document
