"""Markdown bodies → sanitized HTML, with every link and image resolved and rewritten.

Python-Markdown turns the body into HTML; nh3 (ammonia) sanitizes it, and its
attribute filter sees every href and src, whether it came from Markdown syntax or from
raw HTML, so one place resolves links relative to the source file and rewrites them to
relative URLs of the output. What was found is kept on the document for the checks.
"""
from __future__ import annotations

import multiprocessing
import os
import re

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

from .documents import Document
from .site import Site, relative_url

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
    "th": {"scope", "colspan", "rowspan", "headers"},
    "td": {"colspan", "rowspan", "headers"},
    "ol": {"start", "type"},
    "abbr": {"title"},
    "time": {"datetime"},
    "sup": {"id"},
    "iframe": {"src", "title", "width", "height"},
    "li": {"id"},
}
URL_ATTRS = {("a", "href"), ("img", "src"), ("video", "src"), ("video", "poster"),
             ("audio", "src"), ("source", "src"), ("track", "src"), ("iframe", "src")}
# Raw HTML the contract calls unsafe (html-unsafe): found in Markdown's output, before sanitizing,
# where code blocks are already escaped and only real tags remain.
UNSAFE = (
    ("script", re.compile(r"(<script)\b", re.I), "<script> 脚本"),
    ("handler", re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.I), "事件处理属性"),
    ("javascript", re.compile(r"<[a-z][^>]*=\s*[\"']?\s*((?:javascript|vbscript):)", re.I), "javascript: 链接"),
    ("iframe", re.compile(r"(<iframe)\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I), "嵌入外部网站的 iframe"),
)
IMG_RE = re.compile(r"<img\b[^>]*>")
ALT_RE = re.compile(r'\balt="([^"]*)"')
SRC_RE = re.compile(r'\bsrc="([^"]*)"')


PARALLEL_FROM = 400      # documents; below this a worker pool costs more than it saves
_worker_md = None


def new_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


def _init_worker():
    global _worker_md
    _worker_md = new_markdown()


def _convert(body: str) -> str:
    _worker_md.reset()
    return _worker_md.convert(body)


def convert_all(bodies: list[str]) -> list[str]:
    """Markdown → HTML for every body, in order; on every core for a large site (pure function of the text)."""
    cores = min(os.cpu_count() or 1, 8)
    if len(bodies) < PARALLEL_FROM or cores < 2:
        _init_worker()
        return [_convert(b) for b in bodies]
    with multiprocessing.get_context("forkserver").Pool(cores, initializer=_init_worker) as pool:
        return pool.map(_convert, bodies, chunksize=100)


class BodyRenderer:
    """Sanitizes a document's Markdown output, resolving and rewriting every link on the way."""

    def __init__(self, site: Site):
        self.site = site

    def render(self, doc: Document, raw_html: str) -> None:
        doc.unsafe = []
        for what, pattern, label in UNSAFE:
            for m in pattern.finditer(raw_html):
                doc.unsafe.append((label, doc.body_line(m.group(1), fold_case=True)))
        found: list[tuple[str, object]] = []
        originals: dict[str, str] = {}

        def rewrite(tag: str, attr: str, value: str):
            if (tag, attr) not in URL_ATTRS:
                return value
            target = self.site.resolve_from(doc, value)
            found.append((value, target))
            new = value
            if target.kind in ("document", "file"):
                new = relative_url(doc.url, target.url) + target.suffix
            elif target.kind == "external" and (tag == "iframe" or value.lower().startswith(
                    ("javascript:", "vbscript:", "data:"))):
                new = None
            if tag == "img" and new:
                originals[new] = value
            return new

        doc.html = nh3.clean(raw_html, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=rewrite,
                             url_schemes={"http", "https", "mailto", "tel"}, link_rel=None,
                             strip_comments=True)
        doc.links = [(raw, doc.body_line(raw), target) for raw, target in found]
        doc.images = []
        for tag in IMG_RE.findall(doc.html):
            alt = ALT_RE.search(tag)
            src = SRC_RE.search(tag)
            raw_src = originals.get(src.group(1), src.group(1)) if src else ""
            doc.images.append((raw_src, alt.group(1) if alt else None, doc.body_line(raw_src or "<img")))


def render_bodies(site: Site) -> None:
    renderer = BodyRenderer(site)
    docs = [d for d in site.documents if d.type]
    for doc, raw_html in zip(docs, convert_all([d.fm.body for d in docs])):
        renderer.render(doc, raw_html)
