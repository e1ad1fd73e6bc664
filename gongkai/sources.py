"""What a build reads, as the build cache's key sees it (cache.BuildCache.inputs_key): every entry of
the source folders with its stat, a link as itself, and the git commit."""
from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path


def git_head(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                              timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def source_files(folder: Path):
    """Every entry below folder with its stat, links not followed (a loop of links must not make
    the walk endless): a link is given as the link itself, whose target text the key takes in;
    what a link inside the site points to is walked where it really is, and a link leading
    out of the site fails the build, which is never remembered."""
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names) + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            path = os.path.join(top, name)
            try:
                st = os.lstat(path)
                if stat.S_ISLNK(st.st_mode):
                    st = Link(os.readlink(path))
            except OSError:
                yield path, None
                continue
            yield path, st


def stamp(st) -> list[int]:
    """What says a file is as it was: the change time as well, as git does (a rewrite that keeps size
    and mtime, cp -p or utime, is seen)."""
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


class Link:
    """A symbolic link in a walk: its target's text stands for its content."""
    st_mode = stat.S_IFLNK
    st_size = st_mtime_ns = st_ino = st_ctime_ns = 0

    def __init__(self, target: str):
        self.target = target
