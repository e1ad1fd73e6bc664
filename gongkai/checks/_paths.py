"""Shared wording for a path in front matter or a body that leads nowhere."""
from __future__ import annotations

import posixpath

from ..diagnostics import Diagnostic, make
from ..site import Site, Target


def explain_missing(site: Site, raw: str, target: Target, base: str | None = None) -> str:
    """Chinese explanation of why a path does not resolve, with a fix when one is evident (base: the
    folder of the document whose body holds the link, which its links are relative to)."""
    if target.kind == "invalid":
        return f"地址 '{raw}' 的格式有误 (例如方括号没有闭合), 浏览器无法打开: 请改正"
    if target.kind == "local":
        folder, example = (("images", "图片1.png") if raw.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"))
                           else ("files", "附件1.docx"))
        return (f"地址 '{raw}' 是您电脑或单位内网上的文件, 网站的读者打不开: 请把文件放进 content/{folder}/, "
                f"再用相对于本文件的路径链接, 例如 ../{folder}/{example}")
    if target.kind == "page":
        return f"'{raw}' 是生成器生成的栏目页或数据文件, 不是 content/ 中的文档: 这里请写一个文档文件的路径 (.md)"
    if target.kind == "outside":
        return f"路径 '{raw}' 指向 content/ 文件夹之外, 生成器不会读取站点以外的文件: 请改为 content/ 内的路径"
    if target.kind == "external":
        return (f"'{raw}' 是其他网站的地址: 附件要发布在本站, 请把文件下载后放进 content/files/, "
                "用相对于本文件的路径引用, 例如 ../files/附件1.pdf")
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
    elif base is not None and (meant := site.resolve_meta_path(stripped)).kind in ("document", "file"):
        hint = (f"; 正文中的链接和附件相对于本文件所在的文件夹 (不是 content/), "
                f"应写成 '{posixpath.relpath(meant.path, base or '.')}'")
    elif "\\" in stripped:
        hint = f"; 路径中的文件夹要用 / 分隔, 不能用 \\ ('{stripped.replace(chr(92), '/')}')"
    if target.path and _is_folder(site.root / "content" / target.path):
        return f"'{raw}' 是文件夹 content/{target.path}/, 不是文件: 请写到文件名, 例如 ../files/附件1.docx"
    return f"找不到 '{raw}' (content/{target.path} 不存在){hint}"



def _is_folder(path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):       # a name too long, a NUL in it: no folder
        return False


def follow(site: Site, doc, raw: str, line: int, what: str, kinds=("document",), code: str = "link-broken",
           from_body: bool = False) -> tuple[Target, Diagnostic | None]:
    """The one rule for a path an editor wrote in `doc`: it leads to something of `kinds` inside the
    site. Returns the target and, when it leads nowhere, the diagnostic (`what` names the field)."""
    t = site.resolve_from(doc, raw) if from_body else site.resolve_meta_path(raw)
    if t.kind in kinds:
        return t, None
    said = explain_missing(site, raw, t, posixpath.dirname(doc.path) if from_body else None)
    return t, make(code, doc.file, line, what + (said.lstrip() if what.endswith(" ") else said))


def withheld(doc, t: Target, line: int, what: str, code: str = "link-broken") -> Diagnostic | None:
    """A published document may not point at a draft or at a document scheduled after the build date."""
    if t.document is None or not t.document.withheld or doc.withheld:
        return None
    return make(code, doc.file, line, f"{what}指向的 {t.document.file} 是{t.document.hold_reason}, 现在不会发布: "
                                      "请去掉这个链接, 或先发布该文档")
