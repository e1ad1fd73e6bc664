"""The repository root is the example site: it builds clean, and it shows what the issue asks of it."""
from __future__ import annotations

import datetime as dt
import io
import json

from conftest import ROOT
from gongkai.cli import main
from gongkai.config import load_config
from gongkai.loading import load_site


def check(today: str | None):
    out = io.StringIO()
    argv = ["check", "--site", str(ROOT), "--format", "json"] + (["--today", today] if today else [])
    code = main(argv, stdout=out, stderr=io.StringIO())
    return code, json.loads(out.getvalue())


def test_example_site_is_clean():
    code, data = check("2026-11-27")
    assert code == 0 and data["diagnostics"] == []


def test_example_site_builds_on_the_local_date():
    code, data = check(None)
    assert code == 0 and data["summary"]["errors"] == 0


def test_example_site_has_what_a_county_column_needs():
    config, _ = load_config(ROOT)
    site, _ = load_site(ROOT, config, dt.date(2026, 11, 27))
    policies = site.of_type("policy")
    assert len(policies) >= 8
    assert any(p.meta.get("normative") for p in policies) and any(not p.meta.get("normative") for p in policies)
    assert {site.effective_status(p) for p in policies} == {"现行有效", "已修改", "已废止", "失效"}
    assert all(site.interpretations_of(p) for p in policies)
    consultation = site.of_type("consultation")[0]
    assert site.resolve_meta_path(consultation.meta["feedback"]).document.type == "article"
    assert site.of_type("report")
    assert any("指南" in p.title for p in site.of_type("page"))
