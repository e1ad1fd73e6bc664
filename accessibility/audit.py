#!/usr/bin/env python3
"""Accessibility audit: axe-core (WCAG 2.0-2.2 A/AA) over every page of a built site, in real Chromium.

    python accessibility/audit.py [--site DIR] [--today YYYY-MM-DD] [--json REPORT]

Builds the site (search included) into a temporary folder, serves it on 127.0.0.1 and runs
axe-core from accessibility/node_modules (npm ci --prefix accessibility) in Debian's
Chromium through Playwright. Prints one line per violation; exit status 1 when any.
The tests call audit_pages() on the example site.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import chromium, serve  # noqa: E402  (tests/browser.py: Chromium flags and the server)

AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def page_urls(out: Path) -> list[str]:
    urls = []
    for f in sorted(out.rglob("index.html")):
        rel = f.parent.relative_to(out).as_posix()
        if rel.startswith("pagefind"):
            continue
        urls.append("" if rel == "." else rel + "/")
    return urls


def audit_pages(out: Path, urls: list[str] | None = None, viewport=(1280, 900)) -> dict[str, list[dict]]:
    """url → axe violations (each {id, impact, help, nodes: [target...]})."""
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: run npm ci --prefix accessibility")
    script = AXE.read_text(encoding="utf-8")
    results: dict[str, list[dict]] = {}
    with serve(out) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        for url in urls if urls is not None else page_urls(out):
            page.goto(base + url)
            page.add_script_tag(content=script)
            found = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
                ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                " nodes: v.nodes.map(n => n.target.join(' '))})))", WCAG_TAGS)
            results[url] = found
    return results


def main(argv=None) -> int:
    from gongkai.pipeline import build

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", default=str(ROOT))
    ap.add_argument("--today", default=dt.date.today().isoformat())
    ap.add_argument("--json", help="write the full report here")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "public"
        result = build(Path(a.site), out, dt.date.fromisoformat(a.today))
        if result.exit_status != 0:
            print("构建失败, 无法审计: 先运行 python build.py check", file=sys.stderr)
            return 2
        report = audit_pages(out)
    count = 0
    for url, violations in report.items():
        for v in violations:
            count += 1
            print(f"/{url}: [{v['id']}] ({v['impact']}) {v['help']} — {', '.join(v['nodes'][:3])}")
    print(f"{len(report)} pages, {count} violations (axe-core, {', '.join(WCAG_TAGS)})")
    if a.json:
        Path(a.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
