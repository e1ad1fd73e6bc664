"""The limits are measured in linear time, and the quick test for deep nesting never lets a deep
body through."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.limits import DEEP_LEAD_RE, MAX_MARKDOWN_DEPTH, body_limit, markdown_depth

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
