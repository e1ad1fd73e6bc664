"""Walking a source folder (content/, static/) the way the contract allows.

Only regular files are read. A symbolic link to a file is followed only while it stays
inside the folder being walked: one that leads out of it (to ../site.toml,
../../.git/config, /etc/passwd) is never read or published (link-broken). A link to a
folder is not followed (a warning says so): no loop or fan-out of links can blow up a walk. Named pipes, sockets and devices
are skipped with a warning (file-skipped), so that nothing can make the build hang.
Hidden files and editor backups are passed over.
"""
from __future__ import annotations

import errno
import functools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import DEFAULT_LAYOUTS
from .diagnostics import Diagnostic, make
from .output import MARKER
from .oserrors import reason

# Output paths the generator writes itself: a site file there would be overwritten or mixed in.
GENERATED = {MARKER, "404.html", "sitemap.xml", "feed.xml"}
GENERATED_FOLDERS = ("data/", "pagefind/", "pagefind-s")     # pagefind-s<n>/: the index's shards
NAME_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


@dataclass
class Walk:
    files: dict[str, Path] = field(default_factory=dict)        # folder-relative posix path -> file
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _inside(real: str, base_real: str) -> bool:
    return real == base_real or real.startswith(base_real.rstrip(os.sep) + os.sep)


# a file opened to be read: never through a link, never waiting on a named pipe
OPEN_PLAIN = (os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)
              | getattr(os, "O_CLOEXEC", 0))
JUNK = ("thumbs.db", "ehthumbs.db", "desktop.ini")     # made by Windows' Explorer beside one's files


def _skipped(name: str) -> bool:
    """Hidden files, editors' backups (x~), Windows' thumbnails and folder settings, and the lock
    files Office keeps beside an open document (~$x.docx, naming who opened it): never published."""
    return name.startswith((".", "~$")) or name.endswith("~") or name.lower() in JUNK


def _bad_name(name: str) -> str | None:
    """Why a file name cannot be published (it would break URLs, messages or the sitemap), or None."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "文件名不是有效的 UTF-8 编码 (可能来自其他系统的压缩包)"
    if NAME_CONTROL_RE.search(name):
        return "文件名含有换行或其他控制字符"
    return None


def shown(path: Path, site_root: Path) -> str:
    """A path as the messages print it: undecodable bytes and control characters replaced."""
    text = path.relative_to(site_root).as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return NAME_CONTROL_RE.sub("\ufffd", text)


def _kind(entry: os.DirEntry, base_real: str) -> str:
    """file | dir | linked-dir | outside | dangling | special. Only a link costs a path resolution:
    what is not a link lies inside the folder, since no linked folder is walked."""
    try:
        if entry.is_symlink():
            if not _inside(os.path.realpath(entry.path), base_real):
                return "outside"
            mode = os.stat(entry.path).st_mode
            return "linked-dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "special"
        if entry.is_dir(follow_symlinks=False):
            return "dir"
        return "file" if entry.is_file(follow_symlinks=False) else "special"
    except OSError:
        return "dangling"


def walk_folder(folder: Path, site_root: Path, skip: Path | None = None) -> Walk:
    """Every regular file below folder. Diagnostics name paths relative to site_root."""
    result = Walk()
    if not folder.is_dir():
        return result
    label = folder.relative_to(site_root).as_posix()
    base_real = os.path.realpath(folder)
    if folder.is_symlink() and not _inside(base_real, os.path.realpath(site_root)):
        result.diagnostics.append(make("link-broken", label, None,
                                       f"{label}/ 是指向站点之外的符号链接, 不会读取或发布: 请把文件放进站点里"))
        return result
    skip_real = os.path.realpath(skip) if skip else None

    def refuse(path: Path, what: str) -> None:
        rel = path.relative_to(site_root).as_posix()
        result.diagnostics.append(make("link-broken", rel, None,
                                       f"这个{what}是指向 {label}/ 之外的符号链接, 不会读取或发布: "
                                       f"请把需要的文件复制到 {label}/ 里"))

    pending = [(folder, "")]         # a folder, and its path below `folder` ("a/b/")
    while pending:
        here, below = pending.pop()
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            result.diagnostics.append(make("file-skipped", here.relative_to(site_root).as_posix(), None,
                                           f"无法读取这个文件夹 ({reason(e)}), 已跳过"))
            continue
        for entry in entries:
            if _skipped(entry.name):
                continue
            path = here / entry.name
            bad = _bad_name(entry.name)
            if bad:
                result.diagnostics.append(make("file-skipped", shown(path, site_root), None,
                                               f"{bad}, 不会读取或发布, 已跳过: 请重命名"))
                continue
            kind = _kind(entry, base_real)
            if kind == "outside":
                refuse(path, "文件夹" if os.path.isdir(path) else "文件")
            elif kind == "dangling":
                result.diagnostics.append(make("link-broken", path.relative_to(site_root).as_posix(), None,
                                               "这个符号链接指向的文件不存在 (或链接成环): 请删去它或改正目标"))
            elif kind == "linked-dir":
                result.diagnostics.append(make("file-skipped", path.relative_to(site_root).as_posix(), None,
                                               "这是指向文件夹的符号链接, 不会跟随读取: 请直接把文件夹放在这里"))
            elif kind == "dir":
                if skip_real is None or os.path.realpath(path) != skip_real:
                    pending.append((path, below + entry.name + "/"))
            elif kind == "file":
                result.files[below + entry.name] = path
            else:
                result.diagnostics.append(make("file-skipped", path.relative_to(site_root).as_posix(), None,
                                               "这不是普通文件 (而是命名管道、套接字或设备), 不会读取或发布, 已跳过"))
    result.files = dict(sorted(result.files.items()))
    return result


@functools.lru_cache(maxsize=1)
def theme_assets() -> dict[str, Path]:
    """The default theme's CSS, JS and icons: assets/<path> -> file (trusted, part of Gongkai)."""
    base = DEFAULT_LAYOUTS / "static"
    if not base.is_dir():
        return {}
    return {"assets/" + f.relative_to(base).as_posix(): f for f in sorted(base.rglob("*"))
            if f.is_file() and not any(_skipped(p) for p in f.relative_to(base).parts)}


def claimed_by(rel: str, theme: dict[str, Path]) -> str | None:
    """What of the generator's own already stands at output path rel, or above it (None: the path is free)."""
    above = [rel[:i] for i, c in enumerate(rel) if c == "/"]      # a/b/c → a, a/b: files there would be folders
    for path in (rel, *above):
        if path in theme:
            return f"主题文件 {path}"
        if path in GENERATED:
            return f"生成器自己写出的 {path}"
    if rel.startswith(GENERATED_FOLDERS):
        return f"生成器自己写出的 {rel}"
    return None


def file_and_folder(paths: dict[str, str]) -> list[tuple[str, str, str]]:
    """Output paths that are a file and also a folder of another path: (path, its source, the other's source).
    paths: output path -> the site file it comes from."""
    folders: dict[str, str] = {}
    for path, source in paths.items():
        for i, c in enumerate(path):
            if c == "/":
                folders.setdefault(path[:i], source)
    return [(p, paths[p], folders[p]) for p in sorted(paths) if p in folders]


def site_copies(site) -> dict[str, Path]:
    """Every file copied as it is into the output, output path -> source.

    The theme's assets, overridden on purpose by the site's layouts/static/; then the site's
    static/ and the files of content/, which never replace a theme or generated file
    (the check file-conflict names both)."""
    theme = {**theme_assets(), **site.theme_static}
    copies = dict(theme)
    for rel, src in (*site.assets.items(), *site.static.items()):
        if claimed_by(rel, theme) is None:
            copies.setdefault(rel, src)
    return copies


def prefetch(paths) -> None:
    """Ask the kernel to read these files ahead, all at once (posix_fadvise WILLNEED; nothing is read
    here): 20,000 documents read one after another from a disk whose cache the system had reclaimed
    took 2.6-5 s, asked for together first 0.5 s (warm: 0.1 s more). Regular files only, never
    through a link, never waiting on a pipe; anything that cannot be opened is passed over."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    for path in paths:
        try:
            fd = os.open(path, OPEN_PLAIN)
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def prefetch_aside(paths: list):
    """prefetch(paths) on a forked process (parallel.Early) while the build reads them: the advice for
    20,000 files takes 0.06 s that the build's one core need not wait for. Here, first, when they are
    few or the process may not fork. close() what it gives (None or the process) once they are read."""
    from .parallel import Early, usable
    if not usable(len(paths)):
        prefetch(paths)
        return None
    return Early(prefetch, paths)


def read_regular(path) -> bytes:
    """The bytes of a regular file, read whole without a buffer (a third less time than
    Path.read_bytes, 20,000 times); what is no regular file by the time it is opened (a link, a named
    pipe put there meanwhile) is an OSError, never followed nor waited on."""
    fd = os.open(path, OPEN_PLAIN)
    with open(fd, "rb", buffering=0) as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "不是普通文件", os.fspath(path))
        return f.read()
