"""A small change written into the output where it stands (gongkai.update): whatever the output
held before — stray files, folders, links, a file where a folder goes — the folder afterwards is
exactly the new site, as the whole replacement would leave it; only the changed files are new
on disk; Ctrl-C during the build leaves the previous output as it was."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import treestats, update
from gongkai.cache import cache_dir
from gongkai.output import MARKER, MARKER_TEXT, Reused, write_site


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry below folder: a file's bytes, a link's target, a folder as None."""
    seen: dict[str, object] = {}
    for top, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = os.path.join(top, name)
            rel = os.path.relpath(path, folder)
            if os.path.islink(path):
                seen[rel] = ("link", os.readlink(path))
            elif os.path.isdir(path):
                seen[rel] = None
            else:
                seen[rel] = Path(path).read_bytes()
    return seen


def expected(files: dict[str, bytes]) -> dict[str, object]:
    tree: dict[str, object] = {MARKER: MARKER_TEXT}
    for rel, data in files.items():
        tree[rel] = data
        parent = os.path.dirname(rel)
        while parent:
            tree[parent] = None
            parent = os.path.dirname(parent)
    return tree


NAMES = st.sampled_from(["a", "b", "index.html", "c.css"])
PATHS = st.lists(NAMES, min_size=1, max_size=3).map("/".join)
SITES = st.dictionaries(PATHS, st.binary(max_size=6), max_size=12)


@settings(max_examples=200, deadline=None)
@given(before=SITES, after=SITES, extra=st.lists(st.tuples(PATHS, st.sampled_from(["file", "dir", "link"])),
                                                   max_size=4), in_place=st.booleans())
def test_any_output_becomes_exactly_the_new_site(before, after, extra, in_place):
    """An output made by a build, then hand-changed (strays of every kind), then built again, in
    place as far as it can be (every change counts as small), or never in place."""
    before, after = _consistent(before), _consistent(after)
    small = update.SMALL
    update.SMALL = 1 if in_place else 10 ** 9
    try:
        _build_twice(before, after, extra, in_place)
    finally:
        update.SMALL = small


def _build_twice(before, after, extra, in_place):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "public"
        write_site(out, dict(before), {})
        assert snapshot(out) == expected(before)
        for rel, kind in extra:
            target = out / rel
            if any(p.is_file() or p.is_symlink() for p in [*target.parents, target]) or target.is_dir():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if kind == "file":
                target.write_bytes(b"stray")
            elif kind == "dir":
                target.mkdir()
            else:
                target.symlink_to("/etc")
        files = {rel: Reused(out, rel) if before.get(rel) == data and (out / rel).is_file()
                 and not (out / rel).is_symlink() and (out / rel).read_bytes() == data else data
                 for rel, data in after.items()}
        present, folder = snapshot(out), out.stat().st_ino
        clash = any(present.get(rel, b"") is None or any(present.get(p) is not None for p in _parents(rel))
                    for rel in after)      # a folder where a file goes, or a file where a folder goes
        manifest = write_site(out, files, {})
        assert snapshot(out) == expected(after)
        assert manifest is None or manifest == update.tree_stats(out)      # known without a walk
        nothing_new = all(present.get(rel) == data for rel, data in {**after, MARKER: MARKER_TEXT}.items())
        assert (out.stat().st_ino == folder) == ((in_place or nothing_new) and not clash)   # in place, or a new folder
        assert [n for n in os.listdir(tmp) if n != "public"] == []      # no staging folder left


class _FailingOs:
    """update.py's os, whose k-th call that changes the file system fails (a folder made read-only,
    a full disk): the change in place must then be undone, every step of it."""
    CHANGING = ("rename", "replace", "mkdir", "link", "rmdir", "unlink")

    def __init__(self, k: int):
        self.k, self.calls = k, 0

    def __getattr__(self, name):
        real = getattr(os, name)
        if name not in self.CHANGING:
            return real

        def call(*args, **kwargs):
            self.calls += 1
            if self.calls == self.k:
                raise OSError(1, "Operation not permitted (test)")
            return real(*args, **kwargs)
        return call


def _exact(folder: Path) -> dict[str, tuple]:
    """Every entry as the file system has it: kind, inode, modification time, mode, and bytes or target."""
    seen = {".": ("dir", folder.stat().st_ino, folder.stat().st_mode)}
    for top, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = os.path.join(top, name)
            st = os.lstat(path)
            what = (os.readlink(path) if os.path.islink(path) else None if os.path.isdir(path)
                    else Path(path).read_bytes())
            seen[os.path.relpath(path, folder)] = (st.st_ino, st.st_mtime_ns, st.st_mode, what)
    return seen


@settings(max_examples=150, deadline=None)
@given(before=SITES, after=SITES, k=st.integers(min_value=1, max_value=40))
def test_an_update_in_place_that_fails_midway_leaves_the_output_exactly_as_it_was(before, after, k):
    """A step of the change in place fails: every step before it is undone (the very files back, inodes
    and times), the error is raised (the build says 原有输出保持不变), no staging folder is left.
    The whole change was renamed in one file after another: those before the failure stayed."""
    before, after = _consistent(before), _consistent(after)
    small, real_os = update.SMALL, update.os
    update.SMALL = 1
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "public"
            write_site(out, dict(before), {})
            files = {rel: Reused(out, rel) if before.get(rel) == data and (out / rel).is_file() else data
                     for rel, data in after.items()}
            was = _exact(out)
            update.os = _FailingOs(k)
            try:
                write_site(out, files, {})
            except OSError:
                assert _exact(out) == was
            else:
                assert snapshot(out) == expected(after)
            finally:
                update.os = real_os
            assert [n for n in os.listdir(tmp) if n != "public"] == []
    finally:
        update.SMALL, update.os = small, real_os


def _parents(rel: str):
    parts = rel.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _consistent(files: dict[str, bytes]) -> dict[str, bytes]:
    """No path that is both a file and a folder (a site never has one)."""
    kept: dict[str, bytes] = {}
    for rel in sorted(files, key=len):
        if rel != MARKER and not any(rel.startswith(k + "/") for k in kept):
            kept[rel] = files[rel]
    return kept


def test_an_edit_rewrites_only_its_pages_in_place_and_the_tree_is_the_clean_one(site):
    assert site.build("--no-search").code == 0
    inodes = {p: p.stat().st_ino for p in site.out.rglob("*") if p.is_file()}
    (site.out / "stray.html").write_text("不是构建生成的", encoding="utf-8")
    (site.out / "old/deep").mkdir(parents=True)
    (site.out / "old/deep/page.html").write_text("旧", encoding="utf-8")
    os.symlink("/etc", site.out / "etc")
    site.replace("content/policies/valid.md", "\n\n", "\n\n本办法自印发之日起施行。\n\n")
    assert site.build("--no-search").code == 0
    assert site.run("build", "--out", str(site.path / "clean"), "--no-search", "--no-cache").code == 0
    assert snapshot(site.out) == snapshot(site.path / "clean")
    kept = [p for p, ino in inodes.items() if p.exists() and p.stat().st_ino == ino]
    changed = [p for p in inodes if p not in kept]
    assert site.out / "policies/valid/index.html" in changed
    assert len(kept) >= 9 * len(changed), (len(kept), changed)     # written in place, not a new folder
    assert [n for n in os.listdir(site.path) if n.startswith(".public.")] == []


def test_with_search_an_update_in_place_replaces_only_the_bundles_of_changed_shards(site, monkeypatch):
    from gongkai import search
    from conftest import add_policies
    monkeypatch.setattr(search, "SHARD_PAGES", 2)        # many shards on a small site
    monkeypatch.setattr(update, "SMALL", 1)              # every change in place
    clean = site.path / "clean"
    assert site.build().code == 0
    folder = site.out.stat().st_ino
    bundles = {p.name: p.stat().st_ino for p in site.out.glob("pagefind*")}
    assert len(bundles) >= 3

    def same_as_clean():
        assert site.build().code == 0
        assert site.out.stat().st_ino == folder                              # in place, not a new folder
        state = json.loads((cache_dir(site.out) / "state.json").read_text(encoding="utf-8"))
        assert state["output"] == update.tree_stats(site.out)               # the manifest, known without a walk
        assert site.run("build", "--out", str(clean), "--no-cache").code == 0
        assert snapshot(site.out) == snapshot(clean)
        assert [n for n in os.listdir(site.path) if n.startswith(".public.")] == []

    for stray in ("pagefind-s01", "pagefind-s0", f"pagefind-s{len(bundles) + 5}"):     # no bundle's names
        (site.out / stray).mkdir()
        (site.out / stray / "pagefind.js").write_text("旧", encoding="utf-8")
    site.replace("content/policies/valid.md", "\n\n", "\n\n本办法自印发之日起施行。\n\n")
    same_as_clean()
    now = {p.name: p.stat().st_ino for p in site.out.glob("pagefind*")}
    assert now.keys() == bundles.keys() and 1 <= sum(now[n] != bundles[n] for n in now) < len(now)
    add_policies(site, 3)                                 # more shards
    same_as_clean()
    assert len(list(site.out.glob("pagefind*"))) > len(bundles)
    for i in range(3):                                    # fewer again: the bundles past the last go
        site.file(f"content/policies/p{i}.md").unlink()
        site.file(f"content/interpretations/p{i}.md").unlink()
    same_as_clean()
    assert {p.name for p in site.out.glob("pagefind*")} == bundles.keys()


PARTS = st.sampled_from(["a", "b", "pagefind", "pagefind-s1", "index.html", "x.y"])


@settings(max_examples=300, deadline=None)
@given(rel=st.lists(PARTS, min_size=1, max_size=4).map("/".join),
       gone=st.sets(st.lists(PARTS, min_size=1, max_size=3).map("/".join), max_size=4))
def test_an_entry_is_under_a_removed_one_exactly_when_it_or_a_parent_is_removed(rel, gone):
    assert treestats._under(rel, gone) == (rel in gone or any(d in gone for d in treestats.parents(rel)))
