"""Machine-readable files for crawlers and readers: sitemap.xml and feed.xml (Atom), in memory.

Absolute URLs from base_url go only here (and in the canonical link). XML text never holds
a character XML 1.0 forbids.
"""
from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from .documents import TYPE_NAMES
from .site import Site, absolute_url, newest_first
from .text import strip_control

def xml_escape(text: str) -> str:
    """Text for the feed and the sitemap: escaped, without the characters XML 1.0 forbids."""
    return escape(strip_control(text))


def sitemap(site: Site, urls: list[str]) -> bytes:
    base = site.config.base_url
    lastmod = {d.url: d.published for d in site.published if d.published}
    rows = []
    for u in sorted(urls):
        mod = f"<lastmod>{lastmod[u].isoformat()}</lastmod>" if u in lastmod else ""
        rows.append(f"  <url><loc>{xml_escape(absolute_url(base, u))}</loc>{mod}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows) + "\n</urlset>\n").encode("utf-8")


def feed(site: Site) -> bytes:
    base = site.config.base_url
    docs = sorted((d for d in site.published if d.published and d.type != "page"),
                  key=newest_first)[: site.config.feed_size]
    updated = docs[0].published.isoformat() if docs else "1970-01-01"
    entries = []
    for d in docs:
        summary = d.meta.get("summary") or f"{TYPE_NAMES.get(d.type, '')} · {'、'.join(d.issuers)}"
        entries.append(
            "  <entry>\n"
            f"    <title>{xml_escape(d.title)}</title>\n"
            f"    <link href=\"{xml_escape(absolute_url(base, d.url))}\"/>\n"
            f"    <id>{xml_escape(absolute_url(base, d.url))}</id>\n"
            f"    <updated>{d.published.isoformat()}T00:00:00+08:00</updated>\n"
            f"    <summary>{xml_escape(summary)}</summary>\n"
            "  </entry>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n'
            f"  <title>{xml_escape(site.config.title)}</title>\n"
            f"  <link href=\"{xml_escape(base)}\"/>\n"
            f"  <link rel=\"self\" href=\"{xml_escape(base + 'feed.xml')}\"/>\n"
            f"  <id>{xml_escape(base)}</id>\n"
            f"  <updated>{updated}T00:00:00+08:00</updated>\n"
            f"  <author><name>{xml_escape(site.config.organization or site.config.title)}</name></author>\n"
            + "\n".join(entries) + ("\n" if entries else "") + "</feed>\n").encode("utf-8")
