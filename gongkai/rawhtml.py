"""What the HTML of a body would do in a browser, before it is sanitized.

One pass of an HTML tokenizer (no tree, so no input can make it deep) over Python-Markdown's
output, where code blocks are already escaped and only real tags remain: gongkai.htmltokens'
regular expression when the HTML is regular, as Markdown's own is (in half html.parser's time),
and the standard library's tokenizer for anything else (which is quadratic on thousands of
unclosed tags: the time budget of gongkai.limits covers the scan too). It finds what the
contract calls unsafe (html-unsafe), everything that would load from another host
(external-resource), and nesting deeper than the sanitizer handles in reasonable time
(body-too-deep).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from . import htmltokens
from .activefiles import css_loads, loads_elsewhere, normalize_url
from .limits import MAX_HTML_DEPTH

ACTIVE_URL_RE = re.compile(r"(?:java|vb)script:|data:\s*text/html", re.I)
# elements that load what an attribute names; (tag, attribute)
LOADS = {
    ("img", "src"), ("img", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("source", "src"), ("source", "srcset"), ("track", "src"), ("iframe", "src"), ("frame", "src"),
    ("embed", "src"), ("object", "data"), ("link", "href"), ("input", "src"), ("script", "src"),
    ("image", "href"), ("image", "xlink:href"), ("use", "href"), ("use", "xlink:href"),
    ("feimage", "href"), ("feimage", "xlink:href"),
    ("body", "background"), ("table", "background"), ("td", "background"), ("th", "background"),
}
EMBEDS = ("iframe", "frame")
# elements the sanitizer drops that would send the reader, or what they type, elsewhere
REDIRECTS = {"base": "<base> (会改变页面上所有链接的去向)", "meta": "<meta> (可以让页面跳转到其他网站)",
             "form": "<form> 表单 (可以把读者填写的内容发往其他网站)"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "image", "use"}
# end tags HTML lets an author leave out: not counted as nesting
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
                "rp", "rt", "colgroup", "caption", "html", "head", "body"}


MAX_REPORTED = 50        # of each kind a body: thousands of the same mistake need one message, not thousands
MAX_KEPT = 5000          # external URLs kept for the check, which leaves out the site's own host first


@dataclass
class Findings:
    unsafe: list[tuple[str, str]] = field(default_factory=list)      # (what, text to find the line by)
    external: list[tuple[str, str]] = field(default_factory=list)    # (element, URL)
    malformed: list[str] = field(default_factory=list)               # href/src no browser can parse
    too_deep: bool = False
    more_unsafe: int = 0         # found past MAX_REPORTED
    more_external: int = 0       # found past MAX_KEPT
    _seen: set = field(default_factory=set, repr=False)

    def add_unsafe(self, what: str, needle: str) -> None:
        if len(self.unsafe) < MAX_REPORTED:
            self.unsafe.append((what, needle))
        else:
            self.more_unsafe += 1

    def add_external(self, tag: str, url: str) -> None:
        if (tag, url) in self._seen:
            return
        self._seen.add((tag, url))
        if len(self.external) < MAX_KEPT:
            self.external.append((tag, url))
        else:
            self.more_external += 1


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = Findings()
        self.open: list[str] = []       # elements left open; an end tag closes only one of them
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag not in VOID and tag not in OPTIONAL_END and not self.found.too_deep:
            self.open.append(tag)
            if len(self.open) > MAX_HTML_DEPTH:
                self.found.too_deep = True
        self.in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        # a stray end tag (</i> with no <i> open) closes nothing: the sanitizer keeps the others open too
        if tag in self.open and not self.found.too_deep:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self._css("style", data)

    def _element(self, tag, attrs):
        if tag == "script":
            self.found.add_unsafe("<script> 脚本", "<script")
        elif tag in REDIRECTS:
            self.found.add_unsafe(REDIRECTS[tag], "<" + tag)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.add_unsafe(f"事件处理属性 {name}", name)
            elif active := ACTIVE_URL_RE.match(normalize_url(value)):
                scheme = active.group(0).split(":")[0].lower()      # javascript, vbscript, data
                self.found.add_unsafe(f"{scheme}: 链接", value.strip()[:20] or name)
            if name in ("href", "src") and _malformed(value):
                self.found.malformed.append(value)
            if name == "style":
                self._css(tag, value)
            elif (tag, name) in LOADS:
                urls = [u.strip().split(" ")[0] for u in value.split(",")] if name == "srcset" else [value]
                for url in urls:
                    if url and loads_elsewhere(url):
                        self.found.add_external(tag, url.strip())
                        if tag in EMBEDS:
                            self.found.add_unsafe("嵌入外部网站的 iframe", url.strip())

    def _css(self, tag, css):
        for url in css_loads(css):
            self.found.add_external(tag, url)


def _malformed(url: str) -> bool:
    try:
        urlsplit(url.strip())
    except ValueError:        # http://[::1 and the like: the sanitizer would drop it without a word
        return True
    return False


def scan(html: str) -> Findings:
    scanner = _Scanner()
    events = htmltokens.tokens(html)
    if events is not None:            # html.parser's events, read faster (tests/test_rawhtml.py)
        htmltokens.replay(scanner, events)
        return scanner.found
    scanner.feed(html)
    scanner.close()
    return scanner.found

