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
from urllib.parse import quote

import pytest

from browser import chromium, wait_js
from conftest import ROOT

P = "content/policies/valid.md"
TITLE = "测试县人民政府关于印发《测试县养老服务补贴办法》的通知"


@contextmanager
def serving(site, *extra, search: bool = False):
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site.path),
                             "--today", "2025-06-01", *([] if search else ["--no-search"]), "--port", "0", *extra],
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


def test_the_preview_searches_once_its_index_is_made_and_after_an_edit(site, browser):
    """serve makes the index after the pages, in the background: the search page it serves has its
    search box (it said 本次构建未建立搜索索引 and never searched), and finds an edited title once
    the index is made again."""
    def found(page, query: str) -> list[str]:
        page.goto(base + "search/?q=" + quote(query))
        wait_js(page, "/找到|没有找到|不可用/.test(document.getElementById('gk-search-status').textContent)")
        return page.locator(".gk-search__results li > a").all_inner_texts()

    with serving(site, search=True) as base:
        assert wait_for(lambda: state(base)["index"] >= 1, timeout=60)
        page = browser.new_page()
        assert TITLE in found(page, "养老服务补贴")
        assert found(page, "犇犇修订稿") == []
        page.close()              # (an open page is reloaded by the preview as the rebuild lands)
        index = state(base)["index"]
        site.replace(P, f"title: {TITLE}", f"title: {TITLE}（犇犇修订稿）")
        assert wait_for(lambda: state(base)["index"] > index, timeout=60)
        page = browser.new_page()
        assert found(page, "犇犇修订稿") == [f"{TITLE}（犇犇修订稿）"]
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


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def test_no_folder_is_listed_and_the_404_page_works_under_base_urls_path(site, browser):
    """A first build that fails: the address serve prints shows 网站尚未生成 with the reload script,
    not an empty listing. Built: a folder without a page and a hidden entry are 404 (the site's page),
    and the 404 page's links, absolute from base_url's path (/zwgk/), lead to the preview's pages."""
    site.replace(P, "interpretation: interpretations/valid.md\n", "")
    with serving(site) as base:
        status, body = get(base)
        assert status == 404 and "网站尚未生成" in body and "/__gongkai__/live.js" in body
        site.write(P, site.read(P).replace("status:", "interpretation: interpretations/valid.md\nstatus:", 1))
        assert wait_for(lambda: state(base)["ok"] and get(base)[0] == 200)
        for path in ("assets/", "policies/", ".gongkai-cache/", "zwgk/assets/"):
            status, body = get(base + path)
            assert status == 404 and "页面不存在" in body and "Directory listing" not in body, path
        assert get(base + "zwgk/policies/valid/")[0] == 200 and get(base + "zwgk/")[0] == 200
        for path in ("zwgk/" + quote("长" * 90), "%00"):   # a name too long for the disk, a NUL: nothing there
            status, body = get(base + path)
            assert status == 404 and "页面不存在" in body, path
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(urllib.request.Request(base, data=b"x", method="POST"), timeout=10)
        assert e.value.code == 501 and "无法处理的请求" in e.value.read().decode("utf-8")
        page = browser.new_page()
        try:
            page.goto(base + "no/such/page/")
            assert page.evaluate("getComputedStyle(document.body).fontFamily").count(",") > 2   # the theme's CSS
            page.get_by_role("link", name=re.compile("首页|政府信息公开")).first.click()
            page.wait_for_load_state()
            assert page.evaluate("document.title") and "页面不存在" not in page.content()
        finally:
            page.close()


def test_the_built_output_never_carries_the_reload_script(site, tmp_path):
    out = tmp_path / "out"
    with serving(site, "--out", str(out)) as base:
        with urllib.request.urlopen(base + "policies/valid/", timeout=10) as r:
            assert b"/__gongkai__/live.js" in r.read()
    pages = list(out.rglob("*.html"))
    assert pages and not any(b"__gongkai__" in p.read_bytes() for p in pages)


@pytest.mark.parametrize("how, said", [("busy", "端口 {port} 已被占用"), ("host", "999.1.1.1 不是本机可用的地址")])
def test_a_preview_that_cannot_start_says_why_in_chinese_and_nothing_else(site, how, said):
    """A port already taken, a host that is no address of this machine: one Chinese line saying which
    (and what to change), exit 2; no English error text, and no word from the search index the
    preview began (its folder is gone)."""
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        host = "127.0.0.1" if how == "busy" else "999.1.1.1"
        proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site.path),
                               "--today", "2025-06-01", "--host", host, "--port", str(port)],
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert said.format(port=port) in proc.stderr, proc.stderr
    assert ("--port" in proc.stderr) == (how == "busy") and ("--host" in proc.stderr) == (how == "host")
    assert "搜索索引" not in proc.stdout + proc.stderr and "Errno" not in proc.stderr, (proc.stdout, proc.stderr)
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", proc.stderr), proc.stderr     # no English sentence


@pytest.mark.parametrize("ignored", [False, True])
def test_the_preview_says_how_it_is_stopped(site, ignored):
    """Started where Ctrl-C is ignored (the background of a script, nohup), serve cannot be stopped
    with Ctrl+C and must not say it can: it names kill with its own process number, which stops it."""
    import signal
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site.path),
                             "--today", "2025-06-01", "--no-search", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignored else None)
    try:
        line = ""
        for line in proc.stdout:
            if "http://" in line:
                break
        if ignored:
            assert "Ctrl" not in line and f"用 kill {proc.pid} 停止" in line, line
        else:
            assert "按 Ctrl+C 停止" in line, line
        proc.send_signal(signal.SIGTERM if ignored else signal.SIGINT)
        assert proc.wait(timeout=20) == 0
        assert "预览已停止" in proc.stdout.read()
    finally:
        proc.kill()
        proc.wait()


def test_in_a_terminal_the_preview_says_ctrl_c_in_front_and_kill_behind(site, tmp_path):
    """An interactive shell in a real terminal: serve run in front says 按 Ctrl+C and Ctrl-C typed there
    stops it; serve started with & cannot be reached by the terminal's Ctrl-C (it goes to the job in
    front) and names kill with its process number instead."""
    import os
    import pty
    import select
    import shlex

    def drain(fd, seconds):
        end, got = time.monotonic() + seconds, b""
        while time.monotonic() < end:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    got += os.read(fd, 4096)
                except OSError:
                    break
        return got

    def said(log, timeout=60):
        assert wait_for(lambda: log.exists() and "http://" in log.read_text(encoding="utf-8"), timeout), \
            log.read_text(encoding="utf-8") if log.exists() else "no output"
        return next(line for line in log.read_text(encoding="utf-8").splitlines() if "http://" in line)

    command = shlex.join([sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site.path),
                          "--today", "2025-06-01", "--no-search", "--port", "0"])
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])
    try:
        drain(fd, 0.5)
        front, behind = tmp_path / "front.log", tmp_path / "behind.log"
        os.write(fd, f"{command} > {front} 2>&1\n".encode())
        assert "按 Ctrl+C 停止" in said(front)
        os.write(fd, b"\x03")
        assert wait_for(lambda: "预览已停止" in front.read_text(encoding="utf-8"), 20)
        os.write(fd, f"{command} > {behind} 2>&1 & echo pid=$!\n".encode())
        line = said(behind)
        assert "Ctrl" not in line and re.search(r"用 kill \d+ 停止", line), line
        job = int(re.search(r"用 kill (\d+) 停止", line).group(1))
        os.write(fd, b"\x03")                          # at the prompt: not for the job behind
        drain(fd, 1.0)
        os.kill(job, 0)                                # still serving
        os.write(fd, f"kill {job}; wait\n".encode())
        assert wait_for(lambda: "预览已停止" in behind.read_text(encoding="utf-8"), 20)
    finally:
        os.write(fd, b"exit\n")
        drain(fd, 0.5)
        os.close(fd)
        os.waitpid(pid, 0)
