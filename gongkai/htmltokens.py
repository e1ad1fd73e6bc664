"""A fast reading of well-formed HTML for the search stream, the same events as html.parser's.

The search stream (searchtext) reads every document page once more: with html.parser that is
over a millisecond a page, most of the Python time of a search build on a city's site. The pages
Gongkai writes are regular: start tags with quoted attributes, end tags, entity-escaped text, no
comments, scripts without content. `tokens` reads such HTML with one regular expression into the
events HTMLParser(convert_charrefs=True) would call its handler with (`replay` calls them); for
anything outside that shape (a comment, a stray `<`, an unquoted value, a script with content) it
gives None, and the caller parses the text with html.parser instead. tests/test_htmltokens.py holds the two to
the same events on every page of the example site and on generated HTML.
"""
from __future__ import annotations

import re
from html import unescape

# inside a tag, only HTML's own (ASCII) whitespace: html.parser, as browsers do, reads a tag name up to
# one of those, so <div\u3000class="x"> is one long name to it; such a page goes to html.parser
_WS = r"[ \t\n\r\f]"
_NAME = r"[a-zA-Z][-.a-zA-Z0-9:_]*"
_ATTR = rf"""[^\s"'<>/=`]+(?:{_WS}*={_WS}*(?:"[^"<]*"|'[^'<]*'))?"""
TOKEN = re.compile(rf"""<({_NAME})((?:{_WS}+{_ATTR})*){_WS}*(/?)>|</({_NAME})>|([^<]+)|(<)""")
ATTR = re.compile(rf"""{_WS}+([^\s"'<>/=`]+)(?:{_WS}*={_WS}*(?:"([^"<]*)"|'([^'<]*)'))?""")
RAW_TEXT = frozenset(("script", "style"))       # html.parser's CDATA_CONTENT_ELEMENTS


def _attrs(text: str) -> list[tuple[str, str | None]]:
    out = []
    for m in ATTR.finditer(text):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        out.append((m.group(1).lower(), unescape(value) if value else value))
    return out


def tokens(text: str) -> list[tuple] | None:
    """The events of text, or None when it is not in the regular shape (see the module)."""
    events: list[tuple] = []
    raw = None                  # inside <script> or <style>: only its end tag may come
    for m in TOKEN.finditer(text):
        start, attrs, slash, end, data, stray = m.groups()
        if stray is not None:
            return None
        if raw is not None:
            if end is None or end.lower() != raw:
                return None
            raw = None
        if start is not None:
            tag = start.lower()
            events.append(("startend" if slash else "start", tag, _attrs(attrs)))
            if tag in RAW_TEXT and not slash:
                raw = tag
        elif end is not None:
            events.append(("end", end.lower()))
        else:
            events.append(("data", unescape(data)))
    return None if raw is not None else events


def replay(handler, events: list[tuple]) -> None:
    """Call handler's handle_* for the events of tokens(), as html.parser would for their text."""
    for event in events:
        kind = event[0]
        if kind == "data":
            handler.handle_data(event[1])
        elif kind == "start":
            handler.handle_starttag(event[1], event[2])
        elif kind == "startend":
            handler.handle_startendtag(event[1], event[2])
        else:
            handler.handle_endtag(event[1])
