#!/usr/bin/env python3
"""The bytes a citizen's first search fetches, in Chromium, over a built output (by hand, not in CI).

    python benchmarks/weigh.py OUTPUT [QUERY ...]

For each query, a browser context of its own (nothing cached) opens the search page with the query
in its address, waits until the page tells what it found (or that it found nothing), then until the
network is quiet, and sums the bodies of everything fetched from the search bundles (pagefind/ and
its shards pagefind-s<n>/: the entry files, the WebAssembly, the index chunks, the fragments of the
results shown). The pages are served by Python's own server, uncompressed: a server that gzips
(deploy/nginx.conf) sends the text files smaller, the chunks (already compressed) as they are.
Needs Chromium and Playwright, as the tests do (tests/browser.py).
"""
from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent

# the README's queries: no result, a 发文字号's prefix, common words, and two words the corpus holds apart
QUERIES = ("低保", "示府发", "就业", "政务", "公开", "政务服务")
STATUS = "document.querySelector('.gk-search__status')"
TOLD = f"{STATUS} && ({STATUS}.textContent.includes('条') || {STATUS}.textContent.includes('没有找到'))"


def _in_bundle(url: str) -> bool:
    first = urlsplit(url).path.strip("/").split("/")[0]
    return first == "pagefind" or first.startswith("pagefind-s")


def weigh(output: Path, queries=QUERIES) -> list[dict]:
    """{query, bytes, requests, told} for each query: what the search fetched, and what the page said."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import chromium, serve, wait_js
    rows = []
    with serve(output) as base, chromium() as browser:
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            fetched = []
            page.on("requestfinished", lambda request: fetched.append(request))
            page.goto(base + "search/?q=" + quote(query))
            wait_js(page, TOLD, timeout=120_000)
            page.wait_for_load_state("networkidle")
            bundle = [r for r in fetched if _in_bundle(r.url)]
            rows.append({"query": query, "bytes": sum(r.sizes()["responseBodySize"] for r in bundle),
                         "requests": len(bundle), "told": page.locator(".gk-search__status").inner_text().strip()})
            context.close()
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| query | fetched from the search bundles | requests | the page told |", "| --- | --- | --- | --- |"]
    lines += [f"| {r['query']} | {r['bytes'] / 1024:,.0f} KiB | {r['requests']} | {r['told']} |" for r in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    print(table(weigh(Path(sys.argv[1]), tuple(sys.argv[2:]) or QUERIES)))
