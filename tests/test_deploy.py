"""The hardened deployment: deploy/nginx.conf run by Debian's nginx on 127.0.0.1 over the built
example site under base_url's path; the CSP of every page in Chromium; search under that CSP."""
from __future__ import annotations

import contextlib
import gzip
import io
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from browser import chromium
from conftest import ROOT
from gongkai.cli import main
from gongkai.config import load_config
from gongkai.deploy import nginx_conf
from gongkai.security import CSP, policy

CONF = ROOT / "deploy/nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
IMMUTABLE = "public, max-age=31536000, immutable"


class Served(NamedTuple):
    base: str       # http://127.0.0.1:<port>/zwgk/
    root: Path      # the copy of the built site nginx serves


class Done(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def run_cli(*argv: str) -> Done:
    out, err = io.StringIO(), io.StringIO()
    return Done(main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(conf: str, site: Path, path: str, work: Path):
    """Debian's nginx on 127.0.0.1 with the server block conf (its listen and root put there), the
    built site copied to where base_url's path says; yields what it serves."""
    assert Path(NGINX).exists(), "nginx not found: the test command installs Debian's nginx (apt-get install nginx)"
    shutil.copytree(site, work / ("www" + path))
    port = free_port()
    server = conf.replace("listen 80;", f"listen 127.0.0.1:{port};", 1)
    server = server.replace("root /var/www/gongkai;", f"root {work / 'www'};", 1)
    assert f"127.0.0.1:{port}" in server and str(work) in server
    (work / "site.conf").write_text(server, encoding="utf-8")
    temp = " ".join(f"{k}_temp_path {work / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(
        f"user root;\nworker_processes 1;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'};\n"
        f"events {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log off;\n  {temp}\n  include {work / 'site.conf'};\n}}\n", encoding="utf-8")
    test = subprocess.run([NGINX, "-t", "-p", str(work), "-c", str(work / "nginx.conf")], capture_output=True, text=True)
    assert test.returncode == 0 and "[warn]" not in test.stderr, test.stderr      # (charset_types once listed text/html)
    proc = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"])
    base = f"http://127.0.0.1:{port}{path}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)
    try:
        yield Served(base, work / ("www" + path))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def nginx(example_out, tmp_path_factory):
    with served(CONF.read_text(encoding="utf-8"), example_out, "/zwgk/", tmp_path_factory.mktemp("nginx")) as server:
        yield server


def fetch(url: str, gzip_ok: bool = False):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_the_configuration_carries_the_policy_the_pages_carry():
    header = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', CONF.read_text(encoding="utf-8"))
    assert header and header.group(1) == policy(header=True) and header.group(1).startswith(CSP)
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP


def test_every_page_carries_the_csp_and_no_inline_script_or_style(example_out):
    pages = sorted(example_out.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None and meta["content"] == CSP, path
        assert soup.head.find("meta") is soup.find("meta", charset=True) and meta is soup.head.find_all("meta")[1]
        assert all(s.get("src") for s in soup.find_all("script")), path           # no inline script
        assert not soup.find_all("style") and not soup.find_all(style=True), path
        assert not [a for tag in soup.find_all(True) for a in tag.attrs if a.startswith("on")], path


def test_nginx_serves_pages_assets_search_bundle_and_its_own_404(nginx):
    base = nginx.base
    status, headers, body = fetch(base, gzip_ok=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(body).decode("utf-8")
    assert headers["Content-Security-Policy"] == policy(header=True)
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Referrer-Policy"] and headers["Cache-Control"] == "no-cache"
    css = re.search(r'href="(?:\./)?(assets/gongkai\.css\?v=[0-9a-f]+)"', html).group(1)
    status, headers, _ = fetch(base + css, gzip_ok=True)
    assert status == 200 and headers["Cache-Control"] == IMMUTABLE and headers["Content-Encoding"] == "gzip"
    status, headers, _ = fetch(base + "pagefind/pagefind-entry.json")
    assert status == 200 and headers["Cache-Control"] == "no-cache"       # names the hashed files: revalidated
    fragment = next(p for p in sorted((nginx.root / "pagefind/fragment").iterdir()))
    status, headers, _ = fetch(base + "pagefind/fragment/" + fragment.name)
    assert status == 200 and headers["Cache-Control"] == IMMUTABLE
    status, headers, body = fetch(base + "policies/no-such-page/")
    assert status == 404 and "页面不存在" in body.decode("utf-8")
    assert headers["Content-Security-Policy"] == policy(header=True)
    status, _, _ = fetch(base + "policies")                   # a folder without its slash: redirected, not 404
    assert status == 200
    for folder in ("assets/", "data/", "pagefind/"):         # a folder without a page: the site's 404, not nginx's 403
        status, headers, body = fetch(base + folder)
        assert status == 404 and "页面不存在" in body.decode("utf-8"), folder
    for path, kind in (("feed.xml", "application/atom+xml"), ("data/policies.csv", "text/csv"),
                       ("sitemap.xml", "text/xml")):
        status, headers, body = fetch(base + path, gzip_ok=True)
        assert status == 200 and headers["Content-Type"] == kind + "; charset=utf-8", path
        assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body), path


def test_hidden_files_are_never_served_whatever_their_names_end_with(nginx):
    """A hidden file or folder (.git, an old copy, the build cache beside the output) is a 404 under
    base_url's path and beside it, even where its name ends like a file the site serves (.csv, feed.xml)."""
    hidden = [".git/config", ".env", ".git/x.csv", ".git/feed.xml", "data/.old/policies.csv", ".old/index.html",
              "policies/.draft.html", ".well/feed.xml"]
    for rel in hidden:
        target = nginx.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("secret,1\n", encoding="utf-8")
    beside = nginx.root.parent / ".gongkai-cache/zwgk/state.json"      # a cache beside an output built in place
    beside.parent.mkdir(parents=True, exist_ok=True)
    beside.write_text("{}", encoding="utf-8")
    try:
        for url in [nginx.base + rel for rel in hidden] + [nginx.base.replace("/zwgk/", "/.gongkai-cache/zwgk/state.json")]:
            status, _, body = fetch(url)
            assert status == 404 and b"secret" not in body, url
        assert fetch(nginx.base + "data/policies.csv")[0] == 200           # what is not hidden still is served
    finally:
        for rel in hidden:
            (nginx.root / rel).unlink()


def test_the_repositorys_file_is_what_new_nginx_writes_for_the_example_site(tmp_path):
    config, _ = load_config(ROOT)
    assert nginx_conf(config.base_url) == CONF.read_text(encoding="utf-8")
    site = tmp_path / "site"
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copy(ROOT / "site.toml", site / "site.toml")
    done = run_cli("new", "nginx", "--site", str(site))
    assert done.returncode == 0 and "已创建 deploy/nginx.conf" in done.stdout
    assert (site / "deploy/nginx.conf").read_text(encoding="utf-8") == CONF.read_text(encoding="utf-8")
    again = run_cli("new", "nginx", "--site", str(site))                    # the same file: left, said
    assert again.returncode == 0 and "已存在, 未改动: deploy/nginx.conf" in again.stdout


@pytest.mark.parametrize("base_url, path", [("https://gk.yunxi.example.cn/", "/"),
                                            ("https://WWW.Example.gov.cn/xxgk/zw.gk-2/", "/xxgk/zw.gk-2/")])
def test_written_for_another_base_url_it_serves_the_site_there(example_out, tmp_path, base_url, path):
    """Every place nginx reads base_url's path or host has it: nothing of the example's is left, and
    Debian's nginx serves the pages, the cache lifetimes and the site's own 404 under that path."""
    site = tmp_path / "site"
    site.mkdir()
    toml = (ROOT / "site.toml").read_text(encoding="utf-8")
    (site / "site.toml").write_text(toml.replace('"https://www.yunxi.example.gov.cn/zwgk/"', f'"{base_url}"', 1),
                                    encoding="utf-8")
    (site / "content").mkdir()
    done = run_cli("new", "nginx", "--site", str(site))
    assert done.returncode == 0, done.stderr
    conf = (site / "deploy/nginx.conf").read_text(encoding="utf-8")
    assert "zwgk/" not in conf.replace(path, "") and "yunxi.example.gov.cn" not in conf
    assert f"location {path} {{" in conf and f"error_page 404 {path}404.html;" in conf
    assert f"server_name {base_url.split('/')[2].lower()};" in conf and f'base_url = "{base_url}"' in conf
    with served(conf, example_out, path, tmp_path / "nginx") as server:
        status, headers, body = fetch(server.base + "policies/")
        assert status == 200 and headers["Content-Security-Policy"] == policy(header=True)
        css = re.search(r'href="(?:\.\./)*(assets/gongkai\.css\?v=[0-9a-f]+)"', body.decode("utf-8")).group(1)
        assert fetch(server.base + css)[1]["Cache-Control"] == IMMUTABLE
        status, _, body = fetch(server.base + "no-such-page/")
        assert status == 404 and "页面不存在" in body.decode("utf-8")
        if path != "/":
            assert fetch(server.base.replace(path, "/zwgk/"))[0] == 404          # not where the example was


def test_new_nginx_refuses_what_it_cannot_write_and_never_overwrites(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    toml = (ROOT / "site.toml").read_text(encoding="utf-8")

    def with_base(url):
        (site / "site.toml").write_text(toml.replace('"https://www.yunxi.example.gov.cn/zwgk/"', f'"{url}"', 1),
                                        encoding="utf-8")
        return run_cli("new", "nginx", "--site", str(site))

    for url in ("https://www.example.gov.cn/政务公开/", "https://www.example.gov.cn/a%20b/", "https://exa_mple.cn/"):
        done = with_base(url)
        assert done.returncode == 2 and "用法错误: base_url 的" in done.stderr, url
        assert not (site / "deploy").exists()
    assert with_base("https://www.example.gov.cn/gk/").returncode == 0
    written = (site / "deploy/nginx.conf").read_text(encoding="utf-8")
    done = with_base("https://www.example.gov.cn/xxgk/")          # base_url changed: the old file stays, said
    assert done.returncode == 2 and "已存在" in done.stderr and "删除" in done.stderr
    assert (site / "deploy/nginx.conf").read_text(encoding="utf-8") == written
    (site / "site.toml").write_text("[site]\ntitle = 1\n", encoding="utf-8")
    done = run_cli("new", "nginx", "--site", str(site))
    assert done.returncode == 2 and "site.toml" in done.stderr


def test_search_works_in_chromium_under_the_servers_csp_and_no_page_violates_it(nginx, example_out):
    violations = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(nginx.base + "search/?q=" + quote("低保"))
        # (a locator waits without eval, which the page's CSP forbids to Playwright's wait_for_function too)
        page.locator(".gk-search__status", has_text="条").wait_for(timeout=15000)
        titles = page.locator(".gk-search__results li > a").all_inner_texts()
        assert any("最低生活保障" in t for t in titles), titles
        for path in sorted(example_out.rglob("index.html")):
            url = nginx.base + path.parent.relative_to(example_out).as_posix().removeprefix(".") + "/"
            page.goto(url.replace("zwgk//", "zwgk/"))
        page.goto(nginx.base + "no/such/page/")
        assert "页面不存在" in page.locator("h1").inner_text()
    assert violations == []
