"""Document pages rendered on forked workers are the pages one process renders, byte for byte,
and a build that used workers ends quietly (no worker's traceback on stderr)."""
from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT, tree_digest

RUN = """
import sys
from gongkai import parallel
from gongkai.cli import run
parallel.PARALLEL_FROM = int(sys.argv[1])
usable = parallel.usable
parallel.usable = lambda count: print("workers:", usable(count), file=sys.stderr) or usable(count)
run(sys.argv[2:])          # as the gongkai command runs, with its SIGTERM handler
"""


def test_forked_workers_render_what_one_process_renders(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(ROOT / "site.toml", site)
    shutil.copytree(ROOT / "content", site / "content")
    outs = {}
    for name, threshold in (("serial", 10**9), ("forked", 1)):
        out = tmp_path / name
        done = subprocess.run([sys.executable, "-c", RUN, str(threshold), "build", "--site", str(site), "--out", str(out),
                               "--no-search", "--no-cache", "--today", "2026-11-27"], capture_output=True, text=True,
                              cwd=ROOT)
        assert done.returncode == 0, done.stderr
        assert f"workers: {name == 'forked'}" in done.stderr
        assert "Traceback" not in done.stderr and "Terminated" not in done.stderr, done.stderr
        outs[name] = tree_digest(out)
    assert len(outs["serial"]) > 40 and outs["forked"] == outs["serial"]
