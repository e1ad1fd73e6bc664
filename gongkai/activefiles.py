"""Files that could run script in a citizen's browser, found by what they are, not by their name alone.

HTML, XHTML and script files are refused outright. SVG and XML files are parsed (defusedxml:
no entity expansion, no external entities) and refused when they hold script, event
handlers, javascript: URLs, embedded HTML, style sheets or references that load from
another host. A plain SVG chart passes.
"""
from __future__ import annotations

import gzip
import re
import zlib
from xml.etree.ElementTree import ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

# extension -> what the file is, for the message
_KINDS = {
    "HTML 网页": ".html .htm .shtml .shtm .stm .mht .mhtml .htc",
    "XHTML 网页": ".xhtml .xht .xhtm",
    "HTML 应用程序": ".hta",
    "浏览器脚本": ".js .mjs .cjs .jsm .es .vbs .vbe .wsf",
    "XSLT 样式表": ".xsl .xslt",
    "Flash 动画": ".swf",
    "服务器端脚本 (在服务器上运行)": ".php .php3 .php4 .php5 .php7 .phtml .phar .asp .aspx .ashx .asmx .jsp "
                                 ".jspx .cgi .pl",
}
# types a server names by the extension, none of which a browser renders as a page
KNOWN = set((".pdf .doc .docx .xls .xlsx .ppt .pptx .wps .et .dps .ofd .rtf .odt .ods .odp .txt .csv .json .md "
             ".png .jpg .jpeg .gif .webp .bmp .ico .avif .tif .tiff .mp4 .webm .ogg .ogv .mp3 .m4a .wav .vtt .srt "
             ".zip .rar .7z .gz .tar .css .woff .woff2 .ttf .otf .eot").split())
SNIFF_RE = re.compile(rb"(?:<!doctype\s+html|<!--|<\?xml|<(?:html|head|script|iframe|h1|div|font|table|a|style|title|b|"
                      rb"body|br|p|svg)[\s>/])", re.I)
REFUSED = {ext: what for what, exts in _KINDS.items() for ext in exts.split()}
REFUSED_NAMES = {"web.config": "服务器配置文件"}       # .htaccess and other hidden files are never published
# shown by a browser as an XML document, where XHTML-namespaced script runs
PARSED = (".svg", ".svgz", ".xml", ".mml", ".mathml", ".rss", ".atom", ".rdf", ".xsd", ".kml", ".gpx")
XSLT_NS = "{http://www.w3.org/1999/XSL/Transform}"
MAX_XML_BYTES = 20 * 1024 * 1024
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# attributes whose value the browser loads (or follows, for <a>)
URL_ATTRS = {"href", XLINK_HREF, "src", "data", "action", "formaction"}
SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
ACTIVE_SCHEME_RE = re.compile(r"(?:java|vb)script:|data:\s*(?:text/html|application/(?:xhtml|javascript|ecmascript)|"
                              r"image/svg)", re.I)
CSS_URL_RE = re.compile(r"url\s*\(\s*['\"]?\s*([^'\")\s]+)", re.I)
WEB_URL_RE = re.compile(r"(?:https?|ftp|wss?):|//", re.I)
CSS_STRING_RE = re.compile(r"\"([^\"]*)\"|'([^']*)'")
CSS_ESCAPE_RE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.S)
CSS_COMMENT_RE = re.compile(r"/\*.*?(?:\*/|$)", re.S)
INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f]+")


def normalize_url(value: str) -> str:
    """A URL as a browser reads it: control characters and spaces dropped, backslashes as slashes."""
    return INVISIBLE_RE.sub("", value).replace("\\", "/")


def loads_elsewhere(value: str) -> bool:
    """True for a URL that a browser fetches from another host (http:, https:, //host, ftp: ...)."""
    url = normalize_url(value)
    m = SCHEME_RE.match(url)
    if m:
        return m.group(1).lower() not in ("data", "blob", "mailto", "tel")
    return url.startswith("//")


def _extensions(name: str) -> list[str]:
    """Every extension of a name: Apache gives a.html.en and a.html.foo the type of .html."""
    lower = name.lower().rstrip(". ")       # a Windows server drops trailing dots and spaces
    return ["." + part.strip() for part in lower.split(".")[1:]]


def refused_kind(name: str) -> str | None:
    """What a file is when its name alone refuses it (an HTML page, a script)."""
    if name.lower().rstrip(". ") in REFUSED_NAMES:
        return REFUSED_NAMES[name.lower().rstrip(". ")]
    return next((REFUSED[ext] for ext in _extensions(name) if ext in REFUSED), None)


def needs_parsing(name: str) -> bool:
    return any(ext in PARSED for ext in _extensions(name))


def needs_sniffing(name: str) -> bool:
    """A name with no extension a server knows: it may be served without a type, and a browser then
    looks at the content (a file 'readme' holding HTML would open as a page)."""
    return not any(ext in KNOWN for ext in _extensions(name))


def looks_like_markup(head: bytes) -> bool:
    """What a browser sniffing a file without a type takes for HTML or XML (the WHATWG patterns)."""
    return bool(SNIFF_RE.match(head.lstrip(b"\xef\xbb\xbf").lstrip()))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _css_char(m: re.Match) -> str:
    if m.group(1):
        code = int(m.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return m.group(2)


def css_text(css: str) -> str:
    """CSS as the browser reads it: comments dropped, escapes (@\\69mport, ht\\74p) decoded."""
    return CSS_ESCAPE_RE.sub(_css_char, CSS_COMMENT_RE.sub("", css))


def css_loads(css: str) -> list[str]:
    """What a style sheet or style attribute would fetch from another host: @import, url(), and the
    quoted URLs of image-set() and the like."""
    css = css_text(css)
    found = ["@import"] if "@import" in css.lower() else []
    strings = [a or b for a, b in CSS_STRING_RE.findall(css)]      # image-set("…"): only what names a host
    return (found + [u for u in CSS_URL_RE.findall(css) if loads_elsewhere(u)]
            + [u for u in strings if loads_elsewhere(u) and WEB_URL_RE.match(normalize_url(u))])


def _element_problem(el) -> str | None:
    tag = el.tag if isinstance(el.tag, str) else ""
    local = _local(tag)
    if local == "script":
        return "<script> 脚本"
    if local in ("foreignobject", "iframe", "embed", "object", "handler", "listener"):
        return f"<{local}> (可以嵌入网页或程序)"
    if tag.startswith(XHTML_NS):
        return f"HTML 元素 <{local}>"
    if tag.startswith(XSLT_NS):
        return f"XSLT 元素 <xsl:{local}> (可以生成网页和脚本)"
    if local == "style" and css_loads("".join(el.itertext())):
        return "样式表从其他网站加载内容 (@import 或 url())"
    for attr, value in el.attrib.items():
        a = _local(attr)
        if a.startswith("on"):
            return f"事件处理属性 {a}"
        if a != "style" and css_loads(value):          # fill, mask, clip-path, marker-end, cursor = url(…)
            return f"{a} 属性从其他网站加载内容"
        if ACTIVE_SCHEME_RE.search(normalize_url(value)):
            return f"{a} 中的 javascript: 或可执行的 data: 链接"
        if a == "srcdoc":
            return "srcdoc 属性 (嵌入网页)"
        if (attr in URL_ATTRS or a in ("href", "src")) and local != "a" and loads_elsewhere(value):
            return f"<{local}> 从其他网站加载 {value.strip()[:80]}"
        if a == "style" and css_loads(value):
            return "样式从其他网站加载内容"
    return None


class _Builder(TreeBuilder):
    """A tree builder that also notes processing instructions, in whatever encoding the file is."""

    def __init__(self):
        super().__init__()
        self.instructions: set[str] = set()

    def pi(self, target, data=None):
        self.instructions.add(target.lower())
        return super().pi(target, data)


def xml_problem(data: bytes, name: str) -> str | None:
    """Why an SVG or XML file could run script or load from elsewhere (Chinese), or None when it is inert."""
    if name.lower().endswith(".svgz"):
        try:
            data = gzip.decompress(data[: MAX_XML_BYTES])
        except (OSError, EOFError, zlib.error):
            return "无法解压的 .svgz 文件"
    if len(data) > MAX_XML_BYTES:
        return "文件过大 (超过 20 MB), 无法检查"
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        return "含有实体声明或外部实体 (可用于攻击)"
    except (ParseError, ValueError, RecursionError):
        return "文件不是格式正确的 XML, 无法检查其中是否有脚本"
    if "xml-stylesheet" in builder.instructions:
        return "xml-stylesheet 处理指令 (加载样式表或 XSLT)"
    for el in root.iter():
        problem = _element_problem(el)
        if problem:
            return problem
    return None
