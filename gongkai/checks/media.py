"""Media for every citizen: images carry alt text (替代文本)."""
from __future__ import annotations

from ..diagnostics import make
from ..site import Site


def check_alt_text(site: Site):
    for d in site.documents:
        for src, alt, line in d.images:
            if not (alt or "").strip():
                yield make("media-alt-missing", d.file, line,
                           f"图片 '{src}' 没有替代文本: 请写成 ![图片内容的文字说明]({src}), 供读屏软件朗读")


CHECKS = (check_alt_text,)
