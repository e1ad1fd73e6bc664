"""`python build.py new TYPE`: a document skeleton with every field of its type.

A new policy comes with its interpretation, linked both ways and dated the same day,
so the interpretation gate holds from the first commit. Facts only the editor knows
(索引号, 发文机关, 目录) are left empty: the build names each one until it is filled in.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from .config import DEFAULT_SECTIONS, load_config
from .documents import TYPES
from .text import strip_control

SLUG_RE = re.compile(r"\w[\w.-]*\Z")      # letters (汉字 too), digits, _ - and dots: safe in a path, a URL and YAML
MAX_SLUG_BYTES = 180                       # file systems allow 255 bytes per name


def yaml_title(title: str) -> str:
    """`title: ...` as a YAML emitter writes it: no title can break the front matter or add a key."""
    title = title.encode("utf-8", "surrogateescape").decode("utf-8", "replace")   # bytes from a foreign terminal
    title = " ".join(strip_control(title).split())
    if not title:
        return "title:"
    return yaml.safe_dump({"title": title}, allow_unicode=True, width=10_000, default_flow_style=False).strip()


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
    return f"""---
type: policy
{yaml_title(title)}
index_number:            # 索引号 (必填), 例如 11519999MB1234567X/{today.year}-00001
doc_number:              # 发文字号, 例如 某府发〔{today.year}〕1号; 没有文号可删去此行
issuer:                  # 发文机关 (必填); 联合发文写成列表 [机关一, 机关二]
category:                # 目录编码 (必填): {codes}
written: {today}          # 成文日期
published: {today}        # 发布日期, 须与解读相同
normative: false         # 行政规范性文件写 true, 并填写 valid_until
status: 现行有效
interpretation: interpretations/{slug}.md
---

(在此写政策文件正文)
"""


def interpretation(title: str, slug: str, today: dt.date, sections) -> str:
    body = "\n".join(f"## {s}\n\n(请用通俗的话写{s}, 不要复制文件原文)\n" for s in sections)
    return f"""---
type: interpretation
{yaml_title(('《' + title.strip() + '》政策解读') if title.strip() else '')}
policy: policies/{slug}.md
issuer:                  # 解读发布机构 (必填)
published: {today}        # 须与政策文件的发布日期相同
interpreter:             # 解读人, 例如 第一解读人: 局长
forms: [文字]
---

{body}"""


def generic(doc_type: str, title: str, today: dt.date, codes: str) -> str:
    lines = ["---", f"type: {doc_type}", yaml_title(title)]
    if doc_type != "page":
        lines.append(f"published: {today}")
    if doc_type in ("consultation", "article"):
        lines.append("issuer:                  # 发布机构 (必填)")
    if doc_type != "page":
        lines.append(f"category:                # 目录编码 (必填): {codes}")
    if doc_type == "consultation":
        lines += [f"opens: {today}", "closes:                  # 征集截止日期 (必填)",
                  "# feedback: articles/...md  # 征集结束后一个月内发布意见采纳情况并填写此项"]
    if doc_type == "report":
        lines.append(f"year: {today.year - 1}")
    return "\n".join(lines) + "\n---\n\n(在此写正文)\n"


def new_document(site_dir: Path, doc_type: str, title: str, slug: str, today: dt.date, stdout, stderr) -> int:
    if doc_type not in TYPES:
        print(f"用法错误: 文档类型应为 {', '.join(TYPES)} 之一", file=stderr)
        return 2
    content = site_dir / "content"
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
        files = {f"interpretations/{slug}.md": interpretation(title, slug, today, sections)}
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
    for rel, text in files.items():
        target = content / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8") as f:
                f.write(text)
        except OSError as e:
            print(f"错误: 无法写入 content/{rel} ({e.strerror}), 未创建", file=stderr)
            return 1
        print(f"已创建 content/{rel}", file=stdout)
    print("请填写标注为必填的字段, 然后运行 python build.py check", file=stdout)
    return 0
