"""更新记录 from git: one `git log` per build for every file under content/ (not one per file).

Without git, outside a repository, or when git fails, there is no history and pages fall back to
their `published` date; a shallow clone gives the history it holds. Either way the same checkout
gives the same pages from run to run."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from .text import strip_control

MAX_ENTRIES = 20           # per document, newest first
RECORD = "\x1e"            # separates commits in the log
CJK = re.compile(r"[\u4e00-\u9fff]")
PLAIN = "内容更新"         # a commit subject with no Chinese (a developer's) is shown as this


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None


def file_history(site_root: Path) -> dict[str, list[tuple[dt.date, str]]]:
    """content-relative path → [(date, subject)], newest first, for every file git knows under content/."""
    top = _git(site_root, "rev-parse", "--show-toplevel")
    if not top:
        return {}
    content = (site_root / "content").resolve()
    try:
        prefix = content.relative_to(Path(top.strip()).resolve()).as_posix()
    except ValueError:
        return {}
    log = _git(site_root, "-c", "core.quotepath=off", "log", "--no-renames", "--format=" + RECORD + "%cs%x09%s",
               "--name-only", "--", str(content))
    if not log:
        return {}
    out: dict[str, list[tuple[dt.date, str]]] = {}
    for record in log.split(RECORD)[1:]:
        head, _, names = record.partition("\n")
        day, _, subject = head.partition("\t")
        try:
            date = dt.date.fromisoformat(day.strip())
        except ValueError:
            continue
        for name in names.split("\n"):
            name = name.strip()
            if not name.startswith(prefix + "/"):
                continue
            entries = out.setdefault(name[len(prefix) + 1:], [])
            if len(entries) < MAX_ENTRIES:
                subject = strip_control(subject.strip())[:200]
                entries.append((date, subject if CJK.search(subject) else PLAIN))
    return out
