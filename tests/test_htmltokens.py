"""The search stream's fast HTML reading (gongkai.htmltokens) gives html.parser's events exactly,
or gives up: on every page of the example site, and on generated HTML of any shape."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import htmltokens, searchtext


class Recorder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("startend", tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        self.events.append(("data", data))


def merged(events):
    """Adjacent text joined (html.parser may hand one text over in pieces)."""
    out = []
    for e in events:
        if e[0] == "data" and out and out[-1][0] == "data":
            out[-1] = ("data", out[-1][1] + e[1])
        else:
            out.append(e)
    return out


def parsed(text: str):
    r = Recorder()
    r.feed(text)
    r.close()
    return merged(r.events)


def test_every_page_of_the_example_site_reads_as_html_parser_reads_it(example_out):
    pages = sorted(example_out.rglob("*.html"))
    fast = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        events = htmltokens.tokens(text[text.find("<body"):])
        if events is not None:
            fast += 1
            assert merged(events) == parsed(text[text.find("<body"):]), page
    documents = [p for p in pages if b"data-pagefind-body" in p.read_bytes()]
    assert len(documents) > 20 and fast >= len(documents)      # the pages the stream reads take the fast way


def test_whitespace_that_is_not_html_s_inside_a_tag_leaves_the_page_to_html_parser():
    """html.parser (as browsers) reads <div\u3000data-pagefind-ignore> as one long tag name: nothing is ignored."""
    page = "<main data-pagefind-body><div\u3000data-pagefind-ignore>内部备注</div><p>正文</p></main>"
    assert htmltokens.tokens(page) is None
    assert "内部备注" in searchtext.stream(page.encode())
    for text in ('<div\x0bclass="x">a</div>', '<div a="1"\xa0b="2">x</div>', "<p>甲</p\u3000>"):
        assert htmltokens.tokens(text) is None


TAGS = st.sampled_from(["p", "div", "a", "span", "br", "img", "script", "style", "nav", "main", "P", "Strong", "h2"])
NAMES = st.sampled_from(["data-pagefind-body", "data-pagefind-ignore", "data-pagefind-meta", "class", "HREF", "hidden",
                         "alt", "x:y", "a_b"])
VALUES = st.sampled_from(['"x"', "'y'", '""', '"a&amp;b"', '"&lt;"', "'&#20013;'", '"title"', '"doc_number:测府规〔2025〕1号"',
                          "z", '"a>b"', '"a<b"', "=", ""])
TEXT = st.lists(st.sampled_from(list("政策文件 ab1&;#x<>/\"'=-!?\n") + ["&amp;", "&lt;", "&#x4e2d;", "&nbsp", "</"]),
                max_size=12).map("".join)


@st.composite
def html_pieces(draw):
    pieces = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["start", "end", "text", "comment", "raw", "self"]))
        tag = draw(TAGS)
        if kind in ("start", "self"):
            attrs = "".join(f"{draw(st.sampled_from([' ', '  ', chr(10), chr(0x3000), chr(0xa0), chr(0x0b), chr(0x1c)]))}{draw(NAMES)}"
                            + (f"={draw(VALUES)}" if draw(st.booleans()) else "")
                            for _ in range(draw(st.integers(0, 3))))
            pieces.append(f"<{tag}{attrs}{draw(st.sampled_from(['', ' ']))}{'/' if kind == 'self' else ''}>")
        elif kind == "end":
            pieces.append(f"</{tag}{draw(st.sampled_from(['', ' ']))}>")
        elif kind == "comment":
            pieces.append(f"<!--{draw(TEXT)}-->")
        elif kind == "raw":
            pieces.append(f"<{tag}>{draw(TEXT)}</{tag}>")
        else:
            pieces.append(draw(TEXT))
    return "".join(pieces)


@settings(max_examples=600, deadline=None)
@given(html_pieces())
def test_generated_html_reads_as_html_parser_reads_it_or_is_left_to_it(text):
    events = htmltokens.tokens(text)
    if events is not None:
        assert merged(events) == parsed(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_or_left_to_html_parser_without_failing(text):
    events = htmltokens.tokens(text)
    assert events is None or merged(events) == parsed(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_runs_are_the_maximal_runs_of_isalnum_characters(text):
    expected, current = [], ""
    for ch in text:
        if ch.isalnum():
            current += ch
        elif current:
            expected.append(current)
            current = ""
    expected += [current] if current else []
    assert searchtext.runs(text) == [r.lower() for r in expected]


def test_a_marked_section_html_parser_asserts_on_is_dropped_as_browsers_drop_it():
    """<![x]> in a site's own layout made html.parser raise AssertionError: a traceback in a search build."""
    page = "<main data-pagefind-body><p>兼容提示<![x]>旧浏览器<![ y]>和<![]>页面</p></main>".encode()
    tokens = re.split(r"[\s<>]", searchtext.stream(page).replace(searchtext.END, ""))
    assert "兼容提示旧浏" in tokens and "浏览器和页面" in tokens      # one run of text: the sections are gone


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["<", ">", "!", "[", "]", "-", "?", "/", "x", "if", "CDATA", "甲", " ", '"', "'", "=",
                                 "<p>", "</p>", "<!--", "-->", "<![", "]]>", "&", "#", ";"]), max_size=20).map("".join))
def test_the_stream_of_any_page_text_is_made_without_failing(text):
    page = f"<main data-pagefind-body><p>{text}</p></main>".encode()
    assert searchtext.stream(page).startswith("<div hidden>")
