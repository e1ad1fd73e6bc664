"""A plain body converted without Python-Markdown (gongkai.plainmd) and sanitized without nh3
(sanitize.clean) gives the very HTML the standard way gives: on generated bodies inside and near
the bounds of plain, on every body of the example and test sites, and on the benchmark's kind of
body; what is not plain is left to Python-Markdown and nh3."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SITES
from gongkai import markdown as gk_markdown
from gongkai.markdown import new_markdown
from gongkai.plainmd import plain_html
from gongkai.rawhtml import Findings, scan
from gongkai.sanitize import ALIGNED, PLAIN_HTML, BodyRenderer, Cleaned, by_nh3, clean, reserved_id

STANDARD = new_markdown(fast=False)


def standard(body: str) -> str:
    STANDARD.reset()
    return STANDARD.convert(body)


def id_filter():
    """sanitize's handling of ids (the theme's and repeated ones dropped) and of classes (a cell's
    alignment kept), recording its calls."""
    seen, calls = set(), []

    def rewrite(tag, attr, value):
        calls.append((tag, attr, value))
        if attr == "class":
            return value if value in ALIGNED else None
        if attr != "id" or reserved_id(value) or value in seen:
            return None
        seen.add(value)
        return value
    return rewrite, calls


def assert_same_as_standard(body: str) -> str | None:
    made = plain_html(body)
    if made is not None:
        assert made == standard(body), body
        assert scan(made) == Findings()
        assert PLAIN_HTML.fullmatch(made), made
    return made


def assert_cleaned_as_nh3(html: str) -> None:
    fast, fast_calls = id_filter()
    slow, slow_calls = id_filter()
    assert clean(html, fast) == by_nh3(html, slow)
    assert fast_calls == slow_calls


# text of prose: Chinese, Latin, digits, the punctuation of official writing, spaces of every kind
PROSE_CHARS = st.sampled_from(list("政府信息公开第一条本办法自年月日起施行。，、；：“”（）《》〔〕abcXYZ019 .-#=:)+")
                              + ["\u3000", "\xa0", "\u200b", "\u2014", "\U0001f600", "\ufeff", "\t", "\\", "'", '"'])
PROSE = st.text(PROSE_CHARS, min_size=1, max_size=30)
SAFE = st.text(st.sampled_from(list("政府信息公开第一条本办法施行。，、；：“”（）《》〔〕abc019") + ["\xa0", "\u3000"]),
               min_size=1, max_size=30).filter(lambda t: t == t.strip() and not t[0].isdigit())
# a table cell's text: only its inline stage reads it (a leading #, - or 1. is text there)
CELL = st.text(st.sampled_from(list("政府信息公开第一条。，、；：abc019-.#:=") + [" ", "\xa0", "\u3000"]), max_size=12)
SEPARATOR = st.sampled_from(["---", ":---", "---:", ":---:", "-", ":-:", " --- ", "  :--  "])


@st.composite
def table(draw) -> str:
    """A table of the tables extension: borders, a header of two cells or more, a separator, rows."""
    columns = draw(st.integers(2, 4))
    rows = draw(st.lists(st.lists(CELL, min_size=columns, max_size=columns), min_size=2, max_size=4))
    separator = draw(st.lists(SEPARATOR, min_size=columns, max_size=columns))
    spaced = draw(st.booleans())
    lines = [("| " + " | ".join(cells) + " |") if spaced else "|" + "|".join(cells) + "|"
             for cells in [rows[0], separator, *rows[1:]]]
    return "\n".join(lines)


@st.composite
def plain(draw) -> str:
    """Bodies inside the bounds of plain: each must be converted here."""
    blocks, last_list = [], False
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["heading", "paragraph", "table"] + ([] if last_list else ["ol", "ul"])))
        if kind == "table":
            block = draw(table())
        elif kind == "heading":
            block = "#" * draw(st.integers(1, 6)) + " " + draw(SAFE)
        elif kind == "paragraph":
            block = "\n".join(draw(st.lists(SAFE, min_size=1, max_size=3)))
        else:
            items = draw(st.lists(SAFE, min_size=1, max_size=4))
            items = [item + "".join("\n" + more for more in draw(st.lists(SAFE, max_size=2))) for item in items]
            block = "\n".join((f"{i + 1}. " if kind == "ol" else "- ") + item for i, item in enumerate(items))
        last_list = kind in ("ol", "ul")
        blocks.append(block)
    return "\n\n".join(blocks) + "\n"


@st.composite
def near_plain(draw) -> str:
    """A plain body with one to three changes of the kinds Markdown cares for: most are no longer plain."""
    lines = draw(plain()).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        change = draw(st.sampled_from(["prefix", "suffix", "insert", "line"]))
        if change == "prefix":
            lines[at] = draw(st.sampled_from([" ", "\u3000", "    ", "#", "## ", "####### ", "1. ", "2. ", "1) ", "* ",
                                              "+ ", "- ", "> ", ":", "~~~", "- - ", "1.  ", "-  ", "|", "| ", "甲|"])) + lines[at]
        elif change == "suffix":
            lines[at] += draw(st.sampled_from([" ", "  ", " #", "#", "\u3000", " {: .x}", "|", "甲|", "|甲", "-|"]))
        elif change == "insert":
            where = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:where] + draw(PROSE_CHARS) + lines[at][where:]
        else:
            lines.insert(at, draw(st.sampled_from(["", "", " ", "===", "---", "***", "- 甲", "1. 甲", "正文", "## 甲",
                                                   "|甲|乙|", "| 甲 | 乙 | 丙 |", "|---|---|", "|:-:|", "甲|乙", "--- | ---"])))
    return draw(st.sampled_from(["", "\n", "\n\n"])) + "\n".join(lines)


@settings(max_examples=400, deadline=None)
@given(near_plain())
def test_a_body_near_plain_converts_as_python_markdown_converts_it(body):
    made = assert_same_as_standard(body)
    if made is not None:
        assert_cleaned_as_nh3(made)


@settings(max_examples=300, deadline=None)
@given(plain())
def test_a_plain_body_is_converted_here_and_cleaned_as_nh3_cleans_it(body):
    made = assert_same_as_standard(body)
    assert made is not None, body
    assert_cleaned_as_nh3(made)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_converts_as_python_markdown_converts_it(body):
    assert_same_as_standard(body)


def test_headings_with_the_same_or_the_themes_ids_are_cleaned_as_nh3_cleans_them():
    body = "## main\n\n## main\n\n## gk-menu\n\n## 、、\n\n## 、、\n\n## 一、总体要求\n\n## 一、总体要求\n\n正文\xa0甲\n"
    made = assert_same_as_standard(body)
    assert made is not None and 'id="main_1"' in made
    assert_cleaned_as_nh3(made)
    assert '<h2>main</h2>' in clean(made, id_filter()[0]) and "&nbsp;" in clean(made, id_filter()[0])


def test_what_markdown_would_change_is_left_to_it():
    for body in ["## 标题\n正文", "正文\n===", "正文\n- 甲", "1. 甲\n\n2. 乙", "2. 甲", "- 甲\n\n- 乙",
                 "1. 甲\n- 乙", "　　首行缩进", "甲 \n乙", "## 标题 ##", "##标题", "甲|乙", "~~~\n代码\n~~~",
                 "甲{: .x}", "甲\r\n乙", "甲\t乙", "    代码", "> 引用", "2024. 年", "1) 甲", "- - -", "正文\n\n---",
                 # tables the tables extension reads otherwise than the plain one, or not as a table
                 "甲 | 乙\n--- | ---\n1 | 2", "|甲|乙|\n|---|---|", "|甲|\n|---|\n|1|", "|甲|乙|\n|---|---|\n|1|",
                 "|甲|乙|\n|---|---|\n|1|2|3|", "|甲|乙|\n|-|x|\n|1|2|", "|甲|乙|\n|:|:|\n|1|2|",
                 "|甲|乙|\n|---|---|\n1|2", "正文\n|甲|乙|\n|---|---|\n|1|2|", "|甲|乙|\n|---|---|\n|1|2|\n正文",
                 "## 甲|乙", "- 甲|乙",
                 # a list's line that is not an item nor the prose of one
                 "1. 甲\n乙\n- 丙", "- 甲\n2. 乙", "- 甲\n # 乙", "1. 甲\n2.乙", "- 甲\n-乙", "- 甲\n\n乙\n- 丙"]:
        assert plain_html(body) is None, body


@given(st.text(max_size=12))
def test_whatever_id_a_filter_returns_is_written_as_nh3_writes_it(value):
    """Found by a probe: a filter returning 'x"onmouseover="alert(1)' would have been written raw."""
    html = '<h1 id="a">x</h1>\n<p>y</p>'
    assert clean(html, lambda tag, attr, old: value) == by_nh3(html, lambda tag, attr, old: value)


def test_html_that_is_not_plain_goes_to_nh3():
    for html in ['<h2 id="a">t</h3>', '<p>a &amp; b</p>', '<p onclick="x">a</p>', '<p>a</p>\n', '<ol>\n</ol>',
                 '<h2 id="a b">t</h2>', "<p>a\x0cb</p>", '<ul>\n<li>a</li>\n</ol>', "<table></table>"]:
        assert not PLAIN_HTML.fullmatch(html), html
        assert_cleaned_as_nh3(html)


def test_every_body_of_the_example_and_test_sites_converts_the_same():
    files = sorted((ROOT / "content").rglob("*.md")) + sorted(SITES.rglob("*.md"))
    assert len(files) > 30
    converted = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        body = text.split("\n---\n", 1)[-1]
        converted += assert_same_as_standard(body) is not None
    assert converted > 0


def test_the_benchmarks_interpretations_are_plain_and_its_policies_with_lists_too():
    interpretation = ("## 政策背景\n\n(三)围绕涉企政策服务推进信息公开。\n\n## 决策依据\n\n加强对政策发布及施行情况的舆情监测。\n\n"
                      "## 主要内容\n\n要把政务公开中的保密审查工作纳入保密监管。")
    policy = "## 一、总体要求\n\n依法公开执法案件。\n\n1. 针对涉及本单位的重要政务舆情。\n2. 加强内容建设和保障。\n\n## 二、主要任务\n\n正文。"
    lazy = "## 二、主要任务\n\n1. 依法公开执法案件。\n2. 四、加强平台和载体建设\n(一)推进政府网站信息化。\n3. 正文。"
    for body in (interpretation, policy, lazy):
        assert assert_same_as_standard(body) is not None


def test_a_table_of_plain_cells_is_converted_and_cleaned_here_with_its_alignment_as_the_themes_class():
    body = "## 一、任务\n\n| 任务 | 责任单位 | 完成时限 |\n| :--- | :---: | ---: |\n| 任务1 | 示例市财政局 | 12月底前 |\n\n正文。"
    made = assert_same_as_standard(body)
    assert made is not None and '<td style="text-align: center;">示例市财政局</td>' in made
    assert_cleaned_as_nh3(made)
    cleaned = clean(made, id_filter()[0])
    assert '<th class="gk-align-left">任务</th>' in cleaned and "style" not in cleaned


def test_table_html_that_is_not_the_extensions_goes_to_nh3():
    row = "<tr>\n<td>a</td>\n</tr>\n"
    for html in [f'<table>\n<thead>\n<tr>\n<th style="text-align: justify;">a</th>\n</tr>\n</thead>\n<tbody>\n{row}</tbody>\n</table>',
                 f'<table>\n<thead>\n<tr>\n<th onclick="x">a</th>\n</tr>\n</thead>\n<tbody>\n{row}</tbody>\n</table>',
                 "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n</tbody>\n</table>",
                 f"<table>\n<tbody>\n{row}</tbody>\n</table>"]:
        assert not PLAIN_HTML.fullmatch(html), html
        assert_cleaned_as_nh3(html)


def test_the_workers_convert_a_plain_body_here():
    gk_markdown._init_worker()
    converted = gk_markdown._convert("## 标题\n\n## gk-x\n\n## 标题\n\n正文\n")
    assert converted == Cleaned('<h2 id="标题">标题</h2>\n<h2>gk-x</h2>\n<h2 id="标题_1">标题</h2>\n<p>正文</p>')


_LOADED: list = []


def _a_document():
    """A site and one of its documents (the clean test site, loaded once)."""
    if not _LOADED:
        import datetime as dt

        from gongkai.config import load_config
        from gongkai.loading import load_site
        config, _ = load_config(SITES / "clean")
        site, _ = load_site(SITES / "clean", config, dt.date(2025, 6, 1))
        _LOADED.append((site, site.by_path["guide.md"]))
    return _LOADED[0]


@settings(max_examples=300)
@given(st.one_of(plain(), near_plain()))
def test_a_plain_body_cleaned_on_its_worker_is_what_the_main_process_made_of_it(body):
    """The worker sanitizes a plain body's HTML itself (Cleaned): the document gets the same HTML,
    links, images, findings and cache record as when the main process sanitized it."""
    site, doc = _a_document()
    renderer = BodyRenderer(site)
    gk_markdown._init_worker()
    html = plain_html(body)
    if html is None:
        return                  # (not plain: Python-Markdown's, as before)
    made = []
    for converted in (gk_markdown._convert(body), (html, Findings())):
        renderer.render(doc, converted)
        made.append((doc.html, doc.links, doc.images, doc.unsafe, doc.external, doc.more, doc.too_complex,
                     BodyRenderer.record(doc)))
    assert made[0] == made[1]
    assert isinstance(gk_markdown._convert(body), Cleaned) == bool(PLAIN_HTML.fullmatch(html))
