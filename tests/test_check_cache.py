"""`check` on a site a build has made a cache for uses that cache's bodies and facts (an editor's
check on a city's site takes seconds, not the time of a cold build), says exactly what a check
without the cache says, and never makes a cache of its own; the cache folder ignores itself in git."""
from __future__ import annotations

import subprocess

import pytest

from gongkai import markdown

BROKEN = "\n\n另见[不存在的文件](../articles/nothing.md)。\n\n"


@pytest.fixture
def converted(monkeypatch):
    """How many bodies each run hands to Python-Markdown."""
    counts = []
    convert_all = markdown.convert_all

    def counting(bodies):
        counts.append(len(bodies))
        return convert_all(bodies)
    monkeypatch.setattr(markdown, "convert_all", counting)
    return counts


def check_both_ways(site, converted) -> tuple[int, int]:
    """check with the cache and with --no-cache say the same; the bodies each converted."""
    converted.clear()
    cached = site.run("check")
    used = sum(converted)
    clean = site.run("check", "--no-cache")
    assert cached.code == clean.code and cached.diagnostics == clean.diagnostics
    return used, sum(converted) - used


def test_check_uses_the_cache_a_build_made_and_says_what_a_clean_check_says(site, converted):
    used, every = check_both_ways(site, converted)
    assert used == every > 5                                   # no cache yet: every body is converted
    assert not (site.path / ".gongkai-cache").exists()          # and check does not make one
    assert site.build("--no-search").code == 0
    assert check_both_ways(site, converted) == (0, every)      # every body from the build's cache
    site.replace("content/policies/valid.md", "\n\n", BROKEN)     # one edit, with an error in it
    assert check_both_ways(site, converted) == (1, every)
    assert "link-broken" in site.run("check").codes()
    assert check_both_ways(site, converted) == (0, every)      # what check converted is kept


def test_the_cache_folder_is_ignored_by_git_in_any_site(site):
    subprocess.run(["git", "-C", str(site.path), "init", "-q"], check=True)
    (site.path / ".gitignore").unlink(missing_ok=True)
    assert site.build("--no-search").code == 0
    status = subprocess.run(["git", "-C", str(site.path), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert "content/policies/valid.md" in status and "public/" in status
    assert ".gongkai-cache" not in status
