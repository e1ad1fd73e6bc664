"""`check --report FILE.html` (and FILE.json beside it): the review report for the office.

Every diagnostic grouped by rule and by document; the personal-data values allowed and why;
documents expiring within six months; stale and empty columns; overdue feedback; scheduled
documents. Dated by the build date only, so two runs on the same content give the same files."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .dates import add_months
from .registry import BY_CODE, RULES
from .site import newest_first
from .oserrors import reason
from .guard import SOURCE_FOLDERS

TEMPLATE = Path(__file__).parent / "report.html"
SECTIONS = {"column-stale": "stale", "catalog-empty": "empty", "consultation-feedback-overdue": "overdue"}


def report_data(result, today) -> dict:
    site = result.site
    items = [asdict(d) for d in result.diagnostics]
    by_rule = []
    for rule in RULES:
        found = [d for d in items if d["code"] == rule.code]
        if found:
            by_rule.append({"code": rule.code, "title": rule.title, "severity": rule.severity, "family": rule.family,
                            "why": rule.why, "fix": rule.fix, "found": found})
    by_file = defaultdict(list)
    for d in items:
        by_file[d["file"]].append(d)
    soon = add_months(today, 6)
    expiring = [{"file": p.file, "title": p.title, "doc_number": p.meta.get("doc_number", ""),
                 "valid_until": p.meta["valid_until"].isoformat()}
                for p in sorted(site.of_type("policy"), key=lambda p: (p.meta.get("valid_until") or today, p.path))
                if p.meta.get("valid_until") and today <= p.meta["valid_until"] <= soon
                and site.effective_status(p) == "现行有效"]
    allowed = [{"file": d.file, "title": d.title, "value": a["value"], "reason": a["reason"]}
               for d in site.documents for a in d.meta.get("allow_personal_data") or []]
    scheduled = [{"file": d.file, "title": d.title, "published": d.published.isoformat()}
                 for d in sorted(site.scheduled, key=newest_first)]
    columns = {key: [d for d in items if d["code"] == code] for code, key in SECTIONS.items()}
    return {"today": today.isoformat(), "site": site.config.title, "exit_status": result.exit_status,
            "errors": result.errors, "warnings": result.warnings, "documents": result.documents,
            "by_rule": by_rule, "by_file": [{"file": f, "found": ds} for f, ds in sorted(by_file.items())],
            "expiring": expiring, "allowed": allowed, "scheduled": scheduled, **columns}


def path_problem(path: Path, site_dir: Path | None = None) -> str | None:
    """Why the report cannot go to path (a Chinese problem), or None: told before the check runs.
    Never among site_dir's sources (content/ would publish it, and its HTML stops the next build)."""
    if path.suffix.lower() not in (".html", ".htm"):
        return f"--report 的文件名应以 .html 结尾 (现为 {path.name}); 旁边会同时写出同名的 .json"
    target = path.absolute().resolve()
    for name in SOURCE_FOLDERS if site_dir is not None else ():
        if (site_dir / name).resolve() in (target, *target.parents):
            return (f"审核报告不能写进站点的 {name}/ 文件夹: 那里是源文件, 报告会被发布, 或让下次构建出错; "
                    "请换一个位置, 例如 --report review/report.html")
    return None


def write_report(path: Path, result, today, site_dir: Path | None = None) -> str | None:
    """Writes FILE.html and FILE.json; returns a Chinese problem, or None (see path_problem)."""
    problem = path_problem(path, site_dir)
    if problem:
        return problem
    data = report_data(result, today)
    env = Environment(loader=FileSystemLoader(str(TEMPLATE.parent)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    html = env.get_template(TEMPLATE.name).render(r=data, rules=BY_CODE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        path.with_suffix(".json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as e:
        return f"无法写入审核报告 {path}: {reason(e)}"
    return None
