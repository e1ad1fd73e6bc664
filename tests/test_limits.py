"""The limits are measured in linear time, and the quick test for deep nesting never lets a deep
body through."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from gongkai.limits import (BRACKET_RE, DEEP_LEAD_RE, MAX_BLOCK_COST, MAX_BRACKET_SCAN, MAX_MARKDOWN_DEPTH, MAX_TAG_SCAN,
                           OPENER_RE, PARAGRAPH_RE, block_cost, body_limit, bracket_scan, inline_cost, markdown_depth,
                           tag_scan)

LINES = st.lists(st.tuples(st.lists(st.sampled_from([" ", "  ", "\t", ">", "> ", "    "]), max_size=30).map("".join),
                           st.sampled_from(["", "- 项", "1. 条", "正文", "\r", "> 引用"])).map("".join), max_size=8)


@settings(max_examples=600, deadline=None)
@given(LINES.map("\n".join))
def test_a_body_the_quick_test_lets_through_is_never_deeper_than_the_limit(body):
    if DEEP_LEAD_RE.search(body) is None:
        assert markdown_depth(body) <= MAX_MARKDOWN_DEPTH


def test_deep_lists_and_quotes_are_still_found():
    for lead in ("\t" * (MAX_MARKDOWN_DEPTH + 1), ">" * (MAX_MARKDOWN_DEPTH + 1), "    " * (MAX_MARKDOWN_DEPTH + 1),
                 "> \t" * 20):
        body = f"第一段。\n\n{lead}- 太深的一项\n"
        assert markdown_depth(body) > MAX_MARKDOWN_DEPTH and body_limit(body) == f"列表或引用嵌套超过 {MAX_MARKDOWN_DEPTH} 层"
    assert body_limit("第一段。\n\n" + "\t" * MAX_MARKDOWN_DEPTH + "- 刚好\n") is None


HOSTILE = {"start tags that never end": '<a href="x" ' * 20000, "comments that never end": "<!--" * 20000,
           "a < written without a space, a thousand times": "如果 a<b 且 b<c, 则 a<c。\n" * 1000,
           "declarations": "<!x " * 20000, "processing instructions": "<?x " * 20000, "end tags": "</x " * 20000}


def test_tags_and_comments_that_never_end_are_refused_before_html_parser_reads_them():
    """html.parser reads the rest of the body for each tag that never ends: 20,000 of them (240 KB)
    took 148 s of one body's conversion. Such a body is refused by its measure, read once."""
    for name, body in HOSTILE.items():
        assert tag_scan(body) > MAX_TAG_SCAN, name
        assert "没有写完的 HTML 标签" in body_limit(body), name


def test_ordinary_html_and_stray_less_than_signs_pass():
    for body in ("<p>段落</p>\n" * 20000, '<a href="x" ' * 20000 + ">", "如果 a<b 且 b<c, 则 a<c。\n" * 50 + "正文。\n" * 5000,
                 "<!-- 注释 -->正文\n" * 20000, "数量 < 10 的 " * 30000,
                 *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").rglob("*.md")))):
        assert body_limit(body) is None and tag_scan(body) <= MAX_TAG_SCAN


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<a", ' href="x"', ">", "<!--", "-->", "正文", "\n", "<", "<?", "</b", "<!x"]),
                max_size=400).map("".join))
def test_the_measure_is_what_each_opening_costs_until_its_end(body):
    """tag_scan against the plain reading of its rule: from each opening, to its end (> or -->) or to
    the end of the body when it has none; after an end the next opening is looked for past it."""
    cost, i = 0, 0
    while True:
        m = OPENER_RE.search(body, i)
        if m is None:
            break
        end_mark = "-->" if m.group(1) == "!--" else ">"
        end = body.find(end_mark, m.end())
        cost, i = (cost + len(body) - m.start(), m.start() + 1) if end < 0 else (cost + end - m.start(), end + len(end_mark))
    assert tag_scan(body, limit=10 ** 12) == cost


# Python-Markdown's quadratic shapes in one block (found by probing: each took 5 s to minutes at
# 40-160 KB), as (shape, repeated to about 160 KB)
QUADRATIC = {"rules": "---\n", "starred rules": "***\n", "setext headings": "a\n===\n", "code spans": "``a`",
             "escaped stars": "\\*", "emphasis": "*a", "strong": "**a*", "hard line breaks": "a  \n",
             "backslashes": "\\", "unpaired backticks": "`a "}


def test_quadratic_shapes_in_one_block_are_refused_and_split_by_blank_lines_they_pass():
    for name, unit in QUADRATIC.items():
        body = unit * (160_000 // len(unit))
        assert inline_cost(body) > MAX_BLOCK_COST and "太多" in body_limit(body), name
        split = "\n\n".join(unit * (400 // len(unit)) for _ in range(400))        # the same, in 400 paragraphs
        assert inline_cost(split) <= MAX_BLOCK_COST and body_limit(split) is None, name


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["*", "_", "`", "\\", "  \n", "---\n", "===\n", "a", "\n", "\n\n", "正文"]),
                max_size=300).map("".join))
def test_the_whole_body_bounds_its_blocks(body):
    """A body under the limit as one block is never split (inline_cost's short cut): the sum over its
    blocks is at most the cost of the whole."""
    assert sum(block_cost(b) for b in PARAGRAPH_RE.split(body)) <= block_cost(body)


def test_brackets_that_never_close_are_refused_and_links_pass():
    """Python-Markdown's link patterns read the rest of the block for a [ without ] or a ]( without ):
    "[a](" 4,000 times (16 KB) took 4.2 s, "<![CDATA[>" 2,000 times more than 10 s."""
    for body in ("[a](" * 4000, "**[a](" * 4000, "![a](" * 4000, "<![CDATA[>" * 1999):
        assert bracket_scan(body) > MAX_BRACKET_SCAN and "没有配对的 [" in body_limit(body)
    for body in ("- [链接标题](https://example.gov.cn/a/b)\n" * 3000, "[链接标题](https://example.gov.cn/a/b) " * 3000,
                 "见[附件1](a.pdf)和[附件2](b.pdf)。\n\n" * 5000):
        assert bracket_scan(body) <= MAX_BRACKET_SCAN and body_limit(body) is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "(", ")", "](", "a", "\n", "\n\n", "链接"]), max_size=300).map("".join))
def test_the_bracket_measure_is_each_openings_distance_to_its_close(body):
    expected = 0
    for block in PARAGRAPH_RE.split(body):
        for m in BRACKET_RE.finditer(block) if "[" in block else ():     # no [: no link to read
            end = block.find("]" if m.group() == "[" else ")", m.end())
            expected += (end if end >= 0 else len(block)) - m.start()
    assert bracket_scan(body, limit=10 ** 12) == expected
