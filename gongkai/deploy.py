"""`new nginx`: deploy/nginx.conf for the site's base_url, from the server block the package ships
(nginx.conf.in). The host, base_url's path (in `location`, `error_page`, the cache map's patterns)
and the Content-Security-Policy (gongkai.security, the very policy the pages carry) are filled in;
what only the server's administrator knows (where nginx listens, the certificate, where the
files are copied) stays on the lines marked CHANGE. The repository's deploy/nginx.conf is this,
written for the example site (tests/test_deploy.py holds them equal and runs Debian's nginx
with it)."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from . import as_run
from .config import load_config
from .diagnostics import format_text
from .newdoc import write_all
from .security import policy

TEMPLATE = Path(__file__).with_name("nginx.conf.in")
TARGET = "deploy/nginx.conf"
SAFE_PATH = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")       # what nginx reads as written, in a regex too
SAFE_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")


class Unservable(ValueError):
    """A base_url this configuration cannot be written for (the reason, in Chinese)."""


def nginx_conf(base_url: str) -> str:
    """The server block for a site published at base_url."""
    parts = urlsplit(base_url)
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii")      # 政府.cn → xn--…
    except UnicodeError:
        host = ""
    if not SAFE_HOST.fullmatch(host):
        raise Unservable(f"base_url 的主机名 {parts.hostname!r} 无法写进 nginx 的 server_name")
    if not SAFE_PATH.fullmatch(parts.path):
        raise Unservable(f"base_url 的路径 {parts.path!r} 含有字母、数字和 . _ ~ - 以外的字符 (中文、空格、%): "
                         "请换用这样的路径, 或照 deploy/nginx.conf 手工编写")
    values = {"@BASE_URL@": base_url, "@HOST@": host, "@PATH_RE@": re.escape(parts.path), "@PATH@": parts.path,
              "@CSP@": policy(header=True)}
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(name, value)
    return text


def new_nginx(site_dir: Path, stdout, stderr) -> int:
    """Write deploy/nginx.conf into the site folder (never over one already there)."""
    config, problems = load_config(site_dir)
    if config is None:
        print(format_text(problems, "site.toml 有误, 未写出 " + TARGET), file=stderr, end="")
        return 2
    try:
        text = nginx_conf(config.base_url)
    except Unservable as e:
        print(f"用法错误: {e}", file=stderr)
        return 2
    target = site_dir / TARGET
    if (target.exists() or target.is_symlink()) and _read(target) != text:
        print(f"{TARGET} 已存在, 与 site.toml 的 base_url ({config.base_url}) 写出的不同, 未改动: "
              "若 base_url 改过, 请删除它后重新运行本命令", file=stderr)
        return 2
    if not write_all(site_dir, {TARGET: text}, stdout, stderr):
        return 2
    print(as_run("请修改其中标 CHANGE 的行 (监听端口、证书、网站文件所在的文件夹), 然后把它放进 nginx 的 http { } 中, "
                 "例如 /etc/nginx/conf.d/gongkai.conf, 再运行 nginx -t 检查"), file=stdout)
    return 0


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
