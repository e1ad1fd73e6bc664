"""What a citizen sees in a real browser: banner, interpretation link, Chinese search, keyboard, no JS."""
from __future__ import annotations


import pytest

from browser import chromium, serve, wait_js





@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def test_banner_is_seen_before_the_text(example_out, browser):
    with serve(example_out, "zwgk") as base:
        page = browser.new_page(viewport={"width": 375, "height": 740})
        requests = []
        page.on("request", lambda req: requests.append(req.url))
        page.goto(base + "policies/2019-quanzhi-guanli-zanxing/")
        banner = page.locator(".gk-banner")
        assert banner.is_visible()
        assert "已废止" in banner.inner_text()
        # right under the title, on the first screen of a phone
        assert page.locator("h1").bounding_box()["y"] < banner.bounding_box()["y"] < 740
        assert page.locator(".gk-document__body").bounding_box()["y"] > banner.bounding_box()["y"]
        banner.get_by_role("link").click()
        page.wait_for_load_state()
        assert page.url == base + "policies/2023-yangquan-guanli-banfa/"
        page.get_by_role("link", name="文明养犬, 这些规矩要知道——《云溪县养犬管理办法》解读").click()
        page.wait_for_load_state()
        assert page.url == base + "interpretations/2023-yangquan-guanli-banfa/"
        assert all(u.startswith(base.split("/zwgk/")[0]) for u in requests), "no request to another host"


@pytest.mark.parametrize("query,expected", [
    ("养犬登记", "《云溪县养犬管理办法》"),
    ("低保", "最低生活保障"),
    ("医保报销", "城乡居民基本医疗保险"),
])
def test_chinese_search_through_the_pagefind_bundle(example_out, browser, query, expected):
    with serve(example_out) as base:
        page = browser.new_page()
        page.goto(base)
        page.get_by_label("站内搜索").fill(query)
        page.get_by_label("站内搜索").press("Enter")
        page.wait_for_url("**/search/?q=*")
        page.locator(".gk-search__results li").first.wait_for(timeout=15000)
        titles = page.locator(".gk-search__results li > a").all_inner_texts()
        assert any(expected in t for t in titles), titles
        assert "找到" in page.locator(".gk-search__status").inner_text()
        first = page.locator(".gk-search__results li > a").first
        first.click()
        page.wait_for_load_state()
        assert page.locator("h1").is_visible()


def test_keyboard_reaches_skip_link_first(example_out, browser):
    with serve(example_out) as base:
        page = browser.new_page()
        page.goto(base + "policies/2026-yibao-shishi-banfa/")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "跳到正文"
        assert page.locator(".gk-skip-link").is_visible()
        page.keyboard.press("Enter")
        page.wait_for_url("**#main", timeout=5000)     # a fragment navigation lands a moment later
        assert page.url.endswith("#main")


def test_pages_read_with_javascript_off(example_out, browser):
    with serve(example_out) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "policies/2024-dibao-shenhe-banfa/")
        assert page.locator("h1").inner_text().startswith("云溪县人民政府关于印发")
        assert page.locator(".gk-banner--amended").is_visible()
        assert page.get_by_role("row", name="有效性 已修改").is_visible()
        page.goto(base + "search/")
        assert "JavaScript" in page.locator("main").inner_text()
        context.close()


def test_every_page_reflows_at_320_css_pixels(example_out, browser):
    """WCAG 1.4.10: no horizontal scrolling on a small phone (320 CSS px wide)."""
    with serve(example_out) as base:
        page = browser.new_page(viewport={"width": 320, "height": 800})
        wide = []
        for f in sorted(example_out.rglob("index.html")):
            url = f.parent.relative_to(example_out).as_posix()
            page.goto(base + ("" if url == "." else url + "/"))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide.append((url, width))
        assert wide == []


def test_search_results_show_a_repealed_policy_and_its_interpretation_as_such(example_out, browser):
    def rows(page, query):
        page.goto(base + "search/?q=" + query)
        wait_js(page, "document.querySelector('.gk-search__status').textContent.includes('找到')",
                               timeout=15000)
        return {li.locator("a").inner_text(): li.locator(".gk-tag").all_inner_texts()
                for li in page.locator(".gk-search__results li").all()}

    with serve(example_out) as base:
        page = browser.new_page()
        found = rows(page, "云府规〔2019〕4号")
        assert found["云溪县人民政府关于印发《云溪县城区犬只管理暂行规定》的通知"] == ["已废止"]
        assert found["云溪县人民政府关于印发《云溪县养犬管理办法》的通知"] == []
        assert rows(page, "犬只管理暂行规定")["《云溪县城区犬只管理暂行规定》政策解读"] == ["文件已废止"]


def test_print_shows_the_document_alone_with_link_addresses(example_out, browser):
    with serve(example_out) as base:
        page = browser.new_page()
        page.goto(base + "policies/2024-dibao-shenhe-banfa/")
        assert page.get_by_role("button", name="打印本页").is_visible()
        page.emulate_media(media="print")
        for hidden in (".gk-header", ".gk-nav", ".gk-breadcrumbs", ".gk-footer", ".gk-actions", ".gk-toolbar"):
            assert not page.locator(hidden).first.is_visible(), hidden
        link = page.locator(".gk-banner a").first
        after = link.evaluate("e => getComputedStyle(e, '::after').content")
        assert link.get_attribute("href") in after


def test_a_tables_column_alignment_is_kept_under_the_pages_policy(site, browser):
    """|---:| right-aligns a column (amounts in a budget table): Markdown writes it as a style, which the
    Content-Security-Policy forbids; the page carries the theme's class instead, and Chromium aligns it."""
    site.replace("content/policies/valid.md", "\n\n", "\n\n| 项目 | 金额（元） | 说明 |\n|:---|---:|:---:|\n"
                 "| 补贴 | 100 | 每月 |\n\n", )
    assert site.build("--no-search").code == 0
    html = (site.out / "policies/valid/index.html").read_text(encoding="utf-8")
    assert 'style=' not in html and '<td class="gk-align-right">100</td>' in html
    with serve(site.out) as base:
        page = browser.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text))
        page.goto(base + "policies/valid/")
        aligned = page.evaluate("[...document.querySelectorAll('.gk-document__body tbody td')]"
                                ".map(td => getComputedStyle(td).textAlign)")
        page.close()
    assert aligned == ["left", "right", "center"], aligned
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_on_paper_links_carry_their_full_address_and_wide_tables_fit_the_page(site, browser):
    """Printed, a link's address is the whole URL a reader can type (../../zcjd/ means nothing on
    paper), and a table of many columns is laid out within the page's width instead of running off it."""
    wide = "| " + " | ".join(f"第{i}列标题较长" for i in range(9)) + " |\n" + "|---" * 9 + "|\n"
    wide += "| " + " | ".join("2025123456789012345" for _ in range(9)) + " |\n"
    site.replace("content/policies/valid.md", "\n\n", "\n\n见[政策解读](../zcjd/)。\n\n" + wide + "\n", )
    assert site.build("--no-search").code == 0
    with serve(site.out) as base:
        page = browser.new_page(viewport={"width": 700, "height": 900})
        page.goto(base + "policies/valid/")
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        link = page.locator(".gk-document__body a", has_text="政策解读")
        after = link.evaluate("e => getComputedStyle(e, '::after').content")
        assert after == f'"（{base}zcjd/）"', after
        table = page.locator(".gk-document__body table").last
        widths = table.evaluate("t => [t.getBoundingClientRect().width, t.closest('.gk-document__body').clientWidth]")
        assert widths[0] <= widths[1], widths
        page.close()
