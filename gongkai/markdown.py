"""Markdown bodies → HTML, on worker processes for a large site, each body within its limits
(size, nesting, time); the raw HTML in it scanned (rawhtml). sanitize.BodyRenderer then makes the
HTML safe and resolves and rewrites every link; render_bodies takes a body from the cache while
every link in it leads where it led.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from functools import partial
from multiprocessing import forkserver

import markdown
from markdown.extensions.toc import slugify_unicode

from .documents import Document
from .fastmarkdown import LeanTocExtension, install as install_fast_inline
from .parallel import fork_safe, forked
from .workers import gather
from .interrupts import children_ignore_interrupts, unblock_termination
from .limits import MAX_HTML_DEPTH, TooSlow, body_limit, time_budget
from .plainmd import plain_html
from .rawhtml import Findings, scan
from .sanitize import BodyRenderer, plain_cleaned
from .site import Site

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "attr_list", "toc", "footnotes"]
EXTENSION_CONFIGS = {"toc": {"slugify": slugify_unicode, "permalink": False}}

PARALLEL_FROM = 400      # documents; below this a worker pool costs more than it saves
_worker_md = None


def new_markdown(fast: bool = True) -> markdown.Markdown:
    """The site's Markdown; fast: with the stages that skip needless work (same output, see fastmarkdown)."""
    if not fast:
        return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    extensions = [LeanTocExtension(**EXTENSION_CONFIGS["toc"]) if e == "toc" else e for e in EXTENSIONS]
    md = markdown.Markdown(extensions=extensions, output_format="html")
    install_fast_inline(md)
    return md


# past the time budget: depends on how busy the machine was, so never remembered (the others are
# a function of the text alone)
CHUNK = 100              # bodies a worker converts at a time
TOO_SLOW = "结构过于复杂, 生成页面的时间过长"
Converted = "tuple[str, Findings] | Cleaned"   # Markdown's HTML and what the raw-HTML scan found in it (a plain body: sanitized)
# or, for a body past the limits, why (Chinese): it is not rendered


def _init_worker(in_pool: bool = False):
    global _worker_md
    if in_pool:      # a Ctrl-C reaches the whole process group: the main process alone handles it
        signal.signal(signal.SIGINT, signal.SIG_IGN)     # (already so when started by convert_all)
        unblock_termination()
    _worker_md = new_markdown()


def _convert(body: str) -> Converted | str:
    reason = body_limit(body)
    if reason:
        return reason
    too_deep = f"HTML 标签嵌套超过 {MAX_HTML_DEPTH} 层 (或有大量未闭合的标签)"
    plain = plain_html(body)
    if plain is not None:            # (its HTML holds no raw HTML, no link, nothing nested: nothing to find)
        return plain_cleaned(plain) or (plain, Findings())
    _worker_md.reset()
    try:
        with time_budget():      # (the scan of the body too: every step that reads it is in the budget)
            if body.count("<") > MAX_HTML_DEPTH and scan(body).too_deep:
                return too_deep          # before Markdown, which is slow on thousands of open tags
            html = _worker_md.convert(body)
            found = scan(html)
    except RecursionError:
        return "嵌套太深, 超出了生成器的处理能力"
    except TooSlow:
        return TOO_SLOW
    return too_deep if found.too_deep else (html, found)


def _convert_chunks(chunks: list[list[str]]):
    """In a worker: each chunk's bodies converted, a chunk at a time."""
    for chunk in chunks:
        yield [_convert(b) for b in chunk]


def _fork_server():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])     # not the default __main__: build.py is no module to run twice
    return context


def prepare(count: int) -> None:
    """Start the fork server of convert_all now, when `count` documents will need it and its workers
    cannot be forked from the build: it starts Python and imports the generator while the site is
    read, not after (about 0.4 s of a build). Started as the workers are (ignoring Ctrl-C, see
    children_ignore_interrupts)."""
    if count < PARALLEL_FROM or min(os.cpu_count() or 1, 8) < 2 or fork_safe():
        return
    _fork_server()
    with children_ignore_interrupts():
        forkserver.ensure_running()


def convert_all(bodies: list[str]):
    """Markdown → HTML for every body, in order, each as soon as it is made (a generator: close it);
    on every core for a large site (pure function of the text), while the caller uses the first.
    Worker i converts the chunks i, i + n, … (gongkai.workers)."""
    cores = min(os.cpu_count() or 1, 8)
    if len(bodies) < PARALLEL_FROM or cores < 2:
        _init_worker()
        yield from (_convert(b) for b in bodies)
        return
    chunks = [bodies[i:i + CHUNK] for i in range(0, len(bodies), CHUNK)]
    shares, init = [chunks[i::cores] for i in range(cores)], partial(_init_worker, True)
    # forked from the build, the workers read the bodies where they are (the fork server's had them
    # pickled, 36 MB each before the first could start); serve's threads forbid a fork
    made = (forked(_convert_chunks, shares, len(chunks), init=init) if fork_safe()
            else gather(_fork_server(), init, _convert_chunks, shares, len(chunks)))
    with contextlib.closing(made):
        for converted in made:
            yield from converted


def render_bodies(site: Site, cache=None) -> None:
    """Every document's body to sanitized HTML. A body an earlier build rendered for this document
    comes from the cache while every link in it leads where it led; the others are converted."""
    renderer = BodyRenderer(site)
    bodies = cache.bodies if cache else None
    recall = bodies is not None and not bodies.none_stored()      # (a first build's: each hashed as it is kept)
    pending: list[tuple[Document, dict]] = []
    for doc in (d for d in site.documents if d.type):
        stored = bodies.body(doc) if recall else {}
        if isinstance(stored, str):               # past the limits, as before
            renderer.render(doc, stored)
        elif not (recall and renderer.reuse(doc, stored.get(_link_key(doc)), bodies.html_of)):
            pending.append((doc, stored))
    with contextlib.closing(convert_all([doc.fm.body for doc, _ in pending])) as made:
        for (doc, stored), converted in zip(pending, made):     # each sanitized while the next are converted
            renderer.render(doc, converted)
            doc.fingerprint()          # (final now: hashed here, while the workers convert, not by the checks)
            if bodies and converted != TOO_SLOW:
                key = _link_key(doc)
                others = {k: v for k, v in stored.items() if k != key}
                bodies.keep(doc, converted if isinstance(converted, str) else {**others, key: renderer.record(doc)})
    if bodies:
        bodies.save()


def _link_key(doc: Document) -> str:
    return f"{doc.path}\0{doc.url}\0{doc.fm.body_line}"
