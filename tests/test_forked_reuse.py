"""Forked workers that reuse the last output's pages: what they ask of the build cache about that
output (its walk, found()) is known before they are forked, never fetched from inside a worker."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, tree_digest
from test_parallel import RUN, example_copy


def _build(site, out, *options):
    done = subprocess.run([sys.executable, "-c", RUN, "1", "build", "--site", str(site), "--out", str(out),
                           "--today", "2026-11-27", *options], capture_output=True, text=True, cwd=ROOT)
    assert "workers: True" in done.stderr, done.stderr
    return done


def test_a_search_build_on_workers_over_the_output_of_a_build_without_search(tmp_path):
    """The second build's workers find pages whose context is the last build's (their keys match):
    each asks whether the output's file is intact, which reads the output's walk. That walk was
    started on a forked process by the main one; a worker that fetched it failed ('can only test a
    child process'), and the build stopped with a template error."""
    site = example_copy(tmp_path)
    out = tmp_path / "public"
    assert _build(site, out, "--no-search").returncode == 0
    done = _build(site, out)
    said = done.stdout + done.stderr
    assert done.returncode == 0 and "Traceback" not in said and "template-invalid" not in said, said
    clean = _build(site, tmp_path / "clean", "--no-cache")
    assert clean.returncode == 0, clean.stderr
    assert tree_digest(out) == tree_digest(tmp_path / "clean")


def _ask(early, writer):
    try:
        writer.send(("ok", early.result()))
    except BaseException as e:      # (what a worker of the build would have raised)
        writer.send(("failed", repr(e)))


def test_an_early_value_asked_in_a_fork_of_its_maker_is_made_there():
    """Early's process is its maker's child: a fork of the maker (a render worker) cannot wait for
    it or end it, and makes the value itself; the maker still reads the child's."""
    import multiprocessing
    import os

    from gongkai.parallel import Early

    early = Early(os.getpid)
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    fork = context.Process(target=_ask, args=(early, writer))
    fork.start()
    kind, value = reader.recv()
    fork.join()
    assert (kind, value) == ("ok", fork.pid)               # made in the fork itself
    made = early.result()
    assert made not in (os.getpid(), fork.pid)             # the maker's: made on Early's own process
