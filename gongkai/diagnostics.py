"""Diagnostics: the one list every stage appends to, and its two printed forms.

A diagnostic is data (code, severity, file, line, message). The same list feeds the
text output, ``--format json``, ``--strict`` and the exit status.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass

from .registry import ERROR, SEVERITY

# Codes whose severity --strict raises to error (the contract names this one).
STRICT_ERRORS = {"consultation-feedback-overdue"}

# In text output, a code repeated more often than this is cut short (Pelican's LimitFilter).
TEXT_LIMIT_PER_CODE = 20


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: str
    file: str
    line: int | None
    message: str

    def sort_key(self):
        return (self.file != "site.toml", self.file, self.line or 0, self.code, self.message, self.severity)

    def as_text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: [{self.code}] {self.message}"


class Diagnostics:
    """An append-only collection; checks return lists, the pipeline gathers them here."""

    def __init__(self):
        self.items: list[Diagnostic] = []

    def extend(self, items):
        self.items.extend(items)

    def sorted(self) -> list[Diagnostic]:
        # de-duplicate exact repeats (the same problem found by two paths) and order stably
        return sorted(set(self.items), key=Diagnostic.sort_key)


# what a message must not carry to the editor's terminal or the CI log: control characters (an ESC
# from a link's %1b would be a terminal escape sequence), line breaks, direction overrides
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def make(code: str, file: str, line: int | None, message: str, severity: str | None = None) -> Diagnostic:
    return Diagnostic(code, severity or SEVERITY[code], UNPRINTABLE.sub("\ufffd", file), line,
                      UNPRINTABLE.sub("\ufffd", message))


def apply_strict(items: list[Diagnostic]) -> list[Diagnostic]:
    return [Diagnostic(d.code, ERROR, d.file, d.line, d.message) if d.code in STRICT_ERRORS else d
            for d in items]


def format_text(items: list[Diagnostic], summary_line: str) -> str:
    lines = []
    shown = Counter()
    hidden = Counter()
    for d in items:
        shown[d.code] += 1
        if shown[d.code] > TEXT_LIMIT_PER_CODE:
            hidden[d.code] += 1
            continue
        lines.append(d.as_text())
    for code, n in sorted(hidden.items()):
        lines.append(f"(另有 {n} 条 [{code}] 未列出, 用 --format json 可查看全部)")
    lines.append(summary_line)
    return "\n".join(lines) + "\n"


def format_json(items: list[Diagnostic], summary: dict) -> str:
    return json.dumps({"diagnostics": [asdict(d) for d in items], "summary": summary},
                      ensure_ascii=False, indent=2) + "\n"


def _escape(text: str, prop: bool = False) -> str:
    """GitHub workflow command escaping (data, and property values which also escape : and ,)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_github(items: list[Diagnostic], summary_line: str) -> str:
    """One annotation per diagnostic (::error file=…,line=…::[code] message), then the summary."""
    lines = []
    for d in items:
        where = f"file={_escape(d.file, True)}" + (f",line={d.line}" if d.line else "")
        lines.append(f"::{d.severity} {where}::{_escape(f'[{d.code}] {d.message}')}")
    lines.append(summary_line)
    return "\n".join(lines) + "\n"
