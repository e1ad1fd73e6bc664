"""政务公开事项标准目录: every document in a known item, no empty or stale item (两张皮)."""
from __future__ import annotations

import datetime as dt
import difflib
import re

from ..config import CONFIG_FILE
from ..diagnostics import make
from ..site import Site
from ..text import invisible_note
from .unfinished import PLACEHOLDER


def check_unknown(site: Site):
    codes = [c.code for c in site.config.catalog]
    for d in site.documents:
        code = d.meta.get("category")
        if code is None or code in codes or PLACEHOLDER in code:
            continue          # a placeholder is placeholder-left's to report
        close = difflib.get_close_matches(code, codes, n=1)
        named = [c.code for c in site.config.catalog if c.name == code.strip()]      # the item's name, not its code
        hint = (f"'{code}' 是目录项的名称, category 要写它的编码 '{named[0]}'; " if named
                else f"是否应为 '{close[0]}'? " if close else "")
        listed = "、".join(codes[:12]) + (" 等" if len(codes) > 12 else "")
        yield make("catalog-unknown", d.file, d.line("category"),
                   f"category '{code}' 不在 site.toml 的目录中: {hint}可用的目录编码有 {listed or '(目录为空)'}"
                   f"{invisible_note(code)}")


CATEGORY_LINE = re.compile(r"^[ \t]*category[ \t]*[:：][ \t]*['\"“]?([\w.]+)", re.M)


def _named_by_unread(site: Site) -> set[str]:
    """The catalog codes that files without readable front matter name on a category line: their
    items are not empty, the file is unreadable (and said so)."""
    codes: set[str] = set()
    for rel in sorted(site.unparsed):
        try:
            with open(site.root / "content" / rel, "rb") as f:
                text = f.read(65536).decode("utf-8", "replace")
        except OSError:
            continue
        codes.update(CATEGORY_LINE.findall(text))
    return codes


def check_empty_and_stale(site: Site):
    unread = _named_by_unread(site) if site.unparsed else set()
    for item in site.config.catalog:
        docs = site.documents_under(item.code)
        if not docs and any(c == item.code or c.startswith(item.code + ".") for c in unread):
            continue
        if not docs:
            yield make("catalog-empty", CONFIG_FILE, item.line,
                       f"目录 '{item.name}' ({item.code}) 下没有任何已发布的内容: 栏目不能空挂, "
                       "请发布内容或从目录中删去该项")
            continue
        if item.update_days:
            newest = max((d.published for d in docs if d.published), default=None)
            if newest and newest < site.today - dt.timedelta(days=item.update_days):
                yield make("column-stale", CONFIG_FILE, item.line,
                           f"目录 '{item.name}' ({item.code}) 要求每 {item.update_days} 天至少更新一次, "
                           f"最近一次发布是 {newest} ({(site.today - newest).days} 天前): 请及时更新栏目内容")


CHECKS = (check_unknown, check_empty_and_stale)
