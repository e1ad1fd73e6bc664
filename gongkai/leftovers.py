"""What builds leave beside an output: their new and retired folders (``.<out>.new-<pid>-…``,
``.<out>.old-<pid>-…``), removed whole once the build that made them is over (remove_tree), or by the
next build when it was killed (remove_leftovers)."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
from pathlib import Path


def remove_leftovers(out: Path) -> None:
    """Remove the fresh and retired folders of builds that were killed before they could clean up."""
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(?:new|old)-(\d+)-")   # only names Gongkai gives
    try:
        names = os.listdir(out.parent)
    except OSError:
        return
    for name in names:
        m = pattern.match(name)
        path = out.parent / name
        if not m or path.is_symlink() or not path.is_dir():
            continue
        if int(m.group(1)) != os.getpid() and _alive(int(m.group(1))):
            continue   # another build is writing it right now
        remove_tree(path)


def remove_tree(path: Path) -> None:
    """A folder a build made (a new one, or a retired output) removed whole. Where a folder in it was made
    read-only by hand (chmod 555 in the output, then retired), its owner's permissions are given back
    first: else it stayed beside the output, and each file linked from it into the new output kept a
    second link. Never through a link (os.walk does not follow them; lstat)."""
    shutil.rmtree(path, ignore_errors=True)
    if not os.path.lexists(path):
        return
    _writable(path)
    for top, dirs, _ in os.walk(path):
        for name in dirs:
            _writable(os.path.join(top, name))
    shutil.rmtree(path, ignore_errors=True)


def _writable(folder) -> None:
    with contextlib.suppress(OSError):
        st = os.lstat(folder)
        if stat.S_ISDIR(st.st_mode) and st.st_mode & 0o700 != 0o700:
            os.chmod(folder, stat.S_IMODE(st.st_mode) | 0o700)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
