"""A build that reads nothing of the cache (--no-cache) leaves in it what it made, and only that: the
facts and bodies of texts the site no longer has do not pile up build after build (on a city's
archive rebuilt with --no-cache the bodies' file had grown to ten times its size)."""
from __future__ import annotations

import contextlib
import sqlite3

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
