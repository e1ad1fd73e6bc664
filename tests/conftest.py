"""Shared test helpers: copy a fixture site, edit it, run the real CLI entry function."""
from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest

from gongkai.cli import main

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
TODAY = "2025-06-01"


class SiteDir:
    """A throw-away copy of a fixture site with small editing helpers."""

    def __init__(self, path: Path):
        self.path = path

    def file(self, rel: str) -> Path:
        return self.path / rel

    def read(self, rel: str) -> str:
        return self.file(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str | bytes) -> None:
        target = self.file(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def line_of(self, rel: str, needle: str) -> int:
        for i, line in enumerate(self.read(rel).split("\n"), 1):
            if needle in line:
                return i
        raise AssertionError(f"{needle!r} not in {rel}")

    def run(self, *args: str, today: str = TODAY, fmt: str = "json"):
        """Run `python build.py ARGS --site SITE --today TODAY --format FMT` in-process."""
        out, err = io.StringIO(), io.StringIO()
        argv = [*args, "--site", str(self.path), "--today", today, "--format", fmt]
        code = main(argv, stdout=out, stderr=err)
        text = out.getvalue()
        return Run(code, json.loads(text) if fmt == "json" else None, text, err.getvalue())

    def build(self, *args: str, **kw):
        return self.run("build", "--out", str(self.out), *args, **kw)

    @property
    def out(self) -> Path:
        return self.path / "public"


class Run:
    def __init__(self, code, data, stdout, stderr):
        self.code, self.data, self.stdout, self.stderr = code, data, stdout, stderr

    @property
    def diagnostics(self) -> list[dict]:
        return self.data["diagnostics"]

    def codes(self) -> set[str]:
        return {d["code"] for d in self.diagnostics}

    def find(self, code: str) -> list[dict]:
        return [d for d in self.diagnostics if d["code"] == code]


@pytest.fixture(autouse=True)
def _ctrl_c_not_held_after_a_test():
    """A test that calls write_site itself (not through the command, which releases it once it has
    reported) leaves Ctrl-C held (interrupts.hold_until_reported blocks SIGINT and SIGTERM): every
    process the test run started after would inherit the blocked signals (serve never stopped)."""
    yield
    from gongkai.interrupts import release
    release(drop=True)


@pytest.fixture
def site(tmp_path) -> SiteDir:
    dest = tmp_path / "site"
    shutil.copytree(SITES / "clean", dest)
    return SiteDir(dest)


@pytest.fixture(scope="session")
def example_out(tmp_path_factory) -> Path:
    """The repository's example site (a copy of its site.toml, content/ and layouts/), built once
    with its Pagefind index for the browser, accessibility and Lighthouse tests."""
    dest = tmp_path_factory.mktemp("example") / "site"
    dest.mkdir()
    shutil.copy(ROOT / "site.toml", dest)
    for folder in ("content", "layouts"):
        shutil.copytree(ROOT / folder, dest / folder)
    site = SiteDir(dest)
    r = site.build(today="2026-11-27")
    assert r.code == 0, r.diagnostics
    return site.out


def tree_digest(folder: Path) -> dict[str, str]:
    """Path → sha256 of every file below folder (and the empty folders), for byte-for-byte comparisons."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        out[rel] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>"
    return out


def add_policies(site: SiteDir, n: int) -> None:
    """n more policies, each with its interpretation, made from the fixture's valid pair (a larger site)."""
    policy = site.read("content/policies/valid.md")
    interp = site.read("content/interpretations/valid.md")
    for i in range(n):
        site.write(f"content/policies/p{i}.md", policy
                   .replace("000000000/2025-00001", f"000000000/2025-{i + 100:05d}")
                   .replace("测府规〔2025〕1号", f"测府规〔2025〕{i + 100}号")
                   .replace("interpretations/valid.md", f"interpretations/p{i}.md"))
        site.write(f"content/interpretations/p{i}.md", interp.replace("policies/valid.md", f"policies/p{i}.md"))
