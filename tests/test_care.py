"""适老化 in real Chromium: the 关怀版, 字号 and 高对比 toolbar, persistence before the first paint,
target sizes, and 朗读 through a recording stand-in for speechSynthesis."""
from __future__ import annotations

import pytest

from browser import chromium, serve, wait_js


POLICY = "policies/2024-dibao-shenhe-banfa/"
# What the class list of <html> was when <body> first appeared: set before the first paint, or not.
AT_BODY = """new MutationObserver((m, o) => { if (document.body) { window.__atBody = document.documentElement.className;
  o.disconnect(); } }).observe(document, {childList: true, subtree: true});"""
# A stand-in for the browser's speech synthesis, which headless Chromium lacks: records what is said.
SPEECH = """(() => {
  const said = []; window.__said = said; window.__calls = [];
  const voices = [{lang: "zh-CN", name: "测试语音", default: true}];
  const synth = {
    speaking: false, paused: false, _l: {},
    getVoices: () => voices,
    addEventListener(type, f) { (this._l[type] = this._l[type] || []).push(f); },
    speak(u) { said.push({text: u.text, lang: u.lang}); window.__calls.push("speak");
               setTimeout(() => { if (!synth.paused && u.onend) u.onend(); }, 150); },
    pause() { synth.paused = true; window.__calls.push("pause"); },
    resume() { synth.paused = false; window.__calls.push("resume"); },
    cancel() { window.__calls.push("cancel"); },
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def test_without_javascript_no_toolbar_and_the_page_is_complete(example_out, browser):
    with serve(example_out) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + POLICY)
        assert not page.locator(".gk-toolbar").is_visible()
        assert not page.locator('[data-module="gk-read-aloud"]').is_visible()
        assert page.locator(".gk-document__body").inner_text().strip()
        context.close()


def test_care_mode_makes_text_large_targets_tall_and_persists_before_the_first_paint(example_out, browser):
    with serve(example_out) as base:
        context = browser.new_context(viewport={"width": 375, "height": 740})
        context.add_init_script(AT_BODY)
        page = context.new_page()
        page.goto(base + POLICY)
        care = page.get_by_role("button", name="关怀版")
        assert care.get_attribute("aria-pressed") == "false"
        standard = page.locator(".gk-document__body p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        care.focus()
        page.keyboard.press("Enter")                       # operable by keyboard
        assert care.get_attribute("aria-pressed") == "true"
        text = page.locator(".gk-document__body p").first
        size = text.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        line = text.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
        assert size >= 24 and size > standard and line >= 1.5 * size
        for target in page.locator(".gk-toolbar button, .gk-nav a, .gk-actions button:visible").all():
            assert target.bounding_box()["height"] >= 60, target.inner_text()
        assert "cursor.svg" in page.evaluate("getComputedStyle(document.body).cursor")
        page.goto(base + "zcjd/")                           # another page: the choice holds from the start
        assert "gk-care" in page.evaluate("window.__atBody")
        assert page.get_by_role("button", name="关怀版").get_attribute("aria-pressed") == "true"
        page.get_by_role("button", name="关怀版").click()
        page.goto(base)
        assert "gk-care" not in page.evaluate("window.__atBody")
        context.close()


def test_three_text_sizes_and_high_contrast(example_out, browser):
    with serve(example_out) as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + POLICY)
        sizes = []
        for name in ("字号标准", "字号大", "字号特大"):
            page.get_by_role("button", name=name).click()
            assert page.get_by_role("button", name=name).get_attribute("aria-pressed") == "true"
            sizes.append(page.locator(".gk-document__body p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        assert sizes[0] < sizes[1] < sizes[2]
        page.get_by_role("button", name="高对比").click()
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
        page.reload()
        assert page.evaluate("document.documentElement.className").split() == ["gk-js", "gk-contrast", "gk-size-2"]
        context.close()


def test_read_aloud_speaks_the_title_then_the_text_sentence_by_sentence(example_out, browser):
    with serve(example_out) as base:
        context = browser.new_context()
        context.add_init_script(SPEECH)
        page = context.new_page()
        page.goto(base + POLICY)
        start = page.get_by_role("button", name="朗读全文")
        assert start.is_visible()
        start.focus()
        page.keyboard.press("Enter")
        wait_js(page, "window.__said.length >= 3")
        said = page.evaluate("window.__said")
        title = page.locator("h1").inner_text().strip()
        assert said[0] == {"text": title, "lang": "zh-CN"}
        body = page.locator(".gk-document__body").inner_text()
        assert all(s["text"] in body for s in said[1:]) and len(said[1]["text"]) < 200
        assert not any("政策文件" == s["text"] or "首页" in s["text"] for s in said), "no navigation is read"
        wait_js(page, "window.__said.length >= 5")
        article = [s["text"] for s in page.evaluate("window.__said") if s["text"].startswith("第一条")]
        assert article and "共同生活的家庭成员" in article[0], article     # **第一条** 共同生活的…: one sentence
        assert page.evaluate("CSS.highlights.has('gk-reading')"), "the sentence being read is highlighted"
        assert "正在朗读" in page.locator('[data-module="gk-read-aloud"] [role="status"]').inner_text()
        pause = page.get_by_role("button", name="暂停")
        pause.click()
        assert "pause" in page.evaluate("window.__calls")
        assert page.get_by_role("button", name="继续").get_attribute("aria-pressed") == "true"
        page.get_by_role("button", name="继续").click()
        assert "resume" in page.evaluate("window.__calls")
        page.get_by_role("button", name="停止朗读").click()
        assert not page.evaluate("CSS.highlights.has('gk-reading')")
        assert page.get_by_role("button", name="朗读全文").is_visible()
        context.close()


def test_read_aloud_is_hidden_without_a_chinese_voice(example_out, browser):
    with serve(example_out) as base:
        context = browser.new_context()
        context.add_init_script(SPEECH.replace('lang: "zh-CN"', 'lang: "en-US"'))
        page = context.new_page()
        page.goto(base + POLICY)
        assert not page.locator('[data-module="gk-read-aloud"]').is_visible()
        context.close()


@pytest.mark.parametrize("choices", ['{"care": true}', '{"care": true, "size": 2}', '{"contrast": true, "size": 1}'])
def test_no_page_scrolls_sideways_at_320_px_in_any_mode(example_out, browser, choices):
    with serve(example_out) as base:
        context = browser.new_context(viewport={"width": 320, "height": 640})
        context.add_init_script(f"localStorage.setItem('gongkai-reading', '{choices}')")
        page = context.new_page()
        wide = []
        for url in sorted({p.parent.relative_to(example_out).as_posix() + '/' for p in example_out.rglob('index.html')}
                          - {'./'} | {''}):
            if url.startswith('pagefind'):
                continue
            page.goto(base + url)
            if page.evaluate("document.documentElement.scrollWidth") > 320:
                wide.append(url)
        assert wide == []
        context.close()


@pytest.mark.parametrize("choices", ['{}', '{"care": true}'])
def test_no_page_scrolls_sideways_on_a_phone_at_200_percent_zoom(example_out, browser, choices):
    """375 px at 200% is 187 px of CSS: narrower than the 320 px of the test above, so numbers, dates
    and labels may wrap there, but the page still never scrolls sideways (its own tables may)."""
    with serve(example_out) as base:
        context = browser.new_context(viewport={"width": 187, "height": 333})
        context.add_init_script(f"localStorage.setItem('gongkai-reading', '{choices}')")
        page = context.new_page()
        wide = []
        urls = sorted({p.parent.relative_to(example_out).as_posix() + '/' for p in example_out.rglob('index.html')}
                      - {'./'} | {''})
        for url in [u for u in urls if not u.startswith('pagefind')] + ["search/?q=补贴"]:
            page.goto(base + url)
            if "?q=" in url:
                wait_js(page, "document.querySelector('.gk-search__results li')", timeout=15000)
            if page.evaluate("document.documentElement.scrollWidth") > 187:
                wide.append(url)
        assert wide == []
        context.close()


def test_care_mode_shows_nothing_the_page_hides_and_keeps_its_other_targets_44_px(example_out, browser):
    """关怀版 enlarges buttons, but a button the page hides (暂停 before reading, 显示更多结果 with
    nothing more) stays hidden; links outside running text and the search filters are 44 px at least."""
    with serve(example_out) as base:
        context = browser.new_context(viewport={"width": 375, "height": 667})
        context.add_init_script(SPEECH)
        context.add_init_script("localStorage.setItem('gongkai-reading', '{\"care\": true}')")
        page = context.new_page()
        page.goto(base + POLICY)
        assert page.get_by_role("button", name="朗读全文").is_visible()
        assert not page.get_by_role("button", name="暂停").is_visible()
        assert not page.get_by_role("button", name="停止朗读").is_visible()
        pages = ("", POLICY, "catalog/zcwj/", "gfxwj/", "interpretations/2021-yibao-zanxing-banfa/",
                 "consultations/2023-yangquan-zhengqiu-yijian/", "policies/2025-laojiu-xiaoqu-gaizao/")
        links = (".gk-breadcrumbs a, .gk-footer a, .gk-catalog a, a.gk-doc-list__title, .gk-subcolumns a, .gk-header__title a, "
                 ".gk-library th > a, .gk-library td > a, .gk-related a, .gk-attachments a, .gk-compare-link a, .gk-home-link a")
        seen = []
        for width in (375, 1280):         # (a link on one line is the shortest: on a phone most wrap)
            page.set_viewport_size({"width": width, "height": 900})
            seen += [(width, url, t.inner_text(), t.bounding_box()["height"]) for url in pages
                     for t in (page.goto(base + url) and page.locator(links).all()) if t.is_visible()]
        assert {url for _, url, _, _ in seen} == set(pages) and [s for s in seen if s[3] < 44] == []
        page.set_viewport_size({"width": 375, "height": 667})
        page.goto(base + "search/?q=" + "补贴")
        wait_js(page, "document.querySelector('.gk-search__results li')", timeout=15000)
        assert not page.get_by_role("button", name="显示更多结果").is_visible()
        titles = [t.bounding_box()["height"] for t in page.locator(".gk-search__results li > a").all()]
        assert titles and min(titles) >= 44, titles
        boxes = [c.bounding_box() for c in page.locator(".gk-search__option input").all()]
        assert boxes and all(b["width"] >= 44 and b["height"] >= 44 for b in boxes)
        context.close()


def test_the_toolbar_has_its_place_before_the_page_script_runs_and_none_on_paper(example_out, browser):
    """early.js (in <head>) marks the page as scripted: the toolbar and 打印本页 are laid out with the
    first paint, not pushed in by the deferred gongkai.js (here never loaded); on paper they stay out."""
    with serve(example_out) as base:
        context = browser.new_context()
        context.route("**/gongkai.js*", lambda route: route.abort())
        page = context.new_page()
        page.goto(base + POLICY)
        assert page.locator(".gk-toolbar").is_visible() and page.get_by_role("button", name="打印本页").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".gk-toolbar").is_visible()
        assert not page.get_by_role("button", name="打印本页").is_visible()
        context.close()


def test_in_care_mode_on_a_phone_a_doc_number_is_seen_whole_as_it_is_typed(example_out, browser):
    with serve(example_out) as base:
        context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
        context.add_init_script("localStorage.setItem('gongkai-reading', '{\"care\": true}')")
        page = context.new_page()
        page.goto(base + "search/?q=" + "云府规〔2024〕1号")
        wait_js(page, "document.getElementById('gk-search-input')")
        shown = page.evaluate("(e => [e.scrollWidth, e.clientWidth])(document.getElementById('gk-search-input'))")
        assert shown[0] <= shown[1], shown        # (216 px wide beside its button, the number needed 256)
        context.close()


@pytest.mark.parametrize("choices", ['{}', '{"care": true}'])
def test_on_a_phone_the_results_come_before_the_filters(example_out, browser, choices):
    """Five fieldsets of checkboxes above the results pushed the first result screens down on a phone:
    there the results follow the form, the filters follow the results, and a link leads to them."""
    with serve(example_out) as base:
        context = browser.new_context(viewport={"width": 375, "height": 667})
        context.add_init_script(f"localStorage.setItem('gongkai-reading', '{choices}')")
        page = context.new_page()
        page.goto(base + "search/?q=" + "补贴")
        wait_js(page, "document.querySelector('.gk-search__results li')", timeout=15000)
        first = page.locator(".gk-search__results li").first.bounding_box()["y"]
        assert first < page.locator(".gk-search__filters").bounding_box()["y"]
        assert first < 2 * 667
        page.get_by_role("link", name="筛选结果：按类型、有效性、年份等").click()
        page.get_by_role("group", name="有效性").get_by_label("现行有效", exact=False).check()
        wait_js(page, "decodeURIComponent(location.search).includes('有效性=现行有效')")
        page.get_by_role("link", name="回到搜索结果").click()
        wait_js(page, "document.querySelector('.gk-search__status').textContent.includes('找到')")
        context.close()


@pytest.mark.parametrize("path, status", [("policies/2019-quanzhi-guanli-zanxing/", "已废止"),
                                          ("policies/2020-xiaofu-guanli-banfa/", "失效")])
def test_read_aloud_says_a_document_is_no_longer_in_force_before_its_text(example_out, browser, path, status):
    """A senior who listens must hear 已废止 / 失效 before the amounts of a document no longer in force;
    when the reading ends by itself, the keyboard's focus goes back to 朗读全文 (not lost with 暂停)."""
    with serve(example_out) as base:
        context = browser.new_context()
        context.add_init_script(SPEECH)
        page = context.new_page()
        page.goto(base + path)
        banner = page.locator(".gk-banner").inner_text()
        page.get_by_role("button", name="朗读全文").focus()
        page.keyboard.press("Enter")
        wait_js(page, "window.__said.length >= 2")
        said = [s["text"] for s in page.evaluate("window.__said")]
        assert said[0] == page.locator("h1").inner_text().strip()
        assert said[1].startswith(status) and said[1] in banner, said[:3]
        wait_js(page, "document.querySelector('[data-read=start]').hidden === false", timeout=120000)
        assert page.evaluate("document.activeElement.getAttribute('data-read')") == "start"
        assert "朗读完毕" in page.locator('[data-module="gk-read-aloud"] [role="status"]').inner_text()
        context.close()


def test_read_aloud_does_not_cut_a_web_address_at_its_question_mark(site, browser):
    site.replace("content/policies/valid.md", "\n\n", "\n\n网上申请请访问 https://zwfw.example.gov.cn/apply?from=zwgk 填写。"
                 "Is it open? Yes.\n\n", )
    assert site.build("--no-search").code == 0
    with serve(site.out) as base:
        context = browser.new_context()
        context.add_init_script(SPEECH)
        page = context.new_page()
        page.goto(base + "policies/valid/")
        page.get_by_role("button", name="朗读全文").click()
        wait_js(page, "window.__said.some(s => s.text.includes('Yes'))", timeout=60000)
        said = [s["text"] for s in page.evaluate("window.__said")]
        context.close()
    assert "网上申请请访问 https://zwfw.example.gov.cn/apply?from=zwgk 填写。" in said, said
    assert "Is it open?" in said


def test_read_aloud_reads_each_table_cell_after_its_column_header(site, browser):
    """A listener cannot see which column a value is in: a cell's first sentence is read after its
    column's header (a cell of two sentences names it once; the header row is read as it is)."""
    site.replace("content/policies/valid.md", "\n\n", "\n\n| 对象 | 补贴标准 |\n| --- | ---: |\n"
                 "| 城市低保对象 | 每人每月800元。按月发放。 |\n| 农村低保对象 | 每人每月600元 |\n\n")
    assert site.build("--no-search").code == 0
    with serve(site.out) as base:
        context = browser.new_context()
        context.add_init_script(SPEECH)
        page = context.new_page()
        page.goto(base + "policies/valid/")
        page.get_by_role("button", name="朗读全文").click()
        wait_js(page, "window.__said.some(s => s.text.includes('600'))", timeout=60000)
        said = [s["text"] for s in page.evaluate("window.__said")]
        context.close()
    at = said.index("对象")
    assert said[at:at + 7] == ["对象", "补贴标准", "对象：城市低保对象", "补贴标准：每人每月800元。", "按月发放。",
                               "对象：农村低保对象", "补贴标准：每人每月600元"], said
