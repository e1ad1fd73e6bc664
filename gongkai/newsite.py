"""`gongkai new site`: the folder of a new column, for an office that installed Gongkai as a tool.

It writes site.toml (the usual catalog of a county's column: 政策文件 with 行政规范性文件 and 其他政策文件,
意见征集, 财政预决算, 政府信息公开年报) and the pages every column has (the home's text, 政府信息公开指南,
政府信息公开制度). What only the office knows is written as 【待填写】: in site.toml `check` and `build`
stop on it (config-invalid, on its line), in a page `placeholder-left` names it, so nothing
half-written is published. Files already there are never overwritten.
"""
from __future__ import annotations

import shlex
from pathlib import Path

from . import as_run
from .config import CONFIG_FILE, DEFAULT_SECTIONS
from .fields import PLACEHOLDER as P
from .newdoc import clean_title, field, front_matter, write_all

CATALOG = (("zcwj", "政策文件", None), ("zcwj.gfxwj", "行政规范性文件", 365), ("zcwj.qtwj", "其他政策文件", None),
           ("yjzj", "意见征集", None), ("czyjs", "财政预决算", None), ("ndbg", "政府信息公开年报", 365))


def quoted(value: str) -> str:
    """A TOML basic string (the emitter's escapes: a title cannot break site.toml)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_toml(title: str) -> str:
    lines = [f"# {title}: 站点配置。【待填写】处请换成真实信息, 不填完 check 和 build 不会通过。",
             "[site]", f"title = {quoted(title)}",
             f'base_url = "https://{P}/zwgk/"          # 专栏的完整网址, 以 / 结尾',
             'language = "zh-CN"',
             f'site_id_code = "{P}"                    # 网站标识码',
             f'organization = "{P}"                    # 主办单位',
             f'address = "{P}"', f'phone = "{P}"', f'email = "{P}"',
             "", "[interpretation]",
             "required_sections = [" + ", ".join(quoted(s) for s in DEFAULT_SECTIONS) + "]",
             "", "[policy]", "max_validity_years = 5"]
    for code, name, days in CATALOG:
        lines += ["", "[[catalog]]", f'code = "{code}"', f'name = "{name}"'] + ([f"update_days = {days}"] if days else [])
    return "\n".join(lines) + "\n"


def page(title: str, summary: str, body: str) -> str:
    return front_matter([field("type", "page"), field("title", title), field("summary", summary)]) + "\n" + body


# what a build makes beside the sources, never committed (a folder that already has a .gitignore keeps its own)
GITIGNORE = "# Gongkai 生成的网站和构建缓存, 不提交\npublic/\n.public.*\n.gongkai-cache/\n"


def starter_files(title: str) -> dict[str, str]:
    name = title.removesuffix("政府信息公开").strip() or P
    return {
        CONFIG_FILE: site_toml(title),
        ".gitignore": GITIGNORE,
        "content/_index.md": page(title, "本专栏集中公开政策文件和同步发布的政策解读。",
                                  f"本专栏依据《中华人民共和国政府信息公开条例》设立。{P}在此介绍本专栏。\n"),
        "content/zfxxgkzn.md": page(f"{name}政府信息公开指南", "主动公开的内容、依申请公开的办理方式和监督渠道。",
                                    f"## 一、主动公开\n\n{P}\n\n## 二、依申请公开\n\n{P}\n\n## 三、监督和救济\n\n{P}\n"),
        "content/zfxxgkzd.md": page(f"{name}政府信息公开制度", "公开前审查、保密审查、政策解读同步发布等工作制度。",
                                    f"## 一、公开前审查制度\n\n{P}\n\n## 二、保密审查制度\n\n{P}\n\n"
                                    f"## 三、政策解读同步发布制度\n\n{P}\n"),
    }


def refused(site_dir: Path) -> str | None:
    """Why a new site cannot be made in site_dir (None: it can)."""
    if site_dir.exists() and not site_dir.is_dir():
        return f"{site_dir} 是一个文件, 不是文件夹: 请用 --site 指定一个新文件夹"
    if (site_dir / CONFIG_FILE).exists() or (site_dir / CONFIG_FILE).is_symlink():
        return (f"{site_dir / CONFIG_FILE} 已存在, 这里已经是一个站点: 新建文档请用 "
                + as_run("python build.py new policy 等"))
    content = site_dir / "content"
    if content.is_symlink() or (content.exists() and not content.is_dir()):
        return f"{content} 是符号链接或文件, 页面会写到站点之外: 请换一个文件夹"
    return None


def new_site(site_dir: Path, title: str, stdout, stderr) -> int:
    problem = refused(site_dir)
    if problem:
        print(f"用法错误: {problem}", file=stderr)
        return 2
    if not write_all(site_dir, starter_files(clean_title(title) or f"{P}政府信息公开"), stdout, stderr):
        return 2
    elsewhere = site_dir.resolve() != Path.cwd().resolve()
    enter = f"新站点在文件夹 {site_dir} 中: 先进入它 (cd {shlex.quote(str(site_dir))}), 然后" if elsewhere else ""
    print(as_run(f"{enter}请把每一处{P}换成真实内容 (python build.py check 会逐一列出), 再用 python build.py new policy "
                 "新建政策文件和它的解读, 用 python build.py serve 预览"), file=stdout)
    return 0
