"""Raw HTML in a body that could run code in a citizen's browser (html-unsafe).

The sanitizer removes it from the page either way; the build still stops, so that the
editor learns the page is not what they wrote.
"""
from __future__ import annotations

from ..diagnostics import make
from ..site import Site


def check_unsafe_html(site: Site):
    for d in site.documents:
        for label, line in d.unsafe:
            yield make("html-unsafe", d.file, line,
                       f"正文中的 HTML 含有{label}, 不能发布: 请删去; 视频请上传到本站并用 <video> 引用, 不要嵌入其他网站")


CHECKS = (check_unsafe_html,)
