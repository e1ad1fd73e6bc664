"""What Pagefind indexes of a document page, in a form that finds any Chinese substring.

Pagefind segments Chinese into words twice, and the two do not agree: the index with jieba at
build time, the query with the browser's ICU segmenter at search time. A query that the two cut
differently finds nothing (暂行规定 → 暂行 + 规定), and a query of two words finds pages holding
them far apart. Chinese readers search for strings, not words, so the index is built as a
substring index instead: the site is indexed as one language that neither side segments
(LANGUAGE), and each page's text is given to Pagefind as a hidden stream of tokens, one per
character position, each the next WINDOW characters of its run. Pagefind matches a query word
as a prefix of indexed words, so any query of up to WINDOW characters finds exactly the pages
that contain it, and every page found contains it. The search page splits longer queries into
windows. The stream exists only in the copy handed to Pagefind: the published page never
carries it. A 发文字号 or 索引号 is also indexed whole (without its brackets), so typing one in
any bracket form finds its document.

Every word Pagefind reads ends with END, a letter no query holds: each token of the stream, and
each word of the page's own text in the copy. Where no word of an index begins a query, Pagefind
takes the longest word that the query begins instead (a stemming aid): with a site's index in
shards, a shard without 一优化 answered with its pages holding the token 一 (the end of a run) or
the word 一 of （一）, and such pages filled the first page of results. With END no word is the
beginning of a query, and a shard without the query answers with nothing."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from . import htmltokens, searchwords

LANGUAGE = "zz"          # an ISO 639-1-shaped code no segmenter or stemmer knows
WINDOW = 6               # the longest query (in characters) the bare index answers alone
END = "\ua500"           # a letter no query holds (Vai ꔀ: no script of China), after every word indexed
# content after this mark is the stream, not the page's text (the search page cuts it off)
MARK = "〓〓〓"
BODY = b"data-pagefind-body"     # the attribute of the element Pagefind indexes: a page without it is not
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# elements inside a line of text: their edges do not end a run (<strong>提交</strong>材料 holds 提交材料)
INLINE = frozenset("a abbr b bdi bdo cite code data del dfn em i ins kbd mark q rp rt ruby s samp small "
                   "span strong sub sup time u var".split())
SKIP = frozenset(("script", "style", "template", "svg", "form", "nav"))
EXACT_META = ("doc_number", "index_number")
IN_FORCE = "现行有效"
OUTDATED_WEIGHT = 0.7     # of two documents that match alike, the one in force ranks first
BLOCK_END = re.compile(rb"</main>", re.I)


RUN = re.compile(r"[^\W_]+")     # \w is str.isalnum() or "_" (sre's SRE_UNI_IS_WORD)


def runs(text: str) -> list[str]:
    """The text's maximal runs of letters and digits (str.isalnum: Chinese characters included),
    lowercased as Pagefind lowercases a query: punctuation, symbols and spaces end a run."""
    return [r.lower() for r in RUN.findall(text)]


def windows(text: str) -> list[str]:
    """One token per character position: the next WINDOW characters of its run."""
    return [run[i:i + WINDOW] for run in runs(text) for i in range(len(run))]


def compact(value: str) -> str:
    """A document number as a query arrives once Pagefind has dropped its punctuation."""
    return "".join(runs(value))


class _Indexed(HTMLParser):
    """The text Pagefind indexes: inside data-pagefind-body, outside data-pagefind-ignore (and the
    elements Pagefind skips itself); the title (data-pagefind-meta="title") apart; and the values
    of the 发文字号 and 索引号 meta."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool, bool]] = []   # (tag, in body, ignored, in title)
        self.title: list[str] = []
        self.text: list[str] = []
        self.exact: list[str] = []
        self.effective = IN_FORCE

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        body, ignored, title = self.stack[-1][1:] if self.stack else (False, False, False)
        meta = a.get("data-pagefind-meta") or ""
        key, _, value = meta.partition(":")
        if key in EXACT_META and value:
            self.exact.append(value)
        elif key == "effective" and value:
            self.effective = value
        body = body or "data-pagefind-body" in a
        ignored = ignored or "data-pagefind-ignore" in a or tag in SKIP
        title = title or meta == "title"
        if body and not ignored and tag not in INLINE:
            self.text.append(" ")
        if tag not in VOID:
            self.stack.append((tag, body, ignored, title))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if self.stack and self.stack[-1][1] and not self.stack[-1][2] and tag not in INLINE:
            self.text.append(" ")

    def handle_data(self, data):
        if self.stack:
            _, body, ignored, title = self.stack[-1]
            if body and not ignored:
                (self.title if title else self.text).append(data)


MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)[^>]*>")


def _read(head: str, body: str) -> _Indexed:
    """The text of head (only its meta) and body, as html.parser reads them."""
    parser = _Indexed()
    fast = [htmltokens.tokens(head), htmltokens.tokens(body)]
    for part, events in zip((head, body), fast):
        if None in fast:
            parser.feed(part)                     # html.parser, for HTML of any other shape
        else:
            htmltokens.replay(parser, events)     # the same events, read faster
        if part is head:
            parser.text, parser.title, parser.stack = [], [], []
    parser.close()
    return parser


def _body_start(page: bytes) -> int:
    """Where the tag carrying data-pagefind-body begins (what comes before is never text), -1 when
    the page has none."""
    at = page.find(BODY)
    return at if at < 0 else page.rfind(b"<", 0, at)


def stream(page: bytes, start: int | None = None) -> str | None:
    """The hidden element to add to a document page's copy for Pagefind, or None when the page is
    not indexed (no data-pagefind-body). start: _body_start(page), when known."""
    start = _body_start(page) if start is None else start
    if start < 0:
        return None
    head = page[:start].decode("utf-8", "replace")
    head = head if "data-pagefind-meta" in head else ""      # (a site's own layout may put a meta up there)
    body = page[start:].decode("utf-8", "replace")
    try:
        parser = _read(head, body)
    except AssertionError:       # html.parser's own assert on a marked section it does not know (<![x]>)
        parser = _read(MARKED_SECTION.sub("", head), MARKED_SECTION.sub("", body))     # dropped, as browsers do
    title_text, body_text = "".join(parser.title), "".join(parser.text)
    title = " ".join(token + END for token in windows(title_text))
    body = " ".join(token + END for token in windows(body_text))
    shorts = " ".join(token + END for token in windows(" ".join(searchwords.short_names(title_text + " " + body_text))))
    exact = " ".join(dict.fromkeys(c + END for c in map(compact, parser.exact) if c))
    weight = 1 if parser.effective == IN_FORCE else OUTDATED_WEIGHT
    return (f'<div hidden><p>{MARK}</p><p data-pagefind-weight="5">{html.escape(title)}</p>'
            f'<p>{html.escape(exact)}</p><p data-pagefind-weight="{weight}">{html.escape(body)}</p>'
            f'<p data-pagefind-weight="{searchwords.WEIGHT}">{html.escape(shorts)}</p></div>')


TAG = re.compile(r"(<[^>]*>)")
# where a run of letters and digits of a text ends (Pagefind indexes a word and its parts between
# punctuation): after a letter or digit, before anything else but an entity's ";"
WORD_END = re.compile(r"(?<=[^\W_])(?![^\W_]|;)")


def ended(html_text: str) -> str:
    """HTML with END after each run of letters and digits of its text (between its tags; in linear
    time: a body of a million characters in one paragraph takes a fifth of a second)."""
    parts = TAG.split(html_text)
    parts[::2] = [WORD_END.sub(END, text) if text else text for text in parts[::2]]
    return "".join(parts)


def for_index(page: bytes) -> bytes | None:
    """The page as Pagefind should see it: each word of the indexed element's text ended with END
    (no word of the page begins a query either), and its text's stream added at the end of <main>.
    The search page takes END out of what it shows."""
    start = _body_start(page)
    extra = stream(page, start)
    if extra is None:
        return None
    found = list(BLOCK_END.finditer(page))
    if not found or found[-1].start() <= start:
        return None
    at = found[-1].start()
    text = ended(page[start:at].decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
    return page[:start] + text + extra.encode("utf-8") + page[at:]
