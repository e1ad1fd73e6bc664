"""The pure paginate(): every item on exactly one page, in order, and a pager a reader can follow."""
from __future__ import annotations

from hypothesis import given, strategies as st

from gongkai.paginate import paginate


def url_of(n: int) -> str:
    return "list/" if n == 1 else f"list/page/{n}/"


@given(st.integers(0, 500), st.integers(1, 60))
def test_every_item_on_one_page_in_order_and_the_pager_links_its_neighbours(count, size):
    items = list(range(count))
    parts = paginate(items, size, url_of)
    assert [i for part in parts for i in part.items] == items
    assert len(parts) == max(1, -(-count // size))
    assert all(len(p.items) == size for p in parts[:-1]) and len(parts[-1].items) <= size
    for n, part in enumerate(parts, 1):
        pager = part.pager
        assert (pager.current, pager.total, pager.url) == (n, len(parts), url_of(n))
        assert pager.prev == (url_of(n - 1) if n > 1 else None)
        assert pager.next == (url_of(n + 1) if n < len(parts) else None)
        numbers = [k for k, _, _ in pager.pages]
        assert numbers == sorted(set(numbers)) and {1, n, len(parts)} <= set(numbers)
        assert all(u == url_of(k) for k, u, _ in pager.pages)
        assert all(gap == (i > 0 and k - numbers[i - 1] > 1) for i, (k, _, gap) in enumerate(pager.pages))


def test_a_long_list_shows_a_window_with_gaps():
    pager = paginate(list(range(100)), 5, url_of)[9].pager       # page 10 of 20
    assert [k for k, _, _ in pager.pages] == [1, 7, 8, 9, 10, 11, 12, 13, 20]
    assert [k for k, _, gap in pager.pages if gap] == [7, 20]
