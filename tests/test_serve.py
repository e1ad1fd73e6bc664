"""`serve` as an editor uses it, in real Chromium: an edit shows up without a manual reload; broken
front matter shows its code over the page while the server survives; the fix brings the page back;
drafts and scheduled documents previewed and marked; a burst of saves is one rebuild; the 404 page;
the built output never carries the reload script."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from browser import chromium, wait_js
from conftest import ROOT

P = "content/policies/valid.md"
TITLE = "测试县人民政府关于印发《测试县养老服务补贴办法》的通知"


@contextmanager
def serving(site, *extra):
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site.path),
                             "--today", "2025-06-01", "--no-search", "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        for line in proc.stdout:
            if "http://" in line:
                break
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, line
        yield found.group(0)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def state(base: str) -> dict:
    with urllib.request.urlopen(base + "__gongkai__/state", timeout=10) as r:
        return json.loads(r.read())


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def test_an_edit_shows_up_and_a_broken_save_shows_its_diagnostics_until_fixed(site, browser):
    with serving(site) as base:
        page = browser.new_page()
        page.goto(base + "policies/valid/")
        assert page.locator("h1").inner_text() == TITLE
        site.replace(P, f"title: {TITLE}", f"title: {TITLE}（修订）")
        wait_js(page, "document.querySelector('h1').textContent.includes('修订')", timeout=15000)
        good = site.read(P)
        site.replace(P, "doc_number: ", "doc_number: [2025]12号 # ")
        overlay = page.locator("#gk-live-errors")
        overlay.wait_for(timeout=15000)
        assert "[frontmatter-invalid]" in overlay.inner_text()
        assert f"{P}，第 {site.line_of(P, 'doc_number:')} 行" in overlay.inner_text()
        assert overlay.get_attribute("role") == "alert"
        assert "修订" in page.locator("h1").inner_text()          # the previous page stays under it
        assert state(base)["ok"] is False                          # the server survived
        site.write(P, good)
        overlay.wait_for(state="detached", timeout=15000)
        assert "修订" in page.locator("h1").inner_text()
        page.close()


def test_drafts_and_scheduled_documents_are_previewed_and_marked(site, browser):
    site.replace(P, "status: 现行有效", "status: 现行有效\ndraft: true")
    site.replace("content/interpretations/valid.md", "published: 2025-03-05", "published: 2025-03-05\ndraft: true")
    site.replace("content/policies/old.md", "repealed_by: policies/valid.md\n", "")
    site.write("content/articles/later.md", "---\ntype: article\ntitle: 下月发布的通知\nissuer: 测试县人民政府\n"
               "category: zcwj\npublished: 2025-07-01\n---\n下月发布的通知正文。\n")
    with serving(site) as base:
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(base + "articles/later/", timeout=10)
        assert e.value.code == 404
    with serving(site, "--drafts") as base:
        page = browser.new_page()
        for url in ("policies/valid/", "articles/later/"):
            page.goto(base + url)
            mark = page.locator(".gk-preview")
            assert mark.count() == 1 and "预览" in mark.inner_text(), (url, page.content()[:3000])
        assert "2025-07-01" in page.locator(".gk-preview").inner_text()
        page.close()
    assert not (site.path / "public").exists()        # a preview never lands in the deployable folder


def test_a_burst_of_saves_is_one_rebuild_and_missing_paths_get_the_404_page(site):
    with serving(site) as base:
        before = state(base)["builds"]
        for i in range(20):
            site.write(f"content/pages/burst{i}.md", f"---\ntype: page\ntitle: 页面{i}\n---\n正文{i}。\n")
        assert wait_for(lambda: state(base)["builds"] > before)
        time.sleep(1.5)
        assert state(base)["builds"] == before + 1
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(base + "no/such/page/", timeout=10)
        body = e.value.read().decode("utf-8")
        assert e.value.code == 404 and "<html lang=\"zh-CN\"" in body and "search" in body


def test_the_built_output_never_carries_the_reload_script(site, tmp_path):
    out = tmp_path / "out"
    with serving(site, "--out", str(out)) as base:
        with urllib.request.urlopen(base + "policies/valid/", timeout=10) as r:
            assert b"/__gongkai__/live.js" in r.read()
    pages = list(out.rglob("*.html"))
    assert pages and not any(b"__gongkai__" in p.read_bytes() for p in pages)
