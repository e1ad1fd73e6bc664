"""Work on every core for a large site: document pages, and each item of a list in order
(each_in_order: front matters to parse, the rules about one document, copied shares).

The pages of 20,000 documents are most of a build's rendering. Worker processes forked from the
build share the loaded site and the Renderer (copy on write), each renders every n-th document and
sends back the bytes, the search filter counts and the cache's page keys; meanwhile the main
process renders the lists, the home and the open data, then merges the workers' pages and renders
the pages that read them (the search page, the sitemap). Forking
is used only from the main thread of a process that runs no other thread (`build`, not `serve`,
whose watcher and server threads a fork would leave behind); otherwise the work is done here.
The processes are gongkai.workers': a worker killed from outside ends the build at once.
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import threading
from functools import partial

from .interrupts import children_ignore_interrupts, unblock_termination
from .workers import WAIT, die_with_parent, gather, widen

PARALLEL_FROM = 2000        # documents; below this a fork costs more than it saves
CHUNK = 500                 # items a worker of each_in_order makes at a time


def _init_worker() -> None:
    """A worker leaves Ctrl-C to the build, and ends quietly on SIGTERM (the build's own SIGTERM
    handler, inherited by the fork, would raise in it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    unblock_termination()


def _run_part(work, n: int, index: int):
    yield work(index, n)


def usable(count: int) -> bool:
    """Forking pays for `count` documents (at least PARALLEL_FROM) and is safe here."""
    return count >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and fork_safe()


def fork_safe() -> bool:
    """This process may fork: it runs no other thread (serve's watcher and server would be left
    behind in the child), and the system forks."""
    return (threading.active_count() == 1 and threading.current_thread() is threading.main_thread()
            and "fork" in multiprocessing.get_all_start_methods())


class Early:
    """func(*args) started now on a forked process (the second core), its value read when result() is
    called: for work the build needs later that reads only the file system (the output's walk, which
    with the directory caches gone takes seconds of waiting on the disk). Where forking is not safe
    (fork_safe), or the process fails, func runs at result() instead. The value is pickled back."""

    def __init__(self, func, *args):
        self.func, self.args = func, args
        self._proc = self._reader = None
        self._pid = os.getpid()           # (only this process may wait for the fork, or end it)
        if not ((os.cpu_count() or 1) > 1 and fork_safe()):
            return
        context = multiprocessing.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        widen(writer)
        proc = context.Process(target=_early, args=(reader, writer, func, args), daemon=True)
        try:
            with children_ignore_interrupts():
                proc.start()
        except OSError:
            reader.close()
        else:
            self._proc, self._reader = proc, reader
        finally:
            writer.close()

    def result(self):
        if self._pid != os.getpid():       # asked in a fork of the build: the value is made here
            return self.func(*self.args)
        if self._proc is not None:
            try:
                while not self._reader.poll(WAIT):      # (Ctrl-C is seen between waits)
                    if not self._proc.is_alive() and not self._reader.poll(0):
                        break
                else:
                    kind, value = self._reader.recv()
                    if kind == "ok":
                        return value
            except (EOFError, OSError, pickle.UnpicklingError, ValueError):
                pass
            finally:
                self.close()
        return self.func(*self.args)

    def close(self) -> None:
        """End the process (its value unread) and reap it."""
        if self._proc is not None and self._pid == os.getpid():
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join()
            self._reader.close()
            self._proc = None


def _early(reader, writer, func, args) -> None:
    """In Early's process: func's value sent back; on any failure nothing (the build runs func itself).
    The reading end, inherited by the fork, is closed first: once the build is gone (even killed),
    nobody reads, and the send fails instead of waiting for ever."""
    reader.close()
    die_with_parent()
    _init_worker()
    try:
        writer.send(("ok", func(*args)))
    except BaseException:
        pass
    finally:
        writer.close()


def map_parts(work, meanwhile=None) -> list:
    """work(i, n) for i < n on n forked workers (what the caller set up before is theirs to read, copy
    on write: nothing is pickled on the way there); the results in order of i (gongkai.workers: a
    worker killed from outside is WorkerLost, never a wait for ever). meanwhile(), when given, runs
    here while the workers work. Call only when usable()."""
    n = _workers()
    with contextlib.closing(forked(partial(_run_part, work, n), list(range(n)), n, meanwhile)) as results:
        return list(results)


def _workers() -> int:
    return min(os.cpu_count() or 1, 8)


def forked(work, shares: list, total: int, started=None, init=_init_worker):
    """gongkai.workers.gather on forked workers, the inherited heap frozen meanwhile: it is left out
    of the workers' garbage collections (and so not copied)."""
    gc.freeze()
    try:
        with contextlib.closing(gather(multiprocessing.get_context("fork"), init, work, shares, total,
                                       started=started)) as results:
            yield from results
    finally:
        gc.unfreeze()


def each_in_order(func, items: list, meanwhile=None):
    """func(item) for each item, in order, as a generator (close it): on forked workers when the
    items are many and forking is safe (usable), each chunk's results given as soon as they are
    made, so that the caller works on the first while the workers make the next. meanwhile(), when
    given, runs here before the first result, while the workers work."""
    if not usable(len(items)):
        if meanwhile is not None:
            meanwhile()
        yield from (func(item) for item in items)
        return
    n = _workers()
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    with contextlib.closing(forked(partial(_run_chunks, func), [chunks[i::n] for i in range(n)], len(chunks),
                                   started=meanwhile)) as made:
        for results in made:
            yield from results


def _run_chunks(func, chunks: list):
    for chunk in chunks:
        yield [func(item) for item in chunk]


def render_parts(r, pages, count: int, then=()) -> None:
    """Emit the pages of `pages(r, part=(i, n))` for i < n into r, on n processes when worth it,
    and then the pages of `then` (which must not read the first ones), made by this process while
    the workers make theirs. When the last build left known keys (an incremental build), the
    pages known to be its own are settled here first, and only the others are made, on n processes
    if they are many: forking to find 20,000 pages unchanged cost more than finding them."""
    if r.cache is not None and (r.into is None or r.cache.old_known or r.cache.old_pages):
        r.cache.found()          # (the output's walk, read here: a worker that compares a page asks for it)
    if r.cache is not None and r.cache.old_known:
        todo = [page for page in pages(r) if not r.settled(page)]
        if usable(len(todo)):
            _with_then(r, lambda index, n: _made(r, todo[index::n]), then)
            return
        for page in todo:
            r.make(page)
    elif usable(count):
        _with_then(r, lambda index, n: _made(r, pages(r, part=(index, n)), settle=True), then)
        return
    else:
        for page in pages(r):
            r.emit(page)
    for page in then:
        r.emit(page)


def _with_then(r, work, then) -> None:
    """work(i, n) on the workers (map_parts); meanwhile the pages of `then` are emitted apart, and put
    after the workers' as if emitted after them: one at a path a worker's page holds is a collision."""
    apart: dict = {}

    def meanwhile():
        files, collisions = r.files, r.collisions
        r.files, r.collisions, made = {}, [], []
        try:
            for page in then:
                before = len(r.collisions)
                r.emit(page)
                made.append((page.out, page.url, len(r.collisions) > before))
            apart["files"], apart["made"] = r.files, made
        finally:
            r.files, r.collisions = files, collisions

    _merge(r, map_parts(work, meanwhile))
    for out, url, collided in apart["made"]:
        if collided or out in r.files:
            r.collisions.append(url)
    for out, body in apart["files"].items():
        r.files.setdefault(out, body)


def _made(r, pages, settle: bool = False):
    """In a worker: the pages made (settled first: settle), as what the main process merges."""
    r.files, r.collisions = {}, []
    for name in r.filter_counts:
        r.filter_counts[name] = {}
    r.counted = set()
    if r.cache is not None:
        r.cache.pages, r.cache.known, r.cache.reused = {}, {}, 0
    for page in pages:
        if not (settle and r.settled(page)):
            r.make(page)
    cache = (r.cache.pages, r.cache.known, r.cache.reused) if r.cache is not None else ({}, {}, 0)
    return r.files, r.collisions, (r.filter_counts, r.counted), cache


def _merge(r, parts) -> None:
    for files, collisions, (counts, counted), (keys, known, reused) in parts:
        r.files.update(files)
        r.collisions += collisions
        r.counted |= counted
        for name, values in counts.items():
            for value, k in values.items():
                r.filter_counts[name][value] = r.filter_counts[name].get(value, 0) + k
        if r.cache is not None:
            r.cache.pages.update(keys)
            r.cache.known.update(known)
            r.cache.reused += reused
