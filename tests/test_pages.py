"""The built pages, read as a citizen's browser would: parsed HTML, not golden files."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from bs4 import BeautifulSoup

from gongkai import DEFAULT_LAYOUTS

META_NAMES = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ArticleTitle", "PubDate", "ContentSource")


@pytest.fixture
def built(site):
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics
    return site


def page(site, url: str) -> BeautifulSoup:
    return BeautifulSoup((site.out / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_a_page_per_document_at_the_contract_url(built):
    for url in ("policies/valid", "policies/old", "interpretations/valid", "consultations/c1",
                "articles/feedback", "reports/2024", "guide"):
        assert (built.out / url / "index.html").is_file(), url


def test_policy_page_shows_the_metadata_block(built):
    soup = page(built, "policies/valid")
    rows = {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True)
            for th in soup.select("table.gk-metadata th")}
    assert rows["索引号"] == "000000000/2025-00001"
    assert rows["主题分类"] == "行政规范性文件"
    assert rows["发文机关"] == "测试县人民政府"
    assert rows["成文日期"] == "2025年3月1日"
    assert rows["发文字号"] == "测府规〔2025〕1号"
    assert rows["发布日期"] == "2025年3月5日"
    assert rows["有效性"] == "现行有效"
    assert soup.h1.get_text(strip=True).startswith("测试县人民政府关于印发")
    assert not soup.select(".gk-banner"), "a valid policy has no status banner"


def test_policy_links_its_interpretation_and_back(built):
    policy = page(built, "policies/valid")
    link = policy.select_one(".gk-related--interpretation a")
    assert link.get_text(strip=True) == "《测试县养老服务补贴办法》解读"
    assert urljoin("/policies/valid/", link["href"]) == "/interpretations/valid/"
    interp = page(built, "interpretations/valid")
    back = interp.select_one(".gk-related--policy a")
    assert urljoin("/interpretations/valid/", back["href"]) == "/policies/valid/"


def test_repealed_policy_banner_comes_before_the_text_and_links_the_repealing_one(built):
    soup = page(built, "policies/old")
    banner = soup.select_one(".gk-banner")
    assert banner is not None and "gk-banner--repealed" in banner["class"]
    assert "已废止" in banner.get_text()
    body = soup.select_one(".gk-document__body")
    order = [e for e in soup.find_all(True) if e is banner or e is body]
    assert order == [banner, body]
    assert banner.find_previous("h1") is soup.h1, "the notice follows the title at once, before the metadata"
    assert banner.find_next("table", class_="gk-metadata") is not None
    assert urljoin("/policies/old/", banner.a["href"]) == "/policies/valid/"


def test_expired_by_date_gets_banner_and_effective_status(site):
    r = site.build("--no-search", today="2031-01-01")
    assert r.code == 0
    soup = page(site, "policies/valid")
    banner = soup.select_one(".gk-banner--expired")
    assert banner is not None and "失效" in banner.get_text() and "2030年3月4日" in banner.get_text()
    rows = {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True)
            for th in soup.select("table.gk-metadata th")}
    assert rows["有效性"] == "失效"
    data = {p["path"]: p for p in json.loads((site.out / "data/policies.json").read_text(encoding="utf-8"))}
    assert data["policies/valid.md"]["status"] == "现行有效"
    assert data["policies/valid.md"]["effective_status"] == "失效"


def test_amended_banner(site):
    site.replace("content/policies/old.md", "status: 已废止\nrepealed_by: policies/valid.md",
                 "status: 已修改\namended_by: policies/valid.md")
    assert site.build("--no-search").code == 0
    banner = page(site, "policies/old").select_one(".gk-banner--amended")
    assert banner is not None and "修改" in banner.get_text()
    assert urljoin("/policies/old/", banner.a["href"]) == "/policies/valid/"


def test_body_links_and_images_are_rewritten_and_files_published(built):
    soup = page(built, "policies/valid")
    img = soup.select_one(".gk-document__body img")
    assert img["alt"] == "补贴标准示意图: 每人每月一百元"
    assert urljoin("/policies/valid/", img["src"]) == "/images/chart.svg"
    assert (built.out / "images/chart.svg").is_file()
    a = soup.find("a", string="附件")
    assert urljoin("/policies/valid/", a["href"]) == "/files/form.csv"
    assert (built.out / "files/form.csv").read_bytes() == built.file("content/files/form.csv").read_bytes()
    interp = page(built, "interpretations/valid")
    a = interp.find("a", string="原文")
    assert urljoin("/interpretations/valid/", a["href"]) == "/policies/valid/"


def test_attachments_listed(built):
    soup = page(built, "policies/valid")
    link = soup.select_one(".gk-attachments a")
    assert link.get_text(strip=True) == "补贴申请表"
    assert urljoin("/policies/valid/", link["href"]) == "/files/form.csv"


def test_every_page_has_lang_meta_tags_and_only_relative_links(built):
    pages = sorted(p for p in built.out.rglob("*.html") if p.name != "404.html")   # 404: absolute by contract
    assert len(pages) >= 10
    for f in pages:
        soup = BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == "zh-CN", f
        names = {m.get("name"): m.get("content") for m in soup.find_all("meta") if m.get("name")}
        for name in META_NAMES:
            assert name in names, (f, name)
        assert names["SiteName"] == "测试县人民政府 政府信息公开"
        assert names["SiteDomain"] == "www.example.gov.cn"
        assert names["SiteIDCode"] == "5100000001"
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in soup.find_all(tag):
                value = el.get(attr)
                if not value or (tag == "link" and el.get("rel") == ["canonical"]):
                    continue
                assert not urlsplit(value).netloc and not value.startswith("/"), (f, value)


def test_document_meta_values(built):
    names = {m["name"]: m["content"] for m in page(built, "policies/valid").find_all("meta") if m.get("name")}
    assert names["ArticleTitle"].startswith("测试县人民政府关于印发")
    assert names["PubDate"] == "2025-03-05"
    assert names["ContentSource"] == "测试县人民政府"
    assert names["ColumnName"] == "行政规范性文件"


def test_relative_links_resolve_to_existing_files(built):
    """Every internal link of every page leads to a file of the output (works at / and under /zwgk/)."""
    for f in (p for p in built.out.rglob("*.html") if p.name != "404.html"):
        here = "/" + f.relative_to(built.out).as_posix()
        soup = BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser")
        for el in soup.find_all(["a", "img", "link"]):
            value = el.get("href") or el.get("src")
            if not value or urlsplit(value).scheme or value.startswith("#"):
                continue
            target = urlsplit(urljoin(here, value)).path.lstrip("/")
            path = built.out / target
            assert path.is_file() or (path / "index.html").is_file(), (here, value)


def test_home_has_the_four_blocks_and_catalog_lists(built):
    soup = page(built, "")
    headings = [h.get_text(strip=True) for h in soup.find_all("h2")]
    for block in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert block in headings
    guide = soup.find("h2", string="政府信息公开指南").find_next("a")
    assert guide.get_text(strip=True) == "政府信息公开指南"
    report = soup.find("h2", string="政府信息公开年报").find_next("a")
    assert "2024年政府信息公开工作年度报告" in report.get_text()
    listing = page(built, "catalog/zcwj")
    titles = [a.get_text(strip=True) for a in listing.select(".gk-doc-list__title")]
    assert len(titles) == 2 and titles[0].startswith("测试县人民政府关于印发《测试县养老服务补贴办法》")
    child = page(built, "catalog/zcwj/gfxwj")
    assert len(child.select(".gk-doc-list__item")) == 2


def test_list_pages_paginate(site):
    site.write("site.toml", site.read("site.toml") + "\n[build]\npage_size = 1\n")
    assert site.build("--no-search").code == 0
    assert (site.out / "catalog/zcwj/page/2/index.html").is_file()
    soup = page(site, "catalog/zcwj/page/2")
    assert soup.select_one(".gk-pager a[rel=prev]") is not None


def test_drafts_are_not_published(site):
    site.write("content/articles/d.md",
               "---\ntype: article\ntitle: 草稿文章\nissuer: 测试县\ncategory: yjzj\npublished: 2025-05-01\ndraft: true\n---\n正文\n")
    assert site.build("--no-search").code == 0
    assert not (site.out / "articles/d").exists()
    assert "草稿文章" not in (site.out / "feed.xml").read_text(encoding="utf-8")


def test_policies_json(built):
    data = json.loads((built.out / "data/policies.json").read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 2
    p = next(x for x in data if x["index_number"] == "000000000/2025-00001")
    assert p["url"] == "policies/valid/"
    assert p["interpretation_urls"] == ["interpretations/valid/"]
    assert p["effective_status"] == "现行有效"
    assert p["published"] == "2025-03-05" and p["written"] == "2025-03-01"
    assert p["normative"] is True and p["valid_until"] == "2030-03-04"
    assert p["valid_from"] == "2025-03-05", "valid_from defaults to published"
    assert p["subject"] == "行政规范性文件", "subject defaults to the catalog item's name (contract)"
    assert p["doc_number"] == "测府规〔2025〕1号" and p["issuer"] == "测试县人民政府"
    assert p["interpretation"] == "interpretations/valid.md"
    old = next(x for x in data if x["path"] == "policies/old.md")
    assert old["effective_status"] == "已废止" and old["repealed_by"] == "policies/valid.md"


def test_sitemap_and_feed(built):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "a": "http://www.w3.org/2005/Atom"}
    sitemap = ET.parse(built.out / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.findall("s:url/s:loc", ns)]
    assert "https://www.example.gov.cn/zwgk/policies/valid/" in locs
    assert "https://www.example.gov.cn/zwgk/" in locs
    assert all(l.startswith("https://www.example.gov.cn/zwgk/") for l in locs)
    feed = ET.parse(built.out / "feed.xml").getroot()
    entries = feed.findall("a:entry", ns)
    assert entries, "the feed lists the documents"
    first = entries[0]
    assert first.find("a:link", ns).get("href").startswith("https://www.example.gov.cn/zwgk/")
    assert re.match(r"\d{4}-\d{2}-\d{2}T", feed.find("a:updated", ns).text)
    assert "https://www.example.gov.cn/zwgk/search/" not in locs


def test_feed_and_sitemap_are_templates_escaped_as_xml(site):
    valid = site.read("content/policies/valid.md")
    title = valid.split("title: ")[1].split("\n")[0]
    site.write("content/policies/valid.md", valid.replace("title: " + title, "title: '" + title + ' <&> "引号"\'', 1))
    site.write("layouts/feed.xml", (DEFAULT_LAYOUTS / "feed.xml").read_text(encoding="utf-8").replace("<feed ", "<!-- 本站 -->\n<feed ", 1))
    assert site.build("--no-search").code == 0
    text = (site.out / "feed.xml").read_text(encoding="utf-8")
    assert "<!-- 本站 -->" in text                               # a site's layouts/ overrides the feed
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.text for e in ET.fromstring(text.encode()).findall("a:entry/a:title", ns)]
    assert title + ' <&> "引号"' in titles


def test_site_layouts_override_file_by_file(site):
    site.write("layouts/report.html", '{% extends "_document.html" %}{% block metadata %}<p id="custom">自定义年报模板</p>{% endblock %}')
    assert site.build("--no-search").code == 0
    assert page(site, "reports/2024").select_one("#custom").get_text() == "自定义年报模板"
    assert page(site, "policies/valid").select_one("table.gk-metadata") is not None


def test_site_static_folder_is_copied(site):
    site.write("static/robots.txt", "User-agent: *\n")
    assert site.build("--no-search").code == 0
    assert (site.out / "robots.txt").read_text() == "User-agent: *\n"


def test_raw_html_is_sanitized_even_when_unsafe_html_is_not_stopped(site):
    """The build stops on html-unsafe; the sanitizer is the second line of defence, tested directly."""
    import datetime as dt
    from gongkai.config import load_config
    from gongkai.markdown import render_bodies
    from gongkai.loading import load_site
    site.replace("content/guide.md", "依申请公开", '<p onclick="x()">点击</p><script>alert(1)</script>'
                 '<a href="javascript:alert(2)">链接</a><iframe src="https://evil.example/"></iframe>依申请公开')
    config, _ = load_config(site.path)
    loaded, _ = load_site(site.path, config, dt.date(2025, 6, 1))
    render_bodies(loaded)
    html = loaded.by_path["guide.md"].html
    assert "点击" in html and "依申请公开" in html
    for bad in ("<script", "onclick", "javascript:", "evil.example"):
        assert bad not in html


def test_chinese_and_space_in_file_names(site):
    site.write("content/通知 公告/第 1 号.md", "---\ntype: page\ntitle: 第一号通知\n---\n正文\n")
    site.replace("content/guide.md", "依申请公开", "见[第一号通知](通知 公告/第 1 号.md)。依申请公开")
    site.replace("content/guide.md", "见[第一号通知](通知 公告/第 1 号.md)", "见[第一号通知](<通知 公告/第 1 号.md>)")
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics
    assert (site.out / "通知 公告/第 1 号/index.html").is_file()
    a = page(site, "guide").find("a", string="第一号通知")
    assert " " not in a["href"]
    from urllib.parse import unquote
    assert unquote(urljoin("/guide/", a["href"])) == "/通知 公告/第 1 号/"
    locs = (site.out / "sitemap.xml").read_text(encoding="utf-8")
    assert "%E9%80%9A%E7%9F%A5%20%E5%85%AC%E5%91%8A/" in locs


def test_repealing_policy_lists_what_it_repeals(built):
    soup = page(built, "policies/valid")
    related = soup.select_one("#gk-related-h").find_parent("section")
    link = related.find("a")
    assert "本文件废止" in related.get_text() and urljoin("/policies/valid/", link["href"]) == "/policies/old/"


@given(st.one_of(st.text(max_size=8), st.lists(st.text(max_size=5), max_size=3),
                 st.lists(st.fixed_dictionaries({"title": st.text(max_size=5), "file": st.text(max_size=5)}), max_size=2)))
def test_no_csv_cell_starts_as_a_formula(value):
    """A list's joined cell was written as it came: =HYPERLINK(…) as an issuer, @SUM(…) as a topic."""
    from gongkai.opendata import FORMULA_START, _cell
    assert not _cell(value).startswith(FORMULA_START)


def test_policies_csv_opens_in_python_csv_as_the_json_does(built):
    import csv
    import io
    import json
    raw = (built.out / "data/policies.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    records = json.loads((built.out / "data/policies.json").read_text(encoding="utf-8"))
    assert len(rows) == len(records) > 0
    for row, rec in zip(rows, records):
        assert set(row) == set(rec)
        for key in ("title", "doc_number", "index_number", "published", "valid_until", "url", "effective_status"):
            assert row[key] == (rec[key] or ""), key
        assert row["normative"] == ("true" if rec["normative"] else "false")
        assert row["topics"] == "；".join(rec["topics"])


def test_catalog_json_is_the_tree_with_counts_and_last_updates(built):
    import json
    data = json.loads((built.out / "data/catalog.json").read_text(encoding="utf-8"))
    records = json.loads((built.out / "data/policies.json").read_text(encoding="utf-8"))

    def walk(items):
        for item in items:
            yield item
            yield from walk(item["children"])

    items = {i["code"]: i for i in walk(data["catalog"])}
    for code, item in items.items():
        assert (built.out / item["url"] / "index.html").is_file()
        assert item["documents"] >= sum(c["documents"] for c in item["children"])
    mine = [r for r in records if r["category"] == "zcwj.gfxwj" or r["category"].startswith("zcwj.gfxwj.")]
    assert items["zcwj.gfxwj"]["documents"] >= len(mine)
    assert items["zcwj.gfxwj"]["last_update"] == max(r["published"] for r in mine)
    home = (built.out / "index.html").read_text(encoding="utf-8")
    assert 'href="./data/policies.csv"' in home and 'href="./data/catalog.json"' in home


@pytest.mark.parametrize("today,feedback,state", [
    ("2025-01-01", False, "未开始"), ("2025-01-15", False, "征集中"), ("2025-02-01", False, "征集中"),
    ("2025-02-02", False, "已截止"), ("2025-02-20", True, "已公布采纳情况")])
def test_a_consultation_says_its_state_on_the_build_date(site, today, feedback, state):
    if not feedback:
        site.replace("content/consultations/c1.md", "feedback: articles/feedback.md\n", "")
    site.replace("content/consultations/c1.md", "published: 2025-01-02", "published: 2024-12-30")
    site.replace("content/policies/old.md", "repealed_by: policies/valid.md\n", "")
    r = site.build("--no-search", today=today)
    assert r.code == 0, r.diagnostics
    soup = page(site, "consultations/c1/")
    line = soup.select_one(".gk-consultation-state").get_text("", strip=True)
    assert line.startswith(state), line
    rows = {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True)
            for th in soup.select(".gk-metadata th[scope=row]")}
    assert rows.get("征集状态") == state
    if feedback:
        assert soup.select_one(".gk-consultation-state a")["href"].endswith("articles/feedback/")
        back = page(site, "articles/feedback/").select_one(".gk-related a")
        assert back["href"].endswith("consultations/c1/")


def test_chains_are_sentences_on_both_policies_and_their_interpretations(site):
    site.replace("content/policies/valid.md", "topics: [养老服务]", "topics: [养老服务]\nreplaces: [policies/old.md]")
    assert site.build("--no-search").code == 0

    def sentences(url):
        section = page(site, url).select_one("#gk-related-h")
        return [li.get_text("", strip=True) for li in section.find_parent("section").select("li")] if section else []

    old_title = site.read("content/policies/old.md").split("title: ")[1].split("\n")[0]
    new_title = site.read("content/policies/valid.md").split("title: ")[1].split("\n")[0]
    quoted = lambda t: "《" + t.replace("《", "〈").replace("》", "〉") + "》"     # noqa: E731
    assert sentences("policies/valid") == [f"本文件废止了{quoted(old_title)}。已废止"]     # one sentence, not two
    assert sentences("policies/old") == [f"本文件已被{quoted(new_title)}废止。"]
    assert sentences("interpretations/valid") == [f"所解读的文件废止了{quoted(old_title)}。已废止"]
    assert sentences("interpretations/old") == [f"所解读的文件已被{quoted(new_title)}废止。"]


def library_rows(site, table_index=None):
    soup = page(site, "gfxwj")
    tables = soup.select("table.gk-library")
    current = [t for t in tables if "现行有效" in t.caption.get_text()]
    ended = [t for t in tables if "不再按原文施行" in t.caption.get_text()]

    def rows(ts):
        return [[c.get_text("", strip=True) for c in tr.find_all(["th", "td"])] for t in ts for tr in t.tbody.find_all("tr")]
    return soup, rows(current), rows(ended)


@pytest.mark.parametrize("today,said", [("2025-02-02", "将在截止后一个月内、最迟于 2025年3月1日公布。"),
                                        ("2025-03-01", "将在截止后一个月内、最迟于 2025年3月1日公布。"),
                                        ("2025-03-02", "尚待公布。")])
def test_a_closed_consultation_promises_feedback_only_until_its_day(site, today, said):
    """After the month (closes 2025-02-01) the page promised 一个月内公布 still; it says 尚待公布."""
    site.replace("content/consultations/c1.md", "feedback: articles/feedback.md\n", "")
    site.replace("content/consultations/c1.md", "published: 2025-01-02", "published: 2024-12-30")
    site.replace("content/policies/old.md", "repealed_by: policies/valid.md\n", "")
    r = site.build("--no-search", today=today)
    assert r.code == 0 and bool(r.find("consultation-feedback-overdue")) == (said == "尚待公布。")
    soup = page(site, "consultations/c1/")
    line = soup.select_one(".gk-consultation-state").get_text("", strip=True)
    assert line == "已截止：本次意见征集已于 2025年2月1日 截止，意见采纳情况" + said, line
    feedback = soup.select_one("#gk-feedback-h").find_next_sibling("p").get_text(strip=True)
    assert feedback == ("尚未公布。" if said == "尚待公布。" else "征集结束后一个月内公布意见采纳情况。")


def test_the_normative_library_lists_documents_in_force_and_those_ended(site):
    assert site.build("--no-search", today="2025-06-01").code == 0
    soup, current, ended = library_rows(site)
    valid = site.read("content/policies/valid.md")
    title = valid.split("title: ")[1].split("\n")[0]
    assert [title, "测府规〔2025〕1号", "2025-03-01", "2025-03-05", "2030-03-04"] in current
    assert all(th["scope"] == "col" for th in soup.select("table.gk-library thead th"))
    assert soup.select_one("table.gk-library caption") is not None
    assert any(r[0].startswith(site.read("content/policies/old.md").split("title: ")[1].split("\n")[0]) and "已废止" in r
               and r[-1].startswith("由") and r[-1].endswith("废止") for r in ended), ended
    nav = [a.get_text(strip=True) for a in page(site, "policies/valid").select("nav a")]
    assert "规范性文件统一查询" in nav
    # the day after valid_until, the document has left the table of documents in force
    assert site.build("--no-search", today="2030-03-05").code == 0
    _, current, ended = library_rows(site)
    assert not any(r[0] == title for r in current)
    assert [title, "测府规〔2025〕1号", "失效", "2030-03-05", "有效期届满"] in ended


def test_an_issuer_is_one_filter_value_whatever_quotes_or_stops_surround_it(site):
    """云溪县人民政府。 and “云溪县人民政府” were 发文机关 of their own; 甲、乙 in one text is a joint document."""
    site.replace("content/policies/valid.md", "issuer: 测试县人民政府", "issuer: “测试县人民政府”。")
    site.replace("content/policies/old.md", "issuer: 测试县人民政府", "issuer: 测试县人民政府、测试县民政局")
    assert site.build("--no-search", today="2025-03-20").code == 0
    for url, filters in (("policies/valid", ["测试县人民政府"]), ("policies/old", ["测试县人民政府", "测试县民政局"])):
        html = (site.out / url / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'data-pagefind-filter="发文机关:([^"]*)"', html) == filters, url
    rows = {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True)
            for th in page(site, "policies/valid").select(".gk-metadata th[scope=row]")}
    assert rows["发文机关"] == "测试县人民政府"
    options = [o.get_text() for o in page(site, "gfxwj").select("#gk-lib-issuer option")]
    assert options == ["全部", "测试县人民政府", "测试县民政局"], options


def test_the_library_page_is_dated_by_its_newest_document(site):
    """Its PubDate was empty."""
    assert site.build("--no-search").code == 0
    assert page(site, "gfxwj").select_one('meta[name="PubDate"]')["content"] == "2025-03-05"


def test_the_library_goes_by_the_days_documents_take_effect_and_end(site):
    """In force on the build date: a document whose 施行日期 is to come is listed apart, one repealed
    from a day to come is still in force (both were the other way round), an amended one past its
    有效期 has ended, and a 失效 declared early has no day in the future."""
    old_title = site.read("content/policies/old.md").split("title: ")[1].split("\n")[0]
    new_title = site.read("content/policies/valid.md").split("title: ")[1].split("\n")[0]
    site.replace("content/policies/old.md", "valid_until: 2025-03-04", "valid_until: 2026-03-04")
    site.replace("content/policies/valid.md", "status: 现行有效", "status: 现行有效\nvalid_from: 2025-04-01")
    assert site.build("--no-search", today="2025-03-20").code == 0
    soup, current, ended = library_rows(site)
    assert [r[0] for r in current] == [f"{old_title}（2025-04-01 起废止）"] and ended == []
    pending = [[c.get_text("", strip=True) for c in tr.find_all(["th", "td"])]
               for tr in soup.select("section[aria-labelledby=gk-lib-pending] tbody tr")]
    assert pending == [[new_title, "测府规〔2025〕1号", "2025-03-01", "2025-04-01", "2030-03-04"]]
    assert "现行有效的行政规范性文件共 1 件" in soup.select_one(".gk-lead").get_text()
    assert "本文件将于 2025年4月1日起废止，此前继续施行。" in page(site, "policies/old").select_one(".gk-banner").get_text()
    assert site.build("--no-search", today="2025-04-01").code == 0
    soup, current, ended = library_rows(site)
    assert [r[0] for r in current] == [new_title] and [r[:4] for r in ended] == [
        [old_title, "测府规〔2020〕1号", "已废止", "2025-04-01"]]
    assert soup.select_one("section[aria-labelledby=gk-lib-pending]") is None
    # amended, then past its 有效期: ended (it was listed as in force, as amended)
    site.replace("content/policies/old.md", "status: 已废止\nrepealed_by:", "status: 已修改\namended_by:")
    assert site.build("--no-search", today="2026-03-05").code == 0
    _, current, ended = library_rows(site)
    assert [r[0] for r in current] == [new_title]
    assert [old_title, "测府规〔2020〕1号", "失效", "2026-03-05", "有效期届满"] in ended
    # declared 失效 before its 有效期至: no day to come is given
    site.replace("content/policies/old.md", "status: 已修改\namended_by: policies/valid.md", "status: 失效")
    assert site.build("--no-search", today="2026-01-05").code == 0
    _, _, ended = library_rows(site)
    assert [old_title, "测府规〔2020〕1号", "失效", "", ""] in ended


def test_the_annual_report_numbers_come_from_the_library(site):
    # the fixture's normative policies: old (written 2020, repealed by valid from 2025-03-05),
    # valid (written 2025-03-01, from 2025-03-05, until 2030-03-04); a hand count for 2025 and 2024
    site.write("content/reports/2025.md", site.read("content/reports/2024.md").replace("year: 2024", "year: 2025")
               + "\n## 二、主动公开政府信息情况\n\n说明。\n\n## 三、其他\n\n其他。\n")
    assert site.build("--no-search", today="2026-01-20").code == 0

    def numbers(url):
        soup = page(site, url)
        table = soup.select_one("table.gk-report-table")
        row = [td.get_text() for td in table.find_all("tr")[-1].find_all("td")]
        return table, [int(x) for x in row]

    table, got = numbers("reports/2025")
    assert got == [1, 1, 1]                   # issued: valid; repealed: old; in force on 2025-12-31: valid
    assert "主动公开政府信息情况" in table.find_previous("h2").get_text()
    _, got = numbers("reports/2024")
    assert got == [0, 0, 1]                   # in force on 2024-12-31: old (valid_until 2025-03-04)


def test_one_url_per_list_a_folder_page_links_the_catalog_list_it_would_repeat(site):
    site.write("content/policies/_index.md", "---\ntype: page\ntitle: 政策文件\n---\n\n本县政策文件。\n")
    site.write("content/interpretations/_index.md", "---\ntype: page\ntitle: 解读\n---\n\n本县政策解读。\n")
    site.write("content/guides/_index.md", "---\ntype: page\ntitle: 办事\n---\n\n办事须知。\n")
    site.write("content/guides/hours.md", "---\ntype: page\ntitle: 办公时间\n---\n\n工作日上午九时至下午五时。\n")
    assert site.build("--no-search").code == 0
    policies = page(site, "policies")
    section = policies.find("h2", string="本栏目文档").parent
    assert [a["href"] for a in section.find_all("a")] == ["../catalog/zcwj/gfxwj/"]   # the list lives there only
    assert "（2）" in section.get_text()
    assert [a["href"] for a in page(site, "interpretations").find("h2", string="本栏目文档").parent.find_all("a")] \
        == ["../zcjd/"]
    guides = page(site, "guides").find("h2", string="本栏目文档").parent      # not in any list: listed here
    assert [a.get_text(strip=True) for a in guides.select(".gk-doc-list__title")] == ["办公时间"]
    # the home repeats no document: each block its own, folder pages of catalogued documents not under 其他
    home = page(site, "")
    hrefs = [a["href"] for a in home.main.find_all("a") if not a.find_parent(class_="gk-lead")]
    assert len(hrefs) == len(set(hrefs)), sorted(h for h in hrefs if hrefs.count(h) > 1)
    assert "policies/" not in hrefs and "interpretations/" not in hrefs and "guides/" in hrefs


def test_breadcrumbs_follow_the_catalog_tree(built):
    crumbs = lambda url: [a.get_text(strip=True) for a in page(built, url).select(".gk-breadcrumbs a")]  # noqa: E731
    assert crumbs("policies/valid") == ["首页", "政策文件", "行政规范性文件"]
    assert crumbs("catalog/zcwj/gfxwj") == ["首页", "政策文件"]
    assert crumbs("interpretations/valid") == ["首页", "政策解读"]
    assert crumbs("gfxwj") == ["首页"]
