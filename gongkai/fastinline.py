"""Python-Markdown's inline stage, skipping text that no inline pattern can match.

Python-Markdown tries each of its fifteen inline patterns on every run of text, and almost every
paragraph of a policy is plain Chinese prose that none of them can match: on a city's 20,000
bodies that is over a third of all Markdown time. Every pattern the site's Markdown has (the
defaults and the footnotes extension's) needs one of the characters in TRIGGER (or two spaces
before a line break), and text without any is returned unchanged by the standard stage, so it is
returned unchanged here without trying them. Text with any of them goes the standard way.

The patterns are checked when the stage is installed: a Markdown with any other inline pattern
(a new extension, a new Python-Markdown) keeps the standard stage. tests/test_fastinline.py holds
the output to the standard one's on generated Markdown and on every body of the test sites.
"""
from __future__ import annotations

import re

import markdown
from markdown.treeprocessors import InlineProcessor

# what each pattern needs: ` \ (backtick, escape), [ ] ! (links, images, references, footnotes),
# < > (autolinks, raw HTML), & (entities), * _ (emphasis), STX ETX (placeholders of stashed text)
TRIGGER = re.compile(r"[`\\\[\]!<>&*_\x02\x03]|  \n")
KNOWN = frozenset(("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                   "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong", "footnote"))
DELIMITERS = frozenset("*_")


class FastInline(InlineProcessor):
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:   # (its private name)
        if TRIGGER.search(data) is None:
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)


def install(md: markdown.Markdown) -> bool:
    """Put FastInline in place of md's inline stage when md's patterns are the known ones."""
    names = {item.name for item in md.inlinePatterns._priority}
    delimiters = set(getattr(md.delimiters, "tokens", "?")) if getattr(md, "delimiters", None) else set()
    stage = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None
    if (names != KNOWN or delimiters - DELIMITERS or type(stage) is not InlineProcessor
            or not hasattr(InlineProcessor, "_InlineProcessor__handleInline")):
        return False
    priority = next(item.priority for item in md.treeprocessors._priority if item.name == "inline")
    md.treeprocessors.register(FastInline(md), "inline", priority)
    return True
