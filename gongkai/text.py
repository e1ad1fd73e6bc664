"""Characters no page, feed or sitemap may carry: C0/C1 control characters (but tab and newline)
and the noncharacters U+FFFE/U+FFFF. XML 1.0 forbids most of them and HTML calls them errors;
an editor never means them (they come from pasting out of other programs)."""
from __future__ import annotations

import re

CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def strip_control(text: str) -> str:
    return CONTROL_RE.sub("", text)


def control_lines(text: str) -> list[int]:
    """1-based lines of text that hold such a character."""
    lines: list[int] = []
    for m in CONTROL_RE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines
