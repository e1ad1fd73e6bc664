"""意见征集: dates in order, and 意见采纳情况 published within one month of the close."""
from __future__ import annotations

from ..dates import add_months
from ..diagnostics import make
from ..fields import TYPE_NAMES
from ..site import Site
from ._paths import follow, withheld


def check_consultations(site: Site):
    for c in site.of_type("consultation", published_only=False):
        opens, closes = c.meta.get("opens"), c.meta.get("closes")
        if opens and closes and closes < opens:
            yield make("field-invalid", c.file, c.line("closes"),
                       f"征集截止日期 closes ({closes}) 早于开始日期 opens ({opens}): 请核对")
        for key in ("draft_document", "feedback"):
            raw = c.meta.get(key)
            if not raw:
                continue
            t, broken = follow(site, c, raw, c.line(key), f"{key}: ", kinds=("document", "file"))
            if broken:
                yield broken
            elif key == "feedback" and (t.document is None or t.document.type != "article"):
                what = TYPE_NAMES.get(t.document.type, "无效文档") if t.document else "一个附件文件"
                yield make("field-invalid", c.file, c.line(key),
                           f"feedback 应指向公布意见采纳情况的 article 文档, 而 {raw} 是{what}")
            elif held := withheld(c, t, c.line(key), f"{key} "):
                yield held
        if closes and not c.meta.get("feedback") and site.today > add_months(closes, 1):
            yield make("consultation-feedback-overdue", c.file, c.line("closes"),
                       f"意见征集已于 {closes} 截止, 超过一个月 (最迟应在 {add_months(closes, 1)} 公布) 仍未公布意见采纳情况: "
                       "请发布一篇 article 说明意见采纳情况, 并在 feedback 中填写它的路径")


CHECKS = (check_consultations,)
