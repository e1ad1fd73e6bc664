"""What a build reads, as the build cache's key sees it (cache.BuildCache.inputs_key): every entry of
the source folders with its stat, a link as itself, and the git commit."""
from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import time
from functools import partial
from pathlib import Path

from . import DEFAULT_LAYOUTS, code_version
from .files import prefetch, read_regular
from . import parallel

SOURCES = ("content", "layouts", "static")


def digest(data: bytes | str) -> str:
    """The sha256 of a file's bytes or of a text (UTF-8, surrogates passed): what the cache knows it by."""
    return hashlib.sha256(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data).hexdigest()


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


RACY_NS = 200_000_000     # 0.2 s: well over a file system clock's tick (4 ms at most)


def settled(st, since: int) -> bool:
    """st's modification and change times are both before since (ns): a file that changed later may
    change again within the same tick of the clock and keep them (git's racily clean entries)."""
    return st.st_mtime_ns < since and st.st_ctime_ns < since


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


CHANGED = "changed while the build ran:"      # (and a nonce: no later build's key can be the same)


def file_digests(files: list[tuple[str, list[int]]]) -> dict[str, str]:
    """The sha256 of each (path, stamp) regular file, read now, or CHANGED when it is no longer as its
    stamp says: the build that read it meanwhile may have read another text, and its key must match
    no later build's. (On Early's process while the build reads the documents: see inputs_key.)"""
    out = {}
    for path, was in files:
        try:
            data = read_regular(path)
            now = stamp(os.lstat(path))
        except OSError:
            out[path] = "unreadable"
            continue
        out[path] = digest(data) if now == was else CHANGED + os.urandom(8).hex()
    return out


class Deferred:
    """An inputs key made whole after the build (remember), its unknown files hashed meanwhile."""

    def __init__(self, finish):
        self.finish = finish


class InputsKey:
    """The build cache's key of its inputs (cache.BuildCache), from the last build's file hashes
    (hashes: path → [size, mtime_ns, ino, ctime_ns, sha]) and this one's (new_hashes); the subclass
    sets them, and _digests (the unknown files' hashes being made on the second core) and _read
    (what they gave) to None and {}."""
    state: dict
    hashes: dict[str, list]
    new_hashes: dict[str, list]
    _digests: parallel.Early | None
    _read: dict[str, str]
    _settled: int = 0         # ns: a stamp's times before this may be remembered (inputs_key)

    def _unknown(self, path: str, st) -> bool:
        """A regular file whose hash the last build did not record as it is now: it will be read."""
        known = self.hashes.get(path)
        return (st is not None and not isinstance(st, Link) and stat.S_ISREG(st.st_mode)
                and not (known and known[:4] == stamp(st)))

    def _hash_file(self, path: str, st: os.stat_result | None, follow: bool = False) -> str:
        """follow: read through a link (site.toml may be one; a link in the folders is its target's text)."""
        if st is None:
            return "unreadable"
        if isinstance(st, Link):
            return "link:" + st.target
        if not stat.S_ISREG(st.st_mode):     # a named pipe or a device is never opened (the loader skips it)
            return f"special:{stat.S_IFMT(st.st_mode)}"
        known = self.hashes.get(path)
        now = stamp(st)
        if known and known[:4] == now:
            sha = known[4]
        elif path in self._read:                 # (read on the second core: file_digests)
            sha = self._read[path]
        else:
            try:
                sha = digest(Path(path).read_bytes() if follow else read_regular(path))
            except OSError:
                sha = "unreadable"
        if not sha.startswith(CHANGED) and settled(st, self._settled):
            self.new_hashes[path] = now + [sha]       # (else hashed again by the next build)
        return sha

    def inputs_key(self, site_dir: Path, options: dict) -> "str | Deferred":
        """One hash over everything a build reads, as it is when the build starts. A build that no
        stored key can match (the first, --no-cache) hashes the files it does not know on the second
        core while it reads them itself: its key is a Deferred, made whole by remember().
        A file changed less than RACY_NS before the build began is not remembered with its hash: a
        change made later within the same tick of the file system's clock would keep its stamp
        (git's "racily clean" entries)."""
        self._settled = time.time_ns() - RACY_NS
        h = hashlib.sha256()
        h.update(json.dumps({"options": options, "version": code_version(), "git": git_head(site_dir)},
                            sort_keys=True, default=str).encode())
        folders = [(name, site_dir / name) for name in SOURCES] + [("theme", DEFAULT_LAYOUTS)]
        # paths inside the site: a renamed site, or --site spelt otherwise (./x, /abs/x), is the same build
        # (os.walk's paths start with the folder's: cut, not relpath's work)
        found = [(name + "/" + path[len(os.fspath(folder)) + 1:], path, st)
                 for name, folder in folders for path, st in source_files(folder)]
        toml = site_dir / "site.toml"
        settings = self._hash_file(str(toml), os.stat(toml) if toml.is_file() else None, follow=True)
        unknown = [(path, st) for _, path, st in found if self._unknown(path, st)]
        if not self.state.get("key") and parallel.usable(len(unknown)):
            self._digests = parallel.Early(file_digests, [(path, stamp(st)) for path, st in unknown])
            return Deferred(partial(self._key, h, found, settings))
        prefetch(path for path, _ in unknown)      # (all at once: see prefetch)
        return self._key(h, found, settings)

    def stop_digests(self) -> None:
        """The hashing on the second core ended, its key no longer wanted (the build stopped before)."""
        if self._digests is not None:
            self._digests.close()
            self._digests = None

    def _key(self, h, found: list, settings: str) -> str:
        if self._digests is not None:
            digests, self._digests = self._digests, None
            self._read = digests.result()
        for rel, path, st in found:
            h.update(os.fsencode(rel) + f"\0{self._hash_file(path, st)}\n".encode("utf-8", "surrogatepass"))
        h.update(settings.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

