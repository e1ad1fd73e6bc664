"""`python build.py new TYPE`: a document skeleton with every field of its type.

A new policy comes with its interpretation, linked both ways and dated the same day,
so the interpretation gate holds from the first commit. Facts only the editor knows
(索引号, 发文机关, 目录, the text) are written as 【待填写】: `placeholder-left` names each one
until it is replaced, so nothing half-written is published.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from pathlib import Path

import yaml

from . import as_run
from .config import DEFAULT_SECTIONS, load_config
from .fields import PLACEHOLDER, TYPES
from .text import strip_control
from .oserrors import reason

SLUG_RE = re.compile(r"\w[\w.-]*\Z")      # letters (汉字 too), digits, _ - and dots: safe in a path, a URL and YAML
MAX_SLUG_BYTES = 180                       # file systems allow 255 bytes per name


def clean_title(title: str) -> str:
    title = title.encode("utf-8", "surrogateescape").decode("utf-8", "replace")   # bytes from a foreign terminal
    return " ".join(strip_control(title).split())


def field(key: str, value, comment: str = "") -> str:
    """One front-matter line as a YAML emitter writes it: no value can break the front matter or add a
    key (colons, #, quotes, brackets, full-width punctuation all round-trip)."""
    flow = isinstance(value, list)     # a list on one line, [文字, 图解]
    text = yaml.safe_dump({key: value}, allow_unicode=True, width=1_000_000, default_flow_style=flow).strip()
    if flow:
        text = text.removeprefix("{").removesuffix("}")
    return f"{text}    # {comment}" if comment else text


def front_matter(lines: list[str]) -> str:
    return "---\n" + "\n".join(lines) + "\n---\n"


def slug_problem(slug: str) -> str | None:
    if not SLUG_RE.match(slug) or ".." in slug:
        return (f"--slug {slug!r} 不能用作文件名: 只用汉字、字母、数字和 - _ . (不含空格、/ 和 .., 不以 . 或 - 开头), "
                "例如 --slug 2026-jiuye-butie")
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        return f"--slug 太长 (最多约 {MAX_SLUG_BYTES // 3} 个汉字或 {MAX_SLUG_BYTES} 个字母), 请缩短"
    return None


FOLDERS = {"policy": "policies", "interpretation": "interpretations", "consultation": "consultations",
           "article": "articles", "report": "reports", "page": "pages"}


def policy(title: str, slug: str, today: dt.date, codes: str) -> str:
    fm = front_matter([
        field("type", "policy"),
        field("title", title or PLACEHOLDER + "政策文件标题"),
        field("index_number", PLACEHOLDER, f"索引号, 例如 11519999MB1234567X/{today.year}-00001"),
        field("doc_number", PLACEHOLDER, f"发文字号, 例如 某府发〔{today.year}〕1号; 没有文号就删去这一行"),
        field("issuer", PLACEHOLDER, "发文机关; 联合发文写成列表 [机关一, 机关二]"),
        field("category", PLACEHOLDER, f"目录编码, 可选: {codes}"),
        field("written", today, "成文日期"),
        field("published", today, "发布日期, 须与解读相同; 写将来的日期即为定时发布"),
        field("normative", False, "行政规范性文件写 true, 并加一行 valid_until: 有效期至"),
        field("status", "现行有效", "有效性: 现行有效、已修改、已废止 或 失效"),
        field("interpretation", f"interpretations/{slug}.md", "政策解读, 已同时生成"),
    ])
    return fm + f"\n{PLACEHOLDER}在此写政策文件正文。\n"


def interpretation(title: str, slug: str | None, today: dt.date, sections) -> str:
    """slug: of the policy written with it (`new policy`); None when the interpretation comes alone."""
    fm = front_matter([
        field("type", "interpretation"),
        field("title", f"《{title}》政策解读" if title else PLACEHOLDER + "政策解读标题"),
        field("policy", f"policies/{slug}.md" if slug else PLACEHOLDER,
              "所解读的政策文件" if slug else "所解读的政策文件的路径, 例如 policies/2026-dibao.md; 并在该文件的 interpretation 中写本文件的路径"),
        field("issuer", PLACEHOLDER, "解读发布机构"),
        field("published", today, "须与政策文件的发布日期相同"),
        field("interpreter", PLACEHOLDER, "解读人, 例如 县民政局局长 张某; 没有就删去这一行"),
        field("forms", ["文字"], "解读形式: 文字、图解、音频、视频、动漫"),
    ])
    body = "\n".join(f"## {s}\n\n{PLACEHOLDER}请用通俗的话写{s}, 不要复制文件原文。\n" for s in sections)
    return fm + "\n" + body


def generic(doc_type: str, title: str, today: dt.date, codes: str) -> str:
    lines = [field("type", doc_type), field("title", title or PLACEHOLDER + "标题")]
    if doc_type != "page":
        lines.append(field("published", today, "发布日期; 写将来的日期即为定时发布"))
    if doc_type in ("consultation", "article"):
        lines.append(field("issuer", PLACEHOLDER, "发布机构"))
    if doc_type != "page":
        lines.append(field("category", PLACEHOLDER, f"目录编码, 可选: {codes}"))
    if doc_type == "consultation":
        lines += [field("opens", today, "征集开始日期"),
                  field("closes", PLACEHOLDER, "征集截止日期, 例如 " + today.replace(day=28).isoformat()),
                  "# feedback: articles/...md    # 截止后一个月内发布意见采纳情况, 并填写它的路径"]
    if doc_type == "report":
        lines.append(field("year", today.year - 1, "年度"))
    return front_matter(lines) + f"\n{PLACEHOLDER}在此写正文。\n"


def new_document(site_dir: Path, doc_type: str, title: str, slug: str, today: dt.date, stdout, stderr) -> int:
    if doc_type not in TYPES:
        close = difflib.get_close_matches(doc_type, (*TYPES, "site", "nginx"), n=1, cutoff=0.5)
        hint = f" (是否是 {close[0]}?)" if close else ""
        print(f"用法错误: 文档类型应为 {', '.join(TYPES)} 之一 (新建站点用 site, 写出 nginx 配置用 nginx){hint}", file=stderr)
        return 2
    if not (site_dir / "site.toml").is_file():
        print(f"用法错误: {site_dir} 中没有 site.toml, 不是站点文件夹: 请在站点文件夹里运行, 或用 --site 指定它", file=stderr)
        return 2
    content = site_dir / "content"
    title = clean_title(title)
    slug = slug.strip().removesuffix(".md")
    if slug and slug_problem(slug):
        print(f"用法错误: {slug_problem(slug)}", file=stderr)
        return 2
    config, _ = load_config(site_dir)
    codes = ", ".join(c.code for c in config.catalog) if config else ""
    sections = config.required_sections if config else DEFAULT_SECTIONS
    if not slug:
        n = 1
        while (content / FOLDERS[doc_type] / f"{today}-{n}.md").exists():
            n += 1
        slug = f"{today}-{n}"
    if doc_type == "policy":
        files = {f"policies/{slug}.md": policy(title, slug, today, codes),
                 f"interpretations/{slug}.md": interpretation(title, slug, today, sections)}
    elif doc_type == "interpretation":
        files = {f"interpretations/{slug}.md": interpretation(title, None, today, sections)}
    else:
        files = {f"{FOLDERS[doc_type]}/{slug}.md": generic(doc_type, title, today, codes)}
    outside = [p for p in files if content.resolve() not in (content / p).resolve().parents]
    if outside:
        print(f"用法错误: content/{outside[0]} 会写到 content/ 之外 (文件夹是指向别处的符号链接), 未创建", file=stderr)
        return 2
    existing = [p for p in files if (content / p).exists() or (content / p).is_symlink()]
    if existing:
        print(f"用法错误: content/{existing[0]} 已存在, 请换一个 --slug", file=stderr)
        return 2
    if not write_all(site_dir, {f"content/{rel}": text for rel, text in files.items()}, stdout, stderr):
        return 1
    print(as_run(f"请把每一处{PLACEHOLDER}换成真实内容 (python build.py check 会逐一列出), 然后用 python build.py serve 预览"),
          file=stdout)
    return 0


def write_all(folder: Path, files: dict[str, str], stdout, stderr) -> bool:
    """Each new file (path inside folder → text), never over one already there (said and left as it
    is); all or nothing: a file that cannot be written takes back those written before it (a policy
    never stays without its interpretation), so that a second try starts from the same folder."""
    made: list[Path] = []
    for rel, text in files.items():
        target = folder / rel
        if target.exists() or target.is_symlink():
            print(f"已存在, 未改动: {rel}", file=stdout)
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8") as f:
                f.write(text)
        except OSError as e:
            for done in made:
                with contextlib.suppress(OSError):
                    done.unlink()
            print(f"错误: 无法写入 {rel} ({reason(e)}), 什么也没有创建", file=stderr)
            return False
        made.append(target)
        print(f"已创建 {rel}", file=stdout)
    return True
