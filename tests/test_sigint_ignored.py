"""A build started with Ctrl-C ignored (`nohup`, `trap '' INT`, a background job, some CI runners)
does not stop for it at any stage. Linux keeps a blocked signal pending even while it is ignored,
and the index stage, which looks for a pending Ctrl-C between its shards, took the ignored one for a
real one: the build ended with search-failed (搜索索引未完成: 已中断, exit 2)."""
from __future__ import annotations

import signal
import subprocess
import sys
import time

from conftest import ROOT, add_policies, tree_digest


def test_ctrl_c_ignored_by_the_parent_never_stops_a_build(site):
    add_policies(site, 450)           # (an index of several shards: a while to look between them)
    args = [sys.executable, str(ROOT / "build.py"), "build", "--site", str(site.path), "--today", "2025-06-02"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    sent = 0
    while proc.poll() is None:        # Ctrl-C again and again, from the start to the end
        proc.send_signal(signal.SIGINT)
        sent += 1
        time.sleep(0.05)
    out, err = proc.communicate()
    assert sent > 20
    assert proc.returncode == 0, err.decode()
    assert "已中断" not in err.decode()
    clean = site.run("build", "--out", str(site.path / "clean"), "--no-cache", today="2025-06-02")
    assert clean.code == 0 and tree_digest(site.out) == tree_digest(site.path / "clean")
