"""Diagnostics: the one list every stage appends to, and its two printed forms.

A diagnostic is data (code, severity, file, line, message). The same list feeds the
text output, ``--format json``, ``--strict`` and the exit status.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

# Every code of the contract (shared/spec/CONTENT.md §3) with its default severity.
SEVERITY = {
    "frontmatter-invalid": ERROR,
    "field-missing": ERROR,
    "field-invalid": ERROR,
    "duplicate": ERROR,
    "doc-number-format": WARNING,
    "interpretation-missing": ERROR,
    "interpretation-mismatch": ERROR,
    "interpretation-not-synchronized": ERROR,
    "interpretation-section-missing": ERROR,
    "interpretation-copies-policy": ERROR,
    "status-expired": WARNING,
    "validity-too-long": WARNING,
    "status-inconsistent": WARNING,   # beyond the contract: amended_by/repealed_by with status 现行有效
    "catalog-unknown": ERROR,
    "catalog-empty": WARNING,
    "column-stale": WARNING,
    "consultation-feedback-overdue": WARNING,
    "link-broken": ERROR,
    "confidential-marking": ERROR,
    "personal-data": ERROR,
    "media-alt-missing": ERROR,
    "media-captions-missing": ERROR,
    "html-unsafe": ERROR,
    "external-resource": ERROR,
    "body-too-deep": ERROR,          # beyond the contract: nesting past the limits the renderer handles
    "control-character": WARNING,    # beyond the contract: invisible control characters, removed from the output
    "file-skipped": WARNING,         # beyond the contract: not a regular file, or a link to a folder
    "template-invalid": ERROR,       # beyond the contract: a site's own template fails to render
    "file-conflict": WARNING,        # beyond the contract: a site file at the path of a theme or generated file
    # Not content problems: the configuration and the environment.
    "config-invalid": ERROR,
    "config-unknown": WARNING,
    "usage-invalid": ERROR,
    "output-failed": ERROR,
    "interrupted": ERROR,
    "search-failed": ERROR,
}

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


def make(code: str, file: str, line: int | None, message: str, severity: str | None = None) -> Diagnostic:
    return Diagnostic(code, severity or SEVERITY[code], file, line, message)


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
