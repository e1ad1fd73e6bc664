"""Pagination of a list, pure: which items go on which page and which page numbers the pager shows.

URLs here are site-root-relative; the caller makes them relative to the page that shows them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

AROUND = 3      # page numbers shown on each side of the current one (first and last always shown)


@dataclass(frozen=True)
class Pager:
    current: int
    total: int
    url: str
    prev: str | None
    next: str | None
    pages: tuple[tuple[int, str, bool], ...]     # (number, url, a gap before it)


@dataclass(frozen=True)
class Slice:
    items: tuple
    pager: Pager


def shown_numbers(current: int, total: int) -> list[int]:
    """The page numbers a pager lists: the first, the last and AROUND on each side of current."""
    return [k for k in range(1, total + 1) if k in (1, total) or abs(k - current) <= AROUND]


def paginate(items: Sequence, size: int, url_of_page: Callable[[int], str]) -> list[Slice]:
    """The pages of a list of `size` items each; an empty list still has its first page."""
    total = max(1, -(-len(items) // size))
    out = []
    for n in range(1, total + 1):
        shown = shown_numbers(n, total)
        pages = tuple((k, url_of_page(k), i > 0 and k - shown[i - 1] > 1) for i, k in enumerate(shown))
        pager = Pager(n, total, url_of_page(n), url_of_page(n - 1) if n > 1 else None,
                      url_of_page(n + 1) if n < total else None, pages)
        out.append(Slice(tuple(items[(n - 1) * size: n * size]), pager))
    return out
