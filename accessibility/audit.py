#!/usr/bin/env python3
"""Accessibility audit: axe-core (WCAG 2.0-2.2 A/AA) over every page of a built site, in real Chromium.

    python accessibility/audit.py [--site DIR] [--today YYYY-MM-DD] [--json REPORT.json] [--report REPORT.html]

Builds the site (search included) into a temporary folder, serves it on 127.0.0.1 and runs
axe-core from accessibility/node_modules (npm ci --prefix accessibility) in Debian's
Chromium through Playwright, on every page in standard mode, in 关怀版 and in 高对比 (both with AAA contrast),
at 1280 and at 375 px. Prints one line per violation; exit status 1 when any. --report
writes a Chinese HTML report for people (page, mode, element, WCAG criterion, waivers).
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
# 关怀版 promises contrast of at least 7:1: axe's AAA rules (color-contrast-enhanced) join in that mode
MODES = {"standard": ({}, WCAG_TAGS), "care": ({"care": True}, WCAG_TAGS + ["wcag2aaa"]),
         "contrast": ({"contrast": True}, WCAG_TAGS + ["wcag2aaa"])}
VIEWPORTS = {"desktop": (1280, 900), "phone": (375, 740)}
STORAGE_KEY = "gongkai-reading"          # what gongkai/theme/static/gongkai.js keeps the reader's choices in


def page_urls(out: Path) -> list[str]:
    urls = []
    for f in sorted(out.rglob("index.html")):
        rel = f.parent.relative_to(out).as_posix()
        if rel.startswith("pagefind"):
            continue
        urls.append("" if rel == "." else rel + "/")
    return urls


def audit_pages(out: Path, urls: list[str] | None = None, viewport=(1280, 900),
                mode: str = "standard") -> dict[str, list[dict]]:
    """url → axe violations (each {id, impact, help, tags, nodes: [target...]}), in standard mode or 关怀版."""
    settings, tags = MODES[mode]
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: run npm ci --prefix accessibility")
    script = AXE.read_text(encoding="utf-8")
    results: dict[str, list[dict]] = {}
    with serve(out) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        page.add_init_script(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(json.dumps(settings))})")
        for url in urls if urls is not None else page_urls(out):
            page.goto(base + url)
            page.evaluate(script + "\n;0")      # through the protocol: the page's CSP forbids inline script
            found = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
                ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, tags: v.tags,"
                " nodes: v.nodes.map(n => n.target.join(' '))})))", tags)
            results[url] = found
    return results


WAIVERS: dict[str, str] = {}      # axe rule id → why it is not followed (none today); shown in the report


def axe_version() -> str:
    package = HERE / "node_modules" / "axe-core" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else "?"


def main(argv=None) -> int:
    from gongkai.pipeline import build
    from report import render_report

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", default=str(ROOT))
    ap.add_argument("--today", default=dt.date.today().isoformat())
    ap.add_argument("--json", help="write the full report here (JSON)")
    ap.add_argument("--report", help="write a report for people here (HTML, Chinese)")
    a = ap.parse_args(argv)
    runs: dict[tuple[str, str], dict[str, list[dict]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "public"
        result = build(Path(a.site), out, dt.date.fromisoformat(a.today))
        if result.exit_status != 0:
            print("构建失败, 无法审计: 先运行 python build.py check", file=sys.stderr)
            return 2
        for mode in MODES:
            for screen, viewport in VIEWPORTS.items():
                runs[(mode, screen)] = audit_pages(out, viewport=viewport, mode=mode)
    count = 0
    for (mode, screen), report in runs.items():
        for url, violations in report.items():
            for v in violations:
                if v["id"] in WAIVERS:
                    continue
                count += 1
                print(f"/{url} [{mode}, {screen}]: [{v['id']}] ({v['impact']}) {v['help']} — {', '.join(v['nodes'][:3])}")
    pages = len(next(iter(runs.values())))
    print(f"{pages} pages × {len(runs)} runs (standard, 关怀版 and 高对比, 1280 and 375 px), {count} violations "
          f"(axe-core {axe_version()}, {', '.join(WCAG_TAGS)}; AAA contrast in 关怀版 and 高对比)")
    if a.json:
        data = {f"{m}/{s}": r for (m, s), r in runs.items()}
        Path(a.json).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    if a.report:
        tools = f"axe-core {axe_version()}（Chromium 无头浏览器，Playwright 驱动）"
        Path(a.report).write_text(render_report(runs, WAIVERS, tools, a.today), encoding="utf-8")
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
