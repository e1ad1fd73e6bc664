"""The output guard: a build replaces only a folder that it made itself (it carries output.MARKER),
or one that is missing or empty, and never the site's own folders or a project."""
from __future__ import annotations

import os
from pathlib import Path

from .oserrors import reason
from .output import MARKER

# what a site keeps its sources in: never an output folder, nor inside one
SOURCE_FOLDERS = ("content", "static", "layouts")
PROJECT_FILES = ("site.toml", ".git", "pyproject.toml")


def refuse_reason(site_dir: Path, out: Path) -> str | None:
    """Why `out` must not be replaced by a build of `site_dir` (Chinese, for the editor), or None."""
    site, target = site_dir.resolve(), out.absolute()
    if target.is_symlink():
        return f"输出文件夹 {out} 是一个符号链接: 请直接指定一个真实的文件夹作为 --out"
    target = target.resolve()
    if target.exists() and not target.is_dir():
        return f"输出位置 {out} 是一个文件, 不是文件夹: 请换一个 --out"
    if target == site or target in site.parents:
        return f"输出文件夹 {out} 包含站点本身, 构建会替换整个文件夹: 请换一个 --out (默认是站点下的 public/)"
    for name in SOURCE_FOLDERS:
        folder = (site / name).resolve()      # content/ may be a link to a folder elsewhere
        if folder == target or folder in target.parents or target in folder.parents:
            return f"输出文件夹 {out} 是站点的 {name}/ 文件夹或在其中, 构建会删除源文件: 请换一个 --out (默认是站点下的 public/)"
    if not target.is_dir():
        return None
    try:
        entries = os.listdir(target)
    except OSError as e:
        return f"无法读取输出文件夹 {out}: {reason(e)}"
    if any(name in entries for name in PROJECT_FILES):
        return f"输出文件夹 {out} 看起来是一个项目文件夹 (含 site.toml、.git 等), 构建会替换它: 请换一个 --out"
    if not entries or (target / MARKER).is_file() and not (target / MARKER).is_symlink():
        return None
    return (f"输出文件夹 {out} 已存在, 里面有文件, 但不是 Gongkai 生成的 (没有 {MARKER} 标记); 构建会删除其中的全部内容, "
            "所以拒绝使用: 请指定一个不存在的或空的文件夹作为 --out; 如果它确实是旧版 Gongkai 的输出, 请先手动删除它")
