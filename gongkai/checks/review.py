"""Review before publication (公开前审查): personal data and classification markings.

Personal data: a valid 18-digit resident ID (GB 11643 check digit), a mainland mobile number,
a bank card number (Luhn). An exact value listed in front matter `allow_personal_data`
with a reason passes. Messages mask the number, so the build log does not repeat it.

Markings: 绝密/机密/秘密 followed by ★, or standing as a label (alone on a line, in
brackets, after 密级); 内部资料, 内部文件, 注意保密, （此件不公开） and the like as labels. The same words in
running prose (国家秘密, 商业秘密, 保密审查) pass.
"""
from __future__ import annotations

import datetime as dt
import re

from ..diagnostics import make
from ..documents import Document
from ..site import Site

# an ID number whole or in its parts (region, birth date, sequence): 110105 19491231 002X
ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6}[- ]?\d{8}[- ]?\d{3}[\dXx])(?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?![0-9A-Za-z])")
# a card number whole or in groups of four (6222 0212 3456 7890 128): which digits are the card is
# decided by its check digit (card_number)
CARD_RE = re.compile(r"(?<![0-9A-Za-z])([3-6]\d{3}(?:[- ]?\d{1,4}){3,4})(?![0-9A-Za-z])")
# typed with a Chinese input method: full-width digits and letters, the ideographic space; one
# character for one, so the offsets found in the translated text are the original's
NARROW = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}, "\u3000": " ", "\uff0d": "-"})
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

SECRET = "绝密|机密|秘密"
LABEL_WORDS = ("内部资料", "内部文件", "内部使用", "内部材料", "内部参阅", "内部传阅", "内部刊物", "注意保密",
               "不得外传", "严禁外传", "请勿外传", "仅供内部使用", "仅限内部使用", "此件不公开", "内部")
STAR_RE = re.compile(rf"({SECRET})\s*★")
GRADE_RE = re.compile(rf"密级\s*[:：]?\s*({SECRET})")
OPEN, CLOSE = "（(【[〔<［", "）)】]〕>］"
BRACKET_RE = re.compile(rf"[{re.escape(OPEN)}]\s*({SECRET}|{'|'.join(LABEL_WORDS)})\s*[{re.escape(CLOSE)}]")
# what a label line may hold besides the marking itself
LABEL_FILLER = re.compile(
    rf"{SECRET}|{'|'.join(LABEL_WORDS)}|注意保存|密级|★|\d+\s*年|长期|[\s*#>_\-—:：,，;；.。、{re.escape(OPEN + CLOSE)}]")
LABEL_CORE = re.compile(rf"{SECRET}|{'|'.join(w for w in LABEL_WORDS if w != '内部')}")
# every marking above holds one of these (密 of the grades and 保密, 内部, 外传, 此件不公开): a line without any
# carries none, and is not tried against the patterns (most lines of a city's 20,000 documents)
MARKING_HINT = re.compile("密|内部|外传|此件不公开")


def valid_resident_id(s: str, today: dt.date) -> bool:
    if s[0] not in "12345678":
        return False
    try:
        born = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= born <= today:
        return False
    total = sum(int(c) * w for c, w in zip(s[:17], ID_WEIGHTS))
    return "10X98765432"[total % 11] == s[17].upper()


def luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def mask(s: str) -> str:
    digits = re.sub(r"\D", "", s)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


LONG_NUMBER_RE = re.compile(r"\d[\d -]{9,}\d")   # every pattern below needs 11 digits or more


def card_number(found: str) -> str | None:
    """The card number a run of digit groups begins with, as written: its first 16 to 19 digits that
    pass the Luhn check, ending where a group ends (6222021234567890 12月: the card, not 18 digits)."""
    ends = [m.end() for m in re.finditer(r"\d+", found)]
    for end in reversed(ends):
        digits = re.sub(r"\D", "", found[:end])
        if 16 <= len(digits) <= 19 and luhn(digits):
            return found[:end]
    return None


# where a number may be written with full-width characters: only these parts are translated (the
# whole text, 20,000 times, took 2.6 s)
WIDE_NUMBER_RE = re.compile(r"\d[\d\uff21-\uff3a\uff41-\uff5a \u3000\-\uff0d]{9,}[\dXx\uff38\uff58]")


def find_personal_data(text: str, today: dt.date):
    """(kind, matched text, offset) for each personal number in text."""
    if not WIDE_NUMBER_RE.search(text):           # (\d is a digit of any width)
        return
    text = WIDE_NUMBER_RE.sub(lambda m: m.group(0).translate(NARROW), text)
    if not LONG_NUMBER_RE.search(text):
        return
    taken: list[range] = []
    for m in ID_RE.finditer(text):
        if valid_resident_id(re.sub(r"[- ]", "", m.group(1)), today):
            taken.append(range(m.start(1), m.end(1)))
            yield "居民身份证号码", m.group(1), m.start(1)
    for m in CARD_RE.finditer(text):
        card = None if any(m.start(1) in r for r in taken) else card_number(m.group(1))
        if card:
            taken.append(range(m.start(1), m.start(1) + len(card)))
            yield "银行卡号", card, m.start(1)
    for m in MOBILE_RE.finditer(text):
        if not any(m.start(1) in r for r in taken):
            yield "手机号码", m.group(1), m.start(1)


def check_personal_data(site: Site, d: Document):
    if d.withheld:
        return
    allowed = {re.sub(r"\D", "", a["value"]) for a in d.meta.get("allow_personal_data") or []}
    allow_start = d.fm.key_lines.get("allow_personal_data")
    for kind, value, offset in find_personal_data(d.source, site.today):
        line = d.source.count("\n", 0, offset) + 1
        if re.sub(r"\D", "", value) in allowed:
            continue
        if allow_start and allow_start <= line < d.fm.end_line:
            continue  # the allow list itself
        yield make("personal-data", d.file, line,
                   f"发现疑似{kind} {mask(value)}: 个人信息不得公开, 请删除或隐去; 如确属依法应公开的号码 "
                   "(如公共服务电话), 请在文件开头信息栏 (front matter) 的 allow_personal_data 中写明 value 和 reason")


def find_markings(line: str) -> str | None:
    """The marking a line carries as a label, or None for running prose."""
    for pattern in (STAR_RE, GRADE_RE, BRACKET_RE):
        m = pattern.search(line)
        if m:
            return m.group(0).strip()
    if LABEL_CORE.search(line) and not LABEL_FILLER.sub("", line):
        return line.strip(" #>*")
    return None


def markings(d: Document) -> list[list]:
    """[line, marking] of each line of a document (its title, its body) that carries a marking."""
    lines = d.source.split("\n")
    title_line = d.fm.key_lines.get("title")
    candidates = [(title_line, str(d.meta.get("title", "")))] if title_line else []
    candidates += [(n, lines[n - 1]) for n in range(d.fm.body_line, len(lines) + 1)]
    return [[n, found] for n, text in candidates if MARKING_HINT.search(text) and (found := find_markings(text))]


def check_confidential_markings(site: Site, d: Document):
    if d.withheld:
        return
    for n, found in markings(d):
        yield make("confidential-marking", d.file, n,
                   f"发现密级或内部标志 '{found}': 标有密级或'内部'字样的信息不得公开, "
                   "请经保密审查确认可以公开后删去标志, 否则不要发布")


CHECKS = ()
DOCUMENT_CHECKS = (check_personal_data, check_confidential_markings)     # of every published document
