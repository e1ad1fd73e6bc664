"""The search index: Pagefind (extended, which segments Chinese) over the written pages, in shards."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import threading
from concurrent.futures import FIRST_COMPLETED, FIRST_EXCEPTION, ThreadPoolExecutor, wait
from importlib import metadata
from pathlib import Path

from . import code_version
from .bundles import SHARDS, Bundles, bundle_name, finish_bundle, in_bundle, link_tree
from .interrupts import pending, signals_deferred
from .pagefind import Either, SearchError, pagefind_executable, run_pagefind
from .searchpages import PageDigests
from .searchtext import LANGUAGE, for_index

__all__ = ["Index", "SearchError", "build_index", "stage", "write_shard"]


STAGING = ".gk-search-pages"
# what one Pagefind process indexes at most: its memory follows the text (about 40 bytes for a byte
# of staged copy with the substring stream, which is about twice the page), so a shard is cut by
# the bytes of its pages, and by pages for short ones
SHARD_PAGES = 1000
SHARD_BYTES = 6 * 2**20      # of pages: about 0.45 GB of Pagefind
SHARD_EVERY = 500            # pages: a path cuts a large site's shards about this often (see _cut_before)
SHARD_MIN = 150              # pages a shard has before a path may cut it
PARALLEL = 2                 # Pagefind processes at once (each uses about one core): about 1 GB in all


def _key_base() -> bytes:
    """What a shard's bundle depends on besides its pages: Gongkai's code (what it gives Pagefind of a
    page, how it finishes a bundle: code_version hashes them), Pagefind and how it is run."""
    try:
        pagefind = metadata.version("pagefind-bin-extended")
    except metadata.PackageNotFoundError:
        pagefind = "?"
    return f"{code_version()}\0{pagefind}\0{os.environ.get('PAGEFIND_BINARY_PATH', '')}\0{LANGUAGE}\0".encode()


def _cut_before(rel: str) -> bool:
    """A shard may end before this page: decided by its path alone, so that an edited page never
    moves a cut (and an added or removed one moves only the cut next to it)."""
    return int(hashlib.sha256(rel.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16) % SHARD_EVERY == 0


def html_pages(folder: Path) -> list[tuple[str, Path]]:
    """The pages of a folder: (path inside it, file), in page_order."""
    return page_order((page.relative_to(folder).as_posix(), page) for page in folder.rglob("*.html") if page.is_file())


def page_order(pages) -> list[tuple[str, Path]]:
    """(path, file) pairs in the order of their paths' parts (a/b before a-c), as Path sorts."""
    return sorted(pages, key=lambda item: item[0].split("/"))


def stage(folder: Path, pages: list[tuple[str, Path]] | None = None, digests: PageDigests | None = None):
    """The document pages in shards, in the order of their paths, each shard a folder inside the
    new output (removed once the index is written) that write_shard fills with the pages' copies
    as Pagefind should index them (see searchtext). A site of at most SHARD_PAGES document pages
    has one shard (its pagefind/ is the whole index, as Pagefind alone would make it); a larger
    one is cut where a page's path says so (_cut_before) and wherever a shard would pass
    SHARD_PAGES pages or SHARD_BYTES bytes of pages. Yields each shard's folder, the key of its
    pages (their paths and bytes) and the pages, a shard as soon as it is complete. pages: the site's
    pages by path where they are not all in folder (an update in place), default html_pages(folder).
    digests: the pages' hashes an earlier build remembered (gongkai.searchpages; None: every page read)."""
    staging, base = folder / STAGING, _key_base()
    listed = html_pages(folder) if pages is None else page_order(pages)
    pages = (digests or PageDigests(None)).indexed(listed)
    large = len(pages) > SHARD_PAGES
    budget = SHARD_BYTES if large else float("inf")
    shard, number, count, size, key, members = None, 0, 0, 0, None, []
    for rel, page, length, digest in pages:
        if (shard is None or count >= SHARD_PAGES or (count and size + length > budget)
                or (large and count >= SHARD_MIN and _cut_before(rel))):
            if shard is not None:
                yield shard, key.hexdigest(), members
                number += 1
            shard, count, size, key, members = staging / str(number), 0, 0, hashlib.sha256(base), []
        count, size = count + 1, size + length
        key.update(rel.encode("utf-8", "surrogatepass") + b"\0" + digest)
        members.append((rel, page))
    if shard is None:           # a site without documents still gets an (empty) index
        shard, key, members = staging / "0", hashlib.sha256(base), []
    yield shard, key.hexdigest(), members


def write_shard(shard: Path, members: list[tuple[str, Path]]) -> None:
    """The copies Pagefind indexes of a shard's pages."""
    shard.mkdir(parents=True, exist_ok=True)
    for rel, page in members:
        copy = for_index(page.read_bytes())
        if copy is not None:
            target = shard / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(copy)


def build_index(folder: Path, cancel=None, cache=None, pages=None, beside: Path | None = None) -> Bundles:
    """The search index of the pages in folder: one Pagefind bundle a shard, so that no Pagefind
    process holds more than a shard (its memory grows faster than the pages); the search
    page merges them (pagefind/shards.json lists the others for search.js's mergeIndex).
    cache (a BuildCache): a shard whose content is the same as a bundle's of the last output is
    that bundle, linked from there, not indexed again.
    pages and beside (an update in place): the site's pages by path (see stage); a bundle of the
    output `beside` that is reused under its own name stays there, and what is made in folder
    replaces the bundles of the same names there (see Bundles)."""
    exe = pagefind_executable()
    stop = threading.Event()             # one shard failed or the build was interrupted: end the others
    either = Either(stop, cancel)
    reused: set[int] = set()
    kept: set[int] = set()               # reused in place: nothing to do
    workers = min(PARALLEL, os.cpu_count() or 1)
    pagefinds = threading.Semaphore(workers)

    def index(n: int, shard: Path, key: str, members: list) -> None:
        old = cache.bundle(key, bundle_name(n)) if cache is not None else None
        if old is not None:
            if beside is not None and old == beside / bundle_name(n):
                kept.add(n)
            else:
                link_tree(old, folder / bundle_name(n))
                if n > 0:            # the last primary bundle, now a shard: its list of the others goes
                    (folder / bundle_name(n) / SHARDS).unlink(missing_ok=True)
            reused.add(n)
            return
        if either.is_set():
            raise SearchError("搜索索引未完成: 已取消")
        write_shard(shard, members)           # (while the others' Pagefind runs)
        with pagefinds:
            code, output = run_pagefind([str(exe), "--site", str(shard), "--output-path", str(folder / bundle_name(n)),
                                         "--force-language", LANGUAGE, "--silent"], either)
        if code == -signal.SIGINT:
            raise KeyboardInterrupt     # Ctrl-C reached Pagefind first
        if code != 0:
            raise SearchError(f"Pagefind 建立搜索索引失败 (退出码 {code}): {output.strip()[:2000]}")
        shutil.rmtree(shard, ignore_errors=True)
    running: list = []
    interrupted = False
    # A Ctrl-C or SIGTERM is looked for between waits and raised as this block ends, once the shards in
    # hand have stopped and the staging is gone: raised inside wait(), it once left a lock of
    # concurrent.futures released twice (RuntimeError, a traceback) and a shard written on into a
    # folder already removed.
    with signals_deferred():
        try:
            with ThreadPoolExecutor(max_workers=workers + 1) as pool:
                try:
                    digests = cache.page_digests if cache is not None else None
                    _schedule(pool, index, stage(folder, pages, digests), running, workers)
                    interrupted = pending()
                    if interrupted:
                        stop.set()
                    else:
                        done, _ = wait(running, return_when=FIRST_EXCEPTION)
                        for job in sorted(done, key=running.index):       # the first failure, in shard order
                            job.result()
                except BaseException:
                    stop.set()
                    raise
        finally:
            shutil.rmtree(folder / STAGING, ignore_errors=True)
    if interrupted:              # (the signal is raised as the block ends: unless a handler ignores it)
        raise SearchError("搜索索引未完成: 已中断")
    for n in range(len(running)):
        if n not in reused:           # (a reused bundle was finished when it was made)
            finish_bundle(folder / bundle_name(n))
    others = [f"../{bundle_name(n)}/" for n in range(1, len(running))]
    listing = (folder if 0 in kept else folder / "pagefind") / (SHARDS + ".new")
    listing.write_text(json.dumps(others) + "\n", encoding="utf-8")
    if 0 not in kept:
        os.replace(listing, folder / "pagefind" / SHARDS)      # never into a file linked from the last output
    return Bundles([bundle_name(n) for n in range(len(running)) if n not in kept], len(running),
                   listing if 0 in kept else None)


def _schedule(pool, index, shards, running: list, workers: int) -> None:
    """Submit index(n, …) for each staged shard, one staged while `workers` others are indexed, until
    all are submitted and done, one has failed, or a signal is pending (interrupts.pending)."""
    for n, (shard, key, members) in enumerate(shards):
        busy = [job for job in running if not job.done()]
        while len(busy) > workers and not pending():             # one shard staged while the others are indexed
            wait(busy, timeout=0.2, return_when=FIRST_COMPLETED)
            busy = [job for job in busy if not job.done()]
        if pending() or any(job.done() and job.exception() for job in running):
            return
        running.append(pool.submit(index, n, shard, key, members))
    while running and not pending():
        done, left = wait(running, timeout=0.2, return_when=FIRST_EXCEPTION)
        if not left or any(job.exception() for job in done):
            return


class Index:
    """write_site's finish step: the search index of the new folder (build_index), or, when the pages
    are updated in the output where it stands, of the site as it will be (in_place)."""

    kept = staticmethod(in_bundle)       # what of the output an update in place leaves to in_place

    def __init__(self, cache=None, timings=None):
        self.cache, self.timings = cache, timings

    def _timed(self):
        return self.timings.stage("index") if self.timings is not None else contextlib.nullcontext()

    def __call__(self, fresh: Path) -> None:
        with self._timed():
            build_index(fresh, cache=self.cache)

    def in_place(self, out: Path, fresh: Path, pages: list[tuple[str, Path]]) -> Bundles:
        with self._timed():
            return build_index(fresh, cache=self.cache, pages=pages, beside=out)


