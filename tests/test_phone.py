"""Pages a senior can use on a phone (issue 6, first part): where the title starts, nothing that
breaks inside a document number or a date, tables that scroll on their own, the notice on an
outdated interpretation, the footer, the 落款, full-width punctuation, 404.html."""
from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup

from browser import chromium, serve, wait_js
from conftest import ROOT
from gongkai import DEFAULT_LAYOUTS

LAYOUTS = DEFAULT_LAYOUTS

DOCUMENT_TYPES = ("policies", "interpretations", "articles", "consultations", "reports")


def soup_of(out, url: str) -> BeautifulSoup:
    return BeautifulSoup((out / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def document_urls(out) -> list[str]:
    return sorted(p.parent.relative_to(out).as_posix() + "/" for t in DOCUMENT_TYPES
                  for p in (out / t).glob("*/index.html"))


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def test_on_a_phone_every_title_starts_in_the_top_half_and_nothing_scrolls_sideways(example_out, browser):
    urls = document_urls(example_out)
    assert len(urls) > 15
    with serve(example_out, "zwgk") as base:
        page = browser.new_page(viewport={"width": 375, "height": 740})
        for url in urls:
            page.goto(base + url)
            top = page.locator("h1").bounding_box()["y"]
            assert top < 370, (url, top)
            assert page.locator("h1").evaluate("e => getComputedStyle(e).textAlign") in ("start", "left")
        page.set_viewport_size({"width": 320, "height": 640})
        for url in ["", "zcjd/", "search/", *urls]:
            page.goto(base + url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, url


def test_wide_body_tables_scroll_in_a_labelled_focusable_region(example_out, browser):
    soup = soup_of(example_out, "reports/2025-ndbg")
    regions = soup.select(".gk-document__body .gk-table")
    assert regions and all(r["role"] == "region" and r["tabindex"] == "0" and r["aria-label"] for r in regions)
    assert all(t.parent.get("class") == ["gk-table"] for t in soup.select(".gk-document__body table"))
    with serve(example_out) as base:
        page = browser.new_page(viewport={"width": 320, "height": 640})
        page.goto(base + "reports/2025-ndbg/")
        region = page.locator(".gk-table:has(tr > :nth-child(8))").first      # the 8-column table
        assert region.evaluate("e => e.scrollWidth > e.clientWidth"), "the 8-column table is wider than a phone"
        region.focus()
        page.keyboard.press("ArrowRight")
        # the keyboard scrolls the table (smoothly: wait for it)
        wait_js(page, "() => [...document.querySelectorAll('.gk-table')].some(t => t.scrollLeft > 0)",
                               timeout=3000)


def test_numbers_dates_and_tags_never_break_inside(example_out, browser):
    with serve(example_out) as base:
        page = browser.new_page(viewport={"width": 320, "height": 640})
        for url in ("catalog/zcwj/", "zcjd/", "policies/2024-dibao-shenhe-banfa/"):
            page.goto(base + url)
            parts = page.locator(".gk-doc-list__meta > *, .gk-tag, .gk-metadata .gk-nowrap")
            assert parts.count() > 0, url
            for i in range(parts.count()):
                heights = parts.nth(i).evaluate("e => e.getClientRects().length")
                assert heights == 1, (url, parts.nth(i).inner_text())


def test_breadcrumbs_lead_up_to_the_page_without_repeating_its_title(example_out):
    for url in document_urls(example_out):
        soup = soup_of(example_out, url)
        crumbs = soup.select(".gk-breadcrumbs li")
        assert crumbs and all(li.a for li in crumbs), url
        assert soup.h1.get_text(strip=True) not in [li.get_text(strip=True) for li in crumbs]


def test_policy_metadata_has_a_title_row_and_skips_empty_values_and_ends_with_its_signature(site):
    assert site.build("--no-search").code == 0
    soup = soup_of(site.out, "policies/valid")
    cells = {th.get_text(strip=True): th.find_next_sibling("td") for th in soup.select("table.gk-metadata th")}
    assert cells["标题"]["colspan"] == "3" and cells["标题"].get_text(strip=True) == soup.h1.get_text(strip=True)
    assert cells["索引号"].select(".gk-nowrap") and cells["发文字号"].select_one(".gk-nowrap")
    signature = soup.select_one(".gk-signature")
    assert [p.get_text(strip=True) for p in signature.find_all("p")] == ["测试县人民政府", "2025年3月1日"]
    assert signature.find_previous(class_="gk-document__body") is not None


def test_footer_names_the_organization_contact_site_code_and_icp(site):
    assert site.build("--no-search").code == 0
    footer = soup_of(site.out, "policies/valid").footer.get_text("|", strip=True).replace("|", "")
    for text in ("主办单位：测试县人民政府办公室", "地址：测试县人民路1号", "电话：0000-7654321",
                 "网站标识码：5100000001", "测ICP备12345678号"):
        assert text in footer


def test_the_interpretation_of_a_repealed_policy_says_so_before_its_text(site):
    site.replace("content/policies/valid.md", "status: 现行有效", "status: 已废止")
    r = site.build("--no-search")
    assert r.code == 0, r.diagnostics
    soup = soup_of(site.out, "interpretations/valid")
    banner = soup.select_one(".gk-banner")
    assert banner is not None and "所解读的文件已废止" in banner.get_text()
    assert banner.find_next(class_="gk-document__body") is not None
    assert any(a["href"] == "../../policies/valid/" for a in banner.find_all("a"))
    assert tag_in_list(site.out, "zcjd", "../interpretations/valid/") == "文件已废止"
    article = soup.select_one("article")
    assert article["data-pagefind-meta"] == "status:文件已废止", "search results show it too"


def tag_in_list(out, list_url: str, href: str) -> str | None:
    [item] = [li for li in soup_of(out, list_url).select(".gk-doc-list__item") if li.a["href"] == href]
    return item.select_one(".gk-tag").get_text() if item.select_one(".gk-tag") else None


def test_a_current_policy_and_its_interpretation_carry_no_notice(site):
    assert site.build("--no-search").code == 0
    assert tag_in_list(site.out, "zcjd", "../interpretations/valid/") is None
    assert tag_in_list(site.out, "zcjd", "../interpretations/old/") == "文件已废止"
    for url in ("policies/valid", "interpretations/valid"):
        soup = soup_of(site.out, url)
        assert not soup.select(".gk-banner") and not soup.select_one("article").has_attr("data-pagefind-meta")


HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][:;,!?]|[:;,]\s*[\u4e00-\u9fff]|\([\u4e00-\u9fff]|[\u4e00-\u9fff]\)")
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
CODE_NOTES = re.compile(r'"""(?:.|\n)*?"""|^[ \t]*(?:#|//)[^\n]*', re.M)      # docstrings and comments: for developers
CJK_STRING = re.compile(r"\"([^\"\n]*[\u4e00-\u9fff][^\"\n]*)\"")


def test_template_text_and_page_messages_use_full_width_punctuation():
    """What the templates and the page renderer write themselves (what editors write is theirs)."""
    texts = [(p.name, JINJA.sub(" ", p.read_text(encoding="utf-8"))) for p in sorted(LAYOUTS.rglob("*.html"))]
    texts += [(p.name, " ".join(CJK_STRING.findall(CODE_NOTES.sub(" ", p.read_text(encoding="utf-8")))))
              for p in (ROOT / "gongkai/render.py", ROOT / "gongkai/notices.py", *sorted((ROOT / "gongkai/pages").glob("*.py")),
                        LAYOUTS / "static/search.js", LAYOUTS / "static/gongkai.js")]
    for name, text in texts:
        assert not HALF_WIDTH.search(text), (name, HALF_WIDTH.search(text).group(0))
    assert HALF_WIDTH.search("废止文件: ") and not HALF_WIDTH.search("废止文件：")


def test_404_page_is_chinese_with_search_and_home_and_is_served(example_out):
    soup = BeautifulSoup((example_out / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "zh-CN" and "页面不存在" in soup.h1.get_text()
    assert soup.title.get_text().startswith("页面不存在 - ")          # not the home page's title (WCAG 2.4.2)
    assert soup.select_one('main form[role="search"]')["action"] == "/zwgk/search/"
    assert soup.select_one('main a[href="/zwgk/"]') is not None
    assert all(a["href"].startswith(("/zwgk/", "#", "mailto:", "tel:")) for a in soup.find_all("a", href=True))
    from gongkai.liveserver import LiveState, start_server
    server = start_server(example_out, "127.0.0.1", 0, LiveState())
    try:
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/no/such/page/")
        assert e.value.code == 404 and "页面不存在" in e.value.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


def test_accessibility_statement_names_standards_tools_date_and_contact(example_out):
    import json
    soup = soup_of(example_out, "accessibility")
    text = soup.main.get_text("", strip=False)
    for needle in ("WCAG）2.2 AA", "GB/T 37668-2019", "适老化", "关怀版", "朗读", "电话：0000-1234567",
                   "zwgk@yunxi.example.gov.cn", "云溪县人民政府办公室"):
        assert needle in text, needle
    pinned = json.loads((ROOT / "accessibility/package.json").read_text(encoding="utf-8"))["devDependencies"]
    for tool, version in pinned.items():
        assert f"{tool} {version}" in text, tool
    assert soup.find("time")["datetime"] == "2026-11-27"      # the build's --today
    footer_links = [a["href"] for a in soup_of(example_out, "").select("footer a")]
    assert "./accessibility/" in footer_links


@pytest.mark.parametrize("care", [False, True], ids=["standard", "care"])
def test_on_a_phone_the_nav_item_the_keyboard_reaches_is_seen_whole(example_out, browser, care):
    """The navigation row scrolls sideways and its right edge fades: each item reached by Tab is brought
    into view whole, clear of the fade (in 关怀版 one was left half under it)."""
    with serve(example_out) as base:
        context = browser.new_context(viewport={"width": 375, "height": 667}, device_scale_factor=2,
                                      is_mobile=True, has_touch=True)
        if care:
            context.add_init_script("localStorage.setItem('gongkai-reading', JSON.stringify({care: true}))")
        page = context.new_page()
        page.goto(base)
        reached = []
        for _ in range(40):
            page.keyboard.press("Tab")
            page.wait_for_timeout(150)           # (a smooth scroll settles)
            seen = page.evaluate("""(() => {
                const a = document.activeElement, nav = a.closest('.gk-nav');
                if (!nav) return null;
                const r = a.getBoundingClientRect(), box = a.closest('ul').getBoundingClientRect();
                const fade = parseFloat(getComputedStyle(nav, '::after').width) || 0;
                return [a.textContent, r.left >= box.left - 0.5 && r.right <= box.right - fade + 0.5];
            })()""")
            if seen:
                reached.append(seen)
            elif reached:
                break
        context.close()
    assert len(reached) >= 6 and all(whole for _, whole in reached), reached


def test_in_care_mode_on_a_phone_the_toolbar_takes_two_rows_and_each_title_starts_on_the_first_screen(example_out, browser):
    """关怀版 at 375 × 667: 关怀版 and 高对比 share a row, the 字号 group has the next (three rows, 203 px,
    put a policy's title at y = 550); every document's title begins in the top three quarters."""
    with serve(example_out) as base:
        context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
        context.add_init_script("localStorage.setItem('gongkai-reading', JSON.stringify({care: true}))")
        page = context.new_page()
        tops = {}
        for url in document_urls(example_out):
            page.goto(base + url)
            rows = {round(b.bounding_box()["y"]) for b in page.locator(".gk-toolbar button").all()}
            assert len(rows) == 2, (url, rows)
            tops[url] = page.locator("h1").bounding_box()["y"]
        context.close()
    assert len(tops) > 15 and max(tops.values()) < 500, tops


def test_the_search_page_without_a_query_says_what_to_type(example_out, browser):
    """It showed a box and its label only: no word of what can be searched."""
    with serve(example_out) as base:
        page = browser.new_page(viewport={"width": 375, "height": 667})
        page.goto(base + "search/")
        wait_js(page, "document.getElementById('gk-search-input')")
        hint = page.locator("#gk-search-hint")
        assert hint.is_visible() and "发文字号" in hint.inner_text()
        described = page.evaluate("document.getElementById('gk-search-input').getAttribute('aria-describedby')")
        assert described == "gk-search-hint"
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.fill("#gk-search-input", "低保")
        page.press("#gk-search-input", "Enter")
        assert not hint.is_visible()             # the results come up where it was
        page.goto(base + "search/?q=" + "低保")
        wait_js(page, "document.getElementById('gk-search-input')")
        assert not hint.is_visible()
        page.close()
