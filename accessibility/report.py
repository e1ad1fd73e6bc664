"""The audit's report for people (Chinese HTML): every violation with its page, mode, screen,
element and WCAG success criterion; the waivers with their reasons."""
from __future__ import annotations

import html
import re

MODE_NAMES = {"standard": "标准版", "care": "关怀版", "contrast": "高对比"}
VIEWPORT_NAMES = {"desktop": "电脑 1280 像素", "phone": "手机 375 像素"}
TAG_RE = re.compile(r"^wcag(\d)(\d)(\d+)$")


def criteria(tags: list[str]) -> str:
    """axe's tags (wcag143) → WCAG success criteria (1.4.3)."""
    found = [".".join(m.groups()) for m in map(TAG_RE.match, tags) if m]
    return "、".join(found) or "最佳实践"


def render_report(runs: dict[tuple[str, str], dict[str, list[dict]]], waivers: dict[str, str],
                  tools: str, date: str) -> str:
    e = html.escape
    rows, pages, total = [], set(), 0
    for (mode, viewport), report in runs.items():
        pages |= set(report)
        for url, violations in report.items():
            for v in violations:
                for node in v["nodes"]:
                    total += 1
                    rows.append(f"<tr><td>/{e(url)}</td><td>{MODE_NAMES[mode]}，{VIEWPORT_NAMES[viewport]}</td>"
                                f"<td><code>{e(node)}</code></td><td>{e(criteria(v.get('tags', [])))}</td>"
                                f"<td>{e(v['id'])}：{e(v['help'])}</td></tr>")
    table = ("<table><caption>发现的问题</caption><thead><tr><th scope=\"col\">页面</th><th scope=\"col\">模式与屏幕</th>"
             "<th scope=\"col\">元素</th><th scope=\"col\">WCAG 成功准则</th><th scope=\"col\">问题</th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>") if rows else "<p>未发现问题。</p>"
    waived = ("<ul>" + "".join(f"<li><code>{e(k)}</code>：{e(r)}</li>" for k, r in waivers.items()) + "</ul>"
              if waivers else "<p>无豁免项。</p>")
    runs_text = "、".join(f"{MODE_NAMES[m]}（{VIEWPORT_NAMES[v]}）" for m, v in runs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>无障碍检测报告</title>
<style>body{{font:18px/1.7 sans-serif;margin:1rem auto;max-width:70rem;padding:0 1rem}}
table{{border-collapse:collapse;width:100%}}th,td{{border:1px solid #767676;padding:.3rem .5rem;text-align:left;vertical-align:top}}
code{{overflow-wrap:anywhere}}</style></head>
<body><main>
<h1>无障碍检测报告</h1>
<p>检测日期：{e(date)}。检测工具：{e(tools)}。共检测 {len(pages)} 个页面，检测方式：{e(runs_text)}。</p>
<p>结果：{"发现 " + str(total) + " 处问题。" if total else "未发现违反 WCAG 2.0–2.2 A/AA 级（关怀版另含 AAA 级对比度）的问题。"}</p>
{table}
<h2>豁免项</h2>
{waived}
</main></body></html>
"""
