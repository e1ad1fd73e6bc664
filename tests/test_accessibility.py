"""Outside yardsticks on every page of the example site: axe-core in Chromium and the W3C Nu checker."""
from __future__ import annotations

import subprocess
import sys


from browser import serve
from conftest import ROOT

sys.path.insert(0, str(ROOT / "accessibility"))
from audit import audit_pages, page_urls  # noqa: E402

VNU = ROOT / "accessibility" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"




def test_axe_finds_no_violation_on_any_page(example_out):
    report = audit_pages(example_out)
    assert len(report) >= 30
    assert {url: v for url, v in report.items() if v} == {}


def test_axe_on_a_phone_sized_screen(example_out):
    urls = ["", "policies/2019-quanzhi-guanli-zanxing/", "interpretations/2026-yibao-shishi-banfa/", "search/"]
    report = audit_pages(example_out, urls, viewport=(360, 740))
    assert {url: v for url, v in report.items() if v} == {}


def test_axe_in_care_mode_on_every_page_with_aaa_contrast(example_out):
    urls = page_urls(example_out)
    for viewport in ((1280, 900), (375, 740)):
        report = audit_pages(example_out, urls, viewport=viewport, mode="care")
        assert len(report) >= 30
        assert {u: v for u, v in report.items() if v} == {}


def test_axe_in_high_contrast_mode(example_out):
    urls = ["", "policies/2019-quanzhi-guanli-zanxing/", "interpretations/2024-dibao-shenhe-banfa/", "zcjd/",
            "reports/2025-ndbg/", "accessibility/", "policies/2023-yangquan-guanli-banfa/compare/2019-quanzhi-guanli-zanxing/"]
    report = audit_pages(example_out, urls, viewport=(375, 740), mode="contrast")
    assert {u: v for u, v in report.items() if v} == {}


def test_axe_care_mode_audit_can_fail(tmp_path):
    """Control: 4.6:1 passes AA but not the 7:1 that 关怀版 promises."""
    (tmp_path / "index.html").write_text('<!DOCTYPE html><html lang="zh-CN"><head><title>x</title></head><body><main>'
                                         '<p style="color:#767676;background:#fff">对比度 4.5 比 1</p></main></body></html>',
                                         encoding="utf-8")
    assert audit_pages(tmp_path, [""])[""] == []
    assert "color-contrast-enhanced" in {v["id"] for v in audit_pages(tmp_path, [""], mode="care")[""]}


def test_axe_does_report_a_real_violation(tmp_path):
    """Control: the audit can fail."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html><head><title>x</title></head><body><img src="a.png">'
        '<p style="color:#bbb;background:#fff">低对比度</p></body></html>', encoding="utf-8")
    report = audit_pages(tmp_path, [""])
    ids = {v["id"] for v in report[""]}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= ids


def nu_check(files):
    return subprocess.run(["java", "-Dnu.validator.servlet.allow-forbidden-hosts=true", "-jar", str(VNU), "--format", "gnu", *map(str, files)],
                          capture_output=True, text=True)


def test_nu_html_checker_finds_no_error_or_warning(example_out):
    # over HTTP, as citizens get the pages: the checker weighs each page's Content-Security-Policy
    # against the page's origin, which a file: URL does not have
    with serve(example_out) as base:
        proc = nu_check([base + u for u in page_urls(example_out)] + [base + "404.html"])
    assert proc.returncode == 0 and proc.stderr.strip() == "", proc.stderr[:3000]


def test_nu_html_checker_control(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="zh-CN"><head><title>x</title></head><body><p><div>x</div></p></body></html>')
    proc = nu_check([bad])
    assert proc.returncode == 1 and "error" in proc.stderr
    with serve(tmp_path) as base:           # over HTTP, as the site's pages are checked
        proc = nu_check([base + "bad.html"])
    assert proc.returncode == 1 and "error" in proc.stderr and "Forbidden host" not in proc.stderr
