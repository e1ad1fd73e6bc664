"""argparse's own messages in Chinese: its usage errors and --help are the first thing an editor
sees. argparse looks its strings up through the module-level ``_`` and ``ngettext``; they are
swapped for Chinese while our parser is built and used, and put back afterwards. Also what a bad
--port and an unknown command are told."""
from __future__ import annotations

import argparse
import contextlib
import difflib

MESSAGES = {
    "usage: ": "用法: ",
    "positional arguments": "参数",
    "options": "选项",
    "subcommands": "命令",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "缺少必需的参数: %s",
    "unrecognized arguments: %s": "无法识别的参数: %s",
    "expected one argument": "后面需要写一个值",
    "expected at most one argument": "后面最多写一个值",
    "expected at least one argument": "后面至少写一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r 不是可选的值 (可选: %(choices)s)",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值 (应为数字)",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确, 可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "one of the arguments %s is required": "参数 %s 中必须写一个",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 %(parser_name)r (可用的命令: %(choices)s)",
    "unexpected option string: %s": "多余的选项: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 错误: %(message)s\n",
}
PLURALS = {"expected %s argument": "后面需要写 %s 个值"}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def ntranslate(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


@contextlib.contextmanager
def chinese():
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = translate, ntranslate
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def port(value: str) -> int:
    """--port: an integer from 0 to 65535."""
    if not value.strip().isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"端口应为 0 至 65535 之间的整数 (现为 {value!r})")
    return int(value)


def suggest(word: str, commands) -> str:
    """What an unknown command is told: the nearest command, and all of them."""
    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.5)
    return f"没有命令 '{word}'" + (f", 是否要运行 {close[0]}?" if close else "") + f" 可用的命令: {', '.join(commands)}"
