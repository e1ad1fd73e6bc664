"""Incremental builds: after every kind of change an editor makes, the cached build's output is
byte for byte the output of a clean build (--no-cache) of the same input; a build with nothing
changed does nothing; the cache is used (pages linked from the last output, bodies not converted
again); a damaged cache or a hand-edited output only costs a clean build."""
from __future__ import annotations

import contextlib
import hashlib
import filecmp
import json
import os
import re
import sqlite3
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SiteDir
from gongkai.cache import cache_dir
from gongkai.cachefolder import GITIGNORE
from gongkai.store import SCHEMA, framed

def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_as_clean(site, *args, today="2025-06-01"):
    """Build with the cache into public/ and without it into clean/; the two trees are identical."""
    cached = site.build("--no-search", *args, today=today)
    assert cached.code == 0, cached.diagnostics
    clean = site.run("build", "--out", str(site.path / "clean"), "--no-search", "--no-cache", *args, today=today)
    assert clean.code == 0, clean.diagnostics
    a, b = tree(site.out), tree(site.path / "clean")
    assert a.keys() == b.keys(), sorted(a.keys() ^ b.keys())
    assert [k for k in a if a[k] != b[k]] == []
    assert cached.diagnostics == clean.diagnostics
    return cached.data["summary"]["cache"]


def test_every_kind_of_change_builds_what_a_clean_build_builds(site):
    first = assert_same_as_clean(site)
    assert first == {"unchanged": False, "reused_pages": 0}
    again = assert_same_as_clean(site)
    assert again["unchanged"] is True                           # nothing changed: nothing done

    site.replace("content/policies/valid.md", "\n\n", "\n\n本办法自印发之日起施行。\n\n")      # edit a body
    edited = assert_same_as_clean(site)
    assert not edited["unchanged"] and edited["reused_pages"] > 10

    valid = site.read("content/policies/valid.md")                                        # add a policy
    site.write("content/policies/new.md", valid.replace("测府规〔2025〕1号", "测府规〔2025〕9号")
               .replace("2025-00001", "2025-00009").replace("《测试县", "《测试县新增")
               .replace("interpretations/valid.md", "interpretations/new.md"))
    site.write("content/interpretations/new.md", site.read("content/interpretations/valid.md")
               .replace("policies/valid.md", "policies/new.md").replace("《测试县", "《测试县新增"))
    assert_same_as_clean(site)

    site.file("content/interpretations/new.md").rename(site.file("content/interpretations/renamed.md"))  # rename
    site.replace("content/policies/new.md", "interpretations/new.md", "interpretations/renamed.md")
    assert_same_as_clean(site)

    site.replace("content/consultations/c1.md", "feedback: articles/feedback.md\n", "")   # delete an article
    site.file("content/articles/feedback.md").unlink()
    assert_same_as_clean(site)

    site.write("layouts/article.html", '{% extends "_document.html" %}{% block metadata %}<p>本站</p>{% endblock %}')
    assert_same_as_clean(site)                                                            # a template
    site.replace("site.toml", 'title = "测试县人民政府 政府信息公开"', 'title = "测试县 政府信息公开"')
    assert_same_as_clean(site)                                                            # site.toml
    assert_same_as_clean(site, today="2031-01-01")                                        # the build date


def test_a_renamed_site_or_its_path_written_otherwise_is_the_same_build(site, tmp_path, monkeypatch):
    """The inputs' key is over paths inside the site: a site folder renamed, or --site given as ./x
    or /abs/x, finds its last build unchanged (the cache is kept where the site is: cachefolder.own)."""
    assert site.build("--no-search").code == 0
    moved = SiteDir(tmp_path / "改名后")
    site.path.rename(moved.path)
    assert moved.build("--no-search").data["summary"]["cache"]["unchanged"]
    monkeypatch.chdir(tmp_path)
    relative = SiteDir(Path("改名后"))
    assert relative.build("--no-search").data["summary"]["cache"]["unchanged"]


def test_a_hand_edited_output_or_a_damaged_cache_only_costs_a_clean_build(site):
    assert site.build("--no-search").code == 0
    page = site.out / "policies/valid/index.html"
    page.write_text("被人改过", encoding="utf-8")
    run = site.build("--no-search")
    assert run.code == 0 and not run.data["summary"]["cache"]["unchanged"]
    assert "被人改过" not in page.read_text(encoding="utf-8")
    (site.out / "empty/folder").mkdir(parents=True)          # even an empty folder is not the build's
    run = site.build("--no-search")
    assert run.code == 0 and not run.data["summary"]["cache"]["unchanged"] and not (site.out / "empty").exists()
    for path in cache_dir(site.out).rglob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    (cache_dir(site.out) / "bodies.sqlite").write_bytes(b"SQLite format 3\0" + b"\xff" * 200)
    site.replace("content/policies/valid.md", "\n\n", "\n\n新的一段。\n\n")
    assert_same_as_clean(site)


def test_a_cache_database_in_another_shape_is_started_again(site):
    assert site.build("--no-search").code == 0
    path = cache_dir(site.out) / "bodies.sqlite"
    path.unlink()
    with contextlib.closing(sqlite3.connect(path)) as db, db:      # someone else's table and trigger
        db.execute(SCHEMA[0][2])
        db.execute("CREATE TABLE log (x)")
        db.execute("CREATE TRIGGER t AFTER INSERT ON entries BEGIN INSERT INTO log VALUES (new.value); END")
    site.replace("content/policies/valid.md", "\n\n", "\n\n新的一段。\n\n")
    assert_same_as_clean(site)
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == SCHEMA
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] >= 5


def test_a_failed_build_is_not_remembered_and_no_cache_rebuilds_everything(site):
    assert site.build("--no-search").code == 0
    site.replace("content/policies/valid.md", "title: ", "title: 【待填写】", )
    assert site.build("--no-search").code == 1
    assert site.build("--no-search").code == 1                    # the failure is found again, not skipped
    site.replace("content/policies/valid.md", "title: 【待填写】", "title: ")
    assert site.build("--no-search").data["summary"]["cache"]["unchanged"] is True   # back to the last good input
    forced = site.build("--no-search", "--no-cache")
    assert forced.data["summary"]["cache"] == {"unchanged": False, "reused_pages": 0}


def test_the_cache_sits_beside_the_output_and_holds_no_pickle(site):
    assert site.build("--no-search").code == 0
    folder = cache_dir(site.out)
    assert folder == site.out.parent / ".gongkai-cache/public"
    files = [p for p in folder.rglob("*") if p.is_file() and p.name not in (".gitignore", "origin", "origin.id")]
    assert files and all(p.suffix in (".json", ".sqlite") for p in files)
    assert (folder / "origin").read_bytes() == b"" and re.fullmatch(r"\d+:\d+", (folder / "origin.id").read_text())
    assert (folder / ".gitignore").read_text(encoding="utf-8") == GITIGNORE        # git ignores the cache
    with contextlib.closing(sqlite3.connect(folder / "bodies.sqlite")) as db:     # JSON text in one table
        values = [bytes(v) for (v,) in db.execute("SELECT value FROM entries")]
    assert values and all(framed(v[8:]) == v and isinstance(json.loads(v[8:]), dict) for v in values)
    with contextlib.closing(sqlite3.connect(folder / "html.sqlite")) as db:       # and the bodies' HTML as text
        html = {key: bytes(v) for key, v in db.execute("SELECT key, value FROM entries")}
    assert html and all(framed(v[8:]) == v and hashlib.sha256(v[8:]).hexdigest() == key for key, v in html.items())
    texts = [v[8:].decode("utf-8") for v in html.values()]
    assert any(text.startswith("<") and "</p>" in text for text in texts)
    assert os.path.commonpath([site.out, folder]) != str(site.out)      # not inside what is published


@pytest.mark.parametrize("search", [True])
def test_with_search_the_cached_build_is_the_clean_one(site, search):
    site.replace("content/policies/valid.md", "\n\n", "\n\n本办法自印发之日起施行。\n\n")
    assert site.build().code == 0
    site.replace("content/policies/valid.md", "本办法自印发之日起施行。", "本办法自发布之日起施行。")
    assert site.build().code == 0
    assert site.run("build", "--out", str(site.path / "clean"), "--no-cache").code == 0
    cmp = filecmp.dircmp(site.out, site.path / "clean")
    assert tree(site.out) == tree(site.path / "clean"), cmp.diff_files


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=12)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=JSON, body=JSON)
def test_any_json_in_the_cache_only_costs_a_clean_build(site, state, body):
    assert site.build("--no-search").code == 0
    folder = cache_dir(site.out)
    good = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    for target in (good, {**good, "hashes": state}, {**good, "result": state}, {**good, "output": state}, state):
        (folder / "state.json").write_text(json.dumps(target), encoding="utf-8")
        with contextlib.closing(sqlite3.connect(folder / "memo.sqlite")) as db, db:     # any remembered fact
            db.execute("UPDATE entries SET value = ?", (framed(json.dumps(body).encode()),))
        with contextlib.closing(sqlite3.connect(folder / "bodies.sqlite")) as db, db:
            for key, real in db.execute("SELECT key, value FROM entries").fetchall():   # each link result, under its key
                linked = json.loads(real[8:]).get("linked")
                value = {"linked": {k: body for k in linked}} if isinstance(linked, dict) else body
                db.execute("UPDATE entries SET value = ? WHERE key = ?", (framed(json.dumps(value).encode()), key))
        site.replace("content/policies/valid.md", "\n\n", "\n\n又一段。\n\n")
        assert_same_as_clean(site)


def test_a_link_retargeted_or_a_named_pipe_in_content_is_seen_without_hanging(site):
    site.write("content/files/a.csv", "甲\n")
    site.write("content/files/b.csv", "乙\n")
    os.symlink("a.csv", site.file("content/files/latest.csv"))
    os.mkfifo(site.file("content/files/pipe"))           # skipped with a warning, never opened
    assert_same_as_clean(site)
    assert assert_same_as_clean(site)["unchanged"] is True
    site.file("content/files/latest.csv").unlink()
    os.symlink("b.csv", site.file("content/files/latest.csv"))
    assert not assert_same_as_clean(site)["unchanged"]
    assert (site.out / "files/latest.csv").read_text(encoding="utf-8") == "乙\n"


def test_a_rewrite_that_keeps_the_size_and_the_modification_time_is_seen(site):
    assert_same_as_clean(site)
    path = site.file("content/policies/valid.md")
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "一百元" in text
    path.write_text(text.replace("一百元", "二百元"), encoding="utf-8")    # same bytes long
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))            # as cp -p would leave it
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert not assert_same_as_clean(site)["unchanged"]
    assert "二百元" in (site.out / "policies/valid/index.html").read_text(encoding="utf-8")


def test_a_page_edited_in_the_output_that_keeps_its_size_and_modification_time_is_seen(site):
    """Someone's hand-edit in public/ (cp -p, rsync -t, touch -r): the next build, whether nothing
    changed or another document did, writes the page the build makes, not the edited one."""
    assert site.build("--no-search").code == 0
    page = site.out / "policies/valid/index.html"
    original = page.read_bytes()

    def edit_keeping_size_and_mtime():
        before = page.stat()
        text = page.read_text(encoding="utf-8")
        assert "一百元" in text
        page.write_text(text.replace("一百元", "九百元"), encoding="utf-8")     # same bytes long
        os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert page.stat().st_size == before.st_size and page.stat().st_mtime_ns == before.st_mtime_ns

    edit_keeping_size_and_mtime()
    run = site.build("--no-search")
    assert run.code == 0 and not run.data["summary"]["cache"]["unchanged"]
    assert page.read_bytes() == original
    edit_keeping_size_and_mtime()
    site.replace("content/articles/feedback.md", "\n\n", "\n\n又一段。\n\n")      # another document
    assert not assert_same_as_clean(site)["unchanged"]
    assert page.read_bytes() == original


def _modes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mode & 0o7777 for p in [folder, *folder.rglob("*")]}


def test_permissions_changed_by_hand_in_the_output_are_put_back(site):
    """chmod in public/ (a page, a folder, the output itself): the next build, nothing changed or
    another document edited (in place), leaves every entry with a clean build's permissions."""
    assert site.build("--no-search").code == 0
    clean = _modes(site.out)
    page, folder = site.out / "policies/valid/index.html", site.out / "policies/old"
    for change in ("page", "folder", "root", "page and an edit"):
        if change.startswith("page"):
            page.chmod(0o600)
        elif change == "folder":
            folder.chmod(0o700)
        else:
            site.out.chmod(0o700)
        if change.endswith("edit"):
            site.replace("content/articles/feedback.md", "\n\n", "\n\n又一段。\n\n")
        run = site.build("--no-search")
        assert run.code == 0 and not run.data["summary"]["cache"]["unchanged"], change
        assert _modes(site.out) == clean, change
    assert_same_as_clean(site)
    assert _modes(site.out) == _modes(site.path / "clean")


def test_a_build_under_another_umask_gives_a_clean_builds_permissions(site):
    """Pages linked from the last output keep that build's permissions: under another umask (a
    scheduled job, another editor) they are written anew, as a clean build under it writes them,
    whether anything else changed or not."""
    assert site.build("--no-search").code == 0
    old = os.umask(0o077)
    try:
        run = site.build("--no-search")
        assert run.code == 0 and not run.data["summary"]["cache"]["unchanged"]
        assert _modes(site.out)["policies/valid/index.html"] == 0o600
        site.replace("content/articles/feedback.md", "\n\n", "\n\n又一段。\n\n")
        assert_same_as_clean(site)
        assert _modes(site.out) == _modes(site.path / "clean")
        assert _modes(site.out)["policies/valid/index.html"] == 0o600
    finally:
        os.umask(old)


def test_a_file_name_that_is_no_text_is_keyed_and_remembered(site):
    folder = os.fsencode(site.file("content/files"))
    os.makedirs(folder, exist_ok=True)
    with open(folder + b"/a\xff.pdf", "wb") as f:        # skipped with a warning, still in the key
        f.write(b"%PDF-1.4")
    assert_same_as_clean(site)
    assert assert_same_as_clean(site)["unchanged"] is True
    with open(folder + b"/a\xff.pdf", "ab") as f:
        f.write(b"more")
    assert not assert_same_as_clean(site)["unchanged"]


def test_the_cache_keeps_the_bodies_the_site_has_now_and_no_older_ones(site):
    assert site.build("--no-search").code == 0
    def entries(name="bodies.sqlite"):
        with contextlib.closing(sqlite3.connect(cache_dir(site.out) / name)) as db:
            return {key for (key,) in db.execute("SELECT key FROM entries")}

    first, first_html = entries(), entries("html.sqlite")
    assert len(first) >= 5 and len(first_html) >= 5
    page = next(p for p in site.file("content").rglob("*.md") if "---" in p.read_text(encoding="utf-8"))
    page.write_text(page.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    assert site.build("--no-search").code == 0
    second, second_html = entries(), entries("html.sqlite")
    assert len(second) == len(first) and len(first - second) == 1     # the old text's entry went
    assert len(second_html) == len(first_html) and len(first_html - second_html) == 1     # and its HTML


def test_with_search_only_the_shards_whose_pages_changed_are_indexed_again(site, monkeypatch):
    from gongkai import search
    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    runs, real = [], search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda args, cancel=None: runs.append(args) or real(args, cancel))
    clean = site.path / "clean"

    def same_as_clean():
        assert site.run("build", "--out", str(clean), "--no-cache").code == 0
        assert tree(site.out) == tree(clean)

    assert site.build().code == 0
    shards = len(runs)
    assert shards >= 3 and (site.out / f"pagefind-s{shards - 1}/pagefind-entry.json").is_file()
    runs.clear()
    site.replace("content/policies/valid.md", "每人每月发放津贴一百元", "每人每月发放津贴一百二十元")
    assert site.build().code == 0
    assert 1 <= len(runs) < shards                     # the edited page's shard, not all of them
    same_as_clean()
    state_file = cache_dir(site.out) / "state.json"     # a cache that names a folder outside the bundles
    state = json.loads(state_file.read_text(encoding="utf-8"))
    state["shards"] = {key: "../../content" for key in state["shards"]}
    state_file.write_text(json.dumps(state), encoding="utf-8")
    site.replace("content/policies/valid.md", "每人每月发放津贴一百二十元", "每人每月发放津贴一百元")
    runs.clear()
    assert site.build().code == 0
    assert len(runs) == shards                         # nothing taken from there: every shard indexed
    same_as_clean()


def test_a_cached_body_is_linked_again_when_a_target_it_names_appears_moves_or_goes(site):
    """A body's link result is reused only while every link in it leads where it led."""
    site.replace("content/articles/feedback.md", "采纳 8 条。", "采纳 8 条, 详见[采纳说明](notes.md)和[附表](../files/form.csv)。")
    failed = site.build("--no-search")
    assert failed.code == 1 and "link-broken" in {d["code"] for d in failed.diagnostics}
    site.write("content/articles/notes.md", site.read("content/articles/feedback.md").replace("意见采纳情况", "采纳说明")
               .replace("详见[采纳说明](notes.md)和[附表](../files/form.csv)", "见附表"))
    assert_same_as_clean(site)                          # the missing page is there now
    page = (site.out / "articles/feedback/index.html").read_text(encoding="utf-8")
    assert 'href="../../articles/notes/"' in page and 'href="../../files/form.csv"' in page
    site.file("content/articles/notes.md").rename(site.file("content/articles/notes-2025.md"))
    site.replace("content/articles/feedback.md", "(notes.md)", "(notes-2025.md)")
    assert_same_as_clean(site)
    site.file("content/files/form.csv").rename(site.file("content/files/form-2025.csv"))
    moved = site.build("--no-search")                  # the body itself unchanged: its link now broken
    clean = site.run("build", "--out", str(site.path / "clean"), "--no-search", "--no-cache")
    assert moved.code == clean.code == 1
    assert moved.diagnostics == clean.diagnostics and any("form.csv" in d["message"] for d in moved.diagnostics)


@pytest.mark.parametrize("name", ["bodies.sqlite", "html.sqlite"])
def test_a_damaged_cache_database_is_started_again(site, name):
    assert site.build("--no-search").code == 0
    path = cache_dir(site.out) / name
    path.write_bytes(b"SQLite format 3\0" + b"\xff" * 200)
    site.replace("content/policies/valid.md", "\n\n", "\n\n新的一段。\n\n")
    assert_same_as_clean(site)
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] >= 5


def test_a_body_whose_html_the_cache_lost_is_converted_again(site):
    """A body entry names its HTML by its hash: an entry of html.sqlite gone (or its CRC wrong) makes
    that body converted again, never a page without its text."""
    assert site.build("--no-search").code == 0
    with contextlib.closing(sqlite3.connect(cache_dir(site.out) / "html.sqlite")) as db, db:
        keys = [key for (key,) in db.execute("SELECT key FROM entries ORDER BY key")]
        db.execute("DELETE FROM entries WHERE key = ?", (keys[0],))
        db.execute("UPDATE entries SET value = X'00' || value WHERE key = ?", (keys[1],))
    assert_same_as_clean(site, today="2025-06-02")        # (another day: built again, every text as it was)
    with contextlib.closing(sqlite3.connect(cache_dir(site.out) / "html.sqlite")) as db:
        now = {key for (key,) in db.execute("SELECT key FROM entries")}
    assert {keys[0], keys[1]} <= now               # converted again, and kept again


def test_a_cache_file_linked_elsewhere_is_never_written_through(site, tmp_path):
    assert site.build("--no-search").code == 0
    outside = tmp_path / "outside.db"
    for name in ("memo.sqlite", "bodies.sqlite", "html.sqlite"):
        (cache_dir(site.out) / name).unlink()
        os.symlink(outside, cache_dir(site.out) / name)
    site.replace("content/policies/valid.md", "\n\n", "\n\n新的一段。\n\n")
    assert_same_as_clean(site)
    assert not outside.exists()


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_the_cache(site):
    folder = cache_dir(site.out)
    folder.parent.mkdir(parents=True)
    folder.write_text("不是文件夹", encoding="utf-8")
    run = site.build("--no-search")
    assert run.code == 0 and (site.out / "policies/valid/index.html").is_file()
    assert folder.read_text(encoding="utf-8") == "不是文件夹"


def test_a_body_past_the_time_budget_is_not_remembered(site, monkeypatch):
    """The time budget depends on how busy the machine is: a body that ran out of time on a busy machine
    converts again on the next build, never stays 'too slow' from the cache."""
    from gongkai import limits, markdown
    monkeypatch.setattr(markdown, "time_budget", lambda: limits.time_budget(1e-6))     # every body runs out
    slow = site.build("--no-search")
    assert slow.code == 1 and any(markdown.TOO_SLOW in d["message"] for d in slow.diagnostics)
    monkeypatch.undo()
    assert_same_as_clean(site)


def test_a_search_shards_folder_with_permissions_changed_by_hand_is_put_back(site, monkeypatch):
    """chmod on a shard's bundle folder (pagefind-s1/): the next build makes it anew, as a clean one."""
    from gongkai import search
    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    assert site.build().code == 0
    bundle = site.out / "pagefind-s1"
    expected = bundle.stat().st_mode & 0o7777
    bundle.chmod(0o700)
    assert site.build().code == 0
    assert (site.out / "pagefind-s1").stat().st_mode & 0o7777 == expected


def test_only_the_building_user_may_open_the_cache(site, tmp_path):
    """The cache holds the text of drafts and scheduled documents, and sits beside the output: where
    that is inside a web server's folder (an output built in place), the server's user cannot read it."""
    site.write("content/articles/draft.md", "---\ntype: article\ntitle: 草稿\nissuer: 测试县人民政府\ncategory: zcwj\n"
               "published: 2025-05-01\ndraft: true\n---\n内部草稿ZZSECRET。\n")
    webroot = tmp_path / "www"
    webroot.mkdir()
    for out in (site.out, webroot / "xxgk"):
        assert site.run("build", "--no-search", "--out", str(out)).code == 0
        cache = out.parent / ".gongkai-cache"
        assert stat.S_IMODE(cache.stat().st_mode) == 0o700, oct(cache.stat().st_mode)
    cache.chmod(0o755)                          # made by an older build
    assert site.run("build", "--no-search", "--out", str(webroot / "xxgk")).code == 0
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_a_site_toml_that_is_a_link_is_keyed_by_the_text_it_leads_to(site):
    """site.toml may be a link to a file kept elsewhere (one per office): an edit of that file is a
    change (the inputs key reads through the link; found by a session's own review: it hashed the
    link as unreadable for a moment, and a changed title was replayed as nothing changed)."""
    real = site.path / "settings" / "site.toml"
    real.parent.mkdir()
    site.file("site.toml").rename(real)
    os.symlink(real, site.file("site.toml"))
    assert_same_as_clean(site)
    real.write_text(real.read_text(encoding="utf-8").replace('title = "', 'title = "改名后的', 1), encoding="utf-8")
    assert not assert_same_as_clean(site)["unchanged"]
    assert "改名后的" in (site.out / "index.html").read_text(encoding="utf-8")
