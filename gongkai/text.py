"""Characters no page, feed or sitemap may carry: C0/C1 control characters (but tab and newline),
the direction overrides and isolates (U+202A–U+202E, U+2066–U+2069: a title or a file name that
reads backwards on screen) and the noncharacters U+FFFE/U+FFFF. XML 1.0 forbids most of them and
HTML calls them errors; an editor never means them (they come from pasting out of other programs)."""
from __future__ import annotations

import re

CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


# what a value copied from a web page or Word may carry unseen: no-break and zero-width spaces,
# direction marks, a byte-order mark inside the text
INVISIBLE_RE = re.compile("[\u00a0\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
INVISIBLE_NOTE = ("; 值中含有看不见的字符 (不换行空格、零宽空格等, 多由复制粘贴带来), 看上去一样却不相同: "
                  "请删掉整个值, 再用键盘重新输入")


def invisible_note(value) -> str:
    """What to add to a message about a value that holds such a character ("" when it holds none)."""
    return INVISIBLE_NOTE if isinstance(value, str) and INVISIBLE_RE.search(value) else ""


def strip_control(text: str) -> str:
    return CONTROL_RE.sub("", text)


def control_lines(text: str, limit: int | None = None) -> list[int]:
    """1-based lines of text that hold such a character (the first `limit` of them). Linear: each
    line is searched once, from the end of the last line found (1 MB of NUL bytes took minutes)."""
    lines: list[int] = []
    pos, line = 0, 1
    while limit is None or len(lines) < limit:
        m = CONTROL_RE.search(text, pos)
        if m is None:
            break
        line += text.count("\n", pos, m.start())
        lines.append(line)
        pos = text.find("\n", m.start()) + 1
        if pos == 0:
            break
        line += 1
    return lines
