"""serve's index, made after the pages and in the background, the way `build` makes its own: serve's
build of the pages leaves the search bundles where they stand (an update in place touches none of
them), and refresh() indexes again only the shards whose pages changed, moves their bundles into the
output where it stands and remembers the shards. Before, every rebuild copied the whole index into a
new folder with every page and indexed every shard again (the 20,000-document corpus: 10 s for an
edit to show, 52 s more of both cores). Here the example site in shards of 8 pages (four bundles);
the output is every time a clean `build`'s, index included."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import threading

import pytest

from conftest import ROOT, SiteDir, tree_digest
from gongkai import search
from gongkai.pipeline import build
from gongkai.previewindex import KeepIndex, refresh

TODAY = "2026-11-27"


def inodes(out, where=lambda rel: True) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*")
            if p.is_file() and where(p.relative_to(out).as_posix())}


def in_bundle(rel: str) -> bool:
    return rel.split("/")[0].startswith("pagefind")


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARD_PAGES", 8)
    site = SiteDir(tmp_path / "site")
    site.path.mkdir()
    shutil.copy(ROOT / "site.toml", site.path)
    shutil.copytree(ROOT / "content", site.path / "content")
    return site


def pages_kept_index(site) -> None:
    result = build(site.path, site.out, dt.date.fromisoformat(TODAY), finish=KeepIndex(site.out))
    assert result.exit_status == 0, result.diagnostics


def clean(site) -> dict[str, str]:
    shutil.rmtree(site.path / "clean", ignore_errors=True)
    assert site.run("build", "--out", str(site.path / "clean"), "--no-cache", today=TODAY).code == 0
    return tree_digest(site.path / "clean")


def test_the_pages_keep_the_index_and_refresh_makes_only_what_changed(site):
    pages_kept_index(site)
    assert not any(in_bundle(rel) for rel in inodes(site.out))          # a first build: no index yet
    assert refresh(site.out, threading.Event())
    assert tree_digest(site.out) == clean(site)
    bundles = inodes(site.out, in_bundle)
    assert len({rel.split("/")[0] for rel in bundles}) >= 4

    policy = sorted((site.path / "content/policies").glob("*.md"))[0]
    policy.write_text(policy.read_text(encoding="utf-8") + "\n本次修订补充一段犇犇说明。\n", encoding="utf-8")
    folder = site.out.stat().st_ino
    pages_kept_index(site)
    assert site.out.stat().st_ino == folder                               # in place
    assert inodes(site.out, in_bundle) == bundles                        # the index as it was
    assert refresh(site.out, threading.Event())
    now = inodes(site.out, in_bundle)
    changed = {rel.split("/")[0] for rel in bundles if now.get(rel) != bundles[rel] and rel != "pagefind/shards.json"}
    assert len(changed) == 1, changed                                    # the edited policy's shard alone
    assert tree_digest(site.out) == clean(site)


def test_a_refresh_cancelled_leaves_the_output_as_it_was(site):
    pages_kept_index(site)
    assert refresh(site.out, threading.Event())
    policy = sorted((site.path / "content/policies").glob("*.md"))[0]
    policy.write_text(policy.read_text(encoding="utf-8") + "\n又补充一段。\n", encoding="utf-8")
    pages_kept_index(site)
    before = {rel: (ino, os.stat(site.out / rel).st_mtime_ns) for rel, ino in inodes(site.out).items()}
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(search.SearchError):
        refresh(site.out, cancel)
    assert {rel: (ino, os.stat(site.out / rel).st_mtime_ns) for rel, ino in inodes(site.out).items()} == before
    assert [p.name for p in site.path.iterdir() if p.name.startswith(".public.")] == []
    assert refresh(site.out, threading.Event())                          # the next one does the work
    assert tree_digest(site.out) == clean(site)


@pytest.mark.parametrize("damage", ["a file removed", "a file edited", "a bundle added", "a file removed, every page changed"])
def test_a_bundle_changed_by_hand_is_made_again_by_the_next_refresh(site, damage):
    """The pages' build leaves the bundles as they stand; it recorded them so in the cache's manifest,
    and the next refresh took a bundle changed by hand (a fragment removed, the entry file edited, a
    bundle copied in) for the last index's: the output kept it for good (found by a probe)."""
    pages_kept_index(site)
    assert refresh(site.out, threading.Event())
    if damage.startswith("a file removed"):
        sorted((site.out / "pagefind-s1/fragment").iterdir())[0].unlink()
    elif damage == "a file edited":
        entry = site.out / "pagefind-s2/pagefind-entry.json"
        entry.write_text(entry.read_text(encoding="utf-8") + " ", encoding="utf-8")
    else:
        shutil.copytree(site.out / "pagefind-s1", site.out / "pagefind-s9")
    policy = sorted((site.path / "content/policies").glob("*.md"))[-1]
    policy.write_text(policy.read_text(encoding="utf-8") + "\n再补充一段。\n", encoding="utf-8")
    if damage.endswith("every page changed"):          # (the output replaced as a whole, its bundles linked)
        toml = site.path / "site.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace('title = "', 'title = "新', 1), encoding="utf-8")
    folder = site.out.stat().st_ino
    pages_kept_index(site)
    assert (site.out.stat().st_ino != folder) == damage.endswith("every page changed")
    assert refresh(site.out, threading.Event())
    assert tree_digest(site.out) == clean(site)
