"""A body of plain prose converted without Python-Markdown, to the very same HTML.

Most bodies of a government column are headings, paragraphs of Chinese prose and simple lists:
Python-Markdown spends about a millisecond on each (its block processors, tree, inline stage,
serializer and post-processors), over half of a cold build's CPU on a city's 20,000 bodies. A body
is *plain* when it is made only of blocks (text between blank lines) of these kinds:

- a heading: one line, one to six `#`, one space, text (no `#` in it);
- a list: every line `- text`, or every line `N. text` starting at `1.`; not right after another
  list (Markdown would join the two into one loose list);
- a paragraph: lines none of which begins like a Markdown block (space, `#`, `>`, `-`, `+`, `=`,
  `~`, `:`, a number and `.` or `)`);

and, anywhere, none of the characters an inline pattern, a table, a fence, an attribute list, a
footnote or raw HTML needs (fastmarkdown.TRIGGER and `{}|~`), no tab, carriage return or other
control character, and no line with space at either end. Anything else (or anything unsure) is
None: the caller converts it with Python-Markdown. The ids of headings are made by the toc
extension's own functions, as LeanToc makes them.

tests/test_plainmd.py holds the output to Python-Markdown's (the standard stages) on generated
bodies near and inside these bounds and on every body of the test sites.
"""
from __future__ import annotations

import html
import re

from markdown.extensions.toc import slugify_unicode, unique

from .fastmarkdown import TRIGGER

# what no plain body holds anywhere (besides TRIGGER): table, fence, attribute list; controls
NOT_PLAIN = re.compile(r"[{}|~\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# how no line of a paragraph (or a list item's text) may begin
BLOCKISH = re.compile(r"[\s#>\-+=~:*_`|\[\]{}<!]|\d+[.)]")
HEADING = re.compile(r"(#{1,6}) ([^#\n]+)")
OL_ITEM = re.compile(r"\d+\. (.+)")
UL_ITEM = re.compile(r"- (.+)")


def plain_html(body: str) -> str | None:
    """Python-Markdown's HTML of body when body is plain (see above), else None."""
    if TRIGGER.search(body) or NOT_PLAIN.search(body):
        return None
    text = body.strip("\n")
    if not text:
        return None
    parts: list[str] = []
    ids: set[str] = set()
    counters: dict[str, int] = {}
    last_list = False
    for block in re.split(r"\n{2,}", text):
        lines = block.split("\n")
        if any(not line or line != line.strip() for line in lines):
            return None
        if block.startswith("#"):
            heading = HEADING.fullmatch(block)
            if heading is None or heading.group(2) != heading.group(2).strip():
                return None
            level, title = len(heading.group(1)), heading.group(2)
            slug = unique(slugify_unicode(html.unescape(" ".join(title.split())), "-"), ids, counters)
            parts.append(f'<h{level} id="{slug}">{title}</h{level}>')
            last_list = False
        elif block.startswith(("- ", "1. ")):
            items = _items(lines, UL_ITEM if block.startswith("-") else OL_ITEM)
            if items is None or last_list:
                return None
            tag = "ul" if block.startswith("-") else "ol"
            parts.append(f"<{tag}>\n" + "".join(f"<li>{item}</li>\n" for item in items) + f"</{tag}>")
            last_list = True
        elif any(BLOCKISH.match(line) for line in lines):
            return None
        else:
            parts.append(f"<p>{block}</p>")
            last_list = False
    return "\n".join(parts)


def _items(lines: list[str], item) -> list[str] | None:
    """The texts of a list's lines, each of them an item of the same kind and plain prose."""
    texts = []
    for line in lines:
        found = item.fullmatch(line)
        if found is None or BLOCKISH.match(found.group(1)) or found.group(1) != found.group(1).strip():
            return None
        texts.append(found.group(1))
    return texts
