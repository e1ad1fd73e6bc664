"""Python-Markdown with the stages that skip needless work (gongkai.fastmarkdown) writes what the
standard ones write: on every body of the example and test sites, on generated Markdown of every
construct the site's extensions know, and on any text."""
from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SITES
from gongkai import fastmarkdown
from gongkai.markdown import new_markdown

FAST, STANDARD = new_markdown(), new_markdown(fast=False)


def both(text: str) -> tuple[str, str]:
    FAST.reset()
    STANDARD.reset()
    return FAST.convert(text), STANDARD.convert(text)


def test_the_fast_stage_is_in_place():
    assert type(FAST.treeprocessors["inline"]) is fastmarkdown.FastInline
    assert type(STANDARD.treeprocessors["inline"]) is not fastmarkdown.FastInline
    assert type(FAST.treeprocessors["toc"]) is fastmarkdown.LeanToc


def test_a_table_of_contents_asked_for_is_still_made():
    text = "[TOC]\n\n## 一、总体要求\n\n正文\n\n### （一）目标\n\n- [TOC]\n\n段落 [TOC] 之中"
    fast, standard = both(text)
    assert fast == standard
    assert '<div class="toc">' in fast and 'href="#一总体要求"' in fast
    assert FAST.toc_tokens == STANDARD.toc_tokens != []


def test_headings_get_the_ids_the_standard_stage_gives():
    text = ("## 一、总体要求\n\n## 一、总体要求\n\n## 附件 {: data-toc-label=\"附\" }\n\n## *强调*的标题\n\n"
            "## 甲 &amp; 乙 & 丙\n\n## 注释[^1]\n\n## 已有 {#own}\n\n## <span>内嵌</span>\n\n## 全角\u3000空格\n\n"
            "[^1]: 脚注\n")
    fast, standard = both(text)
    assert fast == standard
    assert 'id="一总体要求_1"' in fast and 'data-toc-label' not in fast and 'id="own"' in fast


def test_every_body_of_the_example_and_test_sites_converts_the_same():
    files = sorted((ROOT / "content").rglob("*.md")) + sorted(SITES.rglob("*.md"))
    assert len(files) > 30
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        fast, standard = both(text)
        assert fast == standard, path


# one text for each inline pattern the site's Markdown has (fastmarkdown.KNOWN): each changes the text
CONSTRUCTS = {
    "backtick": "甲`代码`乙", "escape": "甲\\*乙", "reference": "甲[乙][r]\n\n[r]: ../a.md", "link": "甲[乙](../a.md)",
    "image_link": "甲![图](a.png)", "image_reference": "甲![图][r]\n\n[r]: a.png", "short_reference": "甲[r]\n\n[r]: ../a.md",
    "short_image_ref": "甲![r]\n\n[r]: a.png", "autolink": "甲<https://example.gov.cn>乙", "automail": "甲<a@b.cn>乙",
    "linebreak": "甲  \n乙", "html": "甲<span>乙</span>", "entity": "甲&amp;乙", "em_strong": "甲*乙*丙 __丁__",
    "footnote": "甲[^1]\n\n[^1]: 注",
}


def test_each_inline_construct_converts_the_same():
    assert set(CONSTRUCTS) == fastmarkdown.KNOWN
    untouched = new_markdown(fast=False)
    untouched.treeprocessors.deregister("inline")              # what the text is without any inline pattern
    for name, text in CONSTRUCTS.items():
        fast, standard = both(text)
        assert fast == standard, name
        if name != "entity":        # (the serializer keeps an entity as it is: the pattern shows no difference)
            assert standard != untouched.reset().convert(text), name     # the construct is there to be found


PIECES = st.sampled_from([
    "政策文件", "解读", " ", "  \n", "\n", "\n\n", "*", "**", "***", "_", "__", "`", "``", "\\*", "\\", "[", "]", "(", ")",
    "[链接](../policies/a.md)", "![图](a.png)", "[^1]", "\n\n[^1]: 注释文字\n\n", "<span>", "</span>", "<br>", "&amp;", "&",
    "&#20013;", "<https://example.gov.cn>", "<a@b.cn>", "# ", "## 标题", "\n- ", "\n1. ", "\n> ", "\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n",
    "\n```\n代码 *不* 强调\n```\n", "{: .note }", "{#id}", "\n[TOC]\n", "\n<div>\n块 *级*\n</div>\n", "!", "<", ">", "\x02", "\x03",
    "    缩进", "---", "===", "\t", "[参考]: ../a.md", "[参考]", "<!-- 注释 -->", "*强调*", "__粗体__", "a_b_c",
    "\n## 一、总体要求\n", "\n### 总体要求 \n", "\n## \n", "{: data-toc-label=\"短名\" }", "\u3000", " \u3000 ",
    "zz1337820767766393qq", "qq3936677670287331zz", "\n#### 附件1\n",
])


@settings(max_examples=800, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_generated_markdown_converts_the_same(text):
    fast, standard = both(text)
    assert fast == standard


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_converts_the_same(text):
    fast, standard = both(text)
    assert fast == standard


def test_a_markdown_with_other_inline_patterns_keeps_the_standard_stage():
    md = markdown.Markdown(extensions=["smarty"])
    assert fastmarkdown.install(md) is False
    assert type(md.treeprocessors["inline"]) is not fastmarkdown.FastInline
