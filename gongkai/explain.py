"""`python build.py explain CODE`, and the code tables of the README and the editor guide: all
from registry.RULES, so that they cannot drift from the codes the checks raise."""
from __future__ import annotations

import difflib

from . import as_run
from .registry import BY_CODE, FAMILIES, RULES, Rule

SEVERITY_NAMES = {"error": "错误 (阻止发布)", "warning": "警告 (可以发布, --strict 时阻止)"}


def describe(rule: Rule) -> str:
    lines = [f"[{rule.code}] {rule.title}", "",
             f"类别: {rule.family}    级别: {SEVERITY_NAMES[rule.severity]}", "",
             f"为什么: {rule.why}", "", f"怎么改: {rule.fix}"]
    if rule.example:
        lines += ["", "正确的写法, 例如:", *("    " + line for line in rule.example.split("\n"))]
    return "\n".join(lines) + "\n"


def listing() -> str:
    lines = []
    for family in FAMILIES:
        lines.append(f"{family}:")
        lines += [f"  {r.code:<34}{r.title}" for r in RULES if r.family == family]
    lines.append(as_run("\n运行 python build.py explain 代码 查看某个代码的含义和改法"))
    return "\n".join(lines) + "\n"


def explain(code: str | None, stdout, stderr) -> int:
    if not code:
        stdout.write(listing())
        return 0
    code = code.strip().strip("[]").lower()
    rule = BY_CODE.get(code)
    if rule is None:
        close = difflib.get_close_matches(code, list(BY_CODE), n=1, cutoff=0.5)
        hint = f", 是否是 {close[0]}?" if close else "。"
        print(f"用法错误: 没有代码 '{code}'{hint} " + as_run("运行 python build.py explain 可列出全部代码"), file=stderr)
        return 2
    stdout.write(as_run(describe(rule)))
    return 0


def markdown_table(with_why: bool = False) -> str:
    """The code table (README: short; editor guide: with why and how to fix)."""
    if not with_why:
        rows = ["| 代码 | 级别 | 含义 |", "| --- | --- | --- |"]
        rows += [f"| `{r.code}` | {'错误' if r.severity == 'error' else '警告'} | {r.title} |" for r in RULES]
        return "\n".join(rows) + "\n"
    out = []
    for family in FAMILIES:
        out.append(f"### {family}\n")
        for r in RULES:
            if r.family != family:
                continue
            out.append(f"#### `{r.code}`: {r.title} ({'错误' if r.severity == 'error' else '警告'})\n")
            out.append(f"为什么: {r.why}\n\n怎么改: {r.fix}\n")
            if r.example:
                out.append("```yaml\n" + r.example + "\n```\n" if ":" in r.example.split("\n")[0]
                           else "```markdown\n" + r.example + "\n```\n")
    return "\n".join(out)
