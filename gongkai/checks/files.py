"""Files of content/ and static/ as published: nothing that runs script, nothing in the theme's place.

html-unsafe: an HTML, XHTML or script file, or an SVG/XML file holding script, event handlers,
javascript: or references to other hosts (the contract). file-conflict: a site file at the
output path of a theme asset or of a file the generator writes; the generator's file is kept.
"""
from __future__ import annotations

import re
from pathlib import Path

from jinja2 import TemplateError, TemplateNotFound

from ..activefiles import looks_like_markup, needs_parsing, needs_sniffing, refused_kind, xml_problem
from ..diagnostics import make
from ..files import GENERATED, claimed_by, file_and_folder, theme_assets
from ..site import Site
from ..templates import ConfinedLoader, make_environment


def _sources(site: Site):
    """(file relative to the site, output path, file on disk) for content/ and static/."""
    for rel, path in site.assets.items():
        yield "content/" + rel, rel, path
    for rel, path in site.static.items():
        yield "static/" + rel, rel, path


def check_active_files(site: Site):
    for shown, _, path in _sources(site):
        what = refused_kind(path.name)
        if what:
            yield make("html-unsafe", shown, None,
                       f"这是{what}, 在浏览器中可以运行脚本, 不能作为文件发布: 请删去它; 要公开的内容请写成 Markdown 文档, "
                       "主题的脚本请放在 layouts/static/ 中")
            continue
        if needs_parsing(path.name):
            problem = _xml_problem(path)
            if problem:
                yield make("html-unsafe", shown, None,
                           f"这个 SVG/XML 文件不能发布: {problem}。打开它的读者会执行其中的内容; "
                           "请用绘图软件重新导出为不含脚本、不引用外部文件的普通 SVG")
        elif needs_sniffing(path.name) and looks_like_markup(_head(path)):
            yield make("html-unsafe", shown, None,
                       "这个文件没有常见的扩展名, 内容却是网页 (HTML/XML): 服务器可能不标明类型, 浏览器就会把它当作网页"
                       "打开并运行其中的脚本。要公开的内容请写成 Markdown 文档; 确需发布的文件请使用正确的扩展名 (如 .txt)")


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(1024)
    except OSError:
        return b""


def _xml_problem(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as e:
        return f"无法读取 ({e.strerror})"
    return xml_problem(data, path.name)


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


def markdown_source(name: str, head: bytes = b"") -> str | None:
    """What makes a file of content/ that is not a document (*.md) look like one: its name (.MD,
    .markdown, a copy saved as x.md.txt or x.md.bak), or a .txt that opens with front matter. None: it does not."""
    lower = name.lower()
    if lower.endswith(MARKDOWN_SUFFIXES) and not name.endswith(".md"):
        return f"扩展名是 {name[name.rindex('.'):]}"
    if any(s + "." in lower for s in MARKDOWN_SUFFIXES):
        return "文件名中 .md 之后还有扩展名 (记事本另存时常加上 .txt, 备份常加上 .bak)"
    text = head.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    if lower.endswith(".txt") and text.startswith(b"---\n") and b"\ntype:" in text:
        return "这是以信息栏 (---) 开头的 .txt 文件"
    return None


EXPLORER_COPY = re.compile(r"(?: - 副本| - Copy|的副本)(?: ?[(（]\d+[)）])?\.md$", re.I)


def check_document_names(site: Site):
    """A document saved under another name (Notepad's x.md.txt, x.MD, a backup x.md.bak) is no
    document: it would be published as it is, front matter and all, past every check. A copy made
    by Explorer (x - 副本.md) would be published as a second page of the same document."""
    for d in site.documents:
        if EXPLORER_COPY.search(d.path):
            yield make("document-misnamed", d.file, None,
                       "这是资源管理器复制出的副本 (文件名以 '- 副本' 结尾): 它会作为另一篇文档、另一个网址发布: "
                       "请删去它; 确要另发一篇, 请给它起一个自己的文件名")
    for rel, path in site.assets.items():
        name = rel.rsplit("/", 1)[-1]
        why = markdown_source(name, _head(path) if name.lower().endswith(".txt") else b"")
        if why:
            stem = name[:name.lower().index(".md")] if ".md" in name.lower() else name.rsplit(".", 1)[0]
            yield make("document-misnamed", "content/" + rel, None,
                       f"{why}: 它不会生成页面、不经过任何检查, 却会原样发布到网站上 (信息栏和全文都能被下载): "
                       f"是文档就改名为 {stem}.md; 是备份或旧稿就删去它")


def check_conflicts(site: Site):
    theme = {**theme_assets(), **site.theme_static}
    for shown, rel, _ in _sources(site):
        claimed = claimed_by(rel, theme)
        if claimed:
            yield make("file-conflict", shown, None,
                       f"这个文件会发布到 /{rel}, 与{claimed}同名; 已保留后者, 不发布这个文件: 请换个文件名; "
                       "要替换主题的样式或脚本, 请把文件放在 layouts/static/ 中")


def check_file_and_folder(site: Site):
    """An output path that would be a file and a folder at once (content/feed.xml.md beside the feed,
    content/guide/ beside content/guide.md): the build could not write it."""
    paths = {p: f"生成器写出的 {p}" for p in GENERATED}
    paths.update({rel: f"主题文件 {rel}" for rel in {**theme_assets(), **site.theme_static}})
    paths.update({rel: shown for shown, rel, _ in _sources(site) if rel not in paths})
    paths.update({d.url + "index.html": d.file for d in site.published if d.type})
    for path, one, other in file_and_folder(paths):
        site_file = other if other.startswith(("content/", "static/")) else one
        yield make("duplicate", site_file, None,
                   f"输出中的 /{path} 既要是文件 ({one}) 又要是文件夹 ({other} 写在它里面), 无法生成: "
                   "请给其中一个换个名字")


def check_templates(site: Site):
    """The site's own templates compile (a mistake in one is found by check, not only by build)."""
    env = make_environment(site)
    own = [loader for loader in env.loader.loaders if isinstance(loader, ConfinedLoader)]
    for loader in own:
        for name in loader.list_templates():
            if not name.endswith((".html", ".xml")):
                continue
            try:
                env.get_template(name)
            except TemplateNotFound:
                continue      # a link out of layouts/: link-broken says so
            except TemplateError as e:
                yield make("template-invalid", f"layouts/{name}", getattr(e, "lineno", None),
                           f"模板有语法错误: {str(e)[:200]}; 请对照默认主题的同名模板检查这一行")


CHECKS = (check_active_files, check_document_names, check_conflicts, check_file_and_folder, check_templates)
