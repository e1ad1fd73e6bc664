"""The registry of diagnostic codes (issue 8): every code raised is registered, every registered
code is raised by a test, the contract's codes are all there, and `explain` reads from it."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import ROOT
from gongkai import as_run
from gongkai.cli import main
from gongkai.registry import BY_CODE, RULES

RAISED = re.compile(r'make\(\s*"([a-z-]+)"|code = "([a-z-]+)" if|"([a-z-]+)" if isinstance')
CJK = re.compile(r"[\u4e00-\u9fff]")
CONTRACT = (  # shared/spec/CONTENT.md §3, Diagnostic codes
    "frontmatter-invalid field-missing field-invalid duplicate doc-number-format interpretation-missing "
    "interpretation-mismatch interpretation-not-synchronized interpretation-section-missing "
    "interpretation-copies-policy status-expired validity-too-long catalog-unknown catalog-empty column-stale "
    "consultation-feedback-overdue link-broken confidential-marking personal-data media-alt-missing "
    "media-captions-missing html-unsafe external-resource placeholder-left interpretation-section-empty").split()


def raised_in_code() -> set[str]:
    found = set()
    for path in (ROOT / "gongkai").rglob("*.py"):
        for groups in RAISED.findall(path.read_text(encoding="utf-8")):
            found.update(g for g in groups if g)
    return found


def test_every_code_the_code_raises_is_registered():
    raised = raised_in_code()
    assert len(raised) > 30                      # the scan itself finds the codes
    assert raised - set(BY_CODE) == set()


def test_every_registered_code_is_raised_somewhere_and_by_a_test():
    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py")
                    if p.name != Path(__file__).name)
    assert set(BY_CODE) - raised_in_code() == set()
    untested = [code for code in BY_CODE if f'"{code}"' not in tests and f"[{code}]" not in tests]
    assert untested == []


def test_the_contract_codes_are_registered_as_contract_codes():
    assert all(BY_CODE[c].contract for c in CONTRACT)
    assert {r.code for r in RULES if r.contract} == set(CONTRACT)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_each_rule_says_why_and_how_in_chinese(rule):
    for text in (rule.title, rule.why, rule.fix):
        assert CJK.search(text), (rule.code, text)
    assert rule.severity in ("error", "warning")


def explain(*args):
    out, err = io.StringIO(), io.StringIO()
    return main(["explain", *args], out, err), out.getvalue(), err.getvalue()


def test_explain_a_code():
    code, out, _ = explain("interpretation-missing")
    rule = BY_CODE["interpretation-missing"]
    assert code == 0
    assert rule.title in out and rule.why in out and as_run(rule.fix) in out and "国办发〔2016〕80号" in out
    assert "错误" in out


def test_explain_an_unknown_code_exits_2_with_a_suggestion():
    code, out, err = explain("placeholder-lef")
    assert code == 2 and out == "" and "placeholder-left" in err


def test_explain_without_a_code_lists_them_all():
    code, out, _ = explain()
    assert code == 0 and all(r.code in out for r in RULES)
