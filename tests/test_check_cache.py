"""`check` on a site a build has made a cache for uses that cache's bodies and facts (an editor's
check on a city's site takes seconds, not the time of a cold build), says exactly what a check
without the cache says, and never makes a cache of its own; the cache folder ignores itself in git."""
from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess

import pytest

from conftest import SiteDir
from gongkai import cachefolder, markdown, store

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

    def status() -> str:
        return subprocess.run(["git", "-C", str(site.path), "status", "--porcelain", "--untracked-files=all"],
                              capture_output=True, text=True, check=True).stdout

    site.replace("content/policies/valid.md", "\n\n", BROKEN)
    assert site.build("--no-search").code == 1                  # a first build that fails writes the cache too
    assert (site.path / ".gongkai-cache").is_dir() and ".gongkai-cache" not in status()
    site.replace("content/policies/valid.md", BROKEN, "\n\n")
    assert site.build("--no-search").code == 0
    assert "content/policies/valid.md" in status() and "public/" in status()
    assert ".gongkai-cache" not in status()


def test_a_byte_changed_in_a_remembered_finding_never_hides_it(site):
    """A personal-data error remembered by check, its severity then changed on disk (SQLite's integrity
    check does not see inside a value): check still fails, as check --no-cache does."""
    assert site.build("--no-search").code == 0
    site.replace("content/policies/valid.md", "\n\n", "\n\n联系人身份证 110101199003074514。\n\n")
    assert "personal-data" in site.run("check").codes()
    memo = site.path / ".gongkai-cache/public/memo.sqlite"
    finding, changed = b'"personal-data","error"', b'"personal-data","errxr"'
    with contextlib.closing(sqlite3.connect(memo)) as db, db:
        rows = [(key, bytes(value)) for key, value in db.execute("SELECT key, value FROM entries")
                if finding in bytes(value)]
        for key, value in rows:
            db.execute("UPDATE entries SET value = ? WHERE key = ?", (value.replace(finding, changed), key))
    assert len(rows) == 1
    cached, clean = site.run("check"), site.run("check", "--no-cache")
    assert cached.code == clean.code == 1 and cached.diagnostics == clean.diagnostics


def forge_a_finding_away(site) -> None:
    """A personal-data error in a built site, and the cache's remembered finding of it replaced by
    "none" (with a valid CRC): while the cache is trusted, check passes (the premise of the tests below)."""
    assert site.build("--no-search").code == 0
    site.replace("content/policies/valid.md", "\n\n", "\n\n联系人身份证 110101199003074514。\n\n")
    assert "personal-data" in site.run("check").codes()
    memo = site.path / ".gongkai-cache/public/memo.sqlite"
    with contextlib.closing(sqlite3.connect(memo)) as db, db:
        keys = [key for key, value in db.execute("SELECT key, value FROM entries")
                if b'"personal-data"' in bytes(value)]
        for key in keys:
            db.execute("UPDATE entries SET value = ? WHERE key = ?", (store.framed(b"[]"), key))
    assert len(keys) == 1
    assert site.run("check").code == 0                       # the forged fact hides the error


def test_a_cache_copied_in_from_elsewhere_is_never_read(site, tmp_path):
    """A site handed over as a copy (a zip, cp -r, a restored backup) with a cache whose facts were
    forged: the copy's origin file is not the one its build made, so check and build read none of
    it, and the build empties it before writing its own. A site moved (renamed) keeps its cache."""
    forge_a_finding_away(site)
    moved = SiteDir(tmp_path / "moved")
    site.path.rename(moved.path)
    assert moved.run("check").code == 0                      # the same folder, moved: still its cache
    copy = SiteDir(tmp_path / "copy")
    shutil.copytree(moved.path, copy.path)                   # times kept (copy2), but made anew
    assert "personal-data" in copy.run("check").codes()
    assert copy.build("--no-search").code == 1 and "personal-data" in copy.build("--no-search").codes()
    assert "personal-data" in copy.run("check").codes()      # the forged entry went with the claim
    assert cachefolder.own(copy.path / ".gongkai-cache/public") and not cachefolder.own(moved.path / ".gongkai-cache/x")


def test_a_cache_committed_to_git_is_never_read(site):
    """A cache folder is this machine's memory: one that came with a commit (git add -f) may hold
    facts forged to hide a finding. Forged here for a personal-data error, it hides the error while
    untracked (the premise); once git tracks it, check and build read none of it, find the error,
    and tell the editor to take the cache out of git."""
    git = ["git", "-C", str(site.path), "-c", "user.name=编辑", "-c", "user.email=editor@example.gov.cn"]
    subprocess.run([*git, "init", "-q"], check=True)
    forge_a_finding_away(site)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "add", "-f", ".gongkai-cache"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "带缓存的提交"], check=True)
    for run in (site.run("check"), site.build("--no-search")):
        assert run.code == 1 and {"personal-data", "cache-ignored"} <= run.codes()
        ignored = run.find("cache-ignored")[0]
        assert ignored["file"] == ".gongkai-cache/public" and "git rm -r --cached .gongkai-cache" in ignored["message"]
    site.replace("content/policies/valid.md", "联系人身份证 110101199003074514。", "")
    assert site.build("--no-search").code == 0 and "cache-ignored" in site.build("--no-search").codes()
    tracked = subprocess.run([*git, "status", "--porcelain", "--", ".gongkai-cache"], capture_output=True, text=True)
    assert tracked.stdout == ""                              # builds left the commit's cache files as they were
    subprocess.run([*git, "rm", "-r", "-q", "--cached", ".gongkai-cache"], check=True)
    assert "cache-ignored" not in site.run("check").codes()  # out of git: the machine's own cache again


@pytest.mark.parametrize("link", [".gongkai-cache", ".gongkai-cache/public"])
def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written(site, tmp_path, link):
    """A link in place of the cache folder (a commit can bring one) would put the cache's files, and
    its facts, outside the site: the build and check use no cache, write nothing there, and warn."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site.path / link).parent.mkdir(parents=True, exist_ok=True)
    (site.path / link).symlink_to(elsewhere, target_is_directory=True)
    for run in (site.build("--no-search"), site.build("--no-search"), site.run("check")):
        assert run.code == 0 and [d["file"] for d in run.find("cache-ignored")] == [".gongkai-cache/public"]
        assert "符号链接" in run.find("cache-ignored")[0]["message"]
    assert list(elsewhere.iterdir()) == []


def test_a_cache_folder_that_cannot_be_made_is_said_not_silently_slow(site):
    """A file in the cache folder's place (or a folder the build may not write): every build would
    be a whole one, slower without a word; the build warns on each, and stands."""
    (site.path / ".gongkai-cache").mkdir()
    (site.path / ".gongkai-cache/public").write_text("not a folder", encoding="utf-8")
    for _ in range(2):
        run = site.build("--no-search")
        assert run.code == 0 and [d["file"] for d in run.find("cache-ignored")] == [".gongkai-cache/public"]
        assert "无法建立或写入" in run.find("cache-ignored")[0]["message"]
    assert (site.path / ".gongkai-cache/public").read_text(encoding="utf-8") == "not a folder"
    (site.path / ".gongkai-cache/public").unlink()
    assert "cache-ignored" not in site.build("--no-search").codes()
    assert "cache-ignored" not in site.build("--no-search").codes()       # made the first time: trusted after


@pytest.mark.parametrize("odd", ["fifo", "zero", "huge"])
def test_an_origin_id_that_is_no_small_file_is_not_trusted_and_never_read_whole(site, odd):
    """A copied-in cache may hold a FIFO (a read waits for ever), a link to /dev/zero (a read fills the
    memory) or a huge file in place of origin.id: check and build neither hang nor trust it."""
    assert site.build("--no-search").code == 0
    ident = site.path / ".gongkai-cache/public/origin.id"
    ident.unlink()
    if odd == "fifo":
        os.mkfifo(ident)
    elif odd == "zero":
        ident.symlink_to("/dev/zero")
    else:
        with ident.open("wb") as f:
            f.truncate(3 * 2**30)          # sparse: no disk used
    assert not cachefolder.own(ident.parent)
    assert site.run("check").code == 0
    built = site.build("--no-search")
    assert built.code == 0 and cachefolder.own(ident.parent) and ident.stat().st_size < 64
