"""One mutation of the clean fixture site per diagnostic code: the code is raised, where the contract says."""
from __future__ import annotations

import datetime as dt
import sys
import time
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import tree_digest
from gongkai.fields import FIELDS
from gongkai.validation import LABELS
from gongkai.fieldnames import meant

P = "content/policies/valid.md"
I = "content/interpretations/valid.md"


def test_clean_site_has_no_diagnostics(site):
    r = site.run("check")
    assert r.code == 0
    assert r.diagnostics == []
    assert r.data["summary"]["errors"] == 0 and r.data["summary"]["warnings"] == 0


def only(r, code):
    found = r.find(code)
    assert found, f"{code} not raised; got {r.diagnostics}"
    return found


def test_missing_front_matter(site):
    site.write("content/notes.md", "只是一段文字, 没有 front matter。\n")
    r = site.run("check")
    [d] = only(r, "frontmatter-invalid")
    assert (d["file"], d["line"], d["severity"]) == ("content/notes.md", 1, "error")
    assert r.code == 1


@pytest.mark.parametrize("start, line, said", [
    ("\n\n---", 3, "前面有 2 个空行"), (" ---", 1, "前面有空格"), ("——", 1, "开始行写成了 '——'"),
    ("－－－", 1, "开始行写成了 '－－－'"), ("----", 1, "开始行写成了 '----'"), ("\n- - -", 2, "删去它前面的空行")])
def test_an_opening_line_written_another_way_is_said_where_and_how(site, start, line, said):
    """Each was 文件开头缺少信息栏, with an example flattened onto one line."""
    text = site.read("content/articles/feedback.md")
    site.write("content/articles/feedback.md", start + text[len("---"):])
    [d] = only(site.run("check"), "frontmatter-invalid")
    assert d["line"] == line and said in d["message"], d


@pytest.mark.parametrize("closing", ["----", "———", "－－－", "— — —"])
def test_a_closing_line_written_another_way_is_named_on_its_line(site, closing):
    site.write("content/notes.md", f"---\ntype: page\ntitle: 说明\n{closing}\n正文。\n")
    [d] = only(site.run("check"), "frontmatter-invalid")
    assert d["line"] == 4 and closing in d["message"] and "---" in d["message"]


def test_a_front_matter_without_its_end_says_so(site):
    site.write("content/notes.md", "---\ntype: page\ntitle: 说明\n\n正文。\n")
    [d] = only(site.run("check"), "frontmatter-invalid")
    assert d["line"] == 1 and "没有结束" in d["message"]


def test_gbk_file_is_reported_not_crashed(site):
    site.write("content/gbk.md", "---\ntype: page\ntitle: 政府信息公开指南\n---\n正文\n".encode("gbk"))
    r = site.run("check")
    [d] = only(r, "frontmatter-invalid")
    assert d["file"] == "content/gbk.md"
    assert "UTF-8" in d["message"] and "GBK" in d["message"] and d["line"] == 3     # the first line not UTF-8
    assert r.code == 1


@pytest.mark.parametrize("written", ["２０２５-０３-０５", "2025年3月5日", "2025/3/5", "2025.3.5", "2025-3-5", "2025 年 3 月 5 日"])
def test_a_date_written_another_way_is_given_back_in_the_right_form(site, written):
    site.replace(P, "published: 2025-03-05", f"published: '{written}'" if "/" in written else f"published: {written}")
    found = [d for d in site.run("check").find("field-invalid") if d["file"] == P]
    assert len(found) == 1 and found[0]["line"] == site.line_of(P, "published:")
    assert "请写成 2025-03-05" in found[0]["message"] and "2026-03-01" not in found[0]["message"]


def test_a_utf16_file_is_named_as_such(site):
    site.write("content/u16.md", "---\ntype: page\ntitle: 政府信息公开指南\n---\n正文\n".encode("utf-16"))
    [d] = only(site.run("check"), "frontmatter-invalid")
    assert d["file"] == "content/u16.md" and d["line"] == 1 and "UTF-16" in d["message"] and "GBK" not in d["message"]


def test_yaml_error_points_at_the_real_line(site):
    site.replace(P, "issuer: 测试县人民政府", 'issuer: "测试县人民政府')
    line = site.line_of(P, 'issuer: "测试县')
    r = site.run("check")
    [d] = only(r, "frontmatter-invalid")
    assert d["file"] == P
    assert line <= d["line"] <= line + 1


def test_full_width_colon_gets_a_hint(site):
    site.replace(P, "issuer: 测试县人民政府", "issuer：测试县人民政府")
    r = site.run("check")
    [d] = only(r, "frontmatter-invalid")
    assert d["line"] == site.line_of(P, "issuer：")
    assert "全角冒号" in d["message"]


@pytest.mark.parametrize("old, new, said", [
    ("issuer: 测试县人民政府", "  issuer: 测试县人民政府", "开头多了 2 个空格"),      # indented where nothing nests
    ("type: policy", " type: policy", "开头多了 1 个空格"),                         # the first line (was: a % line)
    ("issuer: 测试县人民政府", "issuer:\u3000测试县人民政府", "全角空格"),          # a Chinese input method's space
    ("issuer: 测试县人民政府", "issuer: *测试县人民政府", "值以 '*' 开头"),
    ("issuer: 测试县人民政府", "issuer: |测试县人民政府", "值以 '|' 开头"),
    # a list item's second field indented past its first (was: 这里不能出现冒号)
    ("    file: ../files/form.csv", "        file: ../files/form.csv", "比上一行的 title 多缩进了 4 个空格"),
])
def test_a_front_matter_mistake_is_said_on_its_line_with_its_fix(site, old, new, said):
    site.replace(P, old, new)
    [d] = only(site.run("check"), "frontmatter-invalid")
    assert d["line"] == site.line_of(P, new.strip()) and said in d["message"], d


def test_a_full_width_space_before_a_field_name_is_named(site):
    site.replace(P, "issuer: 测试县人民政府", "\u3000issuer: 测试县人民政府")
    found = only(site.run("check"), "field-unknown")
    assert any(d["line"] == site.line_of(P, "\u3000issuer") and "全角空格" in d["message"] for d in found), found


def test_front_matter_without_end(site):
    site.write("content/open.md", "---\ntype: page\ntitle: 未结束\n\n正文\n")
    [d] = only(site.run("check"), "frontmatter-invalid")
    assert d["file"] == "content/open.md"


def test_duplicate_key_in_front_matter(site):
    site.replace(P, "status: 现行有效", "status: 现行有效\nstatus: 失效")
    [d] = only(site.run("check"), "frontmatter-invalid")
    assert d["line"] == site.line_of(P, "status: 失效")


def test_field_missing(site):
    site.replace(P, "index_number: 000000000/2025-00001\n", "")
    r = site.run("check")
    [d] = only(r, "field-missing")
    assert d["file"] == P and "index_number" in d["message"]
    assert r.code == 1


def test_field_missing_valid_until_for_normative(site):
    site.replace(P, "valid_until: 2030-03-04\n", "")
    [d] = only(site.run("check"), "field-missing")
    assert "valid_until" in d["message"]


def test_a_title_of_spaces_is_missing(site):
    site.replace(P, "title: ", 'title: "\u3000  "\nx_title: ')
    r = site.run("check")
    [d] = only(r, "field-missing")
    assert d["line"] == site.line_of(P, "title:") and "title" in d["message"] and "空的" in d["message"], d
    assert r.code == 1


def test_a_catalog_item_without_code_or_name_is_config_invalid(site):
    toml = site.read("site.toml")
    for item, said in (('code = ""\nname = "行政处罚"', "目录编码 code 是空的"),
                       ('code = "xzcf"\nname = "  "', "目录 'xzcf' 的名称 name 是空的")):
        site.write("site.toml", toml + f"\n[[catalog]]\n{item}\n")
        r = site.run("check")
        [d] = only(r, "config-invalid")
        assert said in d["message"] and d["line"] == site.line_of("site.toml", item.split("\n")[0]) - 1, d
        assert r.code == 2
    site.write("site.toml", toml + '\n[[catalog]]\ncode = "xzcf"\n')       # no name at all: said once
    [d] = only(site.run("check"), "config-invalid")
    assert "缺少必填的键 'name'" in d["message"], d


def test_missing_type(site):
    site.write("content/notype.md", "---\ntitle: 无类型\n---\n正文\n")
    [d] = only(site.run("check"), "field-missing")
    assert d["file"] == "content/notype.md" and "type" in d["message"]


@pytest.mark.parametrize("old,new,needle", [
    ("published: 2025-03-05", "published: 2024-02-30", "2024-02-30"),
    ("published: 2025-03-05", "published: 2025/03/05", "2025/03/05"),
    ("status: 现行有效", "status: 有效", "有效"),
    ("normative: true", "normative: 是", "是"),
    ("topics: [养老服务]", "topics: {a: 1}", "topics"),
])
def test_field_invalid(site, old, new, needle):
    site.replace(P, old, new)
    r = site.run("check")
    found = only(r, "field-invalid")
    assert any(d["file"] == P and d["line"] == site.line_of(P, new) for d in found), found
    assert r.code == 1


def test_a_quoted_true_is_told_to_lose_its_quotes(site):
    site.replace(P, "normative: true", 'normative: "true"')
    [d] = [d for d in only(site.run("check"), "field-invalid") if d["line"] == site.line_of(P, "normative:")]
    assert "去掉引号" in d["message"], d


def test_unsafe_html_is_named_for_what_it_is(site):
    site.write(P, site.read(P) + '\n<a href="vbscript:msgbox(1)">v</a>\n\n<script>alert(1)</script>\n')
    said = [d["message"] for d in only(site.run("check"), "html-unsafe")]
    assert any("vbscript: 链接" in m for m in said) and any("<script>" in m for m in said), said
    assert not any("javascript" in m or "视频" in m for m in said), said       # (each once said 视频请上传…)


def test_each_unsafe_link_is_reported_on_its_own_line_even_behind_character_references(site):
    """A javascript: link written with a character reference (javascript&#58;, jav&#x09;ascript:,
    &#106;avascript:) is found on its line, and the same link written twice is reported twice."""
    links = ["[点我](javascript&#58;alert(1))", '<a href="jav&#x09;ascript:alert(1)">x</a>',
             "[第二个](&#106;avascript:alert(1))", "[三](javascript:alert(2))", "[四](javascript:alert(2))"]
    site.write(P, site.read(P) + "\n" + "\n\n".join(links) + "\n")
    found = only(site.run("check"), "html-unsafe")
    assert sorted(d["line"] for d in found) == sorted(site.line_of(P, link) for link in links), found


def test_a_title_of_a_megabyte_is_refused(site):
    site.replace(P, "title: ", "title: " + "很长的标题" * 1000)
    [d] = [d for d in only(site.run("check"), "field-invalid") if d["line"] == site.line_of(P, "title:")]
    assert "过长" in d["message"] and len(d["message"]) < 300, d


def test_a_catalog_item_named_instead_of_coded_is_given_its_code(site):
    line = next(l for l in site.read(P).split("\n") if l.startswith("category:"))
    code = line.split(":", 1)[1].strip()
    site.replace(P, line, "category: 行政规范性文件")
    [d] = only(site.run("check"), "catalog-unknown")
    assert "'行政规范性文件' 是目录项的名称" in d["message"] and "zcwj.gfxwj" in d["message"], (code, d)


def test_unknown_type_is_field_invalid(site):
    site.write("content/x.md", "---\ntype: notice\ntitle: 通知\n---\n正文\n")
    [d] = only(site.run("check"), "field-invalid")
    assert d["file"] == "content/x.md" and d["line"] == 2


def test_written_after_published(site):
    site.replace(P, "written: 2025-03-01", "written: 2025-03-09")
    [d] = only(site.run("check"), "field-invalid")
    assert d["line"] == site.line_of(P, "written:")


@pytest.mark.parametrize("key,value", [("index_number", "000000000/2025-00001"), ("doc_number", "测府规〔2025〕1号")])
def test_duplicate_identity(site, key, value):
    old = site.read("content/policies/old.md")
    line = next(l for l in old.split("\n") if l.startswith(key + ":"))
    site.replace("content/policies/old.md", line, f"{key}: {value}")
    r = site.run("check")
    found = only(r, "duplicate")
    assert {d["file"] for d in found} == {P, "content/policies/old.md"}
    assert r.code == 1


def test_duplicate_doc_number_in_loose_form(site):
    site.replace("content/policies/old.md", "doc_number: 测府规〔2020〕1号", "doc_number: 测府规[2025]1号")
    r = site.run("check")
    assert only(r, "duplicate")


@pytest.mark.parametrize("written,fixed", [
    ("测府规[2025]1号", "测府规〔2025〕1号"),
    ("测府规(2025)01号", "测府规〔2025〕1号"),
    ("测府规〔2025〕第1号", "测府规〔2025〕1号"),
    ("测府规【25】1号", "测府规〔2025〕1号"),
    ("测府规〔2025 1号", "测府规〔2025〕1号"),
    ("测府规2025〕1号", "测府规〔2025〕1号"),
])
def test_doc_number_format_warns_with_the_corrected_form(site, written, fixed):
    site.replace(P, "doc_number: 测府规〔2025〕1号", f"doc_number: {written}")
    r = site.run("check")
    [d] = only(r, "doc-number-format")
    assert d["severity"] == "warning"
    assert fixed in d["message"]
    assert d["line"] == site.line_of(P, "doc_number:")
    assert r.code == 0


def test_interpretation_missing_without_key(site):
    site.replace(P, "interpretation: interpretations/valid.md\n", "")
    r = site.run("build")
    found = only(r, "interpretation-missing")
    assert [d["file"] for d in found] == [P]
    assert "interpretation" in found[0]["message"]
    assert r.code == 1
    assert not site.out.exists(), "a policy without its interpretation must not be published"


def test_interpretation_missing_points_at_no_file(site):
    site.replace(P, "interpretation: interpretations/valid.md", "interpretation: interpretations/nope.md")
    [d] = only(site.run("check"), "interpretation-missing")
    assert d["line"] == site.line_of(P, "interpretation:")
    assert "interpretations/nope.md" in d["message"]


def test_interpretation_path_outside_content_is_not_read(site):
    site.replace(P, "interpretation: interpretations/valid.md", "interpretation: ../../../../etc/passwd")
    r = site.run("check")
    [d] = only(r, "interpretation-missing")
    assert "content/" in d["message"] and "之外" in d["message"]


def test_interpretation_mismatch_not_an_interpretation(site):
    site.replace(P, "interpretation: interpretations/valid.md", "interpretation: guide.md")
    r = site.run("check")
    found = only(r, "interpretation-mismatch")
    assert any(d["file"] == P for d in found)


def test_interpretation_mismatch_no_link_back(site):
    site.replace(I, "policy: policies/valid.md", "policy: policies/old.md")
    r = site.run("check")
    found = only(r, "interpretation-mismatch")
    assert {d["file"] for d in found} == {P, I}


def test_interpretation_not_synchronized(site):
    site.replace(I, "published: 2025-03-05", "published: 2025-03-20")
    r = site.run("check")
    [d] = only(r, "interpretation-not-synchronized")
    assert d["file"] == I and d["line"] == site.line_of(I, "published:")
    assert "2025-03-05" in d["message"]
    assert r.code == 1


def test_interpretation_section_missing(site):
    site.replace(I, "## 新旧差异", "## 其他")
    r = site.run("check")
    [d] = only(r, "interpretation-section-missing")
    assert d["file"] == I and "新旧差异" in d["message"]


@pytest.mark.parametrize("written", ["### 出台目的", "**出台目的**", "＃＃ 出台目的", "出台目的"])
def test_a_section_heading_written_another_way_is_said_on_its_line(site, written):
    site.replace(I, "## 出台目的", written)
    [d] = only(site.run("check"), "interpretation-section-missing")
    assert d["line"] == site.line_of(I, written) and "改成单独一行的 ## 出台目的" in d["message"], d


@pytest.mark.parametrize("written", ["## 新旧政策差异", "## 五、新旧文件差异"])
def test_a_section_heading_with_words_put_in_is_said_on_its_line(site, written):
    """## 新旧政策差异 was 缺少二级标题 ## 新旧差异 on the line after the front matter."""
    site.replace(I, "## 新旧差异", written)
    [d] = only(site.run("check"), "interpretation-section-missing")
    assert d["line"] == site.line_of(I, written) and "请改成 ## 新旧差异" in d["message"], d


@pytest.mark.parametrize("around", [("```\n", "\n```"), ("    ", "")])
def test_a_section_heading_written_right_inside_a_code_block_says_so(site, around):
    """It was told to change ## 新旧差异 into ## 新旧差异."""
    before, after = around
    site.replace(I, "## 新旧差异", before + "## 新旧差异" + after)
    [d] = only(site.run("check"), "interpretation-section-missing")
    assert d["line"] == site.line_of(I, "## 新旧差异") and "没有成为二级标题" in d["message"], d
    assert "请改成 ## 新旧差异" not in d["message"], d


def test_a_policy_replaced_by_one_in_force_that_still_says_it_is_in_force_is_warned(site):
    site.replace("content/policies/old.md", "status: 已废止\nrepealed_by: policies/valid.md", "status: 现行有效")
    site.replace("content/policies/old.md", "valid_until: 2025-03-04", "valid_until: 2027-03-04")
    site.replace(P, "topics: [养老服务]", "topics: [养老服务]\nreplaces: [policies/old.md]")
    [d] = only(site.run("check", today="2025-06-01"), "status-inconsistent")
    assert d["file"] == "content/policies/old.md" and "repealed_by: policies/valid.md" in d["message"], d
    site.replace(P, "status: 现行有效", "status: 现行有效\nvalid_from: 2025-09-01")      # replaced from a day to come
    assert site.run("check", today="2025-06-01").find("status-inconsistent") == []


def test_numbered_section_headings_are_accepted(site):
    text = site.read(I)
    for i, s in enumerate(["政策背景", "决策依据", "出台目的", "主要内容", "新旧差异"]):
        text = text.replace(f"## {s}", f"## {'一二三四五'[i]}、{s}")
    site.write(I, text)
    assert "interpretation-section-missing" not in site.run("check").codes()


def test_required_sections_come_from_site_toml(site):
    site.write("site.toml", site.read("site.toml") + '\n[interpretation]\nrequired_sections = ["政策背景", "名词解释"]\n')
    found = only(site.run("check"), "interpretation-section-missing")
    assert {d["file"] for d in found} == {I, "content/interpretations/old.md"}
    for d in found:
        assert "## 名词解释" in d["message"] and "## 新旧差异" not in d["message"]


def test_an_interpretation_of_the_policys_articles_without_their_numbers_copies_it(site):
    """Articles pasted without 第N条 in front: each one's first clause was 第N条… in the policy and not in
    the interpretation, and such an interpretation passed (a probe: 34% measured, about 60% copied)."""
    articles = ["为做好本县高龄老人生活补贴发放工作，制定本办法。", "本县户籍年满八十周岁的老年人按月领取高龄津贴。",
                "每人每月发放津贴一百元，由乡镇财政所按季度发放。", "申请人向户籍所在地乡镇人民政府提出书面申请。",
                "乡镇人民政府应当在二十个工作日内完成审核确认。"]
    head = site.read(P).split("---\n", 2)
    site.write(P, "---\n" + head[1] + "---\n\n" + "".join(f"第{'一二三四五'[i]}条　{a}\n\n" for i, a in enumerate(articles)))
    head = site.read(I).split("---\n", 2)
    copied = dict(zip(["政策背景", "出台目的", "主要内容", "新旧差异"], [articles[0], articles[1], articles[2] + articles[3],
                                                          articles[4]]), 决策依据="依据《中华人民共和国老年人权益保障法》。")
    site.write(I, "---\n" + head[1] + "---\n\n" + "".join(f"## {k}\n\n{v}\n\n" for k, v in copied.items()))
    [d] = only(site.run("check"), "interpretation-copies-policy")
    assert d["file"] == I


def test_interpretation_copies_policy(site):
    policy_body = site.read(P).split("---\n", 2)[2]
    sections = "".join(f"## {s}\n\n" for s in ["政策背景", "决策依据", "出台目的", "主要内容", "新旧差异"])
    head = site.read(I).split("---\n", 2)
    site.write(I, "---\n" + head[1] + "---\n" + sections + policy_body)
    r = site.run("check")
    [d] = only(r, "interpretation-copies-policy")
    assert d["file"] == I
    assert r.code == 1


def test_status_expired_and_effective_status(site):
    r = site.build("--no-search", today="2031-01-01")
    found = only(r, "status-expired")
    assert [d["file"] for d in found] == [P]
    assert found[0]["severity"] == "warning"
    assert r.code == 0


def test_validity_too_long(site):
    site.replace(P, "valid_until: 2030-03-04", "valid_until: 2030-06-01")
    r = site.run("check")
    [d] = only(r, "validity-too-long")
    assert d["severity"] == "warning" and d["line"] == site.line_of(P, "valid_until:")
    assert r.code == 0


def test_validity_too_long_names_the_latest_date_that_passes(site):
    """The message said one day earlier than the check allows (2022-12-31 for a start of 2018-01-01)."""
    site.replace(P, "valid_until: 2030-03-04", "valid_until: 2035-06-01")
    [d] = only(site.run("check"), "validity-too-long")
    latest = re.search(r"最晚应为 (\d{4}-\d\d-\d\d)", d["message"]).group(1)
    site.replace(P, "valid_until: 2035-06-01", f"valid_until: {latest}")
    assert site.run("check").find("validity-too-long") == []
    after = (dt.date.fromisoformat(latest) + dt.timedelta(days=1)).isoformat()
    site.replace(P, f"valid_until: {latest}", f"valid_until: {after}")
    assert only(site.run("check"), "validity-too-long")


def test_max_validity_years_from_site_toml(site):
    site.write("site.toml", site.read("site.toml") + "\n[policy]\nmax_validity_years = 3\n")
    assert only(site.run("check"), "validity-too-long")


def test_catalog_unknown(site):
    site.replace(P, "category: zcwj.gfxwj", "category: zcwj.gfxw")
    r = site.run("check")
    [d] = only(r, "catalog-unknown")
    assert d["line"] == site.line_of(P, "category:")
    assert "zcwj.gfxwj" in d["message"]


def test_catalog_empty(site):
    site.write("site.toml", site.read("site.toml") + '\n[[catalog]]\ncode = "xzcf"\nname = "行政处罚"\n')
    r = site.run("check")
    [d] = only(r, "catalog-empty")
    assert d["file"] == "site.toml" and d["severity"] == "warning"
    assert d["line"] == site.line_of("site.toml", 'code = "xzcf"') - 1


def test_draft_only_column_is_empty(site):
    site.write("site.toml", site.read("site.toml") + '\n[[catalog]]\ncode = "xzcf"\nname = "行政处罚"\n')
    site.write("content/articles/draft.md",
               "---\ntype: article\ntitle: 草稿\nissuer: 测试县\ncategory: xzcf\npublished: 2025-05-01\ndraft: true\n---\n正文\n")
    assert only(site.run("check"), "catalog-empty")


def test_column_stale(site):
    r = site.run("check", today="2026-06-01")
    found = only(r, "column-stale")
    assert [d["file"] for d in found] == ["site.toml"]
    assert "行政规范性文件" in found[0]["message"]


def test_consultation_feedback_overdue(site):
    site.replace("content/consultations/c1.md", "feedback: articles/feedback.md\n", "")
    # on these dates the repealing policy (published 2025-03-05) is still scheduled: a link to it would be broken
    site.replace("content/policies/old.md", "repealed_by: policies/valid.md\n", "")
    assert "consultation-feedback-overdue" not in site.run("check", today="2025-03-01").codes()
    r = site.run("check", today="2025-03-02")
    [d] = only(r, "consultation-feedback-overdue")
    assert d["severity"] == "warning" and r.code == 0
    strict = site.run("check", "--strict", today="2025-03-02")
    [d] = only(strict, "consultation-feedback-overdue")
    assert d["severity"] == "error" and strict.code == 1


@pytest.mark.parametrize("old,new", [
    ("申请表见[附件](../files/form.csv)", "申请表见[附件](../files/nope.csv)"),
    ("(../images/chart.svg)", "(../images/nope.svg)"),
    ("申请表见[附件](../files/form.csv)", "申请表见[附件](../../../secret.txt)"),
])
def test_link_broken_in_body(site, old, new):
    site.replace(P, old, new)
    r = site.run("check")
    [d] = only(r, "link-broken")
    assert d["file"] == P and d["line"] == site.line_of(P, new[-12:])
    assert r.code == 1


@pytest.mark.parametrize("target, said", [
    (r"C:\Users\zhang\Desktop\附件1.docx", "您电脑或单位内网上的文件"),
    ("file:///C:/Users/zhang/Desktop/附件2.docx", "您电脑或单位内网上的文件"),
    (r"\\fileserver\share\a.doc", "您电脑或单位内网上的文件"),
    (r"..\files\form.csv", "要用 / 分隔"),
])
def test_a_link_to_the_editors_own_computer_is_broken_not_dropped(site, target, said):
    """A link to a file on the editor's computer was published as <a>附件</a>: a link to nothing."""
    site.replace(P, "申请表见[附件](../files/form.csv)", f"申请表见[附件]({target})")
    r = site.run("check")
    [d] = only(r, "link-broken")
    assert d["line"] == site.line_of(P, "申请表见") and said in d["message"] and r.code == 1, d


def test_every_broken_link_is_said_on_its_own_line(site):
    """A target written twice was said once, on the first line; files/x.csv was said on the line of
    ../files/x.csv; an image and a link to the same place outside were one error."""
    lines = ["附件一见[附件一](../files/gone.csv)。", "附件二见[附件](files/gone.csv)。", "再次见[附件一](../files/gone.csv)。",
             "![图](../../../../etc/passwd)", "[abs](../../../../etc/passwd)"]
    site.write(P, site.read(P) + "\n" + "\n\n".join(lines) + "\n")
    found = sorted(d["line"] for d in only(site.run("check"), "link-broken"))
    assert found == [site.line_of(P, text) for text in lines], found


def test_every_empty_link_is_said_on_its_own_line(site):
    """Four empty targets were one error, on the body's first line."""
    lines = ["第二段 [空]()", "第三段 ![空图]()", '<a href="">空a</a>', "[空白](<>)"]
    site.write(P, site.read(P) + "\n" + "\n\n".join(lines) + "\n")
    found = only(site.run("check"), "link-broken")
    assert sorted(d["line"] for d in found) == [site.line_of(P, text) for text in lines], found
    assert all("地址是空的" in d["message"] for d in found)


def test_a_body_link_written_from_content_is_given_its_path_from_the_file(site):
    site.replace(P, "申请表见[附件](../files/form.csv)", "申请表见[附件](files/form.csv)")
    [d] = only(site.run("check"), "link-broken")
    assert "应写成 '../files/form.csv'" in d["message"], d


@pytest.mark.parametrize("url", ["http://192.168.1.10/oa/file.doc", "http://oa.local/a.doc", "http://localhost:8080/x"])
def test_a_link_into_the_offices_own_network_is_broken(site, url):
    site.replace(P, "申请表见[附件](../files/form.csv)", f"申请表见[附件]({url})")
    [d] = only(site.run("check"), "link-broken")
    assert d["line"] == site.line_of(P, "申请表见") and "内网" in d["message"], d


def test_links_to_the_columns_own_lists_search_and_data_are_kept_and_made_relative(site):
    """A body may link to what the generator makes besides documents (the column home, 政策解读,
    the normative library, a catalog list, search, the open data, the feed) and to the site's own pages
    written as absolute URLs under base_url: found, and written relative like every link between
    the site's pages (one that is not found stays an address of the host, as the portal may serve
    more under the column's path)."""
    links = {"../": "../../", "../zcjd/#x": "../../zcjd/#x", "../gfxwj/": "../../gfxwj/",
             "../catalog/zcwj/": "../../catalog/zcwj/", "../search/?q=养老": "../../search/?q=养老",
             "../data/policies.csv": "../../data/policies.csv", "../feed.xml": "../../feed.xml",
             "https://www.example.gov.cn/zwgk/policies/old/": "../../policies/old/",
             "HTTPS://WWW.EXAMPLE.GOV.CN/zwgk": "../../", "https://www.example.gov.cn/other/": "https://www.example.gov.cn/other/",
             "../通知.pdf": "../../%E9%80%9A%E7%9F%A5.pdf"}
    site.write("static/通知.pdf", b"%PDF-1.4\n")          # (static/ is copied to the output's root)
    site.write(P, site.read(P) + "\n" + "\n\n".join(f"[链接{i}]({raw})" for i, raw in enumerate(links)) + "\n")
    r = site.build("--no-search")
    assert r.code == 0 and not r.find("link-broken"), r.diagnostics
    html = (site.out / "policies/valid/index.html").read_text(encoding="utf-8")
    for i, href in enumerate(links.values()):
        assert f'<a href="{href}">链接{i}</a>' in html, (i, href)
    site.write(P, site.read(P) + "\n[别处](https://www.example.gov.cn/zwgk/policies/gone/)\n")
    r = site.build("--no-search")
    assert r.code == 0 and not r.find("link-broken"), r.diagnostics
    html = (site.out / "policies/valid/index.html").read_text(encoding="utf-8")
    assert '<a href="https://www.example.gov.cn/zwgk/policies/gone/">别处</a>' in html


def test_a_front_matter_path_to_a_list_is_no_document(site):
    site.replace("content/policies/old.md", "repealed_by: policies/valid.md", "repealed_by: zcjd/")
    [d] = only(site.run("check"), "link-broken")
    assert "栏目页" in d["message"] and d["line"] == site.line_of("content/policies/old.md", "repealed_by"), d


def test_link_broken_in_front_matter(site):
    site.replace("content/policies/old.md", "repealed_by: policies/valid.md", "repealed_by: policies/gone.md")
    [d] = only(site.run("check"), "link-broken")
    assert d["file"] == "content/policies/old.md" and d["line"] == site.line_of("content/policies/old.md", "repealed_by")


def test_link_broken_attachment(site):
    site.replace(P, "file: ../files/form.csv", "file: ../files/gone.csv")
    [d] = only(site.run("check"), "link-broken")
    assert d["line"] == site.line_of(P, "gone.csv")


def test_an_attachment_written_from_content_is_given_its_path_from_the_document(site):
    """file: files/form.csv (the example the guide gave) is content/policies/files/form.csv."""
    site.replace(P, "file: ../files/form.csv", "file: files/form.csv")
    [d] = only(site.run("check"), "link-broken")
    assert "应写成 '../files/form.csv'" in d["message"], d["message"]
    from gongkai.fields import FIELDS
    assert "../files/" in FIELDS["attachments"].example


def test_an_image_pasted_from_word_is_one_clear_problem_not_three(site):
    """Word's clip_image002.png is on the editor's computer: not 从其他网站加载, and the alt message
    printed 图片 '' with Markdown advice for an HTML tag."""
    site.write("content/articles/feedback.md", site.read("content/articles/feedback.md")
               + '\n<img src="file:///C:/Users/a/AppData/Local/Temp/msohtmlclip1/01/clip_image002.png" width=300>\n')
    r = site.run("check")
    assert sorted(r.codes()) == ["link-broken", "media-alt-missing"], r.diagnostics
    assert "content/images/" in only(r, "link-broken")[0]["message"]
    said = only(r, "media-alt-missing")[0]["message"]
    assert "''" not in said and "alt=" in said, said


def test_a_published_date_years_ahead_is_said_to_be_a_likely_typo(site):
    site.replace("content/articles/feedback.md", "published: 2025-02-20", "published: 2062-02-20")
    r = site.run("check", today="2026-12-01")
    [d] = only(r, "date-far-ahead")
    assert d["file"] == "content/articles/feedback.md" and d["severity"] == "warning" and "2062-02-20" in d["message"]
    site.replace("content/articles/feedback.md", "published: 2062-02-20", "published: 2027-02-20")
    assert site.run("check", today="2026-12-01").find("date-far-ahead") == []      # a real schedule


def test_an_index_number_typed_with_full_width_characters_is_still_a_duplicate(site):
    site.replace("content/policies/old.md", "index_number: 000000000/2020-00001", "index_number: ０００000000／2025-00001 ")
    found = only(site.run("check"), "duplicate")
    assert sorted(d["file"] for d in found) == ["content/policies/old.md", P], found


@pytest.mark.parametrize("line, written, meant", [
    ("status: 现行有效", "status: 已失效", "请写成 失效"), ("status: 现行有效", "status: 废止", "请写成 已废止"),
    ("status: 现行有效", "status: 有效", "请写成 现行有效"), ("written: 2025-03-01", "written: 20250301", "请写成 2025-03-01")])
def test_a_value_written_another_way_is_given_the_value_it_stands_for(site, line, written, meant):
    """已失效 was answered with the example status: 现行有效, 20250301 with a generic date."""
    site.replace(P, line, written)
    [d] = [d for d in only(site.run("check"), "field-invalid") if d["message"].startswith(line.split(":")[0])]
    assert meant in d["message"] and "例如" not in d["message"], d["message"]


def test_a_picture_pasted_into_the_text_is_reported_not_dropped_without_a_word(site):
    """![图表](data:image/png;base64,…) was published as <img alt="图表"> with no picture, and no diagnostic."""
    site.write("content/articles/feedback.md", site.read("content/articles/feedback.md")
               + '\n![图表](data:image/png;base64,iVBORw0KGgo=)\n\n<img src="blob:https://x.example/1" alt="b">\n')
    r = site.build("--no-search")
    found = only(r, "link-broken")
    assert [d["line"] for d in found] == [11, 13] and all("content/images/" in d["message"] for d in found), found
    site.replace("content/articles/feedback.md", "![图表](data:image/png;base64,iVBORw0KGgo=)", "")
    site.replace("content/articles/feedback.md", '<img src="blob:https://x.example/1" alt="b">', "")
    assert site.build("--no-search").code == 0


def test_an_attachment_on_another_website_is_said_to_be_one(site):
    """file: https://… was said to be missing as content/ (不存在)."""
    site.replace(P, "file: ../files/form.csv", "file: https://other.example/a.pdf")
    [d] = only(site.run("check"), "link-broken")
    assert "其他网站的地址" in d["message"] and "不存在" not in d["message"], d["message"]


@pytest.mark.parametrize("written", [".", "../files/", "../files"])
def test_an_attachment_that_is_a_folder_is_said_to_be_one(site, written):
    """'../files/' was said not to exist (content/files 不存在)."""
    site.replace(P, "file: ../files/form.csv", f"file: '{written}'")
    [d] = only(site.run("check"), "link-broken")
    assert "是文件夹" in d["message"] and "不存在" not in d["message"], d["message"]


def test_link_to_draft_is_broken(site):
    site.replace("content/articles/feedback.md", "published: 2025-02-20", "published: 2025-02-20\ndraft: true")
    assert only(site.run("check"), "link-broken")


@pytest.mark.parametrize("hold", ["draft: true", "published: 2025-09-01"])
def test_an_interpretation_of_a_policy_held_back_is_link_broken(site, hold):
    """Only the policy a draft, or scheduled: its published interpretation would link to a page that
    is not there (the other way round is interpretation-missing on the policy)."""
    policy, it = "content/policies/valid.md", "content/interpretations/valid.md"
    site.replace(policy, "published: 2025-03-05", hold if hold.startswith("published") else "published: 2025-03-05\n" + hold)
    r = site.run("check")
    found = [d for d in r.find("link-broken") if d["file"] == it and d["line"] == site.line_of(it, "policy:")]
    assert r.code == 1 and len(found) == 1           # (a link in its body to the policy is another one)
    assert ("草稿" if hold.startswith("draft") else "定时发布") in found[0]["message"]


def test_media_alt_missing(site):
    site.replace(P, "![补贴标准示意图: 每人每月一百元](../images/chart.svg)", "![](../images/chart.svg)")
    r = site.run("check")
    [d] = only(r, "media-alt-missing")
    assert d["line"] == site.line_of(P, "![](")


def test_every_problem_is_reported_in_one_run(site):
    site.replace(P, "published: 2025-03-05", "published: 2024-02-30")
    site.replace(I, "## 新旧差异", "## 其他")
    site.replace("content/policies/old.md", "category: zcwj.gfxwj", "category: nope")
    site.write("content/notes.md", "没有 front matter\n")
    r = site.run("check")
    assert {"field-invalid", "interpretation-section-missing", "catalog-unknown", "frontmatter-invalid"} <= r.codes()


def test_bom_and_crlf_are_accepted_with_true_line_numbers(site):
    text = site.read(P).replace("published: 2025-03-05", "published: 2025-02-30")
    site.write(P, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    site.write(I, b"\xef\xbb\xbf" + site.read(I).replace("\n", "\r\n").encode("utf-8"))
    r = site.run("check")
    [d] = only(r, "field-invalid")
    assert d["file"] == P and d["line"] == 9
    assert r.codes() <= {"field-invalid", "column-stale"}, "nothing else is wrong with these files"


def test_symlink_out_of_the_site_is_not_read(site, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntype: page\ntitle: 站外文件\n---\n机密内容\n", encoding="utf-8")
    (site.path / "content" / "leak.md").symlink_to(secret)
    r = site.build("--no-search")
    [d] = only(r, "link-broken")
    assert d["file"] == "content/leak.md"
    assert r.code == 1


def test_interpretation_that_is_an_attachment_file(site):
    site.replace(P, "interpretation: interpretations/valid.md", "interpretation: files/form.csv")
    found = only(site.run("check"), "interpretation-mismatch")
    assert any(d["file"] == P and "附件" in d["message"] for d in found)


def test_interpretation_file_with_broken_front_matter(site):
    site.replace(I, "title: 《测试县养老服务补贴办法》解读", "title: 《测试县养老服务补贴办法》解读\n  bad: [")
    r = site.run("check")
    assert only(r, "frontmatter-invalid")[0]["file"] == I
    [d] = only(r, "interpretation-missing")
    assert d["file"] == P and "front matter" in d["message"]


def test_status_inconsistent_with_repealed_by(site):
    site.replace("content/policies/old.md", "status: 已废止", "status: 现行有效")
    r = site.run("check")
    [d] = only(r, "status-inconsistent")
    assert d["file"] == "content/policies/old.md" and d["severity"] == "warning" and "已废止" in d["message"]


# Every kind of error PyYAML raises, each on the line the editor must fix (issue 8).
YAML_ERRORS = [
    ("scanner: unclosed quote", 'issuer: "测试县人民政府', "issuer:"),
    ("scanner: tab", "issuer: 测试县人民政府\n\tstatus_note: x", "\tstatus_note"),
    ("scanner: key without colon", "issuer: 测试县人民政府\n备注", "备注"),
    ("scanner: colon in a value", "issuer: 测试县: 人民政府", "issuer:"),
    ("scanner: bad escape", 'issuer: "测试县\\q人民政府"', "issuer:"),
    ("scanner: value starting with @", "issuer: @测试县人民政府", "issuer:"),
    ("parser: bracketed number", "issuer: 测试县人民政府\nsummary: [2026]12号", "summary:"),
    ("parser: unclosed list", "issuer: 测试县人民政府\nsummary: [a, b", "summary:"),
    ("composer: undefined alias", "issuer: *nope", "issuer:"),
    ("composer: duplicate anchor", "issuer: &a 测试县人民政府\nsummary: &a 摘要", "summary:"),
    ("constructor: unknown tag", "issuer: !!python/object:os.system x", "issuer:"),
]


@pytest.mark.parametrize("kind,new,needle", YAML_ERRORS, ids=[k for k, _, _ in YAML_ERRORS])
def test_every_kind_of_yaml_error_is_reported_on_its_line(site, kind, new, needle):
    site.replace(P, "issuer: 测试县人民政府", new)
    r = site.run("check")
    [d] = only(r, "frontmatter-invalid")
    assert d["file"] == P and d["line"] == site.line_of(P, needle), (kind, d)
    assert "YAML 的写法有误" not in d["message"], d["message"]     # every kind has a Chinese explanation


def test_a_bracketed_doc_number_gets_its_line_and_the_right_brackets(site):
    site.replace(P, "doc_number: 测府规〔2025〕1号", "doc_number: [2025]1号")
    [d] = only(site.run("check"), "frontmatter-invalid")
    assert d["line"] == site.line_of(P, "doc_number:") == 5
    assert "〔" in d["message"] and "引号" in d["message"]


def test_interpretation_section_empty(site):
    body = site.read(I)
    heading = next(line for line in body.split("\n") if line.startswith("## ") and "新旧差异" in line)
    start = body.index(heading) + len(heading)
    end = body.find("\n## ", start)
    site.write(I, body[:start] + "\n\n无变化。\n" + (body[end:] if end >= 0 else ""))
    [d] = only(site.run("check"), "interpretation-section-empty")
    assert d["file"] == I and d["line"] == site.line_of(I, heading) and "新旧差异" in d["message"]


def test_a_document_dated_after_today_is_scheduled_not_published(site):
    site.write("content/articles/later.md", "---\ntype: article\ntitle: 下月发布的通知\nissuer: 测试县人民政府\n"
               "category: zcwj\npublished: 2025-07-01\n---\n下月发布的通知正文。\n")
    site.write("content/pages/link.md", "---\ntype: page\ntitle: 链接页\n---\n见[通知](../articles/later.md)。\n")
    r = site.run("check", today="2025-06-01")
    [d] = only(r, "link-broken")
    assert d["file"] == "content/pages/link.md" and "定时发布" in d["message"] and "2025-07-01" in d["message"]
    site.write("content/pages/link.md", "---\ntype: page\ntitle: 链接页\n---\n正文。\n")
    r = site.build("--no-search", today="2025-06-01")
    assert r.code == 0 and r.data["summary"]["scheduled"] == 1
    assert not (site.out / "articles/later").exists()
    assert "下月发布的通知" not in (site.out / "feed.xml").read_text(encoding="utf-8")
    assert "下月发布的通知" not in (site.out / "sitemap.xml").read_text(encoding="utf-8") + \
        (site.out / "index.html").read_text(encoding="utf-8")
    text = site.run("check", today="2025-06-01", fmt="text").stdout
    assert "1 篇定时发布" in text
    r = site.build("--no-search", today="2025-07-01")
    assert r.code == 0 and r.data["summary"]["scheduled"] == 0 and (site.out / "articles/later/index.html").is_file()


def test_config_unknown(site):
    site.write("site.toml", site.read("site.toml").replace("[site]\n", "[site]\ntitel = \"拼错\"\n"))
    [d] = only(site.run("check"), "config-unknown")
    assert d["file"] == "site.toml" and d["line"] == 2 and d["severity"] == "warning"


def test_search_failed_keeps_the_previous_output(site, tmp_path, monkeypatch):
    assert site.build("--no-search").code == 0
    before = sorted(p.name for p in site.out.iterdir())
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'index broken' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    r = site.build()
    [d] = only(r, "search-failed")
    assert r.code == 2 and "index broken" in d["message"]
    assert sorted(p.name for p in site.out.iterdir()) == before


def test_each_site_toml_problem_is_reported_on_its_own_key_line(site):
    toml = site.read("site.toml")
    toml = toml.replace('name = "意见征集"', 'name = "意见征集"\nupdate_days = "十天"\ncolour = "红"')
    toml = toml.replace('name = "政策文件"', 'name = "政策文件"\nupdate_days = 30')
    site.write("site.toml", toml)
    r = site.run("check")
    [bad] = only(r, "config-invalid")
    [odd] = only(r, "config-unknown")
    assert bad["line"] == site.line_of("site.toml", 'update_days = "十天"') and "update_days" in bad["message"]
    assert odd["line"] == site.line_of("site.toml", 'colour = "红"') and r.code == 2


@pytest.mark.parametrize("line, written, said", [
    ('title = "测试县人民政府 政府信息公开"', 'title = "  "', "title 是空的"),
    ('base_url = "https://www.example.gov.cn/zwgk/"', 'base_url = "https://user:pass@www.example.gov.cn/zwgk/"', "密码"),
    ('phone = "0000-7654321"', 'phone = "javascript:alert(1)"', "phone 应为电话号码"),
    ('phone = "0000-7654321"', 'phone = "0000-7654321"\nemail = "javascript:alert(1)"', "email 应为邮箱地址"),
    ('phone = "0000-7654321"', 'phone = "0000-7654321"\nlanguage = "en"', "language 应为中文的语言代码")])
def test_a_site_value_no_page_can_carry_is_config_invalid(site, line, written, said):
    """Each was accepted: <title></title>, credentials in every canonical link, href="tel:javascript:…"."""
    site.replace("site.toml", line, written)
    r = site.run("check")
    [d] = only(r, "config-invalid")
    assert r.code == 2 and said in d["message"] and d["line"] == site.line_of("site.toml", written.split("\n")[-1]), d


def test_a_misspelled_site_toml_key_or_section_is_named(site):
    original = site.read("site.toml")
    site.write("site.toml", original.replace("[site]", "[Site]", 1))
    r = site.run("check")
    said = " ".join(d["message"] for d in r.diagnostics if d["line"] == site.line_of("site.toml", "[Site]"))
    assert "请把 [Site] 改成 [site]" in said and "是否应为 site?" in said
    assert r.code == 2 and not [d for d in r.diagnostics if "缺少必填的键" in d["message"]]   # said once, not per key
    text = site.run("check", fmt="text")
    assert "检查未通过: 配置有问题" in text.stdout + text.stderr and "未生成" not in text.stdout + text.stderr
    site.write("site.toml", original.replace("base_url", "base_ulr", 1).replace("[[catalog]]", "[[catalogue]]", 1))
    said = {d["line"]: d["message"] for d in site.run("check").diagnostics if d["file"] == "site.toml"}
    assert "是否应为 base_url?" in said[site.line_of("site.toml", "base_ulr")]
    assert "是否应为 catalog?" in said[site.line_of("site.toml", "[[catalogue]]")]


def test_a_blank_left_in_site_toml_is_found_behind_a_hash_or_an_escape_not_in_a_comment(site):
    original = site.read("site.toml")
    assert "[site]" in original
    site.write("site.toml", original.replace('address = "测试县人民路1号"', 'address = "人民路 3#楼 【待填写】室"  # 【待填写】 在注释里无妨', 1))
    [d] = only(site.run("check"), "config-invalid")
    assert d["line"] == site.line_of("site.toml", "3#楼") and "address" in d["message"]
    site.write("site.toml", original.replace('phone = "0000-7654321"', 'phone = "\\u3010待填写\\u3011"', 1))
    r = site.run("check")
    assert r.code == 2 and "【待填写】" in only(r, "config-invalid")[0]["message"]
    site.write("site.toml", original.replace("[site]", "[site]\n# 【待填写】 只在注释里", 1))
    assert site.run("check").code == 0


@pytest.mark.parametrize("broken, said", [
    ("[site]\ntitle = \"再写一次\"", "配置段写了两次"), ('phone ＝ "0000"', "半角等号"),
    ("[catalog]\ncode = \"x\"", "[[catalog]]"), ("[【待填写】]", "键名只能用"), ("note = 测试", "加半角引号"),
    ('phone = "0000-1234', "引号没有闭合")])
def test_a_site_toml_toml_cannot_read_is_explained_in_chinese(site, broken, said):
    site.write("site.toml", site.read("site.toml") + "\n" + broken + "\n")
    [d] = only(site.run("check"), "config-invalid")
    assert said in d["message"] and not re.search(r"[A-Za-z]{4,} [a-z]{2,} [a-z]{2,}", d["message"]), d["message"]


@pytest.mark.parametrize("key, written, kept", [
    ("title", "测试县人民政府 #1 关于印发通知", "测试县人民政府"), ("title", "#测试县人民政府关于印发通知", ""),
    ("doc_number", "测府发〔2025〕 #1号", "测府发〔2025〕")])
def test_a_value_cut_at_a_hash_is_said_with_what_was_kept(site, key, written, kept):
    """YAML reads ' #' as the start of a comment: the title was published as 测试县人民政府, silently."""
    text = site.read(P)
    line = next(n for n, l in enumerate(text.split("\n"), 1) if l.startswith(key + ":"))
    site.write(P, "\n".join(f"{key}: {written}" if n == line else l for n, l in enumerate(text.split("\n"), 1)))
    [d] = only(site.run("check"), "frontmatter-comment")
    assert d["line"] == line and f"(现为 '{kept}')" in d["message"] and "加引号" in d["message"], d
    site.write(P, "\n".join(f'{key}: "{written}"' if n == line else l for n, l in enumerate(text.split("\n"), 1)))
    assert "frontmatter-comment" not in site.run("check").codes()


def test_a_comment_written_as_one_after_a_whole_value_passes(site):
    text = site.read(P)
    status = next(l for l in text.split("\n") if l.startswith("status:"))
    site.replace(P, status, status + "  # 2025年复核")
    assert "frontmatter-comment" not in site.run("check").codes()


def test_an_optional_field_left_with_only_the_comment_new_wrote_passes(site):
    """`new policy` writes `doc_number: 【待填写】    # 发文字号, …; 没有文号就删去这一行`; an editor who
    deletes only 【待填写】 was told to quote the comment, which would have published it."""
    text = site.read(P)
    number = next(l for l in text.split("\n") if l.startswith("doc_number:"))
    site.replace(P, number, "doc_number:     # 发文字号, 例如 云府发〔2026〕3号; 没有文号就删去这一行")
    r = site.run("check")
    assert "frontmatter-comment" not in r.codes() and r.code == 0, r.diagnostics


def test_an_item_whose_only_document_cannot_be_read_is_not_also_called_empty(site):
    """The unreadable file is the error to fix; 目录下没有任何已发布的内容, 请从目录中删去该项 was wrong advice."""
    site.write("site.toml", site.read("site.toml") + '\n[[catalog]]\ncode = "czyjs"\nname = "财政预决算"\n')
    site.write("content/articles/budget.md", "---\ntype: article\ntitle: 2026年预算\nissuer：测试县财政局\n"
               "category: czyjs\npublished: 2025-02-20\n---\n\n预算公开。\n")
    r = site.run("check")
    assert [d["code"] for d in r.diagnostics] == ["frontmatter-invalid"], r.diagnostics
    site.replace("content/articles/budget.md", "category: czyjs", "category: yjzj")      # names another item
    assert "catalog-empty" in site.run("check").codes()


def test_the_same_mistake_on_several_front_matter_lines_is_said_on_each_in_one_run(site):
    """YAML stops at the first: full-width colons on lines 5 and 12 took two runs to find."""
    text = site.read(P)
    lines = text.split("\n")
    at = {n: l for n, l in enumerate(lines, 1) if l.startswith(("doc_number:", "status:", "written:"))}
    for n, line in at.items():
        key, value = line.split(": ", 1)
        lines[n - 1] = f"{key}：{value}" if key != "written" else f"{key}:\u00a0{value}"
    site.write(P, "\n".join(lines))
    found = site.run("check").find("frontmatter-invalid")
    assert sorted(d["line"] for d in found) == sorted(at) and all(d["file"] == P for d in found), found
    said = {d["line"]: d["message"] for d in found}
    assert all("全角冒号" in said[n] for n, l in at.items() if not l.startswith("written"))
    assert all("不换行空格" in said[n] for n, l in at.items() if l.startswith("written"))


def test_a_value_with_an_invisible_character_is_said_to_hold_one(site):
    """category '\u200bzcwj' and 'zcwj' look the same in a message: the message says why they differ."""
    site.replace(P, "category: zcwj.gfxwj", "category: \u200bzcwj.gfxwj")
    site.replace(P, "status: 现行有效", "status: 现行有效\u00a0\u200b")
    r = site.run("check")
    assert "看不见的字符" in only(r, "catalog-unknown")[0]["message"]
    assert any("看不见的字符" in d["message"] for d in only(r, "field-invalid") if d["message"].startswith("status"))
    assert not [d for d in r.diagnostics if "  " in d["message"]]


def test_a_misspelled_field_is_reported_not_silently_dropped(site):
    site.write("content/articles/typo.md", "---\ntype: article\ntitle: 通知\nissuer: 测试县人民政府\ncategory: zcwj\n"
               "published: 2025-02-01\ndarft: true\nkeywords: 自定义\n---\n正文。\n")
    r = site.run("check")
    [d] = only(r, "field-unknown")
    assert (d["file"], d["line"], d["severity"]) == ("content/articles/typo.md", 7, "warning")
    assert "draft" in d["message"] and "draft: true" in d["message"]
    assert site.run("check", "--strict").code == 1


def test_a_field_written_by_its_chinese_name_or_capitalized_is_named(site):
    """草稿: true, Draft: true, 标题: … are dropped as no field: the editor is told which field each
    stands for, and a required one missing is reported on the line where it was written."""
    rel = "content/articles/feedback.md"
    site.replace(rel, "title:", "标题:")
    site.replace(rel, "published: 2025-02-20", "发布时间: 2025-02-20\n草稿: true\nDraft: true\n日期: 2025-02-20\n备注: 无")
    r = site.run("check")
    hints = {d["line"]: d["message"] for d in r.find("field-unknown") if d["file"] == rel}
    for key, field in (("标题:", "title"), ("发布时间:", "published"), ("草稿:", "draft"), ("Draft:", "draft")):
        assert f"是否应为 {field} " in hints.pop(site.line_of(rel, key))
    assert hints == {}                     # 日期 (which date?) and 备注 (the site's own) get no guess
    missing = {d["line"]: d["message"] for d in r.find("field-missing") if d["file"] == rel}
    assert missing == {site.line_of(rel, "标题:"): missing[site.line_of(rel, "标题:")],
                       site.line_of(rel, "发布时间:"): missing[site.line_of(rel, "发布时间:")]}
    assert "title" in missing[site.line_of(rel, "标题:")] and "published" in missing[site.line_of(rel, "发布时间:")]


def test_every_field_name_and_label_stands_for_its_field():
    for key, f in FIELDS.items():
        assert meant(key, LABELS) == key and meant(key.upper(), LABELS) == key and meant(f.label, LABELS) == key


def test_a_site_without_content_keeps_the_previous_output(site):
    assert site.build("--no-search").code == 0
    before = sorted(p.name for p in site.out.iterdir())
    site.path.joinpath("content").rename(site.path / "content.off")
    r = site.build("--no-search")
    assert r.code == 2 and "content/" in r.find("config-invalid")[0]["message"]
    assert sorted(p.name for p in site.out.iterdir()) == before


def test_a_pagefind_that_hangs_is_stopped_but_one_that_works_is_left_alone(site, tmp_path, monkeypatch):
    """A Pagefind that no longer moves (it hung when the disk ran out of inodes: waiting in futexes,
    no CPU time) is ended after pagefind.STALL seconds, with a message, instead of the 30-minute
    timeout; one that computes as long as it needs is not."""
    from gongkai import pagefind
    monkeypatch.setattr(pagefind, "STALL", 2)
    assert site.build("--no-search").code == 0
    before = tree_digest(site.out)
    hung = tmp_path / "hung"
    hung.write_text("#!/bin/sh\nexec sleep 600\n")
    busy = tmp_path / "busy"
    busy.write_text(f"#!{sys.executable}\nimport sys, time\nend = time.monotonic() + 5\n"
                    "while time.monotonic() < end:\n    pass\nprint('worked', file=sys.stderr)\nsys.exit(3)\n")
    for fake in (hung, busy):
        fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(hung))
    t0 = time.monotonic()
    r = site.build()
    [d] = only(r, "search-failed")
    assert r.code == 2 and "没有进展" in d["message"] and time.monotonic() - t0 < 30, d
    assert tree_digest(site.out) == before
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(busy))
    r = site.build()
    [d] = only(r, "search-failed")
    assert r.code == 2 and "worked" in d["message"] and "没有进展" not in d["message"], d
    assert tree_digest(site.out) == before


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab:：\u00a0 \t-#\n", max_size=12), max_size=8), st.integers(0, 10))
def test_other_mistakes_name_only_lines_inside_the_front_matter_and_never_the_one_reported(lines, reported):
    from gongkai.frontmatter import other_mistakes
    text = "\n".join(["---", *lines, "---", "正文 a：b"])
    end = text.split("\n").index("---", 1) + 1
    found = other_mistakes(text, reported)
    assert all(1 < n < end and n != reported for n, _ in found) and len(found) <= 20
