"""Front matter: split a Markdown file into YAML data and body, keeping line numbers.

Lines are 1-based lines of the file as the editor sees it. YAML timestamps are kept
as strings so that a date that does not exist (2024-02-30) is reported by the field
check instead of crashing the YAML constructor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe loader (C-accelerated when available) that leaves dates as text."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)

FENCE = re.compile(r"^---[ \t]*$")
END = re.compile(r"^(---|\.\.\.)[ \t]*$")
NEAR_END = re.compile(r"^\s*([-—－─]\s*){2,}$")      # what an editor may write for ---


class FrontMatterError(Exception):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class FrontMatter:
    data: dict
    key_lines: dict[str, int]            # top-level key -> line of the key
    item_lines: dict[str, list[int]]     # key of a sequence -> line of each item
    raw_scalars: dict[str, str]          # key -> scalar as written (for 0012-like values)
    body: str
    body_line: int                       # line of the first body line
    end_line: int                        # line of the closing ---
    nested_lines: dict[str, list[dict[str, int]]] = field(default_factory=dict)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), any line ending → text with \\n. Raises UnicodeDecodeError."""
    text = (raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw).decode("utf-8")    # (utf-8-sig's Python
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text    # wrapper: a third more)


# PyYAML's problems, as an editor would say them
PROBLEMS = (
    ("could not find expected ':'", "找不到应有的冒号: 键和值之间要写半角冒号加一个空格"),
    ("mapping values are not allowed here", "这里不能出现冒号; 值中含有 ': ' 时请给整个值加引号"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("found character '\\t' that cannot start any token", "含有制表符"),
    ("expected <block end>", "缩进不一致"),
    ("found undefined alias", "使用了未定义的 * 别名"),
    ("found unknown escape character", "双引号中有无法识别的 \\ 转义, 请改用单引号"),
    ("expected ',' or ']'", "方括号列表没有闭合"),
    ("expected ',' or '}'", "花括号没有闭合"),
    ("found unhashable key", "键的写法有误"),
    ("found duplicate anchor", "同一个 & 锚点写了两次"),
    ("could not determine a constructor", "使用了不支持的 !! 标签; 文字中的 ! 请加引号"),
    ("did not find expected key", "这一行的写法无法识别"),
    ("found a tab character", "含有制表符"),
    ("found character that cannot start any token", "含有不能出现在开头的字符 (制表符、@、` 等): 请删去, 或给整个值加引号"),
    ("mapping values are not allowed in this context", "这里不能出现冒号; 值中含有 ': ' 时请给整个值加引号"),
    ("did not find expected <document start>", "出现了 % 开头的行; 请删去或加引号"),
)


def _problem(text: str) -> str:
    for english, chinese in PROBLEMS:
        if english in text:
            return chinese
    return "YAML 的写法有误"          # (PyYAML's own words are English: never shown to an editor)


# where PyYAML's context mark (not its problem mark) is the line the editor must fix
CONTEXT_FIRST = ("while scanning a quoted scalar", "while scanning a simple key", "while parsing a flow sequence",
                 "while parsing a flow mapping", "while scanning a block scalar")


def error_line(e: yaml.MarkedYAMLError) -> int | None:
    """0-based line within the YAML of a scanner, parser, composer or constructor error."""
    use_context = e.context_mark is not None and (e.context or "").startswith(CONTEXT_FIRST)
    mark = e.context_mark if use_context or e.problem_mark is None else e.problem_mark
    return mark.line if mark else None


def _hint(yaml_lines: list[str], index: int) -> str:
    line = yaml_lines[index] if 0 <= index < len(yaml_lines) else ""
    if re.match(r"^\s*[^\s:#]+:\s*[\[{][^\]}]*[\]}]\s*[^\s#]", line):
        return ("值以方括号或花括号开头会被当作列表: 请给整个值加引号; 发文字号请用六角括号, "
                "例如 doc_number: 示府发〔2026〕3号")
    if "：" in line:
        return "这一行用了全角冒号 '：', 键和值之间应使用半角冒号加空格 ': '"
    if "\u00a0" in line:
        return "这一行有看不见的不换行空格 (从网页或 Word 复制时带来): 请删去冒号后的空格, 重新输入一个半角空格"
    if "\t" in line:
        return "这一行用了制表符缩进, YAML 只能用空格缩进"
    if re.match(r"^\s*[^\s:#]+:[^\s/]", line):
        return "冒号后面要加一个空格, 例如 'title: 标题'"
    return "请检查这一行的冒号、引号和缩进"


TOP_KEY = re.compile(r"^([ \u3000]+)([A-Za-z_]\w*)[ \t]*:")
WIDE_SPACE = re.compile(r"^[ \t]*\u3000|^[ \t]*[A-Za-z_]\w*[ \t]*:\u3000")     # before a key, after its colon
KEY_AT = re.compile(r"^( *)([A-Za-z_]\w*)[ \t]*:(?:[ \t]|$)")            # a key, and the spaces before it
SPECIAL_START = re.compile(r"^[A-Za-z_]\w*[ \t]*:[ \t]+([*&|>!%@`])")


def _suspect(yaml_lines: list[str], upto: int) -> tuple[int, str] | None:
    """The first line, up to the one YAML stopped at, with a mistake an editor makes and YAML words
    badly: a full-width space, a field indented where none is nested, a value beginning with a
    character YAML reserves."""
    parent = False        # the line before opened a nested part (attachments: / - title: …)
    previous = None       # the last key's column, whether it had a value on its line, its name
    for i, line in enumerate(yaml_lines[:upto + 1]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if WIDE_SPACE.match(line):
            return i, "这一行有全角空格 '　' (中文输入法的空格): YAML 只认半角空格, 请改成半角空格, 字段名前的请删去"
        indented = TOP_KEY.match(line)
        if indented and not parent:
            return i, (f"这一行开头多了 {len(indented.group(1))} 个空格: 字段名要顶格写 "
                       f"(只有附件等列表里的项才缩进), 请删去 {indented.group(2)} 前面的空格")
        deeper = KEY_AT.match(line)
        if deeper and previous and len(deeper.group(1)) > previous[0] and previous[1]:
            return i, (f"这一行比上一行的 {previous[2]} 多缩进了 {len(deeper.group(1)) - previous[0]} 个空格: "
                       f"同一项里的字段要与 {previous[2]} 左侧对齐, 请删去 {deeper.group(2)} 前面多出的空格")
        found = KEY_AT.match(line.replace("- ", "  ", 1) if line.lstrip().startswith("- ") else line)
        value = line.split(":", 1)[1].strip() if found else ""
        whole = value and value[0] not in "|>\"'"        # (a block scalar or a quote may go on below)
        previous = (len(found.group(1)), bool(whole), found.group(2)) if found else None
        special = SPECIAL_START.match(line) if i == upto else None      # (before it, an anchor & is YAML's own)
        if special:
            return i, (f"值以 '{special.group(1)}' 开头, YAML 会把它当作特殊符号: 请给整个值加半角引号, "
                       f"例如 {line.split(':', 1)[0].strip()}: \"{line.split(':', 1)[1].strip()}\"")
        stripped = line.strip()
        parent = stripped.endswith(":") or stripped.startswith("- ") or (line[0] in " \t" and parent)
    return None


def _number_line(node) -> int:
    """The file line of the longest number in a composed front matter (1: none found, or not composed)."""
    found, todo, seen = None, [node] if node is not None else [], set()
    while todo:
        n = todo.pop()
        if id(n) in seen:      # an alias is the node it names: a shared or recursive part is walked once
            continue
        seen.add(id(n))
        if isinstance(n, yaml.ScalarNode):
            if n.tag.endswith((":int", ":float")) and (found is None or len(n.value) > len(found.value)):
                found = n
        elif isinstance(n, yaml.SequenceNode):
            todo.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            todo.extend(part for pair in n.value for part in pair)
    return found.start_mark.line + 2 if found is not None else 1


SAME_MISTAKES = ((re.compile(r"^[ \t]*[A-Za-z_]\w*[ \t]*："), "这一行也用了全角冒号 '：', 请改成半角冒号加空格 ': '"),
                 (re.compile(r"^[ \t]*[A-Za-z_]\w*[ \t]*:[ \t]*\u00a0"),
                  "这一行也有看不见的不换行空格: 请删去冒号后的空格, 重新输入一个半角空格"))


def other_mistakes(text: str, reported: int | None) -> list[tuple[int, str]]:
    """YAML stops at the first mistake: the same mistakes on the other lines of the front matter
    (a full-width colon, a no-break space after the colon), so that one run says them all."""
    lines = text.split("\n")
    if not lines or not FENCE.match(lines[0]):
        return []
    end = next((i for i in range(1, len(lines)) if END.match(lines[i])), len(lines))
    found = []
    for i in range(1, min(end, 1000)):
        said = next((said for pattern, said in SAME_MISTAKES if pattern.match(lines[i])), None)
        if said and i + 1 != reported:
            found.append((i + 1, said))
    return found[:20]


SHAPE = "第一行写 ---, 接着每行一个 '字段: 值' (如 type: page、title: 政府信息公开指南), 再单独一行 --- 结束"


def _missing_start(lines: list[str]) -> tuple[int, str]:
    """Where and how the opening --- was missed: blank lines before it, written indented or another
    way (——, －－－, ----, - - -), or not at all."""
    first = next((i for i, line in enumerate(lines[:50]) if line.strip()), None)
    if first is not None and FENCE.match(lines[first].strip()):
        where = f"前面有 {first} 个空行" if first else "前面有空格"
        return first + 1, f"信息栏 (front matter) 的开始行 --- {where}: --- 必须顶格写在文件的第一行, 请删去它前面的{'空行' if first else '空格'}"
    if first is not None and NEAR_END.match(lines[first]):
        return first + 1, (f"信息栏 (front matter) 的开始行写成了 '{lines[first].strip()}': 应为顶格的三个半角减号 ---"
                           f"{'; 并删去它前面的空行' if first else ''}")
    return 1, f"文件开头缺少信息栏 (front matter, 即文件开头两行 --- 之间的 '字段: 值'): {SHAPE}"


def parse(text: str) -> FrontMatter:
    lines = text.split("\n")
    if not lines or not FENCE.match(lines[0]):
        raise FrontMatterError(*_missing_start(lines))
    end = next((i for i in range(1, len(lines)) if END.match(lines[i])), None)
    if end is None:
        near = next((i for i in range(1, len(lines)) if NEAR_END.match(lines[i])), None)
        if near is not None:       # ----, — — —, －－－: a closing line written another way
            raise FrontMatterError(near + 1, f"信息栏 (front matter) 的结束行写成了 '{lines[near].strip()}': "
                                             "应为单独一行的三个半角减号 ---")
        raise FrontMatterError(1, "信息栏 (front matter) 没有结束: 请在字段之后加一行 ---")
    yaml_lines = lines[1:end]
    loader, node = _Loader("\n".join(yaml_lines)), None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        index = error_line(e)
        said = f"{e.context or ''} {e.problem or e}"
        suspect = _suspect(yaml_lines, index if index is not None else len(yaml_lines) - 1)
        if suspect is not None:       # a mistake on or before the line YAML stopped at, that explains it
            index, hint, said_here = suspect[0], suspect[1], ""
        else:
            hint, said_here = _hint(yaml_lines, index if index is not None else -1), f" ({_problem(said)})"
        line = index + 2 if index is not None else None
        raise FrontMatterError(line, f"信息栏 (front matter, 文件开头两行 --- 之间的部分) 第 {line} 行无法读取: "
                               f"{hint}{said_here}") from None
    except yaml.YAMLError as e:
        raise FrontMatterError(1, f"信息栏 (front matter) 的 YAML 无法解析: {e}") from None
    except RecursionError:
        raise FrontMatterError(1, "信息栏 (front matter) 的列表或字段嵌套太深, 无法读取: 请简化") from None
    except (ValueError, OverflowError):
        # a number YAML cannot hold (more than 4300 digits, say)
        line = _number_line(node)
        raise FrontMatterError(line, f"信息栏 (front matter) {f'第 {line} 行' if line > 1 else '中'}有无法读取的数值 "
                               "(位数过多): 请核对, 文字请加引号") from None
    finally:
        loader.dispose()
    if data is None:
        raise FrontMatterError(1, "信息栏 (front matter) 是空的: 至少需要 type 和 title")
    if not isinstance(data, dict):
        bad = next((i for i, l in enumerate(yaml_lines) if l.strip()), 0)
        raise FrontMatterError(bad + 2, f"信息栏 (front matter) 应为 '键: 值' 的形式: {_hint(yaml_lines, bad)}")

    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    raw_scalars: dict[str, str] = {}
    nested_lines: dict[str, list[dict[str, int]]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2
        if key in key_lines:
            raise FrontMatterError(line, f"字段 '{key}' 写了两次 (另一处在第 {key_lines[key]} 行): 请删去一处")
        key_lines[key] = line
        if isinstance(value_node, yaml.ScalarNode):
            raw_scalars[key] = value_node.value
        elif isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [n.start_mark.line + 2 for n in value_node.value]
            nested_lines[key] = [
                {str(k.value): k.start_mark.line + 2 for k, _ in n.value} if isinstance(n, yaml.MappingNode) else {}
                for n in value_node.value
            ]
    return FrontMatter(data, key_lines, item_lines, raw_scalars,
                       "\n".join(lines[end + 1:]), end + 2, end + 1, nested_lines)
