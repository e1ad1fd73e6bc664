"""What a build knows of an output folder's tree: every entry's stats (tree_stats, the build cache's
manifest of the output), told without a walk where the build knows what it wrote (listed, manifest),
and the permissions a clean build gives a new file and folder (modes)."""
from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FOLDER, OTHER, UNREADABLE = -1, -2, -3      # tree_stats' sizes of what is no regular file


def tree_stats(folder: Path) -> dict[str, list]:
    """Every entry below folder by its relative path: [size, mtime_ns, ctime_ns, mode] of a file,
    [FOLDER, 0, 0, mode] of a folder, [OTHER, 0, 0, 0] of anything else (a link, never followed),
    [UNREADABLE, 0, 0, 0] at 'folder/?' for a folder that cannot be listed. The output's manifest in
    the build cache is this: the change time as well, as git does, so that a file edited by hand in
    the output that keeps its size and gets its modification time back (cp -p, rsync -t, touch -r)
    is not taken for the build's; the permissions, so that one changed by hand is put back."""
    stats: dict[str, list] = {}
    todo = [("", str(folder))]
    while todo:
        rel, path = todo.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            stats[rel + "?"] = [UNREADABLE, 0, 0, 0]
            continue
        for entry in entries:
            name = rel + entry.name
            try:
                stats[name] = _entry(entry.stat(follow_symlinks=False))
            except OSError:                   # gone meanwhile
                stats[name] = [OTHER, 0, 0, 0]
            if stats[name][0] == FOLDER:
                todo.append((name + "/", entry.path))
    return stats


ROOT_MODE = 0o755            # the output folder's own (output._fill)


def modes() -> tuple[int, int]:
    """The permissions this process gives a new file and a new folder: 0o666 and 0o777 less its umask,
    as a clean build writes them (read from /proc where it says, else set and put back)."""
    mask = None
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as f:
            mask = next((int(line.split()[1], 8) for line in f if line.startswith("Umask:")), None)
    if mask is None:
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask, 0o777 & ~mask


def parents(rel: str):
    rel = rel.rpartition("/")[0]
    while rel:
        yield rel
        rel = rel.rpartition("/")[0]


def _under(rel: str, gone: set[str]) -> bool:
    """rel is one of gone, or inside one of them."""
    if rel in gone:
        return True
    i = rel.find("/")
    while i > 0:
        if rel[:i] in gone:
            return True
        i = rel.find("/", i + 1)
    return False


def manifest(out: Path, p, replaced=()) -> dict[str, list]:
    """tree_stats(out) once the plan p (update.Plan) is carried out and the top-level entries `replaced`
    (search bundles) are replaced or removed, from the walk before: only what changed is looked at again."""
    gone = {*p.folders, *p.remove}
    stats = {rel: v for rel, v in p.before.items() if not _under(rel, gone)} if gone else dict(p.before)
    _look_up(stats, out, p.write)
    return with_tops(stats, out, replaced)


def unmatched(entry: list) -> list:
    """A file's entry recorded so that no walk matches it (a change time no file has): the next build
    takes the file for changed and makes it again (output._unseen, ShardMemory.kept_index)."""
    return [entry[0], entry[1], -1, entry[3]]


def with_tops(stats: dict[str, list], out: Path, tops) -> dict[str, list]:
    """stats (of out, as it was) with the top-level entries `tops` as they are now (search bundles
    replaced or removed since), each looked up with all it holds."""
    gone = set(tops)
    stats = {rel: v for rel, v in stats.items() if not _under(rel, gone)} if gone else stats
    for top in tops:
        _look_up_top(stats, out, top)
    return stats


def listed(out: Path, rels) -> dict[str, list]:
    """tree_stats(out) of a new output that holds the files rels, their folders and, at its top, what
    else the build put there (the marker, the search bundles: walked): each file and folder looked up
    by its path, no folder listed (20,000 pages: 0.18 s, the walk 0.3 s)."""
    stats: dict[str, list] = {}
    _look_up(stats, out, rels)
    for name in os.listdir(out):
        if name not in stats:
            _look_up_top(stats, out, name)
    return stats


def _look_up(stats: dict, out: Path, rels) -> None:
    """Each written file of rels, and each of its folders that stats does not hold yet."""
    base = os.fspath(out) + os.sep
    for rel in rels:
        stats[rel] = _entry(os.lstat(base + rel))
        for parent in parents(rel):
            if parent in stats:
                break
            stats[parent] = _entry(os.lstat(base + parent))


def _look_up_top(stats: dict, out: Path, top: str) -> None:
    """A top-level entry of out (a search bundle, the marker) as it is, a folder with all it holds."""
    if os.path.lexists(out / top):
        stats[top] = _entry(os.lstat(out / top))
        if stats[top][0] == FOLDER:
            stats.update({f"{top}/{rel}": v for rel, v in tree_stats(out / top).items()})


def _entry(st: os.stat_result) -> list:
    """tree_stats' entry of what st describes."""
    if stat.S_ISREG(st.st_mode):
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, stat.S_IMODE(st.st_mode)]
    return [FOLDER, 0, 0, stat.S_IMODE(st.st_mode)] if stat.S_ISDIR(st.st_mode) else [OTHER, 0, 0, 0]
