"""Machine-readable files: sitemap.xml and feed.xml (Atom) rendered from the theme's templates,
and the open data of gongkai.opendata. Absolute URLs from base_url go only here (and in the
canonical link); XML text never holds a character XML 1.0 forbids."""
from __future__ import annotations

from functools import partial

from ..fields import TYPE_NAMES
from ..opendata import OPEN_DATA, open_data
from ..site import absolute_url, newest_first
from ..text import strip_control
from .page import Page

NOT_LISTED = ("search/",)       # pages a crawler has no use for


def sitemap(r):
    """sitemap.xml: every page rendered before it (a page type of its own, after the documents)."""
    yield _sitemap(r)


def _sitemap(r) -> Page:
    base = r.config.base_url
    lastmod = {d.url: d.published for d in r.site.published if d.published}
    urls = sorted(p[: -len("index.html")] for p in r.files if p.endswith("index.html"))
    return Page("", "sitemap.xml", path="sitemap.xml", context={"urls": [
        {"loc": absolute_url(base, u), "lastmod": lastmod[u].isoformat() if u in lastmod else ""}
        for u in urls if u not in NOT_LISTED]}, reads=())


def feed(r) -> Page:
    base, config = r.config.base_url, r.config
    docs = sorted((d for d in r.site.published if d.published and d.type != "page"),
                  key=newest_first)[: config.feed_size]
    entries = [{"title": strip_control(d.title), "url": absolute_url(base, d.url), "updated": d.published.isoformat(),
                "summary": strip_control(d.meta.get("summary") or f"{TYPE_NAMES.get(d.type, '')} · {'、'.join(d.issuers)}")}
               for d in docs]
    return Page("", "feed.xml", path="feed.xml", context={
        "title": strip_control(config.title), "base": base, "author": strip_control(config.organization or config.title),
        "updated": entries[0]["updated"] if entries else "1970-01-01", "entries": entries}, reads=())


def data_files(r):
    """The open data and feed.xml (which read no page)."""
    made: dict[str, bytes] = {}

    def body(path: str) -> bytes:         # the open data is made at most once, when a file of it is needed
        if not made:
            made.update(open_data(r.site))
        return made[path]

    for path in OPEN_DATA:
        yield Page("", "", path=path, make=partial(body, path), reads=())
    yield feed(r)
