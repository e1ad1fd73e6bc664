"""A document's HTML made safe to publish (nh3) and its links made the site's: every href and src
resolved against the document's file and written relative (or refused), a table's alignment kept as
the theme's class, ids the theme uses dropped, tables wrapped in a region that scrolls."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

from .activefiles import loads_elsewhere
from .documents import Document
from .interrupts import signals_deferred
from .site import Site, Target, relative_url

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
# what the sanitizer lets the link filter see: a path on the editor's computer (C:\…, file:) and a
# picture pasted into the text (data:, blob:) are seen and reported (checks.links), never published
SEEN_SCHEMES = (PUBLISHED_SCHEMES - {""}) | {"file", "data", "blob"} | set("abcdefghijklmnopqrstuvwxyz")
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


# Markdown's HTML of a plain body (gongkai.plainmd): headings with their ids, paragraphs, lists,
# tables (a column's alignment as the tables extension writes it), and text with nothing the
# sanitizer changes but the no-break space it spells &nbsp;
_TEXT = r"[^<>&\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]*"
_ALIGN = r'(?: style="text-align: (?:left|center|right);")?'
_TABLE = (rf"<table>\n<thead>\n<tr>\n(?:<th{_ALIGN}>{_TEXT}</th>\n)+</tr>\n</thead>\n"
          rf"<tbody>\n(?:<tr>\n(?:<td{_ALIGN}>{_TEXT}</td>\n)+</tr>\n)+</tbody>\n</table>")
_PLAIN_BLOCK = (rf'(?:<h([1-6]) id="[\w-]*">{_TEXT}</h\1>|<p>{_TEXT}</p>'
                rf"|<(ol|ul)>\n(?:<li>{_TEXT}</li>\n)+</\2>|{_TABLE})")
PLAIN_HTML = re.compile(rf"(?:{_PLAIN_BLOCK}(?:\n(?!\Z)|\Z))+")        # (one group per kind: \1, \2)
PLAIN_ATTRIBUTE = re.compile(r'<(h[1-6]) id="([\w-]*)">|<(th|td) style="text-align: (left|center|right);">')


def clean(raw_html: str, rewrite) -> str:
    """nh3's sanitized HTML, each attribute passed through rewrite(tag, attribute, value) (None: dropped).
    HTML of plain prose (PLAIN_HTML) is made here the way nh3 would write it, in a tenth of its time:
    its headings' ids filtered in document order, its cells' alignment the theme's class
    (tests/test_plainmd.py holds it to nh3's output)."""
    if PLAIN_HTML.fullmatch(raw_html):
        return _plain(raw_html, rewrite)
    return by_nh3(raw_html, rewrite)


def _plain(raw_html: str, rewrite) -> str:
    def attribute(m: re.Match) -> str:       # (called in document order, as nh3 calls it)
        if m.group(1):
            tag, name, value = m.group(1), "id", m.group(2)
        else:
            tag, name, value = m.group(3), "class", f"gk-align-{m.group(4)}"
        kept = rewrite(tag, name, value)
        return f'<{tag} {name}="{_attribute(kept)}">' if kept is not None else f"<{tag}>"
    return PLAIN_ATTRIBUTE.sub(attribute, raw_html).replace("\xa0", "&nbsp;")


def own_attribute(attr: str, value: str, ids: set[str]) -> str | None:
    """A class or an id, whatever the document: the alignment classes only; an id the theme does not
    use, once a page (ids: the body's so far)."""
    if attr == "class":
        return value if value in ALIGNED else None
    if reserved_id(value) or value in ids:
        return None
    ids.add(value)
    return value


class Cleaned:
    """A plain body's HTML sanitized where Markdown converted it (plain_cleaned): no link, image or raw
    HTML in it, nothing for BodyRenderer.render to resolve or find; sent back by a worker as it is."""
    __slots__ = ("html",)

    def __init__(self, html: str):
        self.html = html

    def __reduce__(self):
        return Cleaned, (self.html,)

    def __eq__(self, other) -> bool:
        return isinstance(other, Cleaned) and other.html == self.html

    def __repr__(self) -> str:
        return f"Cleaned({self.html!r})"

    __hash__ = None


def plain_cleaned(raw_html: str) -> Cleaned | None:
    """What BodyRenderer.render makes of Markdown's HTML of a plain body (PLAIN_HTML), without the
    document (it reads none of it): on the worker that converted it, not in the build's main process."""
    if not PLAIN_HTML.fullmatch(raw_html):
        return None
    ids: set[str] = set()
    html = _plain(raw_html, lambda tag, attr, value: own_attribute(attr, value, ids))
    return Cleaned(wrap_tables(html) if "<table" in html else html)


def _attribute(value: str) -> str:
    """An attribute's value as nh3 writes it (the filter's ids never need it: they are the heading's own)."""
    for char, reference in (("&", "&amp;"), ('"', "&quot;"), ("\xa0", "&nbsp;"), ("<", "&lt;"), (">", "&gt;")):
        value = value.replace(char, reference)
    return value


def by_nh3(raw_html: str, rewrite) -> str:
    """nh3's sanitized HTML (see clean)."""
    with signals_deferred():     # a Ctrl-C inside the filter would be swallowed: it comes after
        aligned = ALIGN_RE.sub(r'<\1 class="gk-align-\2">', raw_html)
        return nh3.clean(aligned, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=rewrite,
                         url_schemes=SEEN_SCHEMES, link_rel=None, strip_comments=True)


class BodyRenderer:
    """Sanitizes a document's Markdown output, resolving and rewriting every link on the way."""

    def __init__(self, site: Site):
        self.site = site

    def render(self, doc: Document, converted) -> None:
        """converted: Markdown's HTML and the raw-HTML scan's findings, a plain body's Cleaned HTML, or
        why the body was not rendered."""
        doc.unsafe, doc.external, doc.too_complex, doc.more = [], [], None, {}
        if isinstance(converted, Cleaned):         # (what the rest of this makes of it, made already)
            doc.html, doc.links, doc.images = converted.html, [], []
            doc.more = {"html-unsafe": 0, "external-resource": 0}
            return
        if isinstance(converted, str):
            doc.too_complex = converted
            doc.html, doc.links, doc.images = "", [], []
            return
        raw_html, found = converted
        kept: list[tuple[str, str]] = []
        doc.unsafe = list(zip([label for label, _ in found.unsafe],
                              doc.body_lines([needle for _, needle in found.unsafe], fold_case=True))) if found.unsafe else []
        links: list[tuple[str, object]] = []
        originals: dict[str, str] = {}
        caught: list[BaseException] = []
        ids: set[str] = set()

        def rewrite(tag: str, attr: str, value: str):
            # nh3 prints and swallows whatever a filter raises: keep it, to raise after
            if attr in ("class", "id"):     # one element per id on the page: the theme's own and the body's first
                return own_attribute(attr, value, ids)
            try:
                new = self._rewrite(doc, tag, attr, value, links, originals)
                if tag != "a" and (tag, attr) in URL_ATTRS and loads_elsewhere(value):
                    kept.append((tag, value.strip()))      # what the scan of the raw HTML may have missed
                return new
            except BaseException as e:
                caught.append(e)
                return None

        doc.html = clean(raw_html, rewrite)
        if caught:
            raise caught[0]
        if "<table" in doc.html:
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
        """What render() made of a document, as JSON, for BodyCache: its HTML by its hash (kept apart)."""
        return {"html": doc.html_digest(), "unsafe": doc.unsafe, "external": doc.external, "more": doc.more,
                "images": doc.images,
                "links": [[raw, line, t.kind, t.path, t.url, t.suffix] for raw, line, t in doc.links]}

    def reuse(self, doc: Document, stored, html_of) -> bool:
        """Set what render() would, from a record of an earlier build, if every link in it still
        resolves to the same target (False: render again). html_of(sha): the HTML kept by that hash
        (UTF-8, None when it is not)."""
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
        kept = html_of(html) if isinstance(html, str) else None
        if kept is None:
            return False
        resolved = []
        for raw, line, target in links:
            now = target if target.kind == "invalid" and not target.path else self.site.resolve_from(doc, raw)
            if (now.kind, now.path, now.url, now.suffix) != (target.kind, target.path, target.url, target.suffix):
                return False
            resolved.append((raw, line, now))
        doc.kept_html(kept, html)
        doc.links, doc.images, doc.unsafe, doc.external, doc.more = resolved, images, unsafe, external, more
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
