"""How much a body may ask of the renderer, so that no file can make a build slow or deep.

Python-Markdown is quadratic on a few shapes of text (thousands of unclosed '[' or '![' in one
paragraph, thousands of references to one footnote) and recursive on nested lists and quotes;
the sanitizer is recursive on nested tags. Each limit below is far above what a real policy
document needs and is checked in linear time before the body is rendered: a body past one is
body-too-deep, with the reason. A time budget per body backs them up against shapes not
foreseen here: a body that still takes longer is reported the same way instead of hanging.
"""
from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager

MAX_BODY_CHARS = 1_000_000          # a long annual report is under 100 000
MAX_MARKDOWN_DEPTH = 40             # lists and block quotes
MAX_HTML_DEPTH = 100                # raw HTML tags left open
MAX_FOOTNOTE_REFS = 1000
MAX_BRACKET_COST = 4000 ** 2        # sum over paragraphs of (number of '[')²: about 3 seconds at worst
SECONDS_PER_BODY = 30

LEADING_RE = re.compile(r"^[ \t>]*")
# a line nests deeper than MAX_MARKDOWN_DEPTH only if it starts with more of those characters (each
# is at most one step): a body without such a line is not measured line by line
DEEP_LEAD_RE = re.compile(r"^[ \t>]{%d}" % (MAX_MARKDOWN_DEPTH + 1), re.M)
PARAGRAPH_RE = re.compile(r"\n[ \t]*\n")


class TooSlow(Exception):
    """A body took longer than SECONDS_PER_BODY to render."""


def markdown_depth(body: str) -> int:
    """The deepest nesting of lists and block quotes in a Markdown body: indent steps plus '>' marks."""
    deepest = 0
    for line in body.split("\n"):
        lead = LEADING_RE.match(line).group(0)
        steps = len(lead.replace("\t", "    ").replace(">", "")) // 4 + lead.count(">")
        deepest = max(deepest, steps)
    return deepest


def body_limit(body: str) -> str | None:
    """Which limit a body passes, in Chinese for the editor, or None."""
    if len(body) > MAX_BODY_CHARS:
        return f"超过 {MAX_BODY_CHARS // 10000} 万字; 很长的材料请作为附件 (PDF 等) 发布"
    if DEEP_LEAD_RE.search(body) and markdown_depth(body) > MAX_MARKDOWN_DEPTH:
        return f"列表或引用嵌套超过 {MAX_MARKDOWN_DEPTH} 层"
    if body.count("[^") > MAX_FOOTNOTE_REFS:
        return f"脚注引用超过 {MAX_FOOTNOTE_REFS} 处"
    if body.count("[") > 4000 and sum(p.count("[") ** 2 for p in PARAGRAPH_RE.split(body)) > MAX_BRACKET_COST:
        return "一个段落中的方括号 [ 太多 (上千个未配对的 [ 或 ![ ), 请检查是否误粘贴了大量符号"
    return None


def _raise_too_slow(signum, frame):
    raise TooSlow()


@contextmanager
def time_budget(seconds: float = SECONDS_PER_BODY):
    """Raises TooSlow in the block after the given time (main thread only: elsewhere, no budget)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
