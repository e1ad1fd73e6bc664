"""A build that reads nothing of the cache (--no-cache) leaves in it what it made, and only that: the
facts and bodies of texts the site no longer has do not pile up build after build (on a city's
archive rebuilt with --no-cache the bodies' file had grown to ten times its size)."""
from __future__ import annotations

import contextlib
import sqlite3

from conftest import tree_digest

STORES = ("bodies.sqlite", "html.sqlite", "memo.sqlite")


def keys(cache) -> dict[str, set[str]]:
    found = {}
    for name in STORES:
        with contextlib.closing(sqlite3.connect(cache / name)) as db:
            found[name] = {k for (k,) in db.execute("SELECT key FROM entries")}
    return found


def test_a_no_cache_build_keeps_only_what_it_made(site):
    assert site.build("--no-search").code == 0
    site.replace("content/policies/valid.md", "\n\n", "\n\n本段在第二次构建前加入, 之后又改过。\n\n")
    assert site.build("--no-search").code == 0                  # (an edit: its old entries go, as they should)
    site.replace("content/policies/valid.md", "之后又改过", "只改过这一次")
    site.replace("content/interpretations/valid.md", "\n\n", "\n\n解读也改了一句。\n\n")
    assert site.build("--no-search", "--no-cache").code == 0
    fresh = site.run("build", "--out", str(site.path / "fresh"), "--no-search", "--no-cache")
    assert fresh.code == 0
    top = site.path / ".gongkai-cache"
    kept, made = keys(top / "public"), keys(top / "fresh")
    assert all(made[name] for name in STORES)
    assert kept == made


def test_a_no_cache_build_that_fails_leaves_the_cache_readable(site):
    """Its bodies are written before the checks fail; the next build reads them and passes."""
    assert site.build("--no-search").code == 0
    site.replace("content/policies/valid.md", "\n\n", "\n\n联系人身份证 110101199003074514。\n\n")
    assert site.build("--no-search", "--no-cache").code == 1
    site.replace("content/policies/valid.md", "联系人身份证 110101199003074514。", "联系人见办事指南。")
    again = site.build("--no-search")
    assert again.code == 0 and not [d for d in again.diagnostics if d["severity"] == "error"]


def test_a_no_cache_build_into_an_existing_output_writes_its_pages_into_a_new_folder(site, monkeypatch):
    """Knowing nothing of the output, it would have to hold every page in memory to compare it with
    the output's (a city's archive: 1.3 GB of pages in the main process); the pages go into a new
    folder as they are made instead, and that folder replaces the output as a whole."""
    from gongkai import pipeline
    given, render_site = [], pipeline.render_site

    def told(site_, with_search, cache=None, into=None):
        given.append(into)
        return render_site(site_, with_search, cache=cache, into=into)

    monkeypatch.setattr(pipeline, "render_site", told)
    assert site.build("--no-search").code == 0 and given[-1] is not None          # (a new output)
    site.replace("content/policies/valid.md", "\n\n", "\n\n新加的一段。\n\n")
    assert site.build("--no-search").code == 0 and given[-1] is None              # an edit: updated in place
    site.replace("content/policies/valid.md", "新加的一段。", "又改了一次。")
    folder = site.out.stat().st_ino
    assert site.build("--no-search", "--no-cache").code == 0
    assert given[-1] is not None and given[-1].parent == site.out.parent
    assert site.out.stat().st_ino != folder                                    # replaced as a whole
    clean = site.run("build", "--out", str(site.path / "clean"), "--no-search", "--no-cache")
    assert clean.code == 0 and tree_digest(site.out) == tree_digest(site.path / "clean")
