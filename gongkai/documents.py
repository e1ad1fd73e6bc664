"""Documents: front matter → a typed document per file, with every field problem reported.

The fields of each type are declared once in FIELDS and REQUIRED (shared/spec/CONTENT.md §2).
"""
from __future__ import annotations

import bisect
import difflib
import hashlib
import datetime as dt
import re
import reprlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

from .dates import MAX_DATE, MIN_DATE
from .diagnostics import Diagnostic, make
from .frontmatter import FrontMatter, FrontMatterError, decode, parse
from .text import control_lines, strip_control

TYPES = ("policy", "interpretation", "consultation", "article", "report", "page")
TYPE_NAMES = {"policy": "政策文件", "interpretation": "政策解读", "consultation": "意见征集",
              "article": "公开信息", "report": "年度报告", "page": "页面"}
STATUSES = ("现行有效", "已修改", "已废止", "失效")
FORMS = ("文字", "图解", "音频", "视频", "动漫")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLACEHOLDER = "【待填写】"     # what `new` writes for the editor to replace; placeholder-left reports it


@dataclass(frozen=True)
class Field:
    kind: str          # str | strs | date | bool | int | enum | enums | path | paths | str_list | attachments | allow
    label: str         # the Chinese name the editor knows
    values: tuple = ()
    example: str = ""  # a correct value, as the editor writes it after "key: "


FIELDS: dict[str, Field] = {
    "type": Field("enum", "文档类型", TYPES, "policy"),
    "title": Field("str", "标题", (), "示范县城乡居民最低生活保障审核确认办法"),
    "published": Field("date", "发布日期", (), "2026-03-01"),
    "issuer": Field("strs", "发文机关", (), "示范县人民政府办公室"),
    "category": Field("str", "所属目录", (), "zcwj.gfxwj"),
    "draft": Field("bool", "草稿", (), "true"),
    "summary": Field("str", "摘要", (), "明确低保审核确认的条件、程序和时限"),
    "index_number": Field("str", "索引号", (), "11519999MB1234567X/2026-00012"),
    "doc_number": Field("str", "发文字号", (), "示府发〔2026〕3号"),
    "written": Field("date", "成文日期", (), "2026-02-20"),
    "normative": Field("bool", "是否行政规范性文件", (), "true"),
    "status": Field("enum", "有效性", STATUSES, "现行有效"),
    "valid_from": Field("date", "施行日期", (), "2026-04-01"),
    "valid_until": Field("date", "有效期至", (), "2031-03-31"),
    "interpretation": Field("paths", "政策解读", (), "interpretations/2026-dibao.md"),
    "amended_by": Field("path", "修改文件", (), "policies/2027-dibao-xiugai.md"),
    "repealed_by": Field("path", "废止文件", (), "policies/2027-dibao-banfa.md"),
    "replaces": Field("paths", "所替代的文件", (), "[policies/2021-dibao-banfa.md]"),
    "topics": Field("str_list", "主题词", (), "[社会救助, 低保]"),
    "subject": Field("str", "主题分类", (), "民政、扶贫、救灾/社会救助"),
    "attachments": Field("attachments", "附件", (), "[{title: 申请表, file: files/shenqingbiao.docx}]"),
    "policy": Field("path", "所解读的政策文件", (), "policies/2026-dibao.md"),
    "interpreter": Field("str", "解读人", (), "县民政局局长 张某"),
    "forms": Field("enums", "解读形式", FORMS, "[文字, 图解]"),
    "opens": Field("date", "征集开始日期", (), "2026-03-01"),
    "closes": Field("date", "征集截止日期", (), "2026-03-31"),
    "draft_document": Field("path", "征求意见稿", (), "files/zhengqiu-gao.pdf"),
    "feedback": Field("path", "意见采纳情况", (), "articles/2026-yijian-caina.md"),
    "year": Field("int", "年度", (MIN_DATE.year, MAX_DATE.year), "2025"),
    "allow_personal_data": Field("allow", "允许公开的个人信息", (), "[{value: \"0813-12345\", reason: 县政务服务热线}]"),
}
# Which fields a document of each type may carry (the field reference in docs/ is generated from this).
COMMON = ("type", "title", "published", "issuer", "category", "draft", "summary", "attachments", "allow_personal_data")
FIELDS_OF: dict[str, tuple[str, ...]] = {
    "policy": ("index_number", "doc_number", "written", "normative", "status", "valid_from", "valid_until",
               "interpretation", "amended_by", "repealed_by", "replaces", "topics", "subject"),
    "interpretation": ("policy", "interpreter", "forms"),
    "consultation": ("opens", "closes", "draft_document", "feedback"),
    "article": (),
    "report": ("year",),
    "page": (),
}
COMMON_REQUIRED = {"type", "title"}
REQUIRED: dict[str, tuple[str, ...]] = {
    "policy": ("published", "issuer", "category", "index_number", "written", "status"),
    "interpretation": ("published", "issuer", "policy"),
    "consultation": ("published", "issuer", "category", "opens", "closes"),
    "article": ("published", "issuer", "category"),
    "report": ("published", "category", "year"),
    "page": (),
}


@dataclass
class Document:
    """One Markdown file under content/ with its validated front matter."""
    path: str                      # relative to content/, posix: policies/a.md
    file: str                      # relative to the site folder: content/policies/a.md
    type: str | None
    meta: dict                     # validated values (dates as datetime.date)
    fm: FrontMatter
    url: str                       # site-root-relative, no leading slash: policies/a/ ("" = home)
    source: str = ""               # the whole file as text (\n line endings)
    html: str = ""                 # body HTML after the link stage
    links: list = field(default_factory=list)    # (raw target, line, resolved) from the body
    images: list = field(default_factory=list)   # (src, alt, line)
    unsafe: list = field(default_factory=list)   # (what, line) raw HTML the sanitizer removed
    external: list = field(default_factory=list)  # (element, URL) what would load from another host
    too_complex: str | None = None                # past what the renderer handles (why, Chinese): not rendered
    more: dict = field(default_factory=dict)      # code -> how many more findings than are listed
    hold: str = ""                                # not published on the build date: "draft" | "scheduled" | ""
    preview: bool = False                         # held, but shown by serve --drafts (marked 预览)
    _newlines: list | None = field(default=None, repr=False, compare=False)   # offsets, for body_line
    _lowered: str | None = field(default=None, repr=False, compare=False)
    _fingerprint: str | None = field(default=None, repr=False, compare=False)   # cache.context_key's, once

    def fingerprint(self) -> str:
        """The hash of what a page or a rule may read of the document itself (its file, URL, HTML, hold),
        once per build."""
        if self._fingerprint is None:
            parts = [self.path, self.url, self.source, self.html, self.hold, str(self.preview), str(self.type)]
            text = "".join(f"{len(p)}:{p}" for p in parts)       # unambiguous, as json, and faster
            self._fingerprint = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return self._fingerprint

    def line(self, key: str) -> int:
        """Line of a front-matter key, or of the opening --- when the key is absent."""
        return self.fm.key_lines.get(key, 1)

    def item_line(self, key: str, index: int) -> int:
        lines = self.fm.item_lines.get(key)
        return lines[index] if lines and index < len(lines) else self.line(key)

    @property
    def title(self) -> str:
        return self.meta.get("title") or PurePosixPath(self.path).stem

    @property
    def draft(self) -> bool:
        return bool(self.meta.get("draft"))

    @property
    def withheld(self) -> bool:
        """A draft, or scheduled (定时发布) after the build date: checked, never published or linked."""
        return bool(self.hold)

    @property
    def hold_reason(self) -> str:
        if self.hold == "scheduled":
            return f"定时发布的文档 ({self.published} 才发布)"
        return "草稿 (draft: true)"

    @property
    def published(self) -> dt.date | None:
        return self.meta.get("published")

    @property
    def issuers(self) -> list[str]:
        v = self.meta.get("issuer")
        return [v] if isinstance(v, str) else list(v or [])

    def paths(self, key: str) -> list[str]:
        v = self.meta.get(key)
        return [v] if isinstance(v, str) else list(v or [])

    def body_line(self, needle: str, fold_case: bool = False) -> int:
        """Line in the file where needle first appears in the body (the body's first line if not found)."""
        if self._newlines is None:     # once per document: thousands of diagnostics must not rescan the body
            self._newlines = [m.start() for m in NEWLINE_RE.finditer(self.fm.body)]
        if fold_case and self._lowered is None:
            self._lowered = self.fm.body.lower()
        newlines = self._newlines
        body = self._lowered if fold_case else self.fm.body
        needle = needle.lower() if fold_case else needle
        i = body.find(needle) if needle else -1
        if i < 0 and "%" in needle:
            i = body.find(unquote(needle))
        return self.fm.body_line + (bisect.bisect_left(newlines, i) if i >= 0 else 0)


_UNUSUAL = re.compile(r"^/|//|(^|/)\.\.?(/|$)")     # what PurePosixPath would normalize


def url_of(path: str) -> str:
    """content/a/b.md → a/b/; content/a/_index.md (or index.md) → a/; content/_index.md → ''."""
    folder, _, name = path.rpartition("/")
    if name.endswith(".md") and not name.startswith(".") and not _UNUSUAL.search(path):    # (20,000 times a build)
        prefix = folder + "/" if folder else ""
        return prefix if name[:-3] in ("_index", "index") else f"{prefix}{name[:-3]}/"
    p = PurePosixPath(path)
    parts = list(p.parent.parts) if p.stem in ("_index", "index") else [*p.parent.parts, p.stem]
    return "".join(part + "/" for part in parts)


def _str(value, raw):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (raw or str(value)).strip()
    return None


def _text(f: Field, value, raw):
    s = _str(value, raw)
    if s is None:
        return None, "应为一段文字"
    if f.kind == "enum" and s not in f.values:
        return None, f"只能是 {'、'.join(f.values)} 之一 (现为 '{_short(s)}')"
    return s, None


def _date(f: Field, value, raw):
    s = _str(value, raw)
    if s is None or not DATE_RE.match(s):
        return None, f"应为 YYYY-MM-DD 形式的日期 (现为 '{_short(value)}')"
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
NEWLINE_RE = re.compile("\n")


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
    diags.extend(misspelled(doc_file, fm))
    for key, f in FIELDS.items():
        if key not in data:
            continue
        value = data[key]
        line = fm.key_lines.get(key, 1)
        if value is None or value == "" or value == []:
            continue  # treated as absent; a required one is reported below
        if isinstance(value, str) and PLACEHOLDER in value and f.kind not in ("str", "strs"):
            pending.add(key)     # not filled in yet: placeholder-left's to report, not a wrong value
            continue
        coerced, reason = _coerce(f, value, fm.raw_scalars.get(key))
        if reason:
            diags.append(make("field-invalid", doc_file, line, f"{key} ({f.label}) {reason}{example_line(key)}"))
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
    for key in missing:
        extra = " (行政规范性文件必须写明有效期)" if key == "valid_until" else ""
        present = key in data
        diags.append(make("field-missing", doc_file, fm.key_lines.get(key, 1),
                          f"{'字段 ' + key + ' 的值是空的' if present else '缺少 ' + key}"
                          f" ({FIELDS[key].label}){extra}: {TYPE_NAMES.get(doc_type, '文档')}必须填写此项"
                          f"{example_line(key)}"))
    return doc_type, meta, diags


def misspelled(doc_file: str, fm: FrontMatter) -> list[Diagnostic]:
    """A key that is no field but nearly one (darft → draft) is a typo that would be silently dropped;
    other unknown keys are the site's own metadata and pass."""
    out = []
    for key in fm.data:
        if not isinstance(key, str) or key in FIELDS:
            continue
        close = difflib.get_close_matches(key, list(FIELDS), n=1, cutoff=0.75)
        if close:
            out.append(make("field-unknown", doc_file, fm.key_lines.get(key, 1),
                            f"字段 '{key}' 不认识, 会被忽略: 是否应为 {close[0]} ({FIELDS[close[0]].label})?"
                            f"{example_line(close[0])}"))
    return out


def _invalid(diags: list[Diagnostic], key: str) -> bool:
    return any(d.code == "field-invalid" and d.message.startswith(key + " ") for d in diags)


KEY_AT_LINE = re.compile(r"^\s*([A-Za-z_]+)(?=[\s:：\"']|$)")


def _example_at(text: str, line: int | None) -> str:
    """The correct form of the field on a line that YAML could not read."""
    lines = text.split("\n")
    m = KEY_AT_LINE.match(lines[line - 1]) if line and line <= len(lines) else None
    return example_line(m.group(1)) if m else ""


def load_document(path: str, raw: bytes, parser=parse) -> tuple[Document | None, list[Diagnostic]]:
    """path: relative to content/. Returns (None, diagnostics) when there is no usable front matter.
    parser: frontmatter.parse, or what gives its result for the text (a memo: gongkai.memo)."""
    text, controls = document_text(path, raw)
    if text is None:
        return None, controls
    return parsed_document(path, text, controls, parser)


def document_text(path: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """The text of a document's file as it is parsed (control characters dropped, and reported),
    None when the file is no UTF-8."""
    file = "content/" + path
    try:
        text = decode(raw)
    except UnicodeDecodeError:
        return None, [make("frontmatter-invalid", file, None,
                           "文件不是 UTF-8 编码 (可能是 GBK/GB2312): 请在编辑器中选择 '另存为 UTF-8' 后再提交")]
    controls = [make("control-character", file, line,
                     "这一行含有看不见的控制字符 (常见于从其他软件复制粘贴), 生成时已删去: 请在编辑器中删掉它")
                for line in control_lines(text)[:20]]
    return strip_control(text), controls


def parsed_document(path: str, text: str, controls: list[Diagnostic], parser=parse) -> tuple[Document | None, list[Diagnostic]]:
    """The document of a text from document_text: its front matter parsed (parser) and validated."""
    file = "content/" + path
    try:
        fm = parser(text)
    except FrontMatterError as e:
        example = _example_at(text, e.line)
        message = e.message if example.split("例如 ")[-1] in e.message else e.message + example
        return None, [*controls, make("frontmatter-invalid", file, e.line, message)]
    doc_type, meta, diags = validate(file, fm)
    diags = controls + diags
    return Document(path=path, file=file, type=doc_type, meta=meta, fm=fm, url=url_of(path), source=text), diags
