"""Per-field processors (as Pelican's readers have): each front-matter value checked against its
field's kind and made the typed value a template reads, every problem a diagnostic on its line."""
from __future__ import annotations

import datetime as dt
import re
import reprlib
import unicodedata

from .dates import MAX_DATE, MIN_DATE
from .diagnostics import Diagnostic, make
from .fieldnames import meant
from .fields import (COMMON_REQUIRED, DATE_RE, FIELDS, PLACEHOLDER, REQUIRED, TYPE_NAMES, TYPES, Field)
from .frontmatter import FrontMatter
from .text import invisible_note


def _str(value, raw):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (raw or str(value)).strip()
    return None


LONGEST_TEXT = 2000     # characters of a one-line field (the longest official title is a few hundred)


def _text(f: Field, value, raw):
    s = _str(value, raw)
    if s is None:
        return None, "应为一段文字"
    if f.kind == "enum" and s not in f.values:
        meant_value = STATUS_MEANT.get(s) if f is FIELDS["status"] else None
        fix = f": {WRITE_AS} {meant_value}" if meant_value else ""
        return None, f"只能是 {'、'.join(f.values)} 之一 (现为 '{_short(s)}'){fix}"
    if len(s) > LONGEST_TEXT:          # (a title is on every list that shows its document: 5 MB of it made a 60 MB page)
        return None, f"过长 ({len(s)} 个字符, 最多 {LONGEST_TEXT} 个): 正文请写在信息栏 (front matter) 下面"
    return s, None


WRITE_AS = "请写成"       # a reason that gives the right value needs no generic example after it
LOOSE_DATE = re.compile(r"^([0-9]{4})\s*[年/.\-]\s*([0-9]{1,2})\s*[月/.\-]\s*([0-9]{1,2})\s*日?$|^([0-9]{4})([0-9]{2})([0-9]{2})$")
# what an editor may write for a 有效性 the contract names otherwise
STATUS_MEANT = {"有效": "现行有效", "现行": "现行有效", "现行有效的": "现行有效", "修改": "已修改", "已修订": "已修改",
                "修订": "已修改", "废止": "已废止", "已废除": "已废止", "废除": "已废止", "已失效": "失效",
                "失去效力": "失效", "过期": "失效", "已过期": "失效"}


def _meant_date(s: str) -> str | None:
    """The date a value written another way stands for (2025年6月23日, 2025/6/23, ２０２５-０６-２３)."""
    m = LOOSE_DATE.match(unicodedata.normalize("NFKC", s).strip())
    try:
        return dt.date(*map(int, [g for g in m.groups() if g is not None])).isoformat() if m else None
    except ValueError:
        return None


def _date(f: Field, value, raw):
    s = _str(value, raw)
    if s is None or not DATE_RE.match(s):
        meant_day = _meant_date(s) if s is not None else None
        fix = f": {WRITE_AS} {meant_day}" if meant_day else ""
        return None, f"应为 YYYY-MM-DD 形式的日期, 数字用半角{fix} (现为 '{_short(value)}')"
    try:
        day = dt.date.fromisoformat(s)
    except ValueError:
        return None, f"'{s}' 不是真实存在的日期"
    if not MIN_DATE <= day <= MAX_DATE:
        return None, (f"日期 {s} 超出合理范围 ({MIN_DATE} 至 {MAX_DATE}): 请核对年份; "
                      "长期有效的文件不写 valid_until")
    return day, None


def _bool(f: Field, value, raw):
    if isinstance(value, bool):
        return value, None
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return None, f"应为 true 或 false, 不加引号 (现为加了引号的文字 \"{_short(value)}\"): 请去掉引号"
    return None, f"应为 true 或 false (现为 '{_short(value)}')"


def _int(f: Field, value, raw):
    n = None
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 9:
        n = int(value.strip())
    low, high = f.values
    if n is None or not low <= n <= high:
        return None, f"应为 {low} 至 {high} 之间的整数 (现为 '{_short(value)}')"
    return n, None


def _list(f: Field, value, raw):
    k = f.kind
    if k in ("strs", "paths") and _str(value, raw):
        return _str(value, raw), None
    if not isinstance(value, list) or not value:
        return None, "应为一段文字或一个列表" if k in ("strs", "paths") else "应为一个列表"
    items = [_str(v, None) for v in value]
    if any(not v for v in items):
        return None, "列表中的每一项都应为非空文字"
    if k == "enums":
        bad = [v for v in items if v not in f.values]
        if bad:
            return None, f"'{bad[0]}' 不在 {'、'.join(f.values)} 之中"
    return items, None


def _pairs(first: str, second: str, what: str):
    """A list of {first, second} mappings (attachments, allowed personal data)."""
    def coerce(f: Field, value, raw):
        if not isinstance(value, list):
            return None, f"应为列表, 每项写 {first} 和 {second}"
        out = []
        for item in value:
            if not (isinstance(item, dict) and _str(item.get(first), None) and _str(item.get(second), None)):
                return None, f"每一项都要写 {first} 和 {second} ({what})"
            out.append({first: _str(item[first], None), second: _str(item[second], None)})
        return out, None
    return coerce


# One coercer per field kind (Pelican's per-field processors): value → (value, None) or (None, reason).
COERCERS = {
    "str": _text, "path": _text, "enum": _text, "date": _date, "bool": _bool, "int": _int,
    "strs": _list, "paths": _list, "str_list": _list, "enums": _list,
    "attachments": _pairs("title", "file", "附件名称, 以及相对本文件的路径"),
    "allow": _pairs("value", "reason", "允许公开的号码, 以及公开理由"),
}


def _coerce(f: Field, value, raw):
    return COERCERS[f.kind](f, value, raw)


def example_line(key: str) -> str:
    f = FIELDS.get(key)
    return f"; 正确的写法例如 {key}: {f.example}" if f and f.example else ""


SHORT = reprlib.Repr()
SHORT.maxlevel, SHORT.maxlist, SHORT.maxdict, SHORT.maxstring, SHORT.maxother = 2, 4, 4, 60, 60
SHORT.maxlong = 60


def _short(value, limit: int = 40) -> str:
    """A value as it can be quoted in a message: cut short (a huge integer cannot even be printed)."""
    try:
        # a container through reprlib: bounded, so that a YAML alias bomb is never expanded
        text = SHORT.repr(value) if isinstance(value, (list, dict, tuple, set)) else str(value)
    except ValueError:
        return "(位数过多的数字)"
    return text if len(text) <= limit else text[:limit] + "…"


def validate(doc_file: str, fm: FrontMatter) -> tuple[str | None, dict, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    meta: dict = {}
    pending: set[str] = set()
    data = fm.data
    meant_for = meant_keys(fm)
    diags.extend(misspelled(doc_file, fm, meant_for))
    for key, f in FIELDS.items():
        if key not in data:
            continue
        value = data[key]
        line = fm.key_lines.get(key, 1)
        if value is None or (isinstance(value, str) and not value.strip()) or value == []:
            continue  # treated as absent (spaces alone too: a title of spaces showed the file's name); a required one is reported below
        if isinstance(value, str) and PLACEHOLDER in value and f.kind not in ("str", "strs"):
            pending.add(key)     # not filled in yet: placeholder-left's to report, not a wrong value
            continue
        coerced, reason = _coerce(f, value, fm.raw_scalars.get(key))
        if reason:
            reason += invisible_note(value)
            example = "" if WRITE_AS in reason else example_line(key)      # (the reason gives the value itself)
            diags.append(make("field-invalid", doc_file, line, f"{key} ({f.label}) {reason}{example}"))
        else:
            meta[key] = coerced
    doc_type = meta.get("type")
    if "type" not in meta and not _invalid(diags, "type"):
        diags.append(make("field-missing", doc_file, 1,
                          f"缺少 type (文档类型): 请写 {', '.join(TYPES)} 之一{example_line('type')}"))
    missing = [k for k in (*sorted(COMMON_REQUIRED - {"type"}), *REQUIRED.get(doc_type, ()))
               if k not in meta and k not in pending and not _invalid(diags, k)]
    if doc_type == "policy" and meta.get("normative") and "valid_until" not in meta and not _invalid(diags, "valid_until"):
        missing.append("valid_until")
    written_as = {field: fm.key_lines.get(k, 1) for k, field in meant_for.items()}     # 标题: for title
    for key in missing:
        extra = " (行政规范性文件必须写明有效期)" if key == "valid_until" else ""
        present = key in data
        diags.append(make("field-missing", doc_file, fm.key_lines.get(key, written_as.get(key, 1)),
                          f"{'字段 ' + key + ' 的值是空的' if present else '缺少 ' + key}"
                          f" ({FIELDS[key].label}){extra}: {TYPE_NAMES.get(doc_type, '文档')}必须填写此项"
                          f"{example_line(key)}"))
    return doc_type, meta, diags


LABELS = {key: f.label for key, f in FIELDS.items()}


def meant_keys(fm: FrontMatter) -> dict[str, str]:
    """Each key that is no field but evidently stands for one (darft, Draft, 草稿 → draft): key → field."""
    unknown = [key for key in fm.data if isinstance(key, str) and key not in FIELDS]
    # the first hundred, of a sensible length: 100,000 keys compared with every field took half a minute
    found = {key: meant(key, LABELS) for key in unknown[:100] if len(key) <= 40}
    return {key: field for key, field in found.items() if field is not None and field not in fm.data}


def misspelled(doc_file: str, fm: FrontMatter, meant_for: dict[str, str]) -> list[Diagnostic]:
    """A key that is no field but nearly one (darft → draft), or a field's Chinese name (草稿), would be
    silently dropped; other unknown keys are the site's own metadata and pass."""
    out = []
    for key, field in meant_for.items():
        how = ("字段名前后多了空格 (常是中文输入法的全角空格 '　'), 请删去, 字段名要顶格写" if key != key.strip()
               else "字段名要写英文" if not key.isascii() else "字段名要全部小写、拼写一致")
        out.append(make("field-unknown", doc_file, fm.key_lines.get(key, 1),
                        f"字段 '{key}' 不认识, 会被忽略: 是否应为 {field} ({FIELDS[field].label})? {how}"
                        f"{example_line(field)}"))
    return out


def _invalid(diags: list[Diagnostic], key: str) -> bool:
    return any(d.code == "field-invalid" and d.message.startswith(key + " ") for d in diags)


KEY_AT_LINE = re.compile(r"^\s*([A-Za-z_]+)(?=[\s:：\"']|$)")


def _example_at(text: str, line: int | None) -> str:
    """The correct form of the field on a line that YAML could not read."""
    lines = text.split("\n")
    m = KEY_AT_LINE.match(lines[line - 1]) if line and line <= len(lines) else None
    return example_line(m.group(1)) if m else ""
