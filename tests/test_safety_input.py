"""Input past sensible ranges, deep or pathological bodies, `new` with hostile arguments,
control characters: always a diagnostic and a clean exit, never a traceback or a hang."""
from __future__ import annotations

import io
import re
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from gongkai.cli import main
from gongkai.frontmatter import parse


@pytest.mark.parametrize("rel, old, new, key", [
    ("content/consultations/c1.md", "closes: 2025-02-01", "closes: 9999-12-31", "closes"),
    ("content/policies/valid.md", "published: 2025-03-05", "published: 2025-03-05\nvalid_from: 9999-06-01",
     "valid_from"),
    ("content/policies/valid.md", "written: 2025-03-01", "written: 0001-01-01", "written"),
    ("content/reports/2024.md", "year: 2024", "year: 99999999999999999999", "year"),
    ("content/reports/2024.md", "year: 2024", "year: 0x" + "f" * 4000, "year"),
])
def test_dates_and_numbers_out_of_range_are_field_invalid(site, rel, old, new, key):
    site.replace(rel, old, new)
    r = site.build("--no-search")
    assert r.code == 1
    found = [d for d in r.find("field-invalid") if d["file"] == rel]
    assert found and found[0]["line"] == site.line_of(rel, key + ":")
    assert len(found[0]["message"]) < 300


@pytest.mark.parametrize("line", ["max_validity_years = 8000", "max_validity_years = 0"])
def test_config_numbers_out_of_range(site, line):
    site.write("site.toml", site.read("site.toml") + f"\n[policy]\n{line}\n")
    r = site.run("check")
    assert r.code == 2
    [d] = r.find("config-invalid")
    assert d["line"] == site.line_of("site.toml", line) and "1 至 100" in d["message"]


def test_update_days_out_of_range_is_on_its_own_line(site):
    site.replace("site.toml", "update_days = 365", "update_days = 99999999")
    r = site.run("check")
    assert r.code == 2
    [d] = r.find("config-invalid")
    assert d["line"] == site.line_of("site.toml", "update_days") and "update_days" in d["message"]


def test_site_toml_with_a_huge_number_is_config_invalid(site):
    site.write("site.toml", site.read("site.toml") + "\n[build]\npage_size = 1" + "0" * 5000 + "\n")
    r = site.run("check")
    assert r.code == 2 and r.find("config-invalid")


@pytest.mark.parametrize("depth", [100, 300, 400, 450, 480, 495, 600, 5000])
def test_deeply_nested_arrays_in_site_toml_are_never_a_traceback(site, depth):
    """As deep as tomllib reads (a few hundred) the value is an unknown key's, passed over with a
    warning; deeper, site.toml is config-invalid. Nothing that looks at the parsed values recurses."""
    site.write("site.toml", site.read("site.toml") + "\n[extra]\nx = " + "[" * depth + "]" * depth + "\n")
    r = site.run("check")
    assert (r.code, r.codes()) in ((0, {"config-unknown"}), (2, {"config-invalid"})), (depth, r.codes())


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31", "20250601", "2025-6-1"])
def test_today_out_of_range_is_a_usage_error(site, today):
    r = site.run("check", today=today)
    assert r.code == 2
    [d] = r.diagnostics
    assert d["code"] == "usage-invalid" and "--today" in d["message"]


@pytest.mark.parametrize("body", [
    "".join("    " * i + "- 第{}层\n".format(i) for i in range(400)),
    "> " * 500 + "引用\n",
    "<div>" * 200 + "正文" + "</div>" * 200,
    "<b>" * 5000 + "正文",
    '<a href="x" ' * 20000,                    # tags that never end: html.parser read on 148 s
    "<!--" * 20000,
    "``a`" * 10000,                             # code spans in one block: Python-Markdown is quadratic in them
    "[a](" * 4000,                              # links that never close
])
def test_deep_bodies_are_body_too_deep(site, body):
    site.write("content/deep.md", f"---\ntype: page\ntitle: 深层\n---\n\n{body}\n")
    r = site.build("--no-search")
    assert r.code == 1
    [d] = r.find("body-too-deep")
    assert d["file"] == "content/deep.md" and d["line"] == 5


def test_moderate_nesting_is_fine(site):
    body = "".join("    " * i + f"- 第{i}层\n" for i in range(8)) + "\n" + "<div>" * 20 + "正文" + "</div>" * 20
    site.write("content/nested.md", f"---\ntype: page\ntitle: 嵌套\n---\n\n{body}\n")
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics
    assert "第7层" in (site.out / "nested/index.html").read_text(encoding="utf-8")


def test_a_megabyte_of_nested_html_is_refused_in_bounded_time(site):
    n = 1_000_000 // 11
    site.write("content/huge.md", "---\ntype: page\ntitle: 巨大\n---\n\n" + "<div>" * n + "x" + "</div>" * n + "\n")
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--site", str(site.path),
                           "--today", "2025-06-01"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 1 and "[body-too-deep]" in proc.stdout and "Traceback" not in proc.stderr


def _new(site, *args):
    out, err = io.StringIO(), io.StringIO()
    return main(["new", *args, "--site", str(site.path), "--today", "2025-05-20"], stdout=out, stderr=err), err.getvalue()


@pytest.mark.parametrize("slug", ["../../../x", "../escape", "a/b", "/tmp/abs", ".hidden", "a\\b", "x\ny"])
def test_new_refuses_slugs_that_leave_content(site, slug, tmp_path):
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    code, err = _new(site, "policy", "--slug", slug)
    assert code == 2 and "--slug" in err
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("title", ["办法\ndraft: true", "办法: 试行", "#1 号文件", "'引号\"", "- 列表", "[2026]1号",
                                   "a: b\ncategory: x", "&anchor *alias", "%YAML", "null", "true", "2026-01-01",
                                   "关于印发《办法》的通知：试行", "  前后空格  ", "tab\there"])
def test_new_writes_any_title_without_injecting_keys(site, title):
    code, err = _new(site, "policy", "--title", title, "--slug", "t")
    assert code == 0, err
    for rel in ("content/policies/t.md", "content/interpretations/t.md"):
        fm = parse(site.read(rel))
        assert "draft" not in fm.data and fm.data.get("category") in (None, "【待填写】")
        assert isinstance(fm.data["title"], str)
        assert " ".join(title.split()) in fm.data["title"]


def test_control_characters_are_removed_from_feed_and_sitemap_with_a_warning(site):
    site.replace("content/policies/valid.md", "title: 测试县人民政府关于印发",
                 "title: 测试县人民政府\x01关于\x1b印发")
    site.write("content/x\x7fy.md", "---\ntype: page\ntitle: 控制\x0b字符\n---\n正文\x0c内容\n")
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics
    warned = {(d["file"], d["line"]) for d in r.find("control-character")}
    assert ("content/policies/valid.md", 3) in warned
    assert all(d["severity"] == "warning" for d in r.find("control-character"))
    for name in ("feed.xml", "sitemap.xml"):
        ET.parse(site.out / name)             # well-formed, or this raises
    feed = (site.out / "feed.xml").read_text(encoding="utf-8")
    assert "测试县人民政府关于印发" in feed
    page = (site.out / "policies/valid/index.html").read_text(encoding="utf-8")
    assert "\x01" not in page and "\x1b" not in page


def test_check_finishes_quickly_on_many_pathological_links(site):
    body = "".join(f"[链接{i}](http://[::{i}) " for i in range(2000))
    site.write("content/links.md", f"---\ntype: page\ntitle: 链接\n---\n\n{body}\n")
    t0 = time.monotonic()
    r = site.run("check")
    assert r.code == 1 and len(r.find("link-broken")) == 2000
    assert time.monotonic() - t0 < 60, "a bound against a hang, not a timing"


QUADRATIC = {      # shapes of text on which Python-Markdown takes minutes
    "footnote references": "见注释[^1]。" * 3000 + "\n\n[^1]: 注释。",
    "unclosed image brackets": "![" * 8000,
    "nested link brackets": "[" * 6000 + "链接" + "](x.md)" * 6000,
    "open inline tags": "<b><i>" * 30000 + "正文",
    "open spans": "<span>" * 150000,
    "stray end tags": "\n\n".join("x" + "".join(f"<b a={i}></i>" for i in range(p * 1000, p * 1000 + 1000))
                                    for p in range(30)),
}


@pytest.mark.parametrize("shape", QUADRATIC)
def test_bodies_python_markdown_is_slow_on_are_refused_at_once(site, shape):
    site.write("content/slow.md", f"---\ntype: page\ntitle: 慢\n---\n\n{QUADRATIC[shape]}\n")
    t0 = time.monotonic()
    r = site.run("check")
    assert time.monotonic() - t0 < 20, "a bound against a hang, not a timing"
    assert r.code == 1
    [d] = r.find("body-too-deep")
    assert d["file"] == "content/slow.md" and d["line"] == 5


def test_long_tables_of_links_and_many_footnotes_are_fine(site):
    rows = "".join(f"| [文件{i}](policies/valid.md) | [解读{i}](interpretations/valid.md) |\n" for i in range(1500))
    notes = "".join(f"第{i}条[^{i}]。\n\n" for i in range(300)) + "".join(f"[^{i}]: 注{i}。\n" for i in range(300))
    body = "| 文件 | 解读 |\n|---|---|\n" + rows + "\n" + notes
    site.write("content/catalogue.md", f"---\ntype: page\ntitle: 目录\n---\n\n{body}\n")
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics[:3]
    html = (site.out / "catalogue/index.html").read_text(encoding="utf-8")
    assert "文件1499" in html and "注299" in html


def test_a_body_past_the_time_budget_is_reported_not_waited_for():
    from gongkai import markdown as md
    from gongkai.limits import time_budget, TooSlow
    with pytest.raises(TooSlow):
        with time_budget(0.2):
            while True:
                pass
    md._init_worker()
    assert md._convert("正文 [链接](a.md)")[0].startswith("<p>正文")


@pytest.mark.parametrize("url", ["https://[::1/", "https://example.gov.cn:99999/", "https://a b.gov.cn/",
                                 "https://example.gov.cn/zwgk/?x=/", "ftp://example.gov.cn/"])
def test_base_url_that_no_browser_reads_as_meant_is_config_invalid(site, url):
    site.replace("site.toml", 'base_url = "https://www.example.gov.cn/zwgk/"', f'base_url = "{url}"')
    r = site.run("check")
    assert r.code == 2
    [d] = r.find("config-invalid")
    assert "base_url" in d["message"] and d["line"] == site.line_of("site.toml", "base_url")


def test_control_characters_in_site_toml_are_removed_with_a_warning(site):
    site.replace("site.toml", 'title = "', 'title = "\\u0007')
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics
    [d] = r.find("control-character")
    assert d["file"] == "site.toml" and d["line"] == site.line_of("site.toml", "title =")
    assert "\x07" not in (site.out / "feed.xml").read_text(encoding="utf-8")


def test_file_names_that_are_no_text_are_skipped_with_a_warning(site):
    os.makedirs(os.fsencode(site.path / "content") + b"/files\xfe", exist_ok=True)
    for name in (b"/a\xff.md", b"/files\xfe/x.pdf", "/b\nc.pdf".encode()):
        with open(os.fsencode(site.path / "content") + name, "wb") as f:
            f.write(b"---\ntype: page\ntitle: x\n---\n")
    site.write("content/files/正常文件.pdf", b"%PDF-1.4")
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics
    skipped = r.find("file-skipped")
    assert len(skipped) == 3 and all("\ufffd" in d["file"] and "\n" not in d["file"] for d in skipped)
    assert (site.out / "files/正常文件.pdf").is_file()


@pytest.mark.parametrize("slug", ["a#b", "a: b", "a\u2028b", "a\u2029draft: true", "长" * 70, "x" * 200, "-a",
                                  "a b"])
def test_new_refuses_slugs_that_could_break_a_path_or_yaml(site, slug, tmp_path):
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    code, err = _new(site, "policy", "--slug", slug)
    assert code == 2 and "--slug" in err and "Traceback" not in err
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("slug", ["2026-jiuye-butie", "就业补贴办法", "v1.2_draft"])
def test_new_accepts_ordinary_slugs(site, slug):
    code, err = _new(site, "policy", "--slug", slug)
    assert code == 0, err
    assert parse(site.read(f"content/policies/{slug}.md")).data["interpretation"] == f"interpretations/{slug}.md"


@pytest.mark.parametrize("value", ["9" * 5000, "[1, {b: " + "7" * 5000 + "}]", "&a [*a, " + "8" * 4400 + "]"])
def test_a_number_too_long_for_python_is_reported_on_its_line(site, value):
    """Python refuses to read an integer of more than 4,300 digits: the editor is sent to that line,
    also inside a list, and through a recursive alias (walked once)."""
    site.replace("content/policies/valid.md", "written: 2025-03-01", "written: 2025-03-01\nextra: " + value)
    r = site.run("check")
    found = [d for d in r.find("frontmatter-invalid") if d["file"] == "content/policies/valid.md"]
    assert r.code == 1 and len(found) == 1
    assert found[0]["line"] == site.line_of("content/policies/valid.md", "extra:")
    assert "位数过多" in found[0]["message"] and len(found[0]["message"]) < 300


def test_a_yaml_alias_bomb_is_reported_without_being_expanded(site):
    lines = ["---", "type: page", "title: 炸弹", 'a: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join(["*" + prev] * 9) + "]")
    site.write("content/bomb.md", "\n".join(lines + ["published: *i", "draft: *i", "---", "正文"]) + "\n")
    t0 = time.monotonic()
    r = site.run("check")
    assert time.monotonic() - t0 < 20, "a bound against a hang, not a timing"
    assert r.code == 1
    found = [d for d in r.find("field-invalid") if d["file"] == "content/bomb.md"]
    assert found and all(len(d["message"]) < 300 for d in found)


@pytest.mark.parametrize("template, command", [("{{ nosuchvar }}", "build"), ("{% if %}", "check"),
                                               ('{% include "nothere.html" %}', "build")])
def test_a_broken_site_template_is_a_diagnostic_not_a_traceback(site, template, command):
    site.write("layouts/article.html", template)
    r = site.run(command, *(["--no-search"] if command == "build" else []))
    assert r.code == 1 and "Traceback" not in r.stderr
    [d] = r.find("template-invalid")
    assert d["file"] == "layouts/article.html" and d["line"] == 1
    assert not site.out.exists()


@pytest.mark.parametrize("path", ["content/feed.xml.md", "content/guide", "content/assets/gongkai.css/a.csv",
                                  "static/404.html/a.csv"])
def test_a_path_that_would_be_a_file_and_a_folder_is_found_by_check(site, path):
    text = "---\ntype: page\ntitle: 冲突\n---\n正文\n" if path.endswith(".md") else "a,b\n"
    site.write(path, text)
    r = site.run("check")
    found = r.find("duplicate") + r.find("file-conflict")
    assert found and any(path in (d["file"], d["message"]) or path in d["message"] for d in found), r.diagnostics
    b = site.build("--no-search")
    assert "output-failed" not in b.codes() and "Traceback" not in b.stderr


def test_a_named_pipe_as_site_toml_is_config_invalid_not_a_hang(site):
    site.file("site.toml").unlink()
    os.mkfifo(site.file("site.toml"))
    r = site.run("check")
    assert r.code == 2 and r.find("config-invalid")


THEME = ROOT / "gongkai/theme"


def test_every_id_of_the_theme_is_one_a_body_cannot_take():
    """The theme's own ids (skip link target, headings that label regions, search and form controls)
    are `main` or begin with `gk-`: the ones a document's body may not use (see the next test)."""
    from gongkai.sanitize import reserved_id
    ids = {m for path in THEME.rglob("*.html") for m in re.findall(r'\bid="([^"{]+)"', path.read_text(encoding="utf-8"))}
    assert "main" in ids and "gk-history-h" in ids
    assert all(reserved_id(i) for i in ids), sorted(i for i in ids if not reserved_id(i))


def test_a_body_cannot_take_the_pages_ids_nor_repeat_its_own(site):
    """An id written in a body (raw HTML, {#…}, a heading named like one) that the theme uses, or that
    the body already used, is dropped: the page keeps one element per id, and the history section's
    aria-labelledby still names its own heading."""
    from bs4 import BeautifulSoup
    from test_accessibility import nu_check
    site.replace("content/policies/valid.md", "\n\n", "\n\n<p id=\"main\">甲</p>\n\n<h2 id=\"gk-q\">乙</h2>\n\n"
                 "<p id=\"gk-history-h\">丙</p>\n\n<p id=\"same\">丁</p>\n\n<p id=\"same\">戊</p>\n\n"
                 "## 第二节 {#gk-latest-h}\n\n## main\n\n", )
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics
    page = site.out / "policies/valid/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert soup.find(id="main").name == "main"
    history = soup.find(attrs={"aria-labelledby": "gk-history-h"})
    assert history is not None and soup.find(id="gk-history-h").name.startswith("h")
    assert soup.find(id="same").get_text() == "丁" and "甲" in soup.get_text() and "戊" in soup.get_text()
    proc = nu_check([page])
    assert proc.returncode == 0, proc.stderr[:2000]


@given(st.text(alphabet="ab\n\x00\x0b\x1f中", max_size=60), st.integers(1, 5))
def test_control_lines_are_the_lines_holding_a_control_character_found_in_one_pass(text, limit):
    """Each line searched once (a 1 MB file of NUL bytes took 245 s: the newlines before each of its
    million characters were counted again from the start)."""
    from gongkai.text import CONTROL_RE, control_lines
    expected = [n for n, line in enumerate(text.split("\n"), 1) if CONTROL_RE.search(line)]
    assert control_lines(text) == expected and control_lines(text, limit) == expected[:limit]


def test_a_direction_override_in_a_title_or_a_file_name_is_dropped_and_said(site):
    """U+202E made a title read backwards on screen (and a file name hide its true extension)."""
    site.replace("content/articles/feedback.md", "title: 意见采纳情况", "title: 意见采纳\u202e情况")
    site.write("content/files/表格\u202egpj.exe", "x")
    r = site.build("--no-search")
    [d] = r.find("control-character")
    assert d["file"] == "content/articles/feedback.md" and d["line"] == 3
    assert [x["file"] for x in r.find("file-skipped")] == ["content/files/表格\ufffdgpj.exe"]
    html = (site.out / "articles/feedback/index.html").read_text(encoding="utf-8")
    assert "\u202e" not in html and "意见采纳情况" in html
    assert not (site.out / "files" / "表格\u202egpj.exe").exists()


def test_a_body_too_long_is_told_to_go_as_an_attachment_not_to_close_its_tags(site):
    site.write("content/long.md", "---\ntype: page\ntitle: 很长\n---\n\n" + ("这是很长的一段正文。" * 20 + "\n\n") * 5100)
    [d] = site.run("check").find("body-too-deep")
    assert "附件" in d["message"] and "未闭合" not in d["message"], d["message"]


def test_no_message_carries_a_control_character_to_the_terminal(site):
    """A link to ../a%1b]0;x%07/ put ESC ] 0 ; … BEL (a terminal's title escape) into the message."""
    site.write("content/articles/feedback.md", site.read("content/articles/feedback.md")
               + "\n[x](../a%1b]0;pwned%07b/)\n\n[y](../c%0ad%e2%80%aee/)\n")
    r = site.run("check", fmt="text")
    printed = r.stdout + r.stderr
    assert "pwned" in printed and not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", printed), printed
    found = site.run("check").find("link-broken")
    assert len(found) == 2 and all(not re.search("[\x00-\x1f\u202e]", d["message"]) for d in found), found


def test_an_interpretation_too_deep_to_render_is_told_that_alone(site):
    """Its body is not rendered, so its ## headings are not seen: the section checks said five times
    that headings written right were 'in a code block, indented or in a list'. body-too-deep says what
    to change; the sections are checked once the body renders."""
    site.replace("content/interpretations/valid.md", "## 政策背景", "<b>" * 5000 + "\n\n## 政策背景")
    r = site.build("--no-search")
    assert r.code == 1
    [d] = r.find("body-too-deep")
    assert d["file"] == "content/interpretations/valid.md"
    assert not [x for x in r.diagnostics if x["code"].startswith("interpretation-section")], r.diagnostics
