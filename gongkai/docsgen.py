"""The references in docs/ and the code table of the README, generated from the code's own schemas
(fields.FIELDS, config.SCHEMA, registry.RULES) so that they cannot drift:

    python -m gongkai.docsgen          # rewrite them
    python -m gongkai.docsgen --check  # exit 1 when a file is not what the code would write
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from .config import SCHEMA
from .fields import COMMON, FIELDS, FIELDS_OF, REQUIRED, TYPES, TYPE_NAMES
from .explain import markdown_table

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"str": "文字", "strs": "文字, 或文字的列表", "date": "日期 YYYY-MM-DD", "bool": "true 或 false",
         "int": "整数", "enum": "以下之一: {values}", "enums": "列表, 每项是以下之一: {values}",
         "path": "路径 (相对 content/)", "paths": "路径, 或路径的列表 (相对 content/)", "str_list": "文字的列表",
         "attachments": "列表, 每项写 title 和 file (相对本文件所在文件夹)",
         "allow": "列表, 每项写 value (号码) 和 reason (公开理由)"}
TOML_KINDS = {str: "字符串", int: "整数", list: "字符串列表"}
HEADER = "<!-- 本文件由 python -m gongkai.docsgen 根据代码生成, 请勿手改 -->\n\n"


def _required(doc_type: str, key: str) -> str:
    if key in ("type", "title") or key in REQUIRED[doc_type]:
        return "必填"
    if doc_type == "policy" and key == "valid_until":
        return "行政规范性文件必填"
    if doc_type == "policy" and key == "interpretation":
        return "必填 (没有解读的政策文件不予发布)"
    return "选填"


def fields_reference() -> str:
    out = [HEADER + "# 文档字段参考\n",
           "每篇文档是 content/ 下的一个 Markdown 文件, 开头两行 `---` 之间是信息栏 (front matter), "
           "每行写一个 `字段: 值`, 冒号用半角并在后面加一个空格。值里有 `: `、`#` 或以 `[`、`{`、`'`、`\"` 开头时, "
           "给整个值加引号。\n"]
    for doc_type in TYPES:
        out.append(f"## {TYPE_NAMES[doc_type]} (type: {doc_type})\n")
        out.append("| 字段 | 含义 | 是否必填 | 写法 | 例子 |\n| --- | --- | --- | --- | --- |")
        for key in COMMON + FIELDS_OF[doc_type]:
            if doc_type == "page" and key in ("published", "issuer", "category"):
                continue
            f = FIELDS[key]
            kind = KINDS[f.kind].format(values="、".join(map(str, f.values)))
            example = f"`{key}: {f.example}`".replace("|", "\\|") if f.example else ""
            out.append(f"| `{key}` | {f.label} | {_required(doc_type, key)} | {kind} | {example} |")
        out.append("")
    return "\n".join(out)


def config_reference() -> str:
    out = [HEADER + "# site.toml 参考\n",
           "site.toml 在站点文件夹的最上层, 使用 TOML 格式。`[[catalog]]` 可以写多个, 每个是一个目录项。"
           "写错的键会在它自己那一行报告 (config-invalid), 不认识的键只警告 (config-unknown)。\n"]
    for section, keys in SCHEMA.items():
        header = f"[[{section}]]" if section == "catalog" else f"[{section}]"
        out.append(f"## `{header}`\n")
        out.append("| 键 | 含义 | 类型 | 是否必填 | 默认值 |\n| --- | --- | --- | --- | --- |")
        for key, spec in keys.items():
            kind = TOML_KINDS[spec.kind]
            if spec.low is not None:
                kind += f" ({spec.low} 至 {spec.high})"
            default = "" if spec.default in (None, "") else f"`{spec.default!r}`".replace("'", '"')
            meaning = spec.meaning.replace("|", "\\|")
            out.append(f"| `{key}` | {meaning} | {kind} | {'必填' if spec.required else '选填'} | {default} |")
        out.append("")
    return "\n".join(out)


def fill(text: str, name: str, content: str) -> str:
    """Replace what stands between <!-- generated:NAME --> and <!-- /generated:NAME -->."""
    pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"marker generated:{name} missing")
    return pattern.sub(lambda m: m.group(1) + content + m.group(2), text)


def expected(root: Path = ROOT) -> dict[Path, str]:
    guide = (root / "docs" / "editor-guide.md").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    return {root / "docs" / "fields.md": fields_reference(),
            root / "docs" / "site-toml.md": config_reference(),
            # (the guide names the command as an office runs it: installed, `gongkai`)
            root / "docs" / "editor-guide.md": fill(guide, "codes",
                                                    markdown_table(with_why=True).replace("python build.py", "gongkai")),
            root / "README.md": fill(readme, "codes", markdown_table())}


def main(argv: list[str]) -> int:
    if not (ROOT / "docs" / "editor-guide.md").is_file():     # an installed package: the docs are the checkout's
        print(f"找不到 {ROOT / 'docs'}: 文档生成只在 Gongkai 的源码仓库中运行 (python -m gongkai.docsgen)", file=sys.stderr)
        return 2
    stale = []
    for path, text in expected().items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if "--check" not in argv:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(("过期: " if "--check" in argv else "已更新: ") + str(path.relative_to(ROOT)))
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
