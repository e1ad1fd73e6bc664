"""site.toml as an editor wrote it: its comments, the blanks left in it, what tomllib cannot read
said in Chinese, the key or section a misspelled name stands for, and the [site] values that
pass their type but no page can carry."""
from __future__ import annotations

import difflib
import re
from urllib.parse import urlsplit

# tomllib's problems, as an editor would say them (its own words are English: never shown)
TOML_PROBLEMS = (
    ("Cannot declare ('catalog'", "目录项都写作 [[catalog]] (两层方括号), 不能写成 [catalog]"),
    ("Cannot declare", "同一个配置段写了两次, 请合并成一个"),
    ("Cannot overwrite a value", "同一个键写了两次 (或 [catalog] 与 [[catalog]] 混用: 目录项都写作 [[catalog]]), 请删去一处"),
    ("Cannot mutate", "同一个键写了两次, 请删去一处"),
    ("Expected '=' after a key", "键后面应是半角等号 =, 例如 title = \"标题\""),
    ("Invalid initial character for a key", "键名只能用英文字母、数字、- 和 _, 例如 title"),
    ("Unterminated string", "引号没有闭合"),
    ("Illegal character '\\n'", "引号没有闭合: 文字要在同一行内用半角引号括起来, 例如 title = \"标题\""),
    ("Illegal character", "字符串中有不允许的字符 (例如未转义的控制字符)"),
    ("Invalid value", "值的写法有误: 文字要加半角引号, 例如 title = \"标题\""),
    ("Expected newline or end of document", "一行只能写一个 键 = 值"),
    ("Unclosed array", "方括号列表没有闭合"),
    ("Unclosed inline table", "花括号没有闭合"),
    ("Expected ']'", "方括号没有闭合"),
)


def toml_problem(said: str) -> str:
    return next((chinese for english, chinese in TOML_PROBLEMS if english in said),
                "请检查引号、等号和方括号 (文字加半角引号, 键 = 值, 配置段写作 [site])")


def without_comment(line: str) -> str:
    """A line of TOML up to its comment: a # inside a quoted string is text (3#楼, "#1")."""
    quote = None
    for i, c in enumerate(line):
        if quote is None and c in "\"'":
            quote = c
        elif quote == '"' and c == "\\":
            continue
        elif c == quote and (quote == "'" or i == 0 or line[i - 1] != "\\" or line[i - 2:i] == "\\\\"):
            quote = None
        elif quote is None and c == "#":
            return line[:i]
    return line


def holds(value, text: str) -> bool:
    """A string anywhere in parsed TOML holds text (walked without recursion: tomllib reads arrays
    nested deeper than Python's stack would follow)."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str) and text in item:
            return True
        if isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return False


def nearest(word: str, choices) -> str:
    """', 是否应为 X?' for a key or section name that is nearly one (base_ulr, [Site], [[catalogue]])."""
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.7)
    return f", 是否应为 {close[0]}?" if close else ""


def absolute_url(url: str) -> bool:
    """An http(s) URL with a host, ending with / (and nothing a browser would read differently)."""
    try:
        parts = urlsplit(url)
        parts.port          # raises for a port that is no number or out of range
    except ValueError:      # https://[::1/ and the like
        return False
    return (parts.scheme in ("http", "https") and bool(parts.hostname) and url.endswith("/")
            and not parts.query and not parts.fragment and not re.search(r"[\s\\<>\"']", url))


EMAIL_RE = re.compile(r"^[^@\s:/<>\"']+@[^@\s:/<>\"']+\.[^@\s:/<>\"']+$")
SCHEME_RE = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]*:")      # javascript:, tel:, mailto: before a phone number
LANGUAGE_RE = re.compile(r"^zh(-[A-Za-z0-9]{1,8})*$")


def site_value_problems(site: dict):
    """[site] values that pass their type but no page can carry: (key, what to change). A value still
    【待填写】 is the placeholder check's to report."""
    site = {key: value for key, value in site.items() if not (isinstance(value, str) and "【待填写】" in value)}
    if site.get("title") is not None and not str(site["title"]).strip():
        yield "title", "[site] title 是空的: 请写站点名称, 例如 title = \"云溪县人民政府 政府信息公开\""
    url = site.get("base_url") or ""
    if absolute_url(url) and "@" in urlsplit(url).netloc:
        yield "base_url", "base_url 中含有用户名或密码 (@ 之前的部分), 会写进每个页面和站点地图: 请删去"
    if site.get("language") and not LANGUAGE_RE.match(site["language"]):
        yield "language", f"[site] language 应为中文的语言代码 zh-CN (现为 {site['language']!r}): 页面是中文的"
    if site.get("email") and not EMAIL_RE.match(site["email"].strip()):
        yield "email", f"[site] email 应为邮箱地址, 例如 email = \"gongkai@example.gov.cn\" (现为 {site['email']!r})"
    if site.get("phone") and SCHEME_RE.match(site["phone"]):
        yield "phone", (f"[site] phone 应为电话号码, 不加 tel: 一类的前缀, 例如 phone = \"0000-12345678\" "
                        f"(现为 {site['phone']!r})")
