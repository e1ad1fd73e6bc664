"""Gongkai as a county installs it: a wheel built from the source (not an editable install), its
contents, then `pip install` of that wheel into a fresh virtual environment and `gongkai build` /
`gongkai serve` in a site folder of their own, far from the repository."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from email.parser import Parser

import pytest

from conftest import ROOT
from gongkai import DEFAULT_LAYOUTS, __version__

SOURCES = ("pyproject.toml", "README.md", "LICENSE", "gongkai")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(
            ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__")} if (ROOT / name).is_dir() else {}))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)],
                   check=True, capture_output=True)
    (found,) = dist.glob("gongkai-*.whl")
    return found


def test_the_wheel_carries_the_theme_the_code_and_the_metadata(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {"gongkai/theme/" + p.relative_to(DEFAULT_LAYOUTS).as_posix()
             for p in DEFAULT_LAYOUTS.rglob("*") if p.is_file()}
    code = {p.relative_to(ROOT).as_posix() for p in (ROOT / "gongkai").rglob("*.py")}
    assert theme and theme <= names, sorted(theme - names)
    assert code <= names, sorted(code - names)
    assert {"gongkai/live.js", "gongkai/report.html", "gongkai/nginx.conf.in"} <= names
    assert not any(n.startswith(("tests/", "content/", "layouts/")) or "__pycache__" in n for n in names)
    info = f"gongkai-{__version__}.dist-info/"
    assert info + "licenses/LICENSE" in names
    meta = Parser().parsestr(zipfile.ZipFile(wheel).read(info + "METADATA").decode())
    assert meta["Version"] == __version__ and meta["License-Expression"] == "MIT"
    assert "Natural Language :: Chinese (Simplified)" in meta.get_all("Classifier")
    assert "gongkai = gongkai.launch:main" in zipfile.ZipFile(wheel).read(info + "entry_points.txt").decode()


def test_installed_not_editable_it_builds_and_serves_a_site_in_its_own_folder(wheel, site, tmp_path):
    env = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    pip = subprocess.run([str(env / "bin/python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                          str(wheel)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-2000:]
    gongkai = str(env / "bin/gongkai")
    version = subprocess.run([gongkai, "--version"], capture_output=True, text=True, cwd=site.path)
    assert version.stdout.strip() == f"gongkai {__version__}"
    built = subprocess.run([gongkai, "build", "--no-search", "--today", "2025-06-01"], cwd=site.path,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    page = (site.path / "public/policies/valid/index.html").read_text(encoding="utf-8")
    assert "测试县养老服务补贴办法" in page and (site.path / "public/assets/gongkai.css").is_file()
    other = shutil.copytree(site.path / "content", tmp_path / "other/content").parent
    shutil.copy(site.path / "site.toml", other)
    for args in (["build", "--bogus"], ["explain", "nosuch"], ["explain", "interpretation-missing"], ["--help"],
                 ["new", "article", "--slug", "tongzhi", "--site", str(other)]):   # named as it was run
        said = subprocess.run([gongkai, *args], capture_output=True, text=True, cwd=site.path)
        assert "gongkai " in said.stdout + said.stderr and "build.py" not in said.stdout + said.stderr, args
    assert (other / "content/articles/tongzhi.md").is_file()
    made = subprocess.run([gongkai, "new", "nginx"], capture_output=True, text=True, cwd=other)   # deploy/ too
    assert made.returncode == 0 and "gongkai new nginx" in (other / "deploy/nginx.conf").read_text(encoding="utf-8")
    installed = subprocess.run([str(env / "bin/python"), "-c", "import gongkai; print(gongkai.DEFAULT_LAYOUTS)"],
                               capture_output=True, text=True, cwd=tmp_path).stdout.strip()
    assert installed.startswith(str(env)) and not installed.startswith(str(ROOT))
    proc = subprocess.Popen([gongkai, "serve", "--no-search", "--port", "0", "--today", "2025-06-01"],
                            cwd=site.path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        for line in proc.stdout:
            if "http://" in line:
                break
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        with urllib.request.urlopen(url.group(0) + "policies/valid/", timeout=30) as response:
            assert "测试县养老服务补贴办法" in response.read().decode("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
