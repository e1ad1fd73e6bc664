"""The index chunks a query loads (searchstable.complete_chunks): a query of two characters or more
loads every chunk holding a word it begins, checked against a mirror of how Pagefind chooses
chunks (request_indexes in Pagefind 1.5's pagefind_web) on word lists of any shape; the same
through the built bundle in Chromium is in test_search_quality."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.searchstable import SHORTEST, _load, complete_chunks


def chosen(chunks: list, term: str) -> set[str]:
    """The chunk files Pagefind loads for one word of a query: those whose [from, to] holds it, and
    when there are none, those whose bounds, cut to the word's length, hold it."""
    strict = {name for low, high, name in chunks if low <= term <= high}
    if strict:
        return strict
    loose = set()
    for low, high, name in chunks:
        n1, n2 = min(len(term), len(low)), min(len(term), len(high))
        if term[:n1] >= low[:n1] and term[:n2] <= high[:n2]:
            loose.add(name)
    return loose


def pagefind_bounds(groups: list[list[str]]) -> list[list[str]]:
    """Chunks with bounds as Pagefind writes them: from, the shortest beginning of the first word
    after the chunk before; to, the shortest beginning of the last word before the next chunk."""
    chunks = []
    for i, words in enumerate(groups):
        first, last = words[0], words[-1]
        before = groups[i - 1][-1] if i else ""
        after = groups[i + 1][0] if i + 1 < len(groups) else None
        low = next(first[:n] for n in range(1, len(first) + 1) if first[:n] > before)
        high = last if after is None else next((last[:n] for n in range(1, len(last)) if last[:n] < after[:n]), last)
        chunks.append([low, high, f"c{i}"])
    return chunks


def needed(groups: list[list[str]], term: str) -> set[str]:
    return {f"c{i}" for i, words in enumerate(groups) if any(w.startswith(term) for w in words)}


words = st.lists(st.text(alphabet="政务公开服a1", min_size=1, max_size=6), min_size=2, max_size=60, unique=True)


@settings(max_examples=300, deadline=None)
@given(words, st.data())
def test_a_query_of_two_characters_or_more_loads_every_chunk_holding_a_word_it_begins(found, data):
    found = sorted(found)
    cuts = sorted(data.draw(st.sets(st.integers(1, len(found) - 1), max_size=len(found) - 1)))
    groups = [found[a:b] for a, b in zip([0] + cuts, cuts + [len(found)])]
    chunks = complete_chunks(pagefind_bounds(groups))
    for term in {w[:n] for w in found for n in range(SHORTEST, len(w) + 1)}:
        assert needed(groups, term) <= chosen(chunks, term), (term, groups, chunks)


def test_pagefind_s_own_bounds_miss_the_chunk_after_a_boundary_inside_a_query_s_words():
    groups = [["一网通办", "政务公开"], ["政务服务", "政务服务中心"]]
    bounds = pagefind_bounds(groups)
    assert bounds == [["一", "政务公", "c0"], ["政务服", "政务服务中心", "c1"]]
    assert chosen(bounds, "政务") == {"c0"}                       # 政务服务 never read
    assert chosen(complete_chunks(bounds), "政务") == {"c0", "c1"}
    assert chosen(complete_chunks(bounds), "政务服务") == {"c1"}   # a query inside one chunk loads it alone


def bundle_words(bundle: Path) -> tuple[list, dict[str, list[tuple[str, set[int]]]]]:
    """A built bundle's chunk list and, by chunk file, its words with the pages holding each."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (info,) = entry["languages"].values()
    chunks = _load(bundle / f"pagefind.{info['hash']}.pf_meta")[2]
    words = {}
    for _, _, name in chunks:
        entries = []
        for word, postings, *_ in _load(bundle / "index" / f"{name}.pf_index")[0]:
            pages, page = set(), 0
            for posting in postings:       # page numbers are written as differences
                page += posting[0]
                pages.add(page)
            entries.append((word, pages))
        words[name] = entries
    return chunks, words
