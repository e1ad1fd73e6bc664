"""Shared wording for a path in front matter or a body that leads nowhere."""
from __future__ import annotations

from ..site import Site, Target


def explain_missing(site: Site, raw: str, target: Target) -> str:
    """Chinese explanation of why a path does not resolve, with a fix when one is evident."""
    if target.kind == "invalid":
        return f"地址 '{raw}' 的格式有误 (例如方括号没有闭合), 浏览器无法打开: 请改正"
    if target.kind == "outside":
        return f"路径 '{raw}' 指向 content/ 文件夹之外, 生成器不会读取站点以外的文件: 请改为 content/ 内的路径"
    if target.path in site.unparsed:
        return f" content/{target.path} 存在, 但它开头的信息栏 (front matter) 无法读取: 请先修正该文件 (见它的 frontmatter-invalid 提示)"
    if not (raw or "").strip():
        return "的地址是空的: 请填写链接目标, 或删去这个链接"
    hint = ""
    stripped = raw.strip().removeprefix("./")
    if stripped.startswith("content/") and site.resolve_meta_path(stripped[len("content/"):]).kind in ("document", "file"):
        hint = f"; 路径相对于 content/ 书写, 请去掉开头的 content/ ('{stripped[len('content/'):]}')"
    elif not stripped.endswith(".md") and site.resolve_meta_path(stripped + ".md").kind == "document":
        hint = f"; 是否少写了 .md? ('{stripped}.md')"
    return f"找不到 '{raw}' (content/{target.path} 不存在){hint}"

