"""Two of Python-Markdown's stages, skipping work whose result is the input or is never used.

The inline stage (FastInline). Python-Markdown tries each of its fifteen inline patterns on every run of text, and almost every
paragraph of a policy is plain Chinese prose that none of them can match: on a city's 20,000
bodies that is over a third of all Markdown time. Every pattern the site's Markdown has (the
defaults and the footnotes extension's) needs one of the characters in TRIGGER (or two spaces
before a line break), and text without any is returned unchanged by the standard stage, so it is
returned unchanged here without trying them. Text with any of them goes the standard way.

The patterns are checked when the stage is installed: a Markdown with any other inline pattern
(a new extension, a new Python-Markdown) keeps the standard stage.

The table of contents (LeanToc). The toc extension gives every heading its id, and then builds,
serializes and post-processes a table of contents that only a `[TOC]` paragraph would show: the
site never reads it otherwise. Without such a paragraph it is not built.

tests/test_fastmarkdown.py holds the output to the standard stages' on generated Markdown and on
every body of the test sites.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions.toc import TocExtension, TocTreeprocessor
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


class LeanToc(TocTreeprocessor):
    marked = False

    def run(self, doc: etree.Element) -> None:
        # (replace_marker's own test: a paragraph, or any element, of the marker's text alone)
        self.marked = bool(self.marker) and any(c.text and len(c) == 0 and c.text.strip() == self.marker
                                                for c in doc.iter() if c is not doc)
        super().run(doc)

    def build_toc_div(self, toc_list: list) -> etree.Element:
        return super().build_toc_div(toc_list) if self.marked else etree.Element("div")

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        if self.marked:
            super().replace_marker(root, elem)


class LeanTocExtension(TocExtension):
    TreeProcessorClass = LeanToc
