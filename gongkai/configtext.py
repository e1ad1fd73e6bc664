"""site.toml as an editor wrote it: its comments, the blanks left in it, what tomllib cannot read
said in Chinese, and the key or section a misspelled name stands for."""
from __future__ import annotations

import difflib

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
