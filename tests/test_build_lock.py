"""One build at a time writes an output: a second build of the same output waits for the first
(and says so) instead of planning from an output that the first then changes under it, which
ended it with output-failed (exit 2) now and then when a preview and a build, or two builds, ran
at once."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time

from conftest import ROOT, add_policies, tree_digest

from gongkai.cache import cache_dir


def _start(site, *options):
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--site", str(site.path),
                             "--today", "2025-06-02", *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT)


def test_a_build_waits_while_another_holds_its_output(site):
    assert site.build("--no-search").code == 0
    site.replace("content/policies/valid.md", "\n\n", "\n\n等待之后才写入的一段。\n\n")
    before = tree_digest(site.out)
    fd = os.open(cache_dir(site.out), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)                  # (as a running build holds it)
        proc = _start(site, "--no-search")
        time.sleep(3)
        assert proc.poll() is None and tree_digest(site.out) == before       # still waiting, nothing written
    finally:
        os.close(fd)                                    # the other build ends
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert "另一个构建正在写入输出文件夹" in err.decode()
    clean = site.run("build", "--out", str(site.path / "clean"), "--no-search", "--no-cache", today="2025-06-02")
    assert clean.code == 0 and tree_digest(site.out) == tree_digest(site.path / "clean")


def test_builds_started_together_all_finish_and_leave_a_clean_builds_output(site):
    add_policies(site, 300)
    assert site.build("--no-search").code == 0
    procs = []
    for i, options in enumerate(([], ["--no-search"], [], ["--no-search"])):
        site.replace("content/policies/p0.md", "各乡镇人民政府", f"各乡镇人民政府{i}")
        procs.append(_start(site, *options))
        time.sleep(0.3)
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    last = site.build("--no-search", today="2025-06-02")        # (the last one started was without search)
    assert last.code == 0
    clean = site.run("build", "--out", str(site.path / "clean"), "--no-search", "--no-cache", today="2025-06-02")
    assert clean.code == 0 and tree_digest(site.out) == tree_digest(site.path / "clean")
