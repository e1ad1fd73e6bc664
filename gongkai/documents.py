"""Documents: front matter → a typed document per file, with every field problem reported.

The fields of each type are declared once in gongkai.fields (shared/spec/CONTENT.md §2), and each
value is checked by gongkai.validation.
"""
from __future__ import annotations

import bisect
import hashlib
import html.entities
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

from .diagnostics import Diagnostic, make
from .frontmatter import FrontMatter, FrontMatterError, decode, other_mistakes, parse
from .text import CONTROL_RE, control_lines, strip_control
from .validation import _example_at, validate

NEWLINE_RE = re.compile("\n")
ISSUER_TRIM = "\"'“”‘’「」『』 \u3000。，,；;.、"


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
    _fingerprint: str | None = field(default=None, repr=False, compare=False)   # pagekeys.context_key's, once
    source_sha: str = field(default="", repr=False, compare=False)    # sha256 of source, when the load hashed it
    # the body's HTML after the link stage (Document.html): bytes as the build cache kept them until read
    _html: str | bytes = field(default="", repr=False, compare=False)
    html_sha: str = field(default="", repr=False, compare=False)       # sha256 of the HTML, once known

    @property
    def html(self) -> str:
        """The body's HTML after the link stage. One the build cache gave is decoded when first read: an
        incremental build reads only the few it renders or checks again (the rest are known by html_sha)."""
        if type(self._html) is bytes:
            try:
                self._html = self._html.decode("utf-8", "surrogatepass")
            except UnicodeDecodeError:        # (the cache's CRC passed: never seen; not worth a traceback)
                self._html = self._html.decode("utf-8", "replace")
        return self._html

    @html.setter
    def html(self, value: str) -> None:
        self._html, self.html_sha = value, ""

    def kept_html(self, stored: bytes, sha: str) -> None:
        """The HTML as the build cache stored it (UTF-8), with its hash: decoded only if read."""
        self._html, self.html_sha = stored, sha

    def html_digest(self) -> str:
        if not self.html_sha:
            self.html_sha = hashlib.sha256(self.html.encode("utf-8", "surrogatepass")).hexdigest()
        return self.html_sha

    def fingerprint(self) -> str:
        """The hash of what a page or a rule may read of the document itself (its file, URL, HTML, hold),
        once per build: each part after its length, the source by its hash when the load made it, the
        HTML by its hash (html_digest)."""
        if self._fingerprint is None:
            source = "H" + self.source_sha if self.source_sha else "T" + self.source
            h = hashlib.sha256()
            for part in (self.path, self.url, source, self.html_digest(), self.hold, str(self.preview), str(self.type)):
                data = part.encode("utf-8", "surrogatepass")
                h.update(b"%d:" % len(data))
                h.update(data)
            self._fingerprint = h.hexdigest()
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
        """Each issuing body once: a joint document's written as a list or as one text 甲、乙, each
        without the quotes or the closing punctuation an editor may type around it (one body, one
        filter value: 云溪县人民政府。 was another 发文机关 than 云溪县人民政府)."""
        v = self.meta.get("issuer")
        out: list[str] = []
        for item in [v] if isinstance(v, str) else list(v or []):
            for part in item.split("、"):
                part = part.strip(ISSUER_TRIM)
                if part and part not in out:
                    out.append(part)
        return out

    def paths(self, key: str) -> list[str]:
        v = self.meta.get(key)
        return [v] if isinstance(v, str) else list(v or [])

    def body_line(self, needle: str, fold_case: bool = False) -> int:
        """Line in the file where needle first appears in the body (the body's first line if not found)."""
        if fold_case and self._lowered is None:
            self._lowered = self.fm.body.lower()
        newlines = self._newline_offsets()
        body = self._lowered if fold_case else self.fm.body
        needle = needle.lower() if fold_case else needle
        i = body.find(needle) if needle else -1
        if i < 0 and "%" in needle:
            i = body.find(unquote(needle))
        return self.fm.body_line + (bisect.bisect_left(newlines, i) if i >= 0 else 0)

    def body_lines(self, needles: list[str], fold_case: bool = False) -> list[int]:
        """body_line of each needle, a needle met again found after where it was found before (the same
        mistake on two lines is told on both)."""
        if fold_case and self._lowered is None:
            self._lowered = self.fm.body.lower()
        body, after, lines = self._lowered if fold_case else self.fm.body, {}, []
        for needle in needles:
            at = body.find(needle.lower() if fold_case else needle, after.get(needle, 0)) if needle else -1
            end = at + len(needle)
            if at < 0 and needle:          # written with character references (javascript&#58;…)?
                m = as_referenced(needle).search(self.fm.body, after.get(needle, 0))
                at, end = (m.start(), m.end()) if m else (-1, 0)
            if at >= 0:
                after[needle] = end
            lines.append(self.body_line_at(at) if at >= 0 else self.body_line(needle, fold_case))
        return lines

    def link_lines(self, raws: list[str]) -> list[int]:
        """The line of each link target, in the order the body holds them: a target written twice is
        found twice (each on its own line), and as written after ( or a quote before it is found bare
        (files/a.csv inside ../files/a.csv of an earlier line)."""
        body, after, lines = self.fm.body, {}, []
        for raw in raws:
            at = -1
            empty = EMPTY_TARGET_RE.search(body, after.get(raw, 0)) if not raw else None
            if empty:                      # [说明](), ![图](), [说明](<>), href="": found where written
                at, after[raw] = empty.start(), empty.end()
            for needle in ((f"({raw}", f'"{raw}', f"'{raw}", f"<{raw}", raw) if raw else ()):
                at = body.find(needle, after.get(raw, 0))
                if at >= 0:
                    at += len(needle) - len(raw)
                    after[raw] = at + len(raw)
                    break
            lines.append(self.body_line(raw) if at < 0 else self.body_line_at(at))
        return lines

    def body_line_at(self, offset: int) -> int:
        """Line in the file of an offset in the body."""
        return self.fm.body_line + bisect.bisect_left(self._newline_offsets(), offset)

    def _newline_offsets(self) -> list[int]:
        if self._newlines is None:     # once per document: thousands of diagnostics must not rescan the body
            self._newlines = [m.start() for m in NEWLINE_RE.finditer(self.fm.body)]
        return self._newlines


EMPTY_TARGET_RE = re.compile(r"\]\(\s*(?:<\s*>)?\s*\)|\b(?:href|src)\s*=\s*(?:\"\"|'')", re.I)


def as_referenced(text: str) -> re.Pattern:
    """text as HTML may write it: each character itself (any case) or a character reference to it
    (&#58;, &#x3A;, &colon;), as an HTML parser decodes them."""
    def one(c: str) -> str:
        names = [re.escape(n.rstrip(";")) for n in _NAMES.get(c, ())]
        return "(?:" + "|".join([re.escape(c), f"&#0*{ord(c)};?", f"&#[xX]0*{ord(c):x};?", *(f"&{n};?" for n in names)]) + ")"
    return re.compile("".join(one(c) for c in text), re.I)


_NAMES: dict[str, list[str]] = {}
for _name, _char in html.entities.html5.items():
    if len(_char) == 1 and _name.endswith(";"):
        _NAMES.setdefault(_char, []).append(_name)

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
    except UnicodeDecodeError as e:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None, [make("frontmatter-invalid", file, 1,
                               "文件是 UTF-16 编码 (记事本的 'Unicode'): 请在编辑器中选择 '另存为 UTF-8' 后再提交")]
        return None, [make("frontmatter-invalid", file, raw[:e.start].count(b"\n") + 1,
                           "文件不是 UTF-8 编码 (可能是 GBK/GB2312), 这一行起无法读取: "
                           "请在编辑器中选择 '另存为 UTF-8' 后再提交")]
    if CONTROL_RE.search(text) is None:         # (nearly every file: one scan of it, not two)
        return text, []
    controls = [make("control-character", file, line,
                     "这一行含有看不见的控制字符 (常见于从其他软件复制粘贴), 生成时已删去: 请在编辑器中删掉它")
                for line in control_lines(text, 20)]
    return strip_control(text), controls


def parsed_document(path: str, text: str, controls: list[Diagnostic], parser=parse) -> tuple[Document | None, list[Diagnostic]]:
    """The document of a text from document_text: its front matter parsed (parser) and validated."""
    file = "content/" + path
    try:
        fm = parser(text)
    except FrontMatterError as e:
        example = _example_at(text, e.line)
        message = e.message if example.split("例如 ")[-1] in e.message else e.message + example
        more = [make("frontmatter-invalid", file, n, said) for n, said in other_mistakes(text, e.line)]
        return None, [*controls, make("frontmatter-invalid", file, e.line, message), *more]
    doc_type, meta, diags = validate(file, fm)
    diags = controls + diags
    return Document(path=path, file=file, type=doc_type, meta=meta, fm=fm, url=url_of(path), source=text), diags
