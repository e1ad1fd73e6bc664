"""A body of plain prose converted without Python-Markdown, to the very same HTML.

Most bodies of a government column are headings, paragraphs of Chinese prose and simple lists:
Python-Markdown spends about a millisecond on each (its block processors, tree, inline stage,
serializer and post-processors), over half of a cold build's CPU on a city's 20,000 bodies. A body
is *plain* when it is made only of blocks (text between blank lines) of these kinds:

- a heading: one line, one to six `#`, one space, text (no `#` in it);
- a list: lines `- text`, or lines `N. text` starting at `1.`, each maybe followed by lines of
  prose that continue its text; not right after another list (Markdown would join the two into
  one loose list);
- a paragraph: lines none of which begins like a Markdown block (space, `#`, `>`, `-`, `+`, `=`,
  `~`, `:`, a number and `.` or `)`);
- a table: every line a row between two `|`, a header of two cells or more, a separator row of
  `---` cells (`:` at either end for the alignment), at least one row below, every row with as
  many cells as the header (the tables extension's HTML, a cell's text stripped of spaces);

and, anywhere, none of the characters an inline pattern, a fence, an attribute list, a footnote
or raw HTML needs (fastmarkdown.TRIGGER and `{}~`), `|` only in a table, no tab, carriage return
or other control character, and no line with space at either end. Anything else (or anything unsure) is
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

# what no plain body holds anywhere (besides TRIGGER): fence, attribute list; controls
NOT_PLAIN = re.compile(r"[{}~\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# how no line of a paragraph (or a list item's text) may begin
BLOCKISH = re.compile(r"[\s#>\-+=~:*_`|\[\]{}<!]|\d+[.)]")
HEADING = re.compile(r"(#{1,6}) ([^#\n]+)")
OL_ITEM = re.compile(r"\d+\. (.+)")
UL_ITEM = re.compile(r"- (.+)")
SEPARATOR_CELL = re.compile(r"(:?)-+(:?)")
ALIGNMENT = {(":", ""): ' style="text-align: left;"', ("", ":"): ' style="text-align: right;"',
             (":", ":"): ' style="text-align: center;"', ("", ""): ""}


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
        if block.startswith("|"):
            table = _table(lines)
            if table is None:
                return None
            parts.append(table)
            last_list = False
            continue
        if "|" in block:            # (a table without borders, or a cell's text: Markdown's to read)
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
    """The texts of a list's items, each begun by a line of the same kind, plain prose, and each line of
    prose after it part of its text (Markdown's lazy continuation)."""
    texts: list[str] = []
    for line in lines:
        found = item.fullmatch(line)
        if found is not None and not BLOCKISH.match(found.group(1)) and found.group(1) == found.group(1).strip():
            texts.append(found.group(1))
        elif found is None and texts and not BLOCKISH.match(line):
            texts[-1] += "\n" + line
        else:
            return None
    return texts


def _table(lines: list[str]) -> str | None:
    """The tables extension's HTML of a block of rows each between two `|` (see above), else None."""
    rows = [[cell.strip(" ") for cell in line[1:-1].split("|")] if len(line) > 1 and line[0] == line[-1] == "|" else []
            for line in lines]
    if len(rows) < 3 or len(rows[0]) < 2 or any(len(row) != len(rows[0]) for row in rows):
        return None
    separators = [SEPARATOR_CELL.fullmatch(cell) for cell in rows[1]]
    if not all(separators):
        return None
    styles = [ALIGNMENT[found.groups()] for found in separators]

    def row(cells: list[str], tag: str) -> str:
        return "<tr>\n" + "".join(f"<{tag}{style}>{cell}</{tag}>\n" for cell, style in zip(cells, styles)) + "</tr>\n"

    return ("<table>\n<thead>\n" + row(rows[0], "th") + "</thead>\n<tbody>\n"
            + "".join(row(cells, "td") for cells in rows[2:]) + "</tbody>\n</table>")
