"""The build cache, beside the output folder (public/ → .gongkai-cache/public/, ignored by git).

Five memories, each keyed by content, never by time alone:
- the whole build: a key over every source file (content/, layouts/, static/, site.toml; file
  stats only tell which files must be hashed again, as git's index does), the theme, Gongkai's
  version, the build date, the options and the git commit. When it equals the last successful
  build's and the output folder is as that build left it, nothing is done;
- bodies: each document's linked body (links and their targets, the sanitized HTML by its hash,
  kept apart), by the hash of the document's text (gongkai.bodycache);
- facts about a text by its hash: parsed front matter, markings, copied share (gongkai.memo);
- pages: the key of each page's template context; a page whose key has not changed is linked
  from the previous output instead of being rendered again;
- search: the key of each shard's pages and the bundle made of it (gongkai.shardcache, search.build_index), and
  each page's hash with its stats (indexed.json, gongkai.searchpages).
`check` uses the bodies and the facts of the default output's cache, and adds to them, when a
build has made that cache (TextCache). The cache folder holds a .gitignore of its own (`*`), so
that git ignores it in any site. Stored as JSON, never pickle: a cache folder committed by someone
else cannot run code; and a cache folder git tracks is never read (cachefolder.committed), so that a
commit cannot bring facts that hide a finding, or a last result that skips the checks (nor is it
written: the build leaves the commit's files as they are). Nor is one copied in from elsewhere (a
zip, a restore): a build trusts only a folder whose origin file it made itself (cachefolder.own), and
empties any other before it writes there (cachefolder.claim). A cache folder that is a link is neither
read nor written (cachefolder.linked): its files would be outside the site. Anything unreadable or from another version is ignored, and the build is clean.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from . import DEFAULT_LAYOUTS, code_version, staticcopies
from .bodycache import BodyCache
from .sources import Deferred, InputsKey, Link, source_files
from .jsonfile import read_json, write_json
from .memo import Memo
from .cachefolder import claim, committed, ignored_by_git, linked, own
from .parallel import Early
from .shardcache import ShardMemory
from .treestats import ROOT_MODE, modes, tree_stats

FORMAT = 3                                   # bump when what is stored changes


def cache_dir(out: Path) -> Path:
    out = out.absolute()
    return out.parent / ".gongkai-cache" / out.name


class TextCache:
    """What `check` uses of the build cache of `out`: facts by text (memo) and link results (bodies).
    Used only when a build made that cache (check never makes one: a fresh clone stays as it was);
    what check adds is kept, nothing is dropped (the next build keeps what its site has)."""

    def __init__(self, out: Path, empty: bool = False):
        self.dir = cache_dir(out)
        self.linked = linked(self.dir)                          # a link: never read through
        self.committed = not empty and not self.linked and committed(self.dir)     # git tracks it: never read
        self.unwritable = False                                 # (check never makes one)
        empty = empty or self.linked or self.committed or not own(self.dir)  # (nor one copied in)
        found = not empty and (self.dir / "state.json").is_file()
        self.bodies = BodyCache(self.dir, empty) if found else None
        self.memo = Memo(self.dir, empty) if found else None

    def save(self) -> None:
        if self.bodies is not None:
            self.bodies.wait()
        if self.memo is not None:
            self.memo.save(keep_all=True)


def _well_formed(state) -> bool:
    """A state file of this format and version whose parts have the types the cache reads."""
    if not isinstance(state, dict) or state.get("format") != FORMAT or state.get("version") != code_version():
        return False
    hashes, pages, output, known = state.get("hashes"), state.get("pages"), state.get("output"), state.get("known")
    result = state.get("result")
    return (isinstance(hashes, dict) and all(isinstance(v, list) and len(v) == 5 for v in hashes.values())
            and isinstance(pages, dict) and all(isinstance(v, str) for v in pages.values())
            and isinstance(known, dict) and all(isinstance(v, str) for v in known.values())
            and isinstance(output, dict) and all(isinstance(v, list) and len(v) == 4 for v in output.values())
            and isinstance(state.get("key"), str) and isinstance(result, dict)
            and isinstance(result.get("diagnostics"), list)
            and all(isinstance(result.get(k), int) for k in ("documents", "pages", "scheduled")))


class BuildCache(InputsKey, ShardMemory):
    def __init__(self, out: Path, empty: bool = False):
        """empty: remember nothing of earlier builds (--no-cache), only keep what this one does."""
        self.dir = cache_dir(out)
        self.out = out.absolute()
        # the output's walk (found) starts now on the second core, while the inputs are read
        self._walk = Early(tree_stats, self.out) if self.out.is_dir() else None
        self.linked = linked(self.dir)                          # a link: never read or written through
        self.committed = not self.linked and committed(self.dir)     # git tracks it: never read nor written
        keep = not (self.linked or self.committed)
        if keep and not claim(self.dir):                        # copied in (or new): what it holds is gone
            empty = True
        # not even made this machine's (a file in its place, no permission): every build is whole
        self.unwritable = keep and not own(self.dir)
        empty = empty or not keep
        self.empty = empty
        state = {} if empty else read_json(self.dir / "state.json")
        self.state = state if _well_formed(state) else {}
        self.hashes: dict[str, list] = self.state.get("hashes", {})      # path → [size, mtime_ns, ino, ctime_ns, sha]
        self.new_hashes: dict[str, list] = {}
        self._digests: Early | None = None     # the unknown files' hashes, made on the second core (inputs_key)
        self._read: dict[str, str] = {}
        self.old_pages: dict[str, str] = self.state.get("pages", {})     # output path → context key
        self.pages: dict[str, str] = {}
        self.old_known: dict[str, str] = self.state.get("known", {})     # output path → known_key
        self.known: dict[str, str] = {}
        self.reused = 0
        self.copied: dict[str, str] = {}     # a static file's output path → its source (staticcopies)
        self.index_kept = False              # the build left the search bundles as they stood (KeepIndex)
        self.manifest: dict | None = None    # the output's tree_stats when the writer knows it
        self._found: dict | None = None      # the output's tree_stats before this build (found())
        self.modes = modes()                 # a new file's and folder's permissions (a clean build's)
        self.bodies = BodyCache(self.dir, empty, keep)    # each document's linked body (gongkai.bodycache)
        self.memo = Memo(self.dir, empty, keep)           # facts about texts (gongkai.memo)
        self.start_shards(empty)                          # the search index's (gongkai.shardcache)

    # --- the whole build ----------------------------------------------------------------------
    def output_intact(self) -> bool:
        """The output folder holds exactly what the last build wrote (nobody edited, added or removed
        a file or a folder)."""
        manifest = self.state.get("output")
        return (bool(manifest) and self.out.is_dir() and stat.S_IMODE(self.out.stat().st_mode) == ROOT_MODE
                and self.found() == manifest)

    def unchanged(self, key: str) -> dict | None:
        """The stored summary of the last build when its inputs had this key and its output is intact."""
        if self.state.get("key") == key and self.output_intact():
            return self.state.get("result")
        return None

    def page_known(self, path: str, known: str) -> bool:
        """The page is the last output's, by what it is made of (known_key): its context need not be
        made (False: it is made, and remembered by this key for the next build)."""
        self.known[path] = known
        if self.old_known.get(path) != known or not self.intact(path):
            return False
        if path in self.old_pages:
            self.pages[path] = self.old_pages[path]
        self.reused += path.endswith(".html")
        return True

    def page_reusable(self, path: str, key: str) -> bool:
        self.pages[path] = key
        if self.old_pages.get(path) != key or not self.intact(path):
            return False
        self.reused += path.endswith(".html")
        return True

    def intact(self, path: str) -> bool:
        """The last output's file at path is as that build wrote it."""
        expected = (self.state.get("output") or {}).get(path)
        return (expected is not None and expected[0] >= 0 and expected[3] == self.modes[0]
                and self.found().get(path) == expected)

    def found(self) -> dict[str, list]:
        """The output's tree_stats as it stands before this build writes, walked once (the writer's
        plan starts from it too)."""
        if self._found is None:
            walk, self._walk = self._walk, None
            if not self.out.is_dir():
                self._found = {}
            else:
                self._found = walk.result() if walk is not None else tree_stats(self.out)
            if walk is not None:
                walk.close()
        return self._found

    def close(self) -> None:
        """The early walk of the output ended when the build did not need it (it stopped before), and the
        writes ahead of the bodies and facts done (a build that failed keeps them too)."""
        if self._walk is not None:
            self._walk.close()
            self._walk = None
        self.stop_digests()
        self.bodies.wait()
        self.memo.wait()

    def remember(self, key: "str | Deferred", result: dict) -> None:
        """After a successful build: the key, its summary, the pages' keys and the output's manifest."""
        if isinstance(key, Deferred):
            key = key.finish()
        manifest = self.manifest if self.manifest is not None else tree_stats(self.out)
        if self.index_kept:                 # (serve's pages: the bundles were left as they stood)
            manifest = self.kept_index(manifest)
        try:
            self._save(key, result, manifest)
        except OSError:      # a cache folder that cannot be written: the build stands, the next one is clean
            return

    def _save(self, key: str, result: dict, manifest: dict) -> None:
        if self.linked or self.committed:       # the build leaves a commit's files as git has them
            return
        hashes = self.new_hashes or self.hashes
        write_json(self.dir / "state.json", {"format": FORMAT, "version": code_version(), "key": key,
                                              "result": result, "hashes": hashes,
                                              "copies": staticcopies.remembered(self.copied, hashes),
                                              "pages": self.pages, "known": self.known, "output": manifest,
                                              # (serve's pages left the index as it stood: its shards stay)
                                              "shards": self.old_shards if self.index_kept else self.shards})
        ignored_by_git(self.dir)
        self.bodies.prune()
        self.memo.save()
        self.page_digests.save()



def theme_key(site_root: Path) -> str:
    """The templates and assets a page can read, the theme's and the site's own, and site.toml."""
    h = hashlib.sha256(code_version().encode())
    for folder in (DEFAULT_LAYOUTS, site_root / "layouts"):
        for path, st in source_files(folder):
            h.update(os.fsencode(path) + b"\0")
            if isinstance(st, Link):
                h.update(b"link:" + os.fsencode(st.target))
                continue
            try:
                h.update(Path(path).read_bytes() if st is not None and stat.S_ISREG(st.st_mode) else b"special")
            except OSError:
                h.update(b"unreadable")
    toml = site_root / "site.toml"
    h.update(toml.read_bytes() if toml.is_file() else b"")
    return h.hexdigest()
