"""The raw-HTML scan reads Markdown's output through gongkai.htmltokens when it is regular, and
finds exactly what html.parser's reading finds: on every body of the example site and on
generated HTML with what the scan looks for (scripts, handlers, active and external URLs, styles,
deep nesting)."""
from __future__ import annotations

from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from gongkai import htmltokens, markdown, rawhtml
from gongkai.limits import MAX_HTML_DEPTH


def by_html_parser(html: str) -> rawhtml.Findings:
    scanner = rawhtml._Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


TAGS = st.sampled_from(["p", "a", "img", "iframe", "script", "style", "base", "meta", "form", "video", "source",
                        "table", "td", "li", "div", "span", "IMG", "Svg", "use", "image", "link", "object", "br"])
NAMES = st.sampled_from(["href", "src", "srcset", "poster", "style", "onclick", "ONLOAD", "background", "data", "alt",
                         "xlink:href", "title", "id"])
VALUES = st.sampled_from(['"https://example.org/a.png"', "'//cdn.example.com/x.js'", '"javascript:alert(1)"',
                          '"java&#115;cript:x"', '" JavaScript:x"', '"data:text/html,x"', '"/files/a.pdf"',
                          '"../b/"', '"http://[::1"', '"background:url(http://x.cn/a.png)"',
                          '"a.png 1x, https://e.org/b.png 2x"', '"mailto:a@b.cn"', '""', "x", '"a&amp;b"'])
TEXT = st.sampled_from(["政策", "a", "&amp;", "&lt;", "@import url(http://e.org/s.css);", "<", "x<y", "<!-- c -->",
                        "body{background:url('https://e.org/i.png')}", "\n"])


@st.composite
def html(draw):
    pieces = []
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(["start", "start", "end", "text", "self", "deep"]))
        tag = draw(TAGS)
        if kind in ("start", "self"):
            attrs = "".join(f" {draw(NAMES)}" + (f"={draw(VALUES)}" if draw(st.booleans()) else "")
                            for _ in range(draw(st.integers(0, 3))))
            pieces.append(f"<{tag}{attrs}{'/' if kind == 'self' else ''}>")
        elif kind == "end":
            pieces.append(f"</{tag}>")
        elif kind == "deep":
            pieces.append(f"<{tag}>" * draw(st.sampled_from([3, MAX_HTML_DEPTH - 2, MAX_HTML_DEPTH + 1])))
        else:
            pieces.append(draw(TEXT))
    return "".join(pieces)


@settings(max_examples=800, deadline=None)
@given(html())
def test_the_scan_finds_what_html_parser_s_reading_finds(text):
    assert rawhtml.scan(text) == by_html_parser(text)


def test_markdown_s_output_takes_the_fast_reading_and_finds_the_same():
    markdown._init_worker()
    bodies = [p.read_text(encoding="utf-8").split("\n---", 1)[-1] for p in sorted((ROOT / "content").rglob("*.md"))]
    outputs = [markdown._worker_md.reset().convert(b) for b in bodies]
    fast = [h for h in outputs if htmltokens.tokens(h) is not None]
    assert len(bodies) > 20 and len(fast) >= 0.9 * len(outputs)
    for h in outputs:
        assert rawhtml.scan(h) == by_html_parser(h)
    found = rawhtml.scan('<p><img src="https://cdn.example.org/a.png" onerror="x()"></p><script>x()</script>')
    assert found.external == [("img", "https://cdn.example.org/a.png")]
    assert [what for what, _ in found.unsafe] == ["事件处理属性 onerror", "<script> 脚本"]


DECODED = st.characters(blacklist_categories=("Cs", "Cc")).filter(lambda c: unescape(f"&#{ord(c)};") == c)


@given(st.lists(st.tuples(DECODED, st.sampled_from(["self", "dec", "hex", "HEX", "name"])),
                min_size=1, max_size=20))
def test_a_needle_is_found_however_its_characters_are_referenced(chars):
    """documents.as_referenced matches any writing of a text an HTML parser decodes to it: each
    character itself, &#NN;, &#xHH; or a named reference (what the unsafe link's line is found by)."""
    from gongkai.documents import _NAMES, as_referenced
    text = "".join(c for c, _ in chars)
    written = "".join(c if how == "self" else f"&#{ord(c)};" if how == "dec" else f"&#x{ord(c):x};" if how == "hex"
                      else f"&#X{ord(c):X};" if how == "HEX" else ("&" + _NAMES[c][0] if c in _NAMES else c)
                      for c, how in chars)
    assert unescape(written) == text or "&" in text           # (a literal & may start a reference)
    assert as_referenced(text).fullmatch(written)
    m = as_referenced(text).search("\n前文\n" + written)
    assert m is not None and m.start() <= 4
