"""现行有效行政规范性文件统一查询 in Chromium (issue 9): filters and sort as native controls that
narrow the tables and live in the URL; complete without JavaScript."""
from __future__ import annotations

import re

import pytest

from browser import chromium, serve
from conftest import add_policies


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def visible_years(page) -> list[str]:
    return page.eval_on_selector_all("table.gk-library tbody tr[data-nf]",
                                     "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.nf)")


def test_filters_narrow_the_table_and_live_in_the_url(example_out, browser):
    with serve(example_out) as base:
        page = browser.new_page()
        page.goto(base + "gfxwj/")
        all_years = visible_years(page)
        assert len(all_years) >= 3 and len(set(all_years)) >= 2
        year = sorted(set(all_years))[0]
        page.select_option("#gk-lib-year", year)
        assert set(visible_years(page)) == {year} and len(visible_years(page)) == all_years.count(year)
        assert re.search(rf"[?&]nf={year}\b", page.url)
        assert page.locator("[data-count]").inner_text() == f"共 {all_years.count(year)} 件"
        assert page.locator("[data-count]").get_attribute("role") == "status"
        captions = page.eval_on_selector_all(".gk-library-group:not([hidden])", "gs => gs.map(g => "
                                             "[g.querySelector('caption').textContent, g.querySelectorAll('tbody tr:not([hidden])').length])")
        assert captions and all(f"（{n} 件）" in caption for caption, n in captions)   # each caption counts what it shows
        page.goto(page.url)                                      # a bookmarked filter comes back
        assert page.locator("#gk-lib-year").input_value() == year and set(visible_years(page)) == {year}
        page.goto(base + "gfxwj/?px=valid_until")
        groups = page.eval_on_selector_all(".gk-library-group tbody", "bs => bs.map(b => [...b.rows].map(r => r.dataset.valid_until))")
        assert groups and all(g == sorted(g) for g in groups)
        page.close()


def test_without_javascript_every_document_is_there_and_no_control_shows(example_out, browser):
    with serve(example_out) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "gfxwj/")
        assert not page.locator(".gk-library-filters").is_visible()
        rows = page.locator(".gk-library-group tbody tr")
        assert rows.count() >= 3 and all(rows.nth(i).is_visible() for i in range(rows.count()))
        context.close()



def test_filters_also_narrow_the_ended_table(example_out, browser):
    """The documents no longer in force follow the same filters (their caption counts what it shows)."""
    with serve(example_out) as base:
        page = browser.new_page()
        page.goto(base + "gfxwj/")
        ended = page.locator("section[aria-labelledby=gk-lib-ended] tbody tr")
        everything = ended.count()
        assert everything >= 2
        page.select_option("#gk-lib-year", "2023")
        shown = [i for i in range(everything) if ended.nth(i).is_visible()]
        assert len(shown) < everything, "the ended table follows the filters"
        caption = page.locator("section[aria-labelledby=gk-lib-ended] caption").inner_text()
        assert f"（{len(shown)} 件）" in caption, caption
        page.close()


def test_a_document_issued_jointly_is_found_under_each_of_its_issuers_and_no_match_says_so(site, browser):
    add_policies(site, 1)
    site.replace("content/policies/p0.md", "written: 2025-03-01", "written: 2024-03-01")
    site.replace("content/policies/valid.md", "issuer: 测试县人民政府", "issuer: [测试县人民政府, 测试县民政局]")
    assert site.build("--no-search").code == 0
    with serve(site.out) as base:
        page = browser.new_page()
        page.goto(base + "gfxwj/")
        issuers = page.eval_on_selector_all("#gk-lib-issuer option", "os => os.map(o => o.value).filter(Boolean)")
        assert "测试县民政局" in issuers and not [i for i in issuers if "、" in i], issuers
        page.goto(base + "gfxwj/?jg=" + "测试县民政局")
        assert page.locator("#gk-lib-issuer").input_value() == "测试县民政局"
        assert page.locator("tr[data-jg='测试县人民政府、测试县民政局']").is_visible()
        assert page.locator("[data-count]").inner_text() == "共 1 件"
        page.goto(base + "gfxwj/?jg=测试县民政局&nf=2024")       # offered each, none of both
        said = page.locator("[data-count]").inner_text()
        assert said.startswith("共 0 件") and "全部" in said, said
        page.close()


def test_filters_narrow_the_documents_not_yet_in_force_and_reach_the_years_of_ended_ones(site, browser):
    """The table of documents whose 施行日期 is to come follows the filters too, and a year only an
    ended document has is offered (its documents could not be reached by a filter)."""
    site.replace("content/policies/old.md", "valid_until: 2025-03-04", "valid_until: 2026-03-04")
    site.replace("content/policies/valid.md", "status: 现行有效", "status: 现行有效\nvalid_from: 2025-04-01")
    add_policies(site, 1)            # p0: written 2024, 失效 — the ended table beside the pending one
    site.replace("content/policies/p0.md", "written: 2025-03-01", "written: 2024-03-01")
    site.replace("content/policies/p0.md", "status: 现行有效\nvalid_from: 2025-04-01", "status: 失效")
    assert site.build("--no-search", today="2025-03-20").code == 0
    with serve(site.out) as base:
        page = browser.new_page()
        page.goto(base + "gfxwj/")
        pending = page.locator("section[aria-labelledby=gk-lib-pending] tbody tr")
        ended = page.locator("section[aria-labelledby=gk-lib-ended] tbody tr")
        assert pending.count() == 1 and pending.first.is_visible() and ended.count() == 1
        page.select_option("#gk-lib-year", "2020")
        assert not pending.first.is_visible() and not ended.first.is_visible()
        assert "（0 件）" in page.locator("section[aria-labelledby=gk-lib-pending] caption").inner_text()
        page.select_option("#gk-lib-year", "2025")
        assert pending.first.is_visible() and not ended.first.is_visible()
        page.select_option("#gk-lib-year", "2024")
        assert ended.first.is_visible() and not pending.first.is_visible()
        page.close()
    site.build("--no-search", today="2025-04-01")
    with serve(site.out) as base:
        page = browser.new_page()
        page.goto(base + "gfxwj/")
        years = page.eval_on_selector_all("#gk-lib-year option", "os => os.map(o => o.value).filter(Boolean)")
        assert years == ["2025", "2024", "2020"], years      # 2024 and 2020: only ended documents
        repealed = page.locator("section[aria-labelledby=gk-lib-ended] tbody tr[data-f-nf='2020']")
        page.select_option("#gk-lib-year", "2020")
        assert repealed.is_visible()
        page.select_option("#gk-lib-year", "2025")
        assert not repealed.is_visible()
        page.close()
