"""site.toml → frozen dataclasses; every problem is reported in one pass.

The schema is declared (MkDocs' config/defaults.py): one entry per key with its type,
default and meaning. Unknown keys are reported as warnings. Any other problem in site.toml stops the run
with exit status 2, since no page can be built without a valid site configuration.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, make_dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import as_run
from .configtext import absolute_url, holds, nearest, site_value_problems, toml_problem, without_comment
from .diagnostics import Diagnostic, make
from .fields import PLACEHOLDER
from .text import strip_control

CONFIG_FILE = "site.toml"
DEFAULT_SECTIONS = ("政策背景", "决策依据", "出台目的", "主要内容", "新旧差异")


@dataclass(frozen=True)
class Key:
    kind: type | tuple
    default: object
    required: bool
    meaning: str
    low: int | None = None          # bounds of an integer key
    high: int | None = None


# section -> key -> Key
SCHEMA: dict[str, dict[str, Key]] = {
    "site": {
        "title": Key(str, None, True, "站点名称, 显示在每页页头, 也写入页面的 SiteName 元数据"),
        "base_url": Key(str, None, True, "专栏的完整网址, 以 / 结尾, 例如 https://www.example.gov.cn/zwgk/"),
        "language": Key(str, "zh-CN", False, "页面语言"),
        "site_id_code": Key(str, "", False, "网站标识码, 写入页面的 SiteIDCode 元数据"),
        "description": Key(str, "", False, "专栏的一句话介绍"),
        "organization": Key(str, "", False, "主办单位, 显示在页脚"),
        "icp": Key(str, "", False, "ICP 备案号, 显示在页脚"),
        "address": Key(str, "", False, "主办单位的联系地址, 显示在页脚和无障碍声明中"),
        "phone": Key(str, "", False, "联系电话, 显示在页脚和无障碍声明中"),
        "email": Key(str, "", False, "联系邮箱, 显示在页脚和无障碍声明中"),
    },
    "catalog": {
        "code": Key(str, None, True, "目录编码; 用 . 表示下级, 例如 zcwj.gfxwj"),
        "name": Key(str, None, True, "目录名称"),
        "update_days": Key(int, None, False, "栏目至少每隔多少天更新一次 (超过则警告 column-stale)", 1, 36500),
        "description": Key(str, "", False, "显示在栏目列表页的一句话介绍"),
    },
    "interpretation": {
        "required_sections": Key(list, list(DEFAULT_SECTIONS), False,
                                 "每篇解读必须有的二级标题"),
    },
    "policy": {
        "max_validity_years": Key(int, 5, False, "行政规范性文件的最长有效期 (年)", 1, 100),
    },
    "build": {
        "page_size": Key(int, 50, False, "列表每页的文档数", 1, 10000),
        "feed_size": Key(int, 50, False, "feed.xml 中的条目数", 1, 10000),
    },
}
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$")


@dataclass(frozen=True)
class CatalogItem:
    """政务公开事项标准目录 item."""
    code: str
    name: str
    update_days: int | None
    description: str
    line: int | None

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


SECTIONS = ("site", "interpretation", "policy", "build")     # single tables; [[catalog]] is an array


def _domain(self) -> str:
    return urlsplit(self.base_url).netloc


def _catalog_item(self, code: str) -> CatalogItem | None:
    """The catalog item of a code (the first, where site.toml names a code twice), by an index made at
    the first lookup: a page, a search field and a row of open data each look one up."""
    index = self.__dict__.get("_catalog_index")
    if index is None:
        index = {}
        for c in self.catalog:
            index.setdefault(c.code, c)
        object.__setattr__(self, "_catalog_index", index)     # (not a field: equality and the schema ignore it)
    return index.get(code)


# The configuration as the code reads it: one attribute per key of the single tables, derived from
# SCHEMA so that a key declared there is a key of Config (and of docs/site-toml.md), plus the catalog.
Config = make_dataclass(
    "Config", [(key, object) for section in SECTIONS for key in SCHEMA[section]] + [("catalog", tuple)],
    frozen=True, namespace={"domain": property(_domain), "catalog_item": _catalog_item})

HEADER_RE = re.compile(r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.-]+|\"[^\"\n]*\")[ \t]*\]\]?", re.M)


@dataclass(frozen=True)
class Table:
    """Where a table sits in site.toml: its header's line and the span of its keys."""
    line: int | None
    start: int
    end: int

    def key_line(self, text: str, key: str) -> int | None:
        m = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", re.M).search(text, self.start, self.end)
        return text.count("\n", 0, m.start()) + 1 if m else self.line


def tables_in(text: str) -> dict[str, list[Table]]:
    """Each table header of the file (by name, in order) with the span up to the next header."""
    heads = list(HEADER_RE.finditer(text))
    out: dict[str, list[Table]] = {}
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        name = m.group(2).strip('"')
        out.setdefault(name, []).append(Table(text.count("\n", 0, m.start()) + 1, m.end(), end))
    return out


def _without_control(value):
    """A string (or list of strings) with the control characters no page or feed may carry removed."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, list):
        return [_without_control(v) for v in value]
    return value


def _type_problem(section: str, key: str, spec: Key, value) -> str | None:
    if isinstance(value, spec.kind) and not (spec.kind is int and isinstance(value, bool)):
        return None
    want = {str: "字符串", int: "整数", list: "列表"}[spec.kind]
    return f"[{section}] {key} 应为{want}"


def _range_problem(section: str, key: str, spec: Key, value) -> str | None:
    if spec.low is None or spec.low <= value <= spec.high:
        return None
    return f"[{section}] {key} 应为 {spec.low} 至 {spec.high} 之间的整数 ({spec.meaning})"


def load_config(site_dir: Path) -> tuple[Config | None, list[Diagnostic]]:
    path = site_dir / CONFIG_FILE
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []

    def err(line, message):
        errors.append(make("config-invalid", CONFIG_FILE, line, message))

    def unknown(line, message):
        # unknown keys do not stop the build (a newer site.toml on an older generator)
        warnings.append(make("config-unknown", CONFIG_FILE, line, message))

    try:
        if path.exists() and not path.is_file():      # a named pipe would hang the read
            err(None, f"{CONFIG_FILE} 不是普通文件 (而是文件夹、命名管道或设备): 请换成一个文本文件")
            return None, errors
        raw = path.read_bytes()
    except OSError:
        err(None, f"找不到站点配置文件 {CONFIG_FILE} (在 {site_dir.absolute()} 中): 请在站点文件夹 (有 site.toml 和 content/ 的那个) "
                  "中运行, 或用 --site 指向它; " + as_run("新建一个站点: python build.py new site"))
        return None, errors
    try:
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        err(None, "site.toml 不是 UTF-8 编码: 请用编辑器另存为 UTF-8")
        return None, errors
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+)", str(e))
        err(int(m.group(1)) if m else None, f"site.toml {'这一行' if m else ''}无法读取: {toml_problem(str(e))}")
        return None, errors
    except (ValueError, RecursionError):
        err(None, "site.toml 无法解析: 其中有位数过多的数字或嵌套过深的数组, 请核对")
        return None, errors

    lines = text.split("\n")
    unfilled = [i for i, line in enumerate(lines, 1) if PLACEHOLDER in without_comment(line)]
    if not unfilled and holds(data, PLACEHOLDER):      # written with escapes (\u3010…): no line to name
        err(None, "site.toml 中还有【待填写】 (以 \\u 转义写成): 请换成本专栏的真实信息")
    for line in unfilled:     # (new site writes them): a column is not published with them
        key = re.match(r"\s*([A-Za-z_]+)\s*=", lines[line - 1])
        meanings = [spec.meaning for table in SCHEMA.values() for k, spec in table.items() if key and k == key.group(1)]
        what = f"{key.group(1)} ({meanings[0]})" if key and meanings else "这一行"
        err(line, f"site.toml 中 {what} 还没有填写 (还是【待填写】): 请换成本专栏的真实信息")
    if unfilled:
        return None, errors

    spans = tables_in(text)
    nowhere = Table(None, 0, 0)
    for section in sorted(set(data) - set(SCHEMA)):
        unknown(spans.get(section, [nowhere])[0].line, f"未知的配置段 [{section}], 已忽略{nearest(section, SCHEMA)}")

    def section_values(name, table, where: Table, present: bool = True):
        values = {}
        if not isinstance(table, dict):
            err(where.line, f"[{name}] 应为一个配置表")
            return None
        for key in sorted(set(table) - set(SCHEMA[name])):
            unknown(where.key_line(text, key), f"[{name}] 中有未知的键 '{key}', 已忽略{nearest(key, SCHEMA[name])}")
        for key, spec in SCHEMA[name].items():
            if key not in table:
                if spec.required and present:       # (a whole section missing is said once)
                    err(where.line, f"[{name}] 缺少必填的键 '{key}' ({spec.meaning})")
                values[key] = spec.default
                continue
            problem = (_type_problem(name, key, spec, table[key])
                       or _range_problem(name, key, spec, table[key]))
            if problem:
                err(where.key_line(text, key), problem)
                values[key] = spec.default
            else:
                values[key] = _without_control(table[key])
                if values[key] != table[key]:
                    warnings.append(make("control-character", CONFIG_FILE, where.key_line(text, key),
                                         f"[{name}] {key} 中有不可见的控制字符 (\\u0000 一类的转义), 已删去: 请改正"))
        return values

    tables_read = {name: section_values(name, data.get(name, {}), spans.get(name, [nowhere])[0], name in data)
                   for name in SECTIONS}
    site, interp = tables_read["site"], tables_read["interpretation"]
    if "site" not in data:
        near = [s for s in data if s.lower() == "site"]
        err(spans.get(near[0], [nowhere])[0].line if near else None,
            f"缺少 [site] 配置段 (需要 title 和 base_url){f': 配置段名要小写, 请把 [{near[0]}] 改成 [site]' if near else ''}")

    if site and site.get("base_url"):
        url = site["base_url"]
        if not absolute_url(url):
            err(spans.get("site", [nowhere])[0].key_line(text, "base_url"),
                f"base_url 应为以 / 结尾的完整网址, 例如 https://www.example.gov.cn/zwgk/ (现为 {url!r})")
    if site:
        for key, problem in site_value_problems(site):
            err(spans.get("site", [nowhere])[0].key_line(text, key), problem)
    if interp and not all(isinstance(s, str) and s.strip() for s in interp["required_sections"]):
        err(spans.get("interpretation", [nowhere])[0].key_line(text, "required_sections"),
            "[interpretation] required_sections 应为非空字符串的列表")

    catalog: list[CatalogItem] = []
    tables = data.get("catalog", [])
    if not isinstance(tables, list):
        err(spans.get("catalog", [nowhere])[0].line, "catalog 应写作 [[catalog]] 表数组")
        tables = []
    seen: set[str] = set()
    headers = spans.get("catalog", [])
    for i, table in enumerate(tables):
        where = headers[i] if i < len(headers) else nowhere      # an inline array has no headers
        table_line = where.line
        values = section_values("catalog", table, where)
        if not values or values.get("code") is None:
            continue
        code = values["code"]
        name = values["name"]                   # (None: absent, said already)
        if not code.strip() or (name is not None and not name.strip()):      # (the item vanished, or showed no name)
            what = "目录编码 code" if not code.strip() else f"目录 '{code}' 的名称 name"
            err(table_line, f"{what} 是空的: 请填写, 例如 code = \"zcwj\" 和 name = \"政策文件\"")
            continue
        if not CODE_RE.match(code):
            err(table_line, f"目录编码 '{code}' 只能用小写字母、数字、- 和 _, 用 . 分隔上下级 (例如 zcwj.gfxwj)")
            continue
        if code in seen:
            err(table_line, f"目录编码 '{code}' 重复")
            continue
        seen.add(code)
        catalog.append(CatalogItem(code, values["name"] or code, values["update_days"],
                                   values["description"], table_line))
    if errors:
        return None, errors + warnings
    flat = {key: value for name in SECTIONS for key, value in tables_read[name].items()}
    flat["required_sections"] = tuple(s.strip() for s in flat["required_sections"])
    return Config(**flat, catalog=tuple(catalog)), warnings
