"""The pages' hashes the search index is keyed by, remembered between builds with each page's stats
(gongkai.searchpages): a page whose stats are those remembered is not read again; one written since,
or just before it was looked at, is; whatever the file holds, nothing is trusted but a well-formed
record of the very stats; and an edited site's index, built from what was remembered, is a clean
build's."""
from __future__ import annotations

import hashlib
import json
import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import add_policies
from gongkai import searchpages
from gongkai.cache import cache_dir
from gongkai.searchpages import PageDigests

PAGE = '<html><body><main data-pagefind-body><p>{}</p></main></body></html>'


def pages(folder, texts: dict[str, str | None]):
    """Pages under folder: a document page for a text, a page Pagefind does not index for None."""
    listed = []
    for rel, text in texts.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(text) if text is not None else "<p>列表</p>", encoding="utf-8")
        listed.append((rel, path))
    return listed


def sha(path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def test_a_page_with_the_remembered_stats_is_not_read_again_and_one_written_since_is(tmp_path, monkeypatch):
    monkeypatch.setattr(searchpages, "RACY_NS", 0)
    listed = pages(tmp_path / "out", {"a/index.html": "低保", "b/index.html": "医保", "list/index.html": None})
    memory = tmp_path / "indexed.json"
    first = PageDigests(memory)
    assert first.indexed(listed) == [(rel, p, p.stat().st_size, sha(p)) for rel, p in listed[:2]]
    first.save()
    # what was remembered is taken as it is: a digest that no longer matches the bytes proves no reading
    record = json.loads(memory.read_text(encoding="utf-8"))
    assert set(record) == {"a/index.html", "b/index.html", "list/index.html"}
    assert record["list/index.html"].endswith(" ") and record["a/index.html"].endswith(sha(listed[0][1]).hex())
    record["a/index.html"] = record["a/index.html"][:-64] + "0" * 64
    memory.write_text(json.dumps(record), encoding="utf-8")
    b = listed[1][1]
    was = b.stat()
    time.sleep(0.05)                  # (past a tick of the file system's clock)
    b.write_text(PAGE.format("养老"), encoding="utf-8")            # written since: the same size, and its
    os.utime(b, ns=(was.st_atime_ns, was.st_mtime_ns))             # modification time put back (cp -p, rsync -t)
    read = []
    monkeypatch.setattr(searchpages, "_read", lambda page, st, real=searchpages._read: read.append(page) or real(page, st))
    second = PageDigests(memory).indexed(listed)
    assert read == [b]
    assert [(rel, digest) for rel, _, _, digest in second] == [("a/index.html", bytes(32)), ("b/index.html", sha(b))]
    assert PageDigests(memory, read=False).indexed(listed)[0][3] == sha(listed[0][1])    # an emptied cache: all read


def test_a_page_written_just_before_it_was_looked_at_is_not_remembered(tmp_path, monkeypatch):
    monkeypatch.setattr(searchpages, "RACY_NS", 60 * 10**9)      # (however slow the machine running the test)
    listed = pages(tmp_path, {"a/index.html": "低保"})
    digests = PageDigests(tmp_path / "indexed.json")
    assert digests.indexed(listed)[0][3] == sha(listed[0][1])
    assert digests.new == {}          # within RACY_NS of its change: a later change in the same tick would not show


RECORD = st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.one_of(st.integers(), st.text(max_size=70)), max_size=6))


@given(records=st.dictionaries(st.sampled_from(["a/index.html", "b/index.html", "x"]), RECORD, max_size=3),
       digest=st.one_of(st.text(alphabet="0123456789abcdefABCDEF", min_size=63, max_size=65), st.just("")),
       same_stats=st.booleans())
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_whatever_the_file_holds_only_a_well_formed_record_of_the_very_stats_is_trusted(tmp_path, records, digest, same_stats):
    folder = tmp_path / "h"
    folder.mkdir(exist_ok=True)
    listed = pages(folder, {"a/index.html": "低保", "b/index.html": "医保"})
    st_a = listed[0][1].stat()
    if same_stats:
        records["a/index.html"] = f"{st_a.st_size} {st_a.st_mtime_ns} {st_a.st_ino} {st_a.st_ctime_ns} {digest}"
    memory = folder / "indexed.json"
    memory.write_text(json.dumps(records), encoding="utf-8")
    got = {rel: d for rel, _, _, d in PageDigests(memory).indexed(listed)}
    trusted = same_stats and (digest == "" or (len(digest) == 64 and digest == digest.lower()))
    if trusted and digest == "":
        assert "a/index.html" not in got                            # remembered as a page not indexed
    else:
        assert got["a/index.html"] == (bytes.fromhex(digest) if trusted else sha(listed[0][1]))
    assert got["b/index.html"] == sha(listed[1][1])                # no record of its stats: read


def test_an_edited_sites_index_reads_only_the_pages_written_since_and_is_a_clean_builds(site, monkeypatch):
    from gongkai import search
    monkeypatch.setattr(searchpages, "RACY_NS", 0)
    monkeypatch.setattr(search, "SHARD_PAGES", 3)
    add_policies(site, 6)
    read = []       # the bytes of each page read
    monkeypatch.setattr(searchpages, "_read", lambda page, st, real=searchpages._read: read.append(page.read_bytes()) or real(page, st))
    assert site.build().code == 0
    every = len(read)
    assert every > 20 and (cache_dir(site.out) / "indexed.json").is_file()
    read.clear()
    site.replace("content/policies/valid.md", "每人每月发放津贴一百元", "每人每月发放津贴一百二十元")
    assert site.build().code == 0
    assert 1 <= len(read) < every / 2 and any("一百二十元".encode() in page for page in read)
    clean = site.path / "clean"
    assert site.run("build", "--out", str(clean), "--no-cache").code == 0
    mine = {p.relative_to(site.out).as_posix(): p.read_bytes() for p in site.out.rglob("*") if p.is_file()}
    theirs = {p.relative_to(clean).as_posix(): p.read_bytes() for p in clean.rglob("*") if p.is_file()}
    assert mine.keys() == theirs.keys() and [k for k in mine if mine[k] != theirs[k]] == []


def test_a_shards_bundle_changed_by_hand_is_made_again_not_reused(site, monkeypatch):
    """A file of a reused shard's bundle removed, added, or rewritten with its size and modification
    time put back: an edited site's build indexes that shard again, and its output is a clean build's."""
    from gongkai import search
    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    runs, real = [], search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda args, cancel=None: runs.append(args[4]) or real(args, cancel))
    assert site.build().code == 0
    assert len(runs) >= 4
    s1, s2, s3 = (site.out / f"pagefind-s{n}" for n in (1, 2, 3))
    next(s1.glob("fragment/*")).unlink()                                         # removed
    (s2 / "extra.js").write_text("alert(1)", encoding="utf-8")                 # added
    meta = next(s3.glob("*.pf_meta"))
    was, data = meta.stat(), bytearray(meta.read_bytes())
    data[-1] ^= 0xFF
    time.sleep(0.05)
    meta.write_bytes(bytes(data))                                             # rewritten, its time put back
    os.utime(meta, ns=(was.st_atime_ns, was.st_mtime_ns))
    runs.clear()
    site.replace("content/policies/valid.md", "每人每月发放津贴一百元", "每人每月发放津贴一百二十元")
    assert site.build().code == 0
    assert {f"pagefind-s{n}" for n in (1, 2, 3)} <= {path.rsplit("/", 1)[-1] for path in runs}
    clean = site.path / "clean"
    assert site.run("build", "--out", str(clean), "--no-cache").code == 0
    mine = {p.relative_to(site.out).as_posix(): p.read_bytes() for p in site.out.rglob("*") if p.is_file()}
    theirs = {p.relative_to(clean).as_posix(): p.read_bytes() for p in clean.rglob("*") if p.is_file()}
    assert mine.keys() == theirs.keys() and [k for k in mine if mine[k] != theirs[k]] == []
