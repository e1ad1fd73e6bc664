"""site.toml → frozen dataclasses; every problem is reported in one pass.

The schema is declared (MkDocs' config/defaults.py): one entry per key with its type,
default and meaning. Unknown keys are reported as warnings. Any other problem in site.toml stops the run
with exit status 2, since no page can be built without a valid site configuration.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .diagnostics import Diagnostic, make
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
        "title": Key(str, None, True, "站点名称 SiteName"),
        "base_url": Key(str, None, True, "absolute URL of the column, ending with /"),
        "language": Key(str, "zh-CN", False, "page language"),
        "site_id_code": Key(str, "", False, "网站标识码 SiteIDCode"),
        "description": Key(str, "", False, "one-line description of the column"),
        "organization": Key(str, "", False, "主办单位, shown in the footer"),
        "icp": Key(str, "", False, "ICP 备案号, shown in the footer"),
        "address": Key(str, "", False, "联系地址 of the 主办单位, shown in the footer and the accessibility statement"),
        "phone": Key(str, "", False, "联系电话, shown in the footer and the accessibility statement"),
        "email": Key(str, "", False, "联系邮箱, shown in the footer and the accessibility statement"),
    },
    "catalog": {
        "code": Key(str, None, True, "catalog code; a dot makes a child (zcwj.gfxwj)"),
        "name": Key(str, None, True, "catalog item name"),
        "update_days": Key(int, None, False, "the column must get new content at least this often", 1, 36500),
        "description": Key(str, "", False, "one-line description shown on the list page"),
    },
    "interpretation": {
        "required_sections": Key(list, list(DEFAULT_SECTIONS), False,
                                 "second-level headings every interpretation must have"),
    },
    "policy": {
        "max_validity_years": Key(int, 5, False, "longest validity of a normative document", 1, 100),
    },
    "build": {
        "page_size": Key(int, 50, False, "documents per list page", 1, 10000),
        "feed_size": Key(int, 50, False, "entries in feed.xml", 1, 10000),
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


@dataclass(frozen=True)
class Config:
    title: str
    base_url: str
    language: str
    site_id_code: str
    description: str
    organization: str
    icp: str
    address: str
    phone: str
    email: str
    catalog: tuple[CatalogItem, ...]
    required_sections: tuple[str, ...]
    max_validity_years: int
    page_size: int
    feed_size: int

    @property
    def domain(self) -> str:
        return urlsplit(self.base_url).netloc

    def catalog_item(self, code: str) -> CatalogItem | None:
        return next((c for c in self.catalog if c.code == code), None)


def _line_of(text: str, pattern: str, start: int = 0) -> int | None:
    m = re.compile(pattern, re.M).search(text, start)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _absolute_url(url: str) -> bool:
    """An http(s) URL with a host, ending with / (and nothing a browser would read differently)."""
    try:
        parts = urlsplit(url)
        parts.port          # raises for a port that is no number or out of range
    except ValueError:      # https://[::1/ and the like
        return False
    return (parts.scheme in ("http", "https") and bool(parts.hostname) and url.endswith("/")
            and not parts.query and not parts.fragment and not re.search(r"[\s\\<>\"']", url))


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
        err(None, f"找不到站点配置文件 {CONFIG_FILE}: 请确认 --site 指向的文件夹里有它")
        return None, errors
    try:
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        err(None, "site.toml 不是 UTF-8 编码: 请用编辑器另存为 UTF-8")
        return None, errors
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+)", str(e))
        err(int(m.group(1)) if m else None, f"site.toml 无法解析, 请检查引号、等号和方括号: {e}")
        return None, errors
    except (ValueError, RecursionError):
        err(None, "site.toml 无法解析: 其中有位数过多的数字或嵌套过深的数组, 请核对")
        return None, errors

    for section in sorted(set(data) - set(SCHEMA)):
        unknown(_line_of(text, rf"^[ \t]*\[+\s*{re.escape(section)}\s*\]"), f"未知的配置段 [{section}], 已忽略")

    def section_values(name, table, table_line, start=0):
        values = {}
        if not isinstance(table, dict):
            err(table_line, f"[{name}] 应为一个配置表")
            return None
        for key in sorted(set(table) - set(SCHEMA[name])):
            unknown(_line_of(text, rf"^[ \t]*{re.escape(key)}\s*=", start) or table_line, f"[{name}] 中有未知的键 '{key}', 已忽略")
        for key, spec in SCHEMA[name].items():
            if key not in table:
                if spec.required:
                    err(table_line, f"[{name}] 缺少必填的键 '{key}' ({spec.meaning})")
                values[key] = spec.default
                continue
            problem = (_type_problem(name, key, spec, table[key])
                       or _range_problem(name, key, spec, table[key]))
            if problem:
                err(_line_of(text, rf"^[ \t]*{re.escape(key)}\s*=", start) or table_line, problem)
                values[key] = spec.default
            else:
                values[key] = _without_control(table[key])
                if values[key] != table[key]:
                    warnings.append(make("control-character", CONFIG_FILE,
                                         _line_of(text, rf"^[ \t]*{re.escape(key)}\s*=", start) or table_line,
                                         f"[{name}] {key} 中有不可见的控制字符 (\\u0000 一类的转义), 已删去: 请改正"))
        return values

    site = section_values("site", data.get("site", {}), _line_of(text, r"^[ \t]*\[site\]"))
    if "site" not in data:
        err(None, "缺少 [site] 配置段 (需要 title 和 base_url)")
    interp = section_values("interpretation", data.get("interpretation", {}), _line_of(text, r"^[ \t]*\[interpretation\]"))
    policy = section_values("policy", data.get("policy", {}), _line_of(text, r"^[ \t]*\[policy\]"))
    build = section_values("build", data.get("build", {}), _line_of(text, r"^[ \t]*\[build\]"))

    if site and site.get("base_url"):
        url = site["base_url"]
        if not _absolute_url(url):
            err(_line_of(text, r"^[ \t]*base_url\s*="),
                f"base_url 应为以 / 结尾的完整网址, 例如 https://www.example.gov.cn/zwgk/ (现为 {url!r})")
    if interp and not all(isinstance(s, str) and s.strip() for s in interp["required_sections"]):
        err(_line_of(text, r"^[ \t]*required_sections\s*="), "[interpretation] required_sections 应为非空字符串的列表")

    catalog: list[CatalogItem] = []
    tables = data.get("catalog", [])
    if not isinstance(tables, list):
        err(_line_of(text, r"^[ \t]*\[?catalog"), "catalog 应写作 [[catalog]] 表数组")
        tables = []
    pos = 0
    seen: set[str] = set()
    for table in tables:
        m = re.compile(r"^[ \t]*\[\[\s*catalog\s*\]\]", re.M).search(text, pos)
        table_line = text.count("\n", 0, m.start()) + 1 if m else None
        pos = m.end() if m else pos
        values = section_values("catalog", table, table_line, m.end() if m else 0)
        if not values or not values.get("code"):
            continue
        code = values["code"]
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
    return Config(
        title=site["title"], base_url=site["base_url"], language=site["language"],
        site_id_code=site["site_id_code"], description=site["description"],
        organization=site["organization"], icp=site["icp"],
        address=site["address"], phone=site["phone"], email=site["email"],
        catalog=tuple(catalog),
        required_sections=tuple(s.strip() for s in interp["required_sections"]),
        max_validity_years=policy["max_validity_years"],
        page_size=build["page_size"], feed_size=build["feed_size"],
    ), warnings
