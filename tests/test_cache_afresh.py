"""A build that reads nothing of the cache (--no-cache) leaves in it what it made, and only that: the
facts and bodies of texts the site no longer has do not pile up build after build (on a city's
archive rebuilt with --no-cache the bodies' file had grown to ten times its size)."""
from __future__ import annotations

import contextlib
import os
import sqlite3
import stat

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


def test_a_no_cache_build_hands_the_writer_only_the_pages_that_differ_from_the_output(site, monkeypatch):
    """Knowing nothing of the output, the build compared every page with the output's file in the
    writer, after every page was handed to it (a city's archive: 1.3 GB of pages held in the main
    process). Each page is now compared where it is made: one the output holds as it is comes back
    as Reused, and the output is still updated where it stands."""
    from gongkai import pipeline
    from gongkai.generated import Reused
    handed, render_site = [], pipeline.render_site

    def told(site_, with_search, cache=None, into=None):
        files, collisions = render_site(site_, with_search, cache=cache, into=into)
        handed.append({rel for rel, data in files.items() if isinstance(data, bytes) and rel.endswith(".html")})
        assert not [d for d in files.values() if isinstance(d, Reused) and d.root != site.out.absolute()]
        return files, collisions

    monkeypatch.setattr(pipeline, "render_site", told)
    assert site.build("--no-search").code == 0
    pages = len(list(site.out.rglob("*.html")))
    site.replace("content/policies/valid.md", "\n\n", "\n\n新加的一段。\n\n")
    folder = site.out.stat().st_ino
    assert site.build("--no-search", "--no-cache").code == 0
    assert pages > 10 and 0 < len(handed[-1]) <= 3, handed[-1]        # the edited policy's page, and what shows it
    assert site.out.stat().st_ino == folder                             # updated where it stands
    clean = site.run("build", "--out", str(site.path / "clean"), "--no-search", "--no-cache")
    assert clean.code == 0 and tree_digest(site.out) == tree_digest(site.path / "clean")


def test_a_page_the_output_holds_otherwise_is_written_again(site, tmp_path):
    """The same bytes are not enough: a page whose permissions were changed by hand, one hard-linked
    from outside the output (an edit there would change the published page), one replaced by a link
    to a file of the same bytes, and the pages of a folder moved out of the output and linked back
    (each file there is as the build would write it, but outside: linking it into the new output
    made the published pages the outside files), and one given to another user (as root can) are
    written again as a clean build writes them."""
    assert site.build("--no-search").code == 0
    a, b, c = sorted(site.out.rglob("index.html"))[1:4]
    a.chmod(0o600)
    os.link(b, tmp_path / "outside.html")
    (tmp_path / "same.html").write_bytes(c.read_bytes())
    c.unlink()
    c.symlink_to(tmp_path / "same.html")
    moved = site.out / "interpretations"
    moved.rename(tmp_path / "interpretations")
    moved.symlink_to(tmp_path / "interpretations")
    d = sorted(site.out.rglob("index.html"))[0]
    if os.geteuid() == 0:           # (only root gives a file away)
        os.chown(d, 65534, 65534)
    assert site.build("--no-search", "--no-cache").code == 0
    clean = site.run("build", "--out", str(site.path / "clean"), "--no-search", "--no-cache")
    assert clean.code == 0 and tree_digest(site.out) == tree_digest(site.path / "clean")
    assert not moved.is_symlink() and list(moved.rglob("index.html"))
    for page in (a, b, c, d, *moved.rglob("index.html")):
        mirror = site.path / "clean" / page.relative_to(site.out)
        assert not page.is_symlink() and page.stat().st_nlink == 1 and page.stat().st_uid == os.geteuid()
        assert stat.S_IMODE(page.stat().st_mode) == stat.S_IMODE(mirror.stat().st_mode)
