"""serve's search index, made after the pages and in the background (the editor sees an edit without
waiting for it), the way `build` makes its index: only the shards whose pages changed are indexed
again (the build cache's shard keys, gongkai.search), their bundles moved into the output where it
stands. serve's build of the pages leaves the index as it is (KeepIndex) until refresh() has run.

Before, every rebuild copied the whole index into a new folder with every page and then indexed every
shard again: on the 20,000-document corpus, one edit took 10 s to show and 52 s more of both cores."""
from __future__ import annotations

from pathlib import Path

from .bundles import BUNDLE_NAME, in_bundle, link_tree
from .cache import BuildCache, cache_dir
from .cachefolder import build_lock
from .output import replace_bundles
from .search import build_index


class KeepIndex:
    """The finish step of serve's build of the pages: the output's search bundles stay where they stand
    (an update in place: in_place changes none of them), or are linked into the new folder (a whole
    replacement), until refresh() indexes what changed."""
    kept = staticmethod(in_bundle)       # what of the output an update in place leaves alone
    keeps_index = True                   # (the cache records a bundle changed by hand as such: kept_index)

    def __init__(self, out: Path):
        self.out = out

    def __call__(self, fresh: Path) -> None:
        if self.out.is_dir():
            for bundle in sorted(self.out.iterdir()):
                if BUNDLE_NAME.fullmatch(bundle.name) and bundle.is_dir() and not bundle.is_symlink():
                    link_tree(bundle, fresh / bundle.name)

    def in_place(self, out: Path, fresh: Path, pages) -> "_Unchanged":
        return _Unchanged()


class _Unchanged:
    """The bundles of an update in place that keeps the index (search.Bundles' shape)."""
    touched: tuple = ()

    def move_in(self, fresh: Path, out: Path, journal) -> None:
        pass


class Busy(Exception):
    """Another build is writing the output (its lock is held): the index is left for the next time."""


def _busy() -> None:
    raise Busy


def refresh(out: Path, cancel) -> bool:
    """The output's search index made again for its pages as they stand, as `build` would: bundles of
    unchanged shards stay, the others are made beside the output and moved in; the cache remembers the
    shards (BuildCache.remember_index). cancel (threading.Event): stop (search.SearchError). False when
    another build holds the output: nothing is done."""
    try:
        with build_lock(cache_dir(out), _busy):
            cache = BuildCache(out)
            try:
                # the pages by the output's walk the cache makes anyway (not a second walk: html_pages)
                pages = [(rel, out / rel) for rel, (size, *_) in cache.found().items()
                         if rel.endswith(".html") and size >= 0]
                touched = replace_bundles(out, lambda fresh: build_index(fresh, cancel=cancel, cache=cache,
                                                                         pages=pages, beside=out))
                cache.remember_index(touched)
            finally:
                cache.close()
    except Busy:
        return False
    return True
