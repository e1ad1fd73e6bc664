"""Files of content/ and static/ as published: nothing that runs script, nothing in the theme's place.

html-unsafe: an HTML, XHTML or script file, or an SVG/XML file holding script, event handlers,
javascript: or references to other hosts (the contract). file-conflict: a site file at the
output path of a theme asset or of a file the generator writes; the generator's file is kept.
"""
from __future__ import annotations

from pathlib import Path

from ..activefiles import needs_parsing, refused_kind, xml_problem
from ..diagnostics import make
from ..files import claimed_by, theme_assets
from ..site import Site


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


def _xml_problem(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as e:
        return f"无法读取 ({e.strerror})"
    return xml_problem(data, path.name)


def check_conflicts(site: Site):
    theme = {**theme_assets(), **site.theme_static}
    for shown, rel, _ in _sources(site):
        claimed = claimed_by(rel, theme)
        if claimed:
            yield make("file-conflict", shown, None,
                       f"这个文件会发布到 /{rel}, 与{claimed}同名; 已保留后者, 不发布这个文件: 请换个文件名; "
                       "要替换主题的样式或脚本, 请把文件放在 layouts/static/ 中")


CHECKS = (check_active_files, check_conflicts)
