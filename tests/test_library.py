"""现行有效行政规范性文件统一查询 in Chromium (issue 9): filters and sort as native controls that
narrow the tables and live in the URL; complete without JavaScript."""
from __future__ import annotations

import re

import pytest

from browser import chromium, serve


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
