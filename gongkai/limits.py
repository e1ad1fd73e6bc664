"""How much a body may ask of the renderer, so that no file can make a build slow or deep.

Python-Markdown is quadratic on a few shapes of text (thousands of unclosed '[', '![' or '](' in
one paragraph: bracket_scan, thousands of references to one footnote, thousands of emphasis marks, backticks,
hard line breaks or rule lines in one block: inline_cost) and recursive on nested lists and
quotes; html.parser, which it and the raw-HTML scan use, reads the rest of the body for each tag
or comment that never ends (tag_scan); the sanitizer is recursive on nested tags. Each limit below is far above what a real policy
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
SECONDS_PER_BODY = 10                # a body of a million characters of real text takes 1-2 s
# Python-Markdown's quadratic shapes inside one block (text between blank lines), in nanoseconds of
# this machine per unit: each inline match rebuilds the block's text (emphasis marks, backslashes:
# 2 ns per mark squared; hard line breaks: 6), code spans search the rest (27 per backtick
# squared), and each rule or setext underline splits the block and the table test reads the rest
# again (80 per rule-like line times lines). A body may cost about 2 s of them.
MAX_BLOCK_COST = 2e9
RULE_RE = re.compile(r"^ {0,3}(?:=+|-+|(?:[-*_][ \t]*){3,})[ \t]*$", re.M)
# characters html.parser (Python-Markdown's, and the raw-HTML scan's) reads looking for the ends of
# tags and comments: one that never ends makes it read the rest of the body, and a body of 20,000
# such tags (240 KB) took 148 s, one of 1,000 lines "如果 a<b 且 b<c" (20 million) 4.4 s; this is about 2 s
MAX_TAG_SCAN = 10_000_000
OPENER_RE = re.compile(r"<(!--|[a-zA-Z!/?])")
# characters Python-Markdown's link patterns read in one block looking for the ] of each [ and the )
# of each ](: one that never comes costs the rest of the block ("[a](" 4,000 times, 16 KB: 4.2 s;
# "<![CDATA[>" 2,000 times: past 10 s); this is about 2 s
MAX_BRACKET_SCAN = 8_000_000
BRACKET_RE = re.compile(r"\[|\]\(")

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


def tag_scan(body: str, limit: int = MAX_TAG_SCAN) -> int:
    """About how many characters html.parser reads looking for the ends of the tags (<x … >) and
    comments (<!-- … -->) that open in body, in linear time: a tag ends at the next >, a comment at
    the next -->, and one that never ends costs the rest of the body (the parser takes it for text
    and goes on from the next character). Counting stops past limit."""
    cost, i, n = 0, 0, len(body)
    ends = {">": n, "-->": n}           # where each end was last looked for and not found (none after)
    while cost <= limit:
        m = OPENER_RE.search(body, i)
        if m is None:
            break
        end_mark = "-->" if m.group(1) == "!--" else ">"
        end = body.find(end_mark, m.end()) if m.end() < ends[end_mark] else -1
        if end < 0:
            ends[end_mark] = min(ends[end_mark], m.end())
            cost += n - m.start()
            i = m.start() + 1
        else:
            cost += end - m.start()
            i = end + len(end_mark)
    return cost


def bracket_scan(body: str, limit: int = MAX_BRACKET_SCAN) -> int:
    """About how many characters the link patterns read looking for the ] of each [ and the ) of
    each ]( in the body's blocks, in linear time: the distance to it, or the rest of the block when
    none follows. Counting stops past limit."""
    cost = 0
    for block in PARAGRAPH_RE.split(body):
        n = len(block)
        none_after = {"]": n, ")": n}          # no such mark at or after this place
        for m in BRACKET_RE.finditer(block) if "[" in block else ():
            mark = "]" if m.group() == "[" else ")"
            end = block.find(mark, m.end()) if m.end() < none_after[mark] else -1
            if end < 0:
                none_after[mark] = min(none_after[mark], m.end())
                end = n
            cost += end - m.start()
            if cost > limit:
                return cost
    return cost


def block_cost(block: str) -> float:
    """What Python-Markdown's quadratic shapes cost in one block (or more: a bound), in ns."""
    marks = block.count("*") + block.count("_") + block.count("\\")
    rules = len(RULE_RE.findall(block)) if "=" in block or "-" in block or marks else 0
    return (2 * marks ** 2 + 6 * block.count("  \n") ** 2 + 27 * block.count("`") ** 2
            + 80 * rules * (block.count("\n") + 1))


def inline_cost(body: str) -> float:
    """block_cost summed over the body's blocks (the whole body at once first: the sum of squares is
    at most the square of the sum, so a body under the limit as one block is never split)."""
    whole = block_cost(body)
    if whole <= MAX_BLOCK_COST:
        return whole
    return sum(block_cost(block) for block in PARAGRAPH_RE.split(body))


def body_limit(body: str) -> str | None:
    """Which limit a body passes, in Chinese for the editor, or None."""
    if len(body) > MAX_BODY_CHARS:
        return f"超过 {MAX_BODY_CHARS // 10000} 万字; 很长的材料请作为附件 (PDF 等) 发布"
    if DEEP_LEAD_RE.search(body) and markdown_depth(body) > MAX_MARKDOWN_DEPTH:
        return f"列表或引用嵌套超过 {MAX_MARKDOWN_DEPTH} 层"
    if body.count("[^") > MAX_FOOTNOTE_REFS:
        return f"脚注引用超过 {MAX_FOOTNOTE_REFS} 处"
    if body.count("<") > 100 and tag_scan(body) > MAX_TAG_SCAN:
        return ("有大量没有写完的 HTML 标签或注释 (以 < 开头, 却找不到结尾的 > 或 -->), 生成器无法在合理的时间内处理: "
                "请检查是否误粘贴了网页源代码; 正文中要显示 < 号请在它后面加一个空格, 或写成 &lt;")
    if body.count("[") > 100 and bracket_scan(body) > MAX_BRACKET_SCAN:
        return ("一个段落中有大量没有配对的 [ 或 ]( (找不到后面的 ] 或 ) ), 生成器无法在合理的时间内处理: "
                "请检查是否误粘贴了大量符号或网页源代码, 或用空行把这段分开")
    if inline_cost(body) > MAX_BLOCK_COST:
        return ("一个段落 (空行之间的文字) 中的强调符号 * _、反斜杠 \\、反引号 `、行尾两个空格或 --- === 分隔线太多, "
                "生成器无法在合理的时间内处理: 请检查是否误粘贴了大量符号, 或用空行把这段分开")
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
