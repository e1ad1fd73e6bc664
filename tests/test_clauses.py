"""The clauses the copy check compares (checks.interpretation.clauses) are those of its definition:
the text outside the ## headings, cut at the separators and at elements' edges, each piece without
what is no letter or digit nor the article number before it (第五条), those of at least MIN_CLAUSE
characters. The function no longer runs that
definition's regexes over every character (a cold build asks it of every document); Hypothesis holds
it to the definition over any text."""
from __future__ import annotations

import html
import re
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from gongkai.checks.interpretation import H2_RE, MIN_CLAUSE, TAG_RE, clauses

SPLIT = re.compile(r"[，,。；;！!？?：:、\n]+")
NOT_TEXT = re.compile(r"[^\w\n]|_")
ARTICLE = re.compile(r"^第[一二三四五六七八九十百千零〇两\d]+[条款项]")


def defined(body: str) -> list[str]:
    text = html.unescape(TAG_RE.sub("\n", H2_RE.sub("\n", body)))
    text = NOT_TEXT.sub("", SPLIT.sub("\n", text))
    return [c for c in (ARTICLE.sub("", c) for c in text.split("\n")) if len(c) >= MIN_CLAUSE]


PIECES = st.sampled_from(["第一条", "第十二条　", "第3款", "第", "本办法", "养老服务补贴", "_", "__", " ", "\u3000", "\n", "，", ",", "。", "；",
                          "：", "、", "！", "?", "“", "”", "《", "》", "（", "）", "(", ")", "-", "—", "·", "①", "Ⅲ",
                          "１２", "2024", "abc", "ＡＢ", "é", "ǅ", "٣", "²", "½", "&amp;", "&lt;", "&#12290;", "&nbsp;",
                          "<p>", "</p>", "<strong>", "</strong>", "<h2>背景</h2>", "<h2 id=\"x\">依据，说明</h2>",
                          "<br>", "<a href=\"a，b\">", "</a>"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60))
def test_clauses_are_those_of_the_definition(parts):
    body = "".join(parts)
    assert clauses(SimpleNamespace(html=body)) == defined(body)


def test_a_policy_body_gives_its_clauses():
    body = ("<h2>一、政策背景</h2><p>为进一步做好养老服务补贴工作，根据《中华人民共和国老年人权益保障法》，"
            "结合本县实际，制定本办法。</p><p>第二条　补贴对象为年满 80 周岁的老年人_。</p>")
    assert clauses(SimpleNamespace(html=body)) == [
        "为进一步做好养老服务补贴工作", "根据中华人民共和国老年人权益保障法", "结合本县实际", "补贴对象为年满80周岁的老年人"]
