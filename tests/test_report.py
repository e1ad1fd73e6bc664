"""`check --report` (issue 8): the review report groups every diagnostic by rule and by document and
lists the allowed personal data, documents expiring within six months, stale and empty columns,
overdue feedback and scheduled documents; Chinese, accessible (axe, Nu), dated by the build date."""
from __future__ import annotations

import json
import re
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "accessibility"))
from audit import audit_pages  # noqa: E402
from test_accessibility import nu_check  # noqa: E402

P = "content/policies/valid.md"


def report(site, today="2026-04-10"):
    site.run("check", "--report", str(site.path / "review" / "report.html"), today=today)
    html = (site.path / "review" / "report.html").read_text(encoding="utf-8")
    data = json.loads((site.path / "review" / "report.json").read_text(encoding="utf-8"))
    return html, data


def make_report(site):
    site.replace(P, "doc_number: 测府规〔2025〕1号", "doc_number: 测府规[2025]1号")       # a warning
    site.replace(P, "valid_until: 2030-03-04", "valid_until: 2026-05-31")               # expires in 6 months
    site.replace(P, "status: 现行有效", 'status: 现行有效\nallow_personal_data:\n  - value: "13800000000"\n'
                 "    reason: 县民政局服务热线")
    site.write("content/articles/later.md", "---\ntype: article\ntitle: 下月发布的通知\nissuer: 测试县人民政府\n"
               "category: zcwj\npublished: 2026-06-01\n---\n正文。\n")
    site.replace("content/consultations/c1.md", "feedback: articles/feedback.md\n", "")
    site.write("content/pages/bad.md", "---\ntype: page\ntitle: 【待填写】\n---\n正文。\n")      # an error
    return report(site)


def test_the_report_groups_and_lists_what_the_office_reviews(site):
    html, data = make_report(site)
    assert data["today"] == "2026-04-10" and data["errors"] >= 1
    rules = {g["code"]: g for g in data["by_rule"]}
    assert {"placeholder-left", "doc-number-format", "column-stale", "consultation-feedback-overdue"} <= set(rules)
    assert rules["placeholder-left"]["found"][0]["file"] == "content/pages/bad.md"
    files = {f["file"] for f in data["by_file"]}
    assert {"content/pages/bad.md", P} <= files
    assert [e["file"] for e in data["expiring"]] == [P]
    assert data["allowed"] == [{"file": P, "title": site.read(P).split("title: ")[1].split("\n")[0],
                                "value": "13800000000", "reason": "县民政局服务热线"}]
    assert [s["file"] for s in data["scheduled"]] == ["content/articles/later.md"]
    assert data["overdue"] and data["stale"]
    for needle in ("发布前审核报告", "检查日期：2026-04-10", "县民政局服务热线", "下月发布的通知", "2026-05-31",
                   "国办发〔2016〕80号" if "interpretation" in html else "placeholder-left"):
        assert needle in html, needle
    # dated by the build date only: no clock time anywhere
    assert not re.search(r"\d{1,2}:\d{2}:\d{2}", html)


def test_the_report_is_the_same_from_run_to_run(site):
    first = make_report(site)
    second = report(site)
    assert first == second


def test_the_report_is_accessible_and_valid_html(site):
    make_report(site)
    folder = site.path / "review"
    (folder / "index.html").write_bytes((folder / "report.html").read_bytes())
    violations = audit_pages(folder, [""])
    assert violations[""] == [], violations
    proc = nu_check([folder / "report.html"])
    assert proc.returncode == 0 and proc.stderr.strip() == "", proc.stderr[:2000]


def test_a_report_name_that_is_not_html_is_a_usage_error(site):
    """Said before the check runs (it printed the whole check first, then 错误:)."""
    r = site.run("check", "--report", str(site.path / "report.txt"), fmt="text")
    assert r.code == 2 and ".html" in r.stderr and r.stderr.startswith("用法错误"), r.stderr
    assert r.stdout == "", r.stdout


def test_a_report_among_the_sources_or_where_nothing_can_be_written_is_refused_in_chinese(site):
    """Inside content/ (or layouts/, static/) the report would be published, or stop the next build:
    refused; where the system cannot write it, the reason is said in Chinese."""
    for inside in ("content/r.html", "content/policies/r.html", "layouts/r.html"):
        r = site.run("check", "--report", str(site.path / inside), fmt="text")
        assert r.code == 2 and "源文件" in r.stderr and not (site.path / inside).exists(), r.stderr
    r = site.run("check", "--report", "/proc/r.html", fmt="text")
    assert r.code == 2 and "无法写入审核报告 /proc/r.html" in r.stderr, r.stderr
    assert not re.search(r"[A-Za-z]{3,} [a-z]{2,} [a-z]{3,}", r.stderr), r.stderr       # no English sentence
    assert site.build("--no-search").code == 0
