"""Markdown bodies → sanitized HTML, with every link and image resolved and rewritten.

Python-Markdown turns the body into HTML; nh3 (ammonia) sanitizes it, and its
attribute filter sees every href and src, whether it came from Markdown syntax or from
raw HTML, so one place resolves links relative to the source file and rewrites them to
relative URLs of the output. What was found is kept on the document for the checks.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import signal
from functools import partial
from multiprocessing import forkserver
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

from .documents import Document
from .fastmarkdown import LeanTocExtension, install as install_fast_inline
from .workers import gather
from .interrupts import children_ignore_interrupts, signals_deferred, unblock_termination
from .activefiles import loads_elsewhere
from .limits import MAX_HTML_DEPTH, TooSlow, body_limit, time_budget
from .rawhtml import Findings, scan
from .site import Site, Target, relative_url

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "attr_list", "toc", "footnotes"]
EXTENSION_CONFIGS = {"toc": {"slugify": slugify_unicode, "permalink": False}}

TAGS = set(nh3.ALLOWED_TAGS) | {"video", "audio", "source", "track", "figure", "figcaption", "section", "iframe"}
ATTRIBUTES = {
    "*": {"id", "lang", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "video": {"src", "controls", "poster", "width", "height", "preload"},
    "audio": {"src", "controls", "preload"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "th": {"scope", "colspan", "rowspan", "headers", "class"},
    "td": {"colspan", "rowspan", "headers", "class"},
    "ol": {"start", "type"},
    "abbr": {"title"},
    "time": {"datetime"},
    "sup": {"id"},
    "iframe": {"src", "title", "width", "height"},
    "li": {"id"},
}
PUBLISHED_SCHEMES = {"", "http", "https", "mailto", "tel"}      # ("": a relative link, or //host/…)
# what the sanitizer lets the link filter see: a path on the editor's computer (C:\…, file:) is seen
# and reported (checks.links), never published
SEEN_SCHEMES = (PUBLISHED_SCHEMES - {""}) | {"file"} | set("abcdefghijklmnopqrstuvwxyz")
URL_ATTRS = {("a", "href"), ("img", "src"), ("video", "src"), ("video", "poster"),
             ("audio", "src"), ("source", "src"), ("track", "src"), ("iframe", "src")}
# a Markdown table's column alignment (|---:|), written by its extension as a style, which no page
# may carry (the Content-Security-Policy forbids inline style): the theme's class for it instead
ALIGN_RE = re.compile(r'<(th|td) style="text-align: (left|center|right);">')
ALIGNED = {"gk-align-left", "gk-align-center", "gk-align-right"}
IMG_RE = re.compile(r"<img\b[^>]*>")
ALT_RE = re.compile(r'\balt="([^"]*)"')
SRC_RE = re.compile(r'\bsrc="([^"]*)"')


THEME_IDS = {"main"}          # the theme's ids: these and every gk-… (the skip link's target, region labels)


def reserved_id(value: str) -> bool:
    """An id the page's own parts use, which a document's body may not take."""
    return value in THEME_IDS or value.startswith("gk-")


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
Converted = tuple[str, Findings]   # Markdown's HTML and what the raw-HTML scan found in it
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
    """Start the fork server of convert_all now, when `count` documents will need it: it starts
    Python and imports the generator while the site is read, not after (about 0.4 s of a build).
    Started as the workers are (ignoring Ctrl-C, see children_ignore_interrupts)."""
    if count < PARALLEL_FROM or min(os.cpu_count() or 1, 8) < 2:
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
    context = _fork_server()
    chunks = [bodies[i:i + CHUNK] for i in range(0, len(bodies), CHUNK)]
    with contextlib.closing(gather(context, partial(_init_worker, True), _convert_chunks,
                                   [chunks[i::cores] for i in range(cores)], len(chunks))) as made:
        for converted in made:
            yield from converted


TABLE_RE = re.compile(r"<table>(.*?)</table>", re.S)
CAPTION_RE = re.compile(r"<caption>(.*?)</caption>", re.S)
TAG_RE = re.compile(r"<[^>]+>")


def wrap_tables(html: str) -> str:
    """Every table in a region of its own that scrolls sideways (and takes the keyboard's focus to do
    so), named after its caption: a wide table never makes the whole page scroll on a phone."""
    count = 0

    def wrap(m: re.Match) -> str:
        nonlocal count
        count += 1
        caption = CAPTION_RE.search(m.group(1))
        name = TAG_RE.sub("", caption.group(1)).strip() if caption else ""
        label = (name or f"表格{count}").replace('"', "&quot;")
        return f'<div class="gk-table" role="region" aria-label="{label}" tabindex="0">{m.group(0)}</div>'

    return TABLE_RE.sub(wrap, html)


class BodyRenderer:
    """Sanitizes a document's Markdown output, resolving and rewriting every link on the way."""

    def __init__(self, site: Site):
        self.site = site

    def render(self, doc: Document, converted: Converted | str) -> None:
        doc.unsafe, doc.external, doc.too_complex, doc.more = [], [], None, {}
        if isinstance(converted, str):
            doc.too_complex = converted
            doc.html, doc.links, doc.images = "", [], []
            return
        raw_html, found = converted
        kept: list[tuple[str, str]] = []
        doc.unsafe = list(zip([label for label, _ in found.unsafe],
                              doc.body_lines([needle for _, needle in found.unsafe], fold_case=True)))
        links: list[tuple[str, object]] = []
        originals: dict[str, str] = {}
        caught: list[BaseException] = []
        ids: set[str] = set()

        def rewrite(tag: str, attr: str, value: str):
            # nh3 prints and swallows whatever a filter raises: keep it, to raise after
            if attr == "class":
                return value if value in ALIGNED else None
            if attr == "id":     # one element per id on the page: the theme's own and the body's first
                if reserved_id(value) or value in ids:
                    return None
                ids.add(value)
                return value
            try:
                new = self._rewrite(doc, tag, attr, value, links, originals)
                if tag != "a" and (tag, attr) in URL_ATTRS and loads_elsewhere(value):
                    kept.append((tag, value.strip()))      # what the scan of the raw HTML may have missed
                return new
            except BaseException as e:
                caught.append(e)
                return None

        with signals_deferred():     # a Ctrl-C inside the filter would be swallowed: it comes after
            aligned = ALIGN_RE.sub(r'<\1 class="gk-align-\2">', raw_html)
            doc.html = nh3.clean(aligned, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=rewrite,
                                 url_schemes=SEEN_SCHEMES, link_rel=None,
                                 strip_comments=True)
        if caught:
            raise caught[0]
        doc.html = wrap_tables(doc.html)
        for tag, url in dict.fromkeys(kept):
            found.add_external(tag, url)
        doc.external = found.external            # lines found by the check, for the ones it reports
        doc.more = {"html-unsafe": found.more_unsafe, "external-resource": found.more_external}
        links += [(url, Target("invalid", url=url)) for url in found.malformed]
        doc.links = [(raw, line, target) for (raw, target), line in zip(links, doc.link_lines([raw for raw, _ in links]))]
        doc.images = []
        for tag in IMG_RE.findall(doc.html):
            alt = ALT_RE.search(tag)
            src = SRC_RE.search(tag)
            raw_src = originals.get(src.group(1), src.group(1)) if src else ""
            doc.images.append((raw_src, alt.group(1) if alt else None, doc.body_line(raw_src or "<img")))

    @staticmethod
    def record(doc: Document) -> dict:
        """What render() made of a document, as JSON, for BodyCache."""
        return {"html": doc.html, "unsafe": doc.unsafe, "external": doc.external, "more": doc.more,
                "images": doc.images,
                "links": [[raw, line, t.kind, t.path, t.url, t.suffix] for raw, line, t in doc.links]}

    def reuse(self, doc: Document, stored) -> bool:
        """Set what render() would, from a record of an earlier build, if every link in it still
        resolves to the same target (False: render again)."""
        if not isinstance(stored, dict):
            return False
        try:
            links = [(str(raw), int(line), Target(str(kind), str(path), str(url), str(suffix)))
                     for raw, line, kind, path, url, suffix in stored["links"]]
            html, more = stored["html"], {str(k): int(v) for k, v in stored["more"].items()}
            unsafe = [(str(a), int(b)) for a, b in stored["unsafe"]]
            external = [(str(a), str(b)) for a, b in stored["external"]]
            images = [(str(a), b if b is None else str(b), int(c)) for a, b, c in stored["images"]]
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
            return False
        if not isinstance(html, str):
            return False
        resolved = []
        for raw, line, target in links:
            now = target if target.kind == "invalid" and not target.path else self.site.resolve_from(doc, raw)
            if (now.kind, now.path, now.url, now.suffix) != (target.kind, target.path, target.url, target.suffix):
                return False
            resolved.append((raw, line, now))
        doc.html, doc.links, doc.images, doc.unsafe, doc.external, doc.more = html, resolved, images, unsafe, external, more
        doc.too_complex = None
        return True

    def _rewrite(self, doc: Document, tag: str, attr: str, value: str, links: list, originals: dict):
        """The new value of an attribute: a link resolved against the document's file and made relative."""
        if (tag, attr) not in URL_ATTRS:
            return value
        target = self.site.resolve_from(doc, value)
        links.append((value, target))
        new = value
        if target.kind in ("document", "file", "page"):
            new = relative_url(doc.url, target.url) + target.suffix
        elif target.kind in ("invalid", "local") or (target.kind == "external" and (       # (javascript:, data: …)
                tag == "iframe" or urlsplit(value).scheme.lower() not in PUBLISHED_SCHEMES)):
            new = None
        if tag == "img" and new:
            originals[new] = value
        return new


def render_bodies(site: Site, cache=None) -> None:
    """Every document's body to sanitized HTML. A body an earlier build rendered for this document
    comes from the cache while every link in it leads where it led; the others are converted."""
    renderer = BodyRenderer(site)
    bodies = cache.bodies if cache else None
    pending: list[tuple[Document, dict]] = []
    for doc in (d for d in site.documents if d.type):
        stored = bodies.body(doc.fm.body) if bodies else {}
        if isinstance(stored, str):               # past the limits, as before
            renderer.render(doc, stored)
        elif not renderer.reuse(doc, stored.get(_link_key(doc))):
            pending.append((doc, stored))
    with contextlib.closing(convert_all([doc.fm.body for doc, _ in pending])) as made:
        for (doc, stored), converted in zip(pending, made):     # each sanitized while the next are converted
            renderer.render(doc, converted)
            if bodies and converted != TOO_SLOW:
                key = _link_key(doc)
                others = {k: v for k, v in stored.items() if k != key}
                bodies.keep(doc.fm.body, converted if isinstance(converted, str) else {**others, key: renderer.record(doc)})
    if bodies:
        bodies.save()


def _link_key(doc: Document) -> str:
    return f"{doc.path}\0{doc.url}\0{doc.fm.body_line}"
