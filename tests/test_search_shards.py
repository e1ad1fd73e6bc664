"""A large site's search index comes in shards (no Pagefind process holds more than SHARD_PAGES
pages or SHARD_BYTES of pages); the search page merges them, so a citizen finds in a sharded index what one index finds.
Built here with shards of 8 pages on the example site (about 30 document pages, 4 shards)."""
from __future__ import annotations

import json
import shutil
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from browser import chromium, serve
from conftest import ROOT, SiteDir
from gongkai import search

QUERIES = ["低保", "医保", "养犬", "创业", "老旧小区", "春耕", "解读", "办法"]


def build(tmp_path, name: str) -> SiteDir:
    site = SiteDir(tmp_path / name)
    site.path.mkdir()
    shutil.copy(ROOT / "site.toml", site.path)
    shutil.copytree(ROOT / "content", site.path / "content")
    r = site.build(today="2026-11-27")
    assert r.code == 0, r.diagnostics
    return site


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("shards")
    whole = build(tmp, "whole")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search, "SHARD_PAGES", 8)
        sharded = build(tmp, "sharded")
    return whole, sharded


def found(page, base: str, query: str) -> set[str]:
    page.goto(base + "search/?q=" + quote(query))
    page.locator(".gk-search__status").filter(has_text="条").or_(
        page.locator(".gk-search__status").filter(has_text="没有找到")).first.wait_for(timeout=15000)
    while page.locator(".gk-search__more:visible").count():         # every result, not the first ten
        before = page.locator(".gk-search__results li").count()
        page.locator(".gk-search__more").click()
        page.wait_for_timeout(200)
        if page.locator(".gk-search__results li").count() == before:
            break
    return {a.split("/")[-2] for a in page.locator(".gk-search__results li > a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")}


def test_the_index_is_cut_into_bundles_each_listed_for_the_search_page(builds):
    whole, sharded = builds
    assert json.loads((whole.out / "pagefind/shards.json").read_text()) == []
    others = json.loads((sharded.out / "pagefind/shards.json").read_text())
    assert len(others) >= 3 and all((sharded.out / "pagefind" / o / "pagefind-entry.json").is_file() for o in others)


def test_a_sharded_index_finds_what_one_index_finds(builds):
    whole, sharded = builds
    with chromium() as browser, serve(whole.out) as a, serve(sharded.out) as b:
        page = browser.new_page()
        for query in QUERIES:
            one, merged = found(page, a, query), found(page, b, query)
            assert one and merged == one, (query, one ^ merged)


@given(sizes=st.lists(st.integers(min_value=0, max_value=3000), max_size=25),
       cap=st.integers(min_value=1, max_value=10), budget=st.integers(min_value=1, max_value=40000))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_shard_holds_at_most_its_pages_and_bytes_and_every_page_once(tmp_path_factory, sizes, cap, budget):
    folder = tmp_path_factory.mktemp("stage")
    for i, n in enumerate(sizes):
        page = folder / f"p{i:02d}" / "index.html"
        page.parent.mkdir()
        page.write_text(f'<html><body><main data-pagefind-body><h1 data-pagefind-meta="title">第{i}篇</h1>'
                        f'<p>{"规定" * n}</p></main></body></html>', encoding="utf-8")
    (folder / "index.html").write_text("<html><body><main><p>首页</p></main></body></html>", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search, "SHARD_PAGES", cap)
        mp.setattr(search, "SHARD_BYTES", budget)
        shards = []
        for shard, _, members in search.stage(folder):
            search.write_shard(shard, members)
            shards.append(shard)
    staged = []
    for shard in shards:
        files = sorted(shard.rglob("*.html"))
        assert len(files) <= cap
        if len(sizes) > cap:        # a site of at most SHARD_PAGES pages has one bundle whatever its size
            assert sum((folder / f.relative_to(shard)).stat().st_size for f in files) <= budget or len(files) == 1
        else:
            assert len(shards) == 1
        staged += [f.relative_to(shard).as_posix() for f in files]
    assert staged == [f"p{i:02d}/index.html" for i in range(len(sizes))]     # each once, in order
    assert len(set(shards)) == len(shards)                                  # no shard given twice
