"""更新记录 from git (issue 9): read once per build for all files; newest first; without git the
pages still build, identically from run to run."""
from __future__ import annotations

import os
import subprocess
import sys

from bs4 import BeautifulSoup

from conftest import ROOT, tree_digest

P = "content/policies/valid.md"


def git(site, *args, date="2025-03-05T10:00:00+08:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "编辑",
           "GIT_AUTHOR_EMAIL": "e@example.gov.cn", "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "e@example.gov.cn"}
    subprocess.run(["git", "-C", str(site.path), *args], check=True, capture_output=True, env=env)


def history(site, url="policies/valid/"):
    soup = BeautifulSoup((site.out / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.select_one(".gk-history")
    if section is None:
        return "", []
    return section.select_one("p").get_text("", strip=True), [li.get_text(" ", strip=True) for li in section.select("li")]


def test_history_from_a_fixture_repository_newest_first(site, tmp_path):
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "发布养老服务补贴办法")
    site.replace(P, "每人每月发放津贴一百元", "每人每月发放津贴一百二十元")
    git(site, "commit", "-q", "-am", "更正补贴标准", date="2025-04-01T09:00:00+08:00")
    site.write("content/pages/new.md", "---\ntype: page\ntitle: 未提交的页面\n---\n正文。\n")
    # git is run once per build, not once per file: count the calls through a wrapper on PATH
    calls = tmp_path / "calls"
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    real = subprocess.run(["which", "git"], capture_output=True, text=True).stdout.strip()
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexec {real} "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{wrapper.parent}:{os.environ['PATH']}"}
    r = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--site", str(site.path), "--today",
                        "2025-06-01", "--no-search"], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert sum(1 for line in calls.read_text().splitlines() if "log" in line.split()) == 1
    updated, entries = history(site)
    assert updated == "最后更新：2025年4月1日"
    assert entries == ["2025年4月1日 更正补贴标准", "2025年3月5日 发布养老服务补贴办法"]
    assert history(site, "pages/new/")[1] == []      # not committed yet: no records


def test_without_git_pages_build_the_same_from_run_to_run(site):
    assert site.build("--no-search").code == 0
    first = tree_digest(site.out)
    updated, entries = history(site)
    assert updated == "最后更新：2025年3月5日" and entries == []       # the published date, no records
    assert site.build("--no-search").code == 0
    assert tree_digest(site.out) == first
