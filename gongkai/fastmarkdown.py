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
site never reads it otherwise. Without such a paragraph it is not built, and the id of a heading
of plain text (no element inside, none of the characters or placeholders that serializing and
post-processing would change) is made from its text as it stands, instead of from the heading
serialized and post-processed again (a fifth of all Markdown time on the corpus).

tests/test_fastmarkdown.py holds the output to the standard stages' on generated Markdown and on
every body of the test sites.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER
from markdown.extensions.toc import (TocExtension, TocTreeprocessor, remove_fnrefs, render_inner_html, strip_tags,
                                     unique)
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


# what serializing (& < >), the backslash escapes (STX ETX) and the post-processors the site's Markdown
# has (POSTPROCESSORS: stashed HTML, &, the footnotes' placeholders) would change in a heading's text
NOT_PLAIN = re.compile("[&<>\x02\x03]|" + re.escape(FN_BACKLINK_TEXT) + "|" + re.escape(NBSP_PLACEHOLDER))
POSTPROCESSORS = frozenset(("raw_html", "amp_substitute", "footnote"))


class LeanToc(TocTreeprocessor):
    marked = False

    def run(self, doc: etree.Element) -> None:
        # (replace_marker's own test: a paragraph, or any element, of the marker's text alone)
        self.marked = bool(self.marker) and any(c.text and len(c) == 0 and c.text.strip() == self.marker
                                                for c in doc.iter() if c is not doc)
        if self.marked or {item.name for item in self.md.postprocessors._priority} - POSTPROCESSORS:
            super().run(doc)
            return
        used_ids = {el.attrib["id"] for el in doc.iter() if "id" in el.attrib}
        counters: dict[str, int] = {}
        for el in doc.iter():          # the standard run, less the table's tokens
            if isinstance(el.tag, str) and self.header_rgx.match(el.tag):
                self.set_level(el)
                if "id" not in el.attrib:
                    el.attrib["id"] = unique(self.slugify(html.unescape(self._name(el)), self.sep), used_ids, counters)
                el.attrib.pop("data-toc-label", None)
                if self.use_anchors:
                    self.add_anchor(el, el.attrib["id"])
                if self.use_permalinks not in [False, None]:
                    self.add_permalink(el, el.attrib["id"])
        self.md.toc_tokens, self.md.toc = [], ""

    def _name(self, el: etree.Element) -> str:
        text = el.text or ""
        if len(el) == 0 and NOT_PLAIN.search(text) is None:
            return " ".join(text.split())
        return strip_tags(render_inner_html(remove_fnrefs(el), self.md))

    def build_toc_div(self, toc_list: list) -> etree.Element:
        return super().build_toc_div(toc_list) if self.marked else etree.Element("div")

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        if self.marked:
            super().replace_marker(root, elem)


class LeanTocExtension(TocExtension):
    TreeProcessorClass = LeanToc
