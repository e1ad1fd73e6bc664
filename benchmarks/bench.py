#!/usr/bin/env python3
"""Gongkai against Hugo and bare Pagefind on the same corpus, in one run (by hand, not in CI).

    python benchmarks/bench.py [--policies 10000] [--runs 3] [--corpus /tmp/gongkai-bench] [--no-search]

Makes the corpus (make_corpus.py: N policies and their N interpretations, with a Hugo copy) unless
it is there, then measures, in --runs rounds (each build below once a round, in this order: the
machine's drift slows a round's builds alike), wall time (median) and peak memory: of the largest
process (wait4's rusage) and of all the command's processes together (their proportional set
sizes summed, sampled every SAMPLE_EVERY s from /proc: two Pagefind processes at once count twice):

  hugo            Debian's hugo over the same Markdown (the yardstick)
  cold            gongkai build --no-search --no-cache
  unchanged       gongkai build --no-search, nothing changed since the last build
  one edit        gongkai build --no-search after editing one policy's body
  full            gongkai build (checks, pages, search index), cold
  search edit     gongkai build after editing one policy's body (only changed shards indexed)
  pagefind        bare `python -m pagefind --site` (extended) over that output

and prints each with its ratio to Hugo (and the full build's, and its search step's, the index stage
of --timings, to bare Pagefind), then the README's
table in Markdown. With search, the output is then built once more (not measured: bare Pagefind
replaced its primary bundle) and the bytes a first query fetches are weighed in Chromium
(weigh.py). Needs Debian's hugo (apt-get install hugo).
"""
from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from weigh import table, weigh

# reading a process's smaps_rollup costs the kernel about 15 ms a GB: sampled every 0.1 s, a build on
# two cores with three large processes lost a fifth of the machine to the benchmark itself
SAMPLE_EVERY = 0.5
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _tree_pss(root: int) -> int:
    """Proportional set size (kB) of root and all its descendants now (shared pages counted once)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith(b"Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run(args: list[str], cwd: Path | None = None) -> tuple[float, float, float, str]:
    """Wall seconds, the peak resident memory (GB) of the largest process the command started, the
    peak of all its processes together (None: the command ended before the first sample), and what it
    printed on stderr."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_all, done = [None], threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_EVERY):
            peak_all[0] = max(peak_all[0] or 0, _tree_pss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1) or (code == 1 and "个错误" in err and "0 个错误" not in err):
        sys.exit(f"failed ({code}): {' '.join(args)}\n{err[-2000:]}")
    # Linux's wait4 reports the largest of the process and the descendants it waited for (Pagefind, workers)
    total = peak_all[0] / 1024 / 1024 if peak_all[0] is not None else None
    return wall, usage.ru_maxrss / 1024 / 1024, total, err


INDEX_STAGE = re.compile(r"([0-9.]+) 秒\s+index ")


def search_step(err: str) -> float | None:
    """The index stage's seconds in a `build --timings` report: the build's search step."""
    found = INDEX_STAGE.search(err)
    return float(found.group(1)) if found else None


def gongkai(corpus: Path, *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "build", "--site", str(corpus), "--out", str(corpus / "public"),
            "--today", "2026-11-28", *extra]


def edit_one_policy(corpus: Path, n: int) -> None:
    policy = sorted((corpus / "content/policies").glob("*.md"))[0]
    policy.write_text(policy.read_text(encoding="utf-8") + f"\n本文件第{n}次修订时补充的说明。\n", encoding="utf-8")


def measure(plan: list[tuple], runs: int) -> list[dict]:
    """Each (name, prepare, args, cwd) of plan run once a round, in order, for `runs` rounds: a machine
    whose speed drifts over minutes (this one does, by a third) slows every build of a round alike,
    where all of Hugo's runs first and then all of Gongkai's would put the drift into the ratios."""
    found = {name: {"walls": [], "peaks": [], "totals": [], "steps": []} for name, *_ in plan}
    for i in range(runs):
        for name, prepare, args, cwd in plan:
            prepare(i)
            wall, peak, total, err = run(args, cwd)
            if name is None:           # a build the next ones start from: not measured
                continue
            f = found[name]
            f["walls"].append(wall)
            f["peaks"].append(peak)
            f["totals"].append(total)
            step = search_step(err)
            if step is not None:
                f["steps"].append(step)
            print(f"  {name} run {i + 1}: {wall:.1f} s, {peak:.2f} GB, all processes {_gb(total)}"
                  + (f", search step {step:.1f} s" if step is not None else ""), file=sys.stderr, flush=True)
    return [{"name": name, "wall": statistics.median(f["walls"]), "walls": f["walls"], "peak": max(f["peaks"]),
             "total": max((t for t in f["totals"] if t is not None), default=None), "step": statistics.median(f["steps"]) if f["steps"] else None}
            for name, f in found.items() if name is not None]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--policies", type=int, default=10000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--corpus", default="/tmp/gongkai-bench")
    p.add_argument("--no-search", action="store_true", help="leave out the full build and bare Pagefind")
    args = p.parse_args()
    corpus = Path(args.corpus)
    hugo = shutil.which("hugo")
    if not hugo:
        sys.exit("Debian's hugo is needed: apt-get install hugo")
    if not (corpus / "site.toml").is_file():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(args.policies), str(corpus), "--hugo"],
                       check=True, stdout=subprocess.DEVNULL)
    out = corpus / "public"
    cache = corpus / ".gongkai-cache"
    # Gongkai's bytecode, as an installed Gongkai has it (pip compiles it): a checkout run where
    # PYTHONDONTWRITEBYTECODE is set compiled its modules again in every build (about 0.15 s)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "gongkai")], check=True)

    removed = corpus / ".bench-removed"
    aside = itertools.count()

    def set_aside(path: Path) -> None:
        """The last build's output moved out of the way, removed only once every build is measured: on
        ext4 without a journal (this machine's disk) a new file skips every inode freed in the last
        minute or more, one by one, and a build just after 40,000 files were removed spent seconds of
        system time on that, Hugo's and Gongkai's alike, by how many were removed and when."""
        if path.exists():
            removed.mkdir(exist_ok=True)
            path.rename(removed / str(next(aside)))

    def clean(_):
        set_aside(out)
        set_aside(cache)

    def hugo_clean(_):
        set_aside(corpus / "hugo-public")

    def nothing(_):
        pass

    plan = [("hugo", hugo_clean, [hugo, "--quiet", "-d", str(corpus / "hugo-public")], corpus / "hugo"),
            ("cold", clean, gongkai(corpus, "--no-search", "--no-cache"), None),
            (None, nothing, gongkai(corpus, "--no-search"), None),          # the build the next two start from
            ("unchanged", nothing, gongkai(corpus, "--no-search"), None),
            ("one edit", lambda i: edit_one_policy(corpus, i), gongkai(corpus, "--no-search"), None)]
    if not args.no_search:
        index = out / "pagefind"

        def drop_index(_):
            set_aside(index)
        plan += [("full", clean, gongkai(corpus, "--no-cache", "--timings"), None),
                 ("search edit", lambda i: edit_one_policy(corpus, 100 + i), gongkai(corpus), None),
                 ("pagefind", drop_index, [sys.executable, "-m", "pagefind", "--site", str(out), "--silent"], None)]
    try:
        rows = measure(plan, args.runs)
        if not args.no_search:
            run(gongkai(corpus))          # (our bundles again, bare Pagefind's replaced)
            weights = weigh(out)
    finally:
        shutil.rmtree(removed, ignore_errors=True)
    report(rows, args)
    if not args.no_search:
        print("\nWhat a first query fetched from the search bundles (Chromium, nothing cached, "
              "the pages served uncompressed):\n\n" + table(weights))


LABELS = {"hugo": "Hugo (Debian), minimal layouts", "cold": "`build --no-search --no-cache` (cold)",
          "unchanged": "`build --no-search`, nothing changed", "one edit": "`build --no-search` after editing one policy",
          "full": "`build` with search, cold", "search edit": "`build` with search after editing one policy",
          "pagefind": "bare `python -m pagefind --site` (extended) over that output"}


def _gb(total: float | None) -> str:
    """All processes' peak, or why there is none: the build ended before the first sample."""
    return f"{total:.2f} GB" if total is not None else f"— (over in less than {SAMPLE_EVERY} s)"


def report(rows: list[dict], args) -> None:
    by = {r["name"]: r for r in rows}
    hugo = by["hugo"]["wall"]
    print(f"\n| build | wall (median of {args.runs}) | × Hugo | peak memory, largest process | "
          "peak memory, all processes |\n| --- | --- | --- | --- | --- |")
    for r in rows:
        extra = ""
        if r["name"] == "full" and "pagefind" in by:
            bare = by["pagefind"]["wall"]
            extra = f" ({r['wall'] / bare:.2f}× bare Pagefind"
            if r["step"] is not None:      # the index stage alone, against the same work done bare
                extra += f"; its search step {r['step']:.1f} s, {r['step'] / bare:.2f}× bare Pagefind"
            extra += ")"
        print(f"| {LABELS[r['name']]} | {r['wall']:.1f} s{extra} | {r['wall'] / hugo:.2f}× | {r['peak']:.2f} GB | {_gb(r['total'])} |")
    rounds = by["hugo"]["walls"]
    print("\nRound by round, against Hugo's time in the same round (the machine's drift moves both):")
    for r in rows:
        if r["name"] not in ("hugo", "pagefind"):
            print(f"- {LABELS[r['name']]}: " + ", ".join(f"{w / h:.2f}×" for w, h in zip(r["walls"], rounds)))
    print(f"\nCorpus: make_corpus.py {args.policies} ({2 * args.policies} documents), {os.cpu_count()} cores. "
          f"Command: python benchmarks/bench.py --policies {args.policies} --runs {args.runs}")


if __name__ == "__main__":
    main()
