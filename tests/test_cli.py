"""The command line through its entry function: commands, options, exit statuses, both formats."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from gongkai.cli import main


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_build_is_the_default_command(site):
    code, out, _ = run(["--site", str(site.path), "--today", "2025-06-01", "--no-search"])
    assert code == 0
    assert (site.path / "public/index.html").is_file(), "--out defaults to public/ inside the site"
    assert "0 个错误" in out


def test_timings_name_each_stage_or_say_none_ran(site):
    argv = ["build", "--site", str(site.path), "--today", "2025-06-01", "--no-search", "--timings"]
    code, _, err = run(argv)
    stages = re.findall(r"^ +[0-9.]+ 秒  (\w+) ", err, re.M)
    assert code == 0 and stages == ["load", "link", "check", "render", "write"], err
    code, _, err = run(argv)                      # nothing changed: no stage ran (was an empty table)
    assert code == 0 and "各阶段用时: 没有运行任何阶段" in err and "合计" not in err, err


def test_check_writes_nothing(site):
    r = site.run("check")
    assert r.code == 0 and r.data["summary"]["documents"] == 8
    assert not site.out.exists()


def test_text_format_is_file_line_severity_code_message(site):
    site.replace("content/interpretations/valid.md", "published: 2025-03-05", "published: 2025-03-09")
    r = site.run("check", fmt="text")
    assert r.code == 1
    line = next(l for l in r.stdout.splitlines() if "[interpretation-not-synchronized]" in l)
    assert re.match(r"^content/interpretations/valid\.md:\d+: error: \[interpretation-not-synchronized\] \S", line)


def test_json_format_is_one_object(site):
    site.replace("content/policies/valid.md", "doc_number: 测府规〔2025〕1号", "doc_number: 测府规[2025]1号")
    r = site.run("check")
    [d] = r.diagnostics
    assert set(d) == {"code", "severity", "file", "line", "message"}
    assert d["file"] == "content/policies/valid.md" and isinstance(d["line"], int)
    assert re.search(r"[\u4e00-\u9fff]", d["message"]), "messages are Chinese"
    assert r.data["summary"]["warnings"] == 1


def test_strict_fails_on_warnings(site):
    site.replace("content/policies/valid.md", "doc_number: 测府规〔2025〕1号", "doc_number: 测府规[2025]1号")
    assert site.run("check").code == 0
    assert site.run("check", "--strict").code == 1
    assert site.build("--strict", "--no-search").code == 1
    assert not site.out.exists()


def test_bad_usage_exits_2(site):
    assert run(["build", "--site", str(site.path), "--bogus"])[0] == 2
    assert run(["build", "--site", str(site.path), "--today", "2025-02-30"])[0] == 2
    assert run(["build", "--site", str(site.path / "nope")])[0] == 2
    assert run(["check", "--site", str(site.path), "--format", "xml"])[0] == 2
    code, _, err = run(["frobnicate"])
    assert code == 2 and "用法" in err


def test_unreadable_site_toml_exits_2(site):
    site.write("site.toml", "[site\ntitle = 1\n")
    r = site.run("check")
    assert r.code == 2
    [d] = r.diagnostics
    assert d["file"] == "site.toml" and d["line"] == 1
    site.file("site.toml").unlink()
    assert site.run("check").code == 2


def test_site_toml_errors_all_at_once(site):
    site.write("site.toml", '[site]\ntitle = 3\nbase_url = "example.gov.cn"\n\n[[catalog]]\nname = "无编码"\n')
    r = site.run("check")
    assert r.code == 2
    messages = " ".join(d["message"] for d in r.diagnostics)
    assert "title" in messages and "base_url" in messages and "code" in messages


def test_today_from_source_date_epoch(site, monkeypatch):
    site.replace("content/consultations/c1.md", "feedback: articles/feedback.md\n", "")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740873600")   # 2025-03-02 00:00 UTC
    code, out, _ = run(["check", "--site", str(site.path), "--format", "json"])
    data = json.loads(out)
    assert data["summary"]["today"] == "2025-03-02"
    assert "consultation-feedback-overdue" in {d["code"] for d in data["diagnostics"]}


@pytest.mark.parametrize("epoch, said", [("soon", "应为整数秒"), ("1.5", "应为整数秒"),
                                         ("99999999999999", "超出可处理的范围"), ("-99999999999999", "超出可处理的范围")])
def test_a_source_date_epoch_that_is_no_date_is_told_why(site, monkeypatch, epoch, said):
    """An integer out of range was told it should be an integer."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, _, err = run(["check", "--site", str(site.path)])
    assert code == 2 and said in err, err


def test_build_py_runs_as_a_script(site):
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--site", str(site.path),
                           "--today", "2025-06-01", "--format", "json"],
                          capture_output=True, text=True, cwd=str(site.path), env={**os.environ})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["exit_status"] == 0


def test_new_policy_writes_policy_and_interpretation_that_pass_the_gate(site):
    code, out, err = run(["new", "policy", "--site", str(site.path), "--title", "测试县关于新政策的通知",
                          "--slug", "new-one", "--today", "2025-05-20"])
    assert code == 0, err
    policy = site.read("content/policies/new-one.md")
    interp = site.read("content/interpretations/new-one.md")
    assert "interpretation: interpretations/new-one.md" in policy
    assert "policy: policies/new-one.md" in interp
    r = site.run("check")
    gate = {"interpretation-missing", "interpretation-mismatch", "interpretation-not-synchronized"}
    assert not (r.codes() & gate), r.diagnostics
    # the skeleton still needs the editor's facts: it must not pass silently
    assert r.code == 1
    code, _, err = run(["new", "policy", "--site", str(site.path), "--slug", "new-one"])
    assert code == 2 and "已存在" in err


def test_serve_builds_and_serves_on_loopback(site):
    import urllib.request
    from test_serve import serving
    with serving(site) as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "policies/valid/", timeout=10) as resp:
            assert "测试县养老服务补贴办法" in resp.read().decode("utf-8")


def test_orphan_catalog_child_is_listed_at_the_top(site):
    site.write("site.toml", site.read("site.toml") + '\n[[catalog]]\ncode = "xxgk.czyjs"\nname = "财政预决算"\n')
    site.write("content/articles/budget.md", "---\ntype: article\ntitle: 2025年预算\nissuer: 测试县财政局\n"
               "category: xxgk.czyjs\npublished: 2025-02-01\n---\n预算说明。\n")
    assert site.build("--no-search").code == 0
    home = (site.out / "index.html").read_text(encoding="utf-8")
    assert 'href="catalog/xxgk/czyjs/">财政预决算</a>' in home


def test_output_that_would_replace_the_site_is_refused(site, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\n")
    for out in (site.path, site.path.parent, site.path / "content" / "out", project):
        code, _, err = run(["build", "--site", str(site.path), "--out", str(out), "--no-search", "--today", "2025-06-01"])
        assert code == 2 and "--out" in err, out
    assert (site.path / "site.toml").is_file() and (project / "pyproject.toml").is_file()


ENGLISH = re.compile(r"\b(usage|error|the following arguments|invalid choice|unrecognized|expected one|"
                     r"show this help|options|positional)\b", re.I)


def test_usage_errors_and_help_are_chinese(site):
    for argv in (["biuld"], ["check", "--site"], ["check", "--format", "xml"], ["new"], ["build", "--bogus"],
                 ["serve", "--port", "abc"], ["check", "--site", str(site.path), "--today", "2025-13-01"]):
        code, _, err = run(argv)
        assert code == 2 and "用法错误" in err, argv
        assert not ENGLISH.search(err), (argv, err)
    code, _, err = run(["biuld"])
    assert "build" in err and "是否要运行" in err
    for argv in (["--help"], ["check", "--help"], ["serve", "--help"], ["new", "--help"]):
        proc = subprocess.run([sys.executable, str(ROOT / "build.py"), *argv], capture_output=True, text=True)
        assert proc.returncode == 0 and "用法" in proc.stdout and "显示本帮助并退出" in proc.stdout
        assert not ENGLISH.search(proc.stdout), (argv, proc.stdout)


def test_github_format_prints_annotations(site):
    site.replace("content/policies/valid.md", "测府规〔2025〕1号", "测府规[2025]1号")
    site.replace("content/policies/valid.md", "issuer: 测试县人民政府", "issuer:")
    code, out, _ = run(["check", "--site", str(site.path), "--today", "2025-06-01", "--format", "github"])
    lines = out.strip().split("\n")
    line = site.line_of("content/policies/valid.md", "issuer:")
    assert code == 1
    assert f"::error file=content/policies/valid.md,line={line}::[field-missing] " in out
    assert any(x.startswith("::warning file=content/policies/valid.md,line=5::[doc-number-format] ") for x in lines)
    assert all(x.startswith("::") for x in lines[:-1]) and lines[-1].startswith("检查未通过")


def test_a_port_out_of_range_and_new_outside_a_site_are_usage_errors(tmp_path):
    for port in ("99999", "-1"):
        code, _, err = run(["serve", "--port", port])
        assert code == 2 and "0 至 65535" in err and "Traceback" not in err
    code, _, err = run(["new", "article", "--site", str(tmp_path), "--title", "x"])
    assert code == 2 and "site.toml" in err and not (tmp_path / "content").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_options_may_come_before_the_command(site, command, monkeypatch):
    """`gongkai --site DIR check` as `gongkai check --site DIR` (it said 无法识别的参数: check); a value
    that happens to be a command's name is still a value."""
    code, out, err = run(["--site", str(site.path), "--today", "2025-06-01", command, "--no-search"]
                         if command == "build" else ["--site", str(site.path), "--today", "2025-06-01", command])
    assert code == 0, err
    assert (site.path / "public/index.html").is_file() == (command == "build")
    shutil.copytree(site.path, site.path.parent / "check")     # a site folder named like a command
    monkeypatch.chdir(site.path.parent)
    code, _, err = run(["--site", "check", "--today", "2025-06-01", "--no-search"])
    assert code == 0 and (site.path.parent / "check/public/index.html").is_file(), err
