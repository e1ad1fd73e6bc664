"""Document pages rendered on forked workers (and bodies converted by Markdown's pool) are the pages
one process renders, byte for byte, and a build that used workers ends quietly (no worker's
traceback on stderr)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

import pytest
from conftest import ROOT, tree_digest

from gongkai import parallel

RUN = """
import sys
import time
from gongkai import markdown, parallel
from gongkai.cli import run
parallel.PARALLEL_FROM = markdown.PARALLEL_FROM = int(sys.argv[1])     # forked workers, and Markdown's pool
usable = parallel.usable
parallel.usable = lambda count: print("workers:", usable(count), file=sys.stderr) or usable(count)
run(sys.argv[2:])          # as the gongkai command runs, with its SIGTERM handler
"""


def example_copy(tmp_path):
    """The repository's example site (site.toml and content/) copied to tmp_path/site."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(ROOT / "site.toml", site)
    shutil.copytree(ROOT / "content", site / "content")
    return site


def failed_alike(site, tmp_path) -> dict[str, list]:
    """The diagnostics (--format json) of a build on one process and of one on workers, each of
    which fails (exit 1) quietly and writes nothing: no output, no new folder left beside it."""
    reports = {}
    for name, threshold in (("serial", 10**9), ("forked", 1)):
        out = tmp_path / name
        done = subprocess.run([sys.executable, "-c", RUN, str(threshold), "build", "--site", str(site), "--out", str(out),
                               "--no-search", "--today", "2026-11-27", "--format", "json"], capture_output=True,
                              text=True, cwd=ROOT)
        assert done.returncode == 1 and f"workers: {name == 'forked'}" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and not out.exists()
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(f".{name}.")]    # (its new folder)
        reports[name] = json.loads(done.stdout)["diagnostics"]
    return reports


def test_forked_workers_render_what_one_process_renders(tmp_path):
    site = example_copy(tmp_path)
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
    policy = site / "content/policies/2020-xiaofu-guanli-banfa.md"       # a finding of a document check
    policy.write_text(policy.read_text(encoding="utf-8") + "\n联系人身份证 110101199003074514。\n", encoding="utf-8")
    (site / "content/broken.md").write_text("---\ntitle: 没有闭合的引号\ntype: \"policy\n---\n正文\n", encoding="utf-8")
    (site / "content/deep.md").write_text("---\ntitle: 太深\nextra: " + "[" * 600 + "]" * 600 + "\n---\n正文\n",
                                          encoding="utf-8")      # too deep to pickle: parsed again in the build
    reports = {}
    for name, threshold in (("serial", 10**9), ("forked", 1)):
        done = subprocess.run([sys.executable, "-c", RUN, str(threshold), "check", "--site", str(site), "--today",
                               "2026-11-27", "--format", "json"], capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 1 and f"workers: {name == 'forked'}" in done.stderr, done.stderr
        reports[name] = json.loads(done.stdout)["diagnostics"]
    assert {"personal-data", "frontmatter-invalid"} <= {d["code"] for d in reports["serial"]}
    assert any(d["file"] == "content/deep.md" for d in reports["serial"])
    assert reports["forked"] == reports["serial"]      # front matter parsed, and checks made, on workers too


WRITES = """
import datetime as dt
import sys
from pathlib import Path
from gongkai import output, parallel, render
from gongkai.pipeline import check
parallel.PARALLEL_FROM = 1
site = check(Path(sys.argv[1]), dt.date(2026, 11, 27)).site
into = Path(sys.argv[2])
into.mkdir()
print("workers:", parallel.usable(len(site.published)))
files, collisions = render.render_site(site, False, None, into=into)
alone, _ = render.render_site(site, False, None)
written = sorted(rel for rel, data in files.items() if data is output.WRITTEN)
pages = sorted(p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file())
print(len(site.published), len(written), written == pages, not collisions,
      all((into / rel).read_bytes() == alone[rel] for rel in written), sorted(alone) == sorted(files))
"""


def test_the_pages_of_a_new_output_are_written_by_the_workers_that_make_them(tmp_path):
    """Rendering into the new folder (a first build): each worker writes its pages there itself and
    sends back only their paths (WRITTEN), not 200 MB of bytes for the main process to write after;
    what is on disk is what rendering in memory gives."""
    site = example_copy(tmp_path)
    done = subprocess.run([sys.executable, "-c", WRITES, str(site), str(tmp_path / "new")], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split("\n")
    assert lines[0] == "workers: True"
    documents, written, *checks = lines[1].split()
    assert int(written) >= int(documents) > 20 and checks == ["True"] * 4, done.stdout


FULL = """
import errno
import os
import sys
from gongkai import parallel
from gongkai.cli import run
parallel.PARALLEL_FROM = 1
write = os.write

def full(fd, data):
    path = os.readlink(f"/proc/self/fd/{fd}")
    if "/policies/" in path and path.endswith("/index.html"):
        raise OSError(errno.ENOSPC, "No space left on device")
    return write(fd, data)

os.write = full
run(sys.argv[1:])
"""


def test_a_worker_that_cannot_write_its_page_stops_the_build_as_a_full_disk_does(tmp_path):
    """A worker's page that cannot be written (disk full) is output-failed, said once, with exit 2,
    not a template's mistake or a traceback; nothing is left beside the output."""
    site = example_copy(tmp_path)
    out = tmp_path / "public"
    done = subprocess.run([sys.executable, "-c", FULL, "build", "--site", str(site), "--out", str(out), "--no-search",
                           "--today", "2026-11-27", "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    problems = [d for d in json.loads(done.stdout)["diagnostics"] if d["severity"] == "error"]
    assert [d["code"] for d in problems] == ["output-failed"]
    assert "无法写出网站" in problems[0]["message"] and "原有输出保持不变" in problems[0]["message"]
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".public.")]


def test_a_template_failing_on_a_worker_is_said_at_its_file_and_line_as_one_process_says_it(tmp_path):
    """A site's own layout that fails while a worker renders with it: the editor is told the layout's
    file and line, as a build on one process tells them (it said "layouts (默认主题 layouts)" without
    a line: the worker's traceback came back as text only)."""
    site = example_copy(tmp_path)
    (site / "layouts").mkdir()
    (site / "layouts/interpretation.html").write_text(
        '{% extends "_document.html" %}\n{% block metadata %}\n{{ doc.title.nope.x }}\n{% endblock %}\n', encoding="utf-8")
    reports = {name: [(d["code"], d["file"], d["line"]) for d in found]
               for name, found in failed_alike(site, tmp_path).items()}
    assert reports["serial"] == [("template-invalid", "layouts/interpretation.html", 3)]
    assert reports["forked"] == reports["serial"]


def test_documents_at_generated_pages_addresses_are_reported_alike_by_workers_and_one_process(tmp_path):
    """While workers render the documents, the main process renders the lists and the home: a
    document at the address of a list, of 政策解读 or of the search page is still each one error, in
    the order one process finds them, and nothing is written."""
    site = example_copy(tmp_path)
    for rel in ("catalog/zcwj/gfxwj.md", "zcjd.md", "search.md"):
        (site / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "content" / rel).write_text(f"---\ntitle: 占用{rel}\ntype: page\n---\n\n正文。\n", encoding="utf-8")
    reports = {name: [d for d in found if d["code"] == "duplicate"]
               for name, found in failed_alike(site, tmp_path).items()}
    assert [d["file"] for d in reports["serial"]] == ["content/catalog/zcwj/gfxwj.md", "content/zcjd.md", "content/search.md"]
    assert reports["forked"] == reports["serial"]


def test_an_incremental_build_settles_known_pages_first_and_makes_the_rest_as_a_clean_build(tmp_path):
    """After a build, the pages known to be unchanged are settled in the main process and only the
    others are made: on workers when they are many (site.toml changed: every page), here when few
    (one body edited); each time the output is a clean build's, byte for byte."""
    site = example_copy(tmp_path)

    def build(out: str, threshold: int, *extra: str) -> str:
        done = subprocess.run([sys.executable, "-c", RUN, str(threshold), "build", "--site", str(site), "--out",
                               str(tmp_path / out), "--no-search", "--today", "2026-11-27", *extra],
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        return done.stderr

    def clean(out: str) -> dict:
        build(out, 10**9, "--no-cache")
        return tree_digest(tmp_path / out)

    build("public", 1)
    toml = site / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('title = "', 'title = "改名后的', 1), encoding="utf-8")
    assert "workers: True" in build("public", 1)                 # every page to make: on workers
    assert tree_digest(tmp_path / "public") == clean("clean-1")
    policy = sorted((site / "content/policies").glob("*.md"))[0]
    policy.write_text(policy.read_text(encoding="utf-8") + "\n本文件补充的一句说明。\n", encoding="utf-8")
    assert "workers: False" in build("public", 5)                # a page or two to make: here
    assert tree_digest(tmp_path / "public") == clean("clean-2")


KILLED = """
import os, signal, sys
from gongkai import checks, parallel
from gongkai.cli import run
parallel.PARALLEL_FROM = 1
MAIN = os.getpid()

def killed_in_a_worker(site, doc):
    if os.getpid() != MAIN:
        os.kill(os.getpid(), signal.SIGKILL)          # as the out-of-memory killer would
    return ()
checks.DOCUMENT_CHECKS = (*checks.DOCUMENT_CHECKS, killed_in_a_worker)
run(sys.argv[1:])
"""


def test_a_worker_killed_from_outside_ends_the_build_at_once_and_keeps_the_output(tmp_path):
    """A forked worker dies (kill -9, the out-of-memory killer): the build does not wait for it for
    ever (a multiprocessing.Pool did, deaf even to SIGTERM); it ends as an interrupted build does,
    exit 143, in Chinese, with the previous output exactly as it was and no temporary folder."""
    site = example_copy(tmp_path)
    args = ["build", "--site", str(site), "--no-search", "--no-cache", "--today", "2026-11-27"]
    assert subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, cwd=ROOT).returncode == 0
    before = tree_digest(site / "public")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", KILLED, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert time.monotonic() - started < 60
    assert done.returncode == 143, done.stderr
    assert "一个工作进程意外结束" in done.stderr and "原有输出未改动" in done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert tree_digest(site / "public") == before
    assert sorted(p.name for p in site.iterdir()) == [".gongkai-cache", "content", "public", "site.toml"]


MAIN_KILLED = """
import os
import sys
import time
from gongkai import parallel
from gongkai.cli import run
parallel.PARALLEL_FROM = 1
marks, made, forked = sys.argv[1], parallel._made, parallel.forked

def made_large(r, pages, settle=False):          # a result past the pipe's 1 MiB, as 10,000 pages are
    open(os.path.join(marks, f"worker-{os.getpid()}"), "w").close()
    files, collisions, counts, cache = made(r, pages, settle)
    return {**files, "padding": b"x" * (4 << 20)}, collisions, counts, cache

def main_stops_reading(work, shares, total, started=None, **kwargs):
    if getattr(work, "func", None) is not parallel._run_part:     # (the checks' workers, as they are)
        return forked(work, shares, total, started, **kwargs)

    def wait():
        open(os.path.join(marks, "main-waits"), "w").close()
        time.sleep(300)
    return forked(work, shares, total, wait if started is not None else None, **kwargs)

parallel._made, parallel.forked = made_large, main_stops_reading
run(sys.argv[2:])
"""


def test_workers_end_with_a_build_killed_with_sigkill(tmp_path):
    """The build is killed (kill -9) while its forked workers render: no worker is left behind. They
    waited for ever on full pipes, each holding (inherited) the reading end of the other's pipe."""
    import os
    import signal

    site, marks = example_copy(tmp_path), tmp_path / "marks"
    marks.mkdir()
    build = subprocess.Popen([sys.executable, "-c", MAIN_KILLED, str(marks), "build", "--site", str(site), "--no-search",
                              "--no-cache", "--today", "2026-11-27"], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not ((marks / "main-waits").exists() and len(list(marks.glob("worker-*"))) >= 2):
            time.sleep(0.1)
        workers = [int(p.name.split("-")[1]) for p in marks.glob("worker-*")]
        assert (marks / "main-waits").exists() and len(workers) >= 2
        time.sleep(1)                                  # the workers are at their sends
    finally:
        build.kill()
        build.wait()
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in workers if _running(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _pid(_=None):
    import os
    return os.getpid()


def _dies_elsewhere(parent: int):
    import os
    if os.getpid() != parent:
        os._exit(3)
    return "here"


def test_each_in_order_runs_meanwhile_here_while_its_workers_work_and_alone_too():
    """each_in_order's meanwhile() (the site's rules while the workers apply the rules about one
    document) runs in this process once, before the first result is read: on workers, and when
    the items are few or none (worked out here)."""
    import os

    from gongkai import parallel

    for items in (list(range(parallel.PARALLEL_FROM)), [1, 2], []):
        ran = []
        made = parallel.each_in_order(_pid_and, items, meanwhile=lambda: ran.append(os.getpid()))
        first = next(made, None)
        assert ran == [os.getpid()]
        results = ([first] if first is not None else []) + list(made)
        assert [item for _, item in results] == items and ran == [os.getpid()]
        assert (os.getpid() in {pid for pid, _ in results}) == (0 < len(items) < parallel.PARALLEL_FROM)


def _pid_and(item):
    import os
    return os.getpid(), item


def test_early_work_runs_on_another_process_and_falls_back_to_this_one():
    """parallel.Early (the output's walk while the inputs are read): its value comes from a forked
    process; where a thread runs (serve), or that process dies, it is worked out here, never lost."""
    import os
    import threading

    from gongkai.parallel import Early

    early = Early(_pid)
    assert early.result() not in (None, os.getpid())
    assert early._proc is None                        # reaped once read
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert Early(_pid).result() == os.getpid()      # no fork beside a thread
    finally:
        stop.set()
        thread.join()
    assert Early(_dies_elsewhere, os.getpid()).result() == "here"      # died there: worked out here
    unread = Early(time.sleep, 30)
    proc = unread._proc
    unread.close()
    assert proc.exitcode is not None and not proc.is_alive()


BODIES = """
import functools
import sys
import time
from gongkai import markdown, parallel, store
from gongkai.cli import run
parallel.PARALLEL_FROM = markdown.PARALLEL_FROM = int(sys.argv[1])
convert_all, Early, commit = markdown.convert_all, parallel.Early, store.Store._commit

def counted(bodies):
    print("converted:", len(bodies), file=sys.stderr)
    return convert_all(bodies)

class Told(Early):
    def __init__(self, func, *args):
        print("on a fork:", getattr(func, "__qualname__", func), file=sys.stderr)
        super().__init__(func, *args)

@functools.wraps(commit)
def slow(store, entries, drop):        # a city's 70 MB take half a second: the build must wait for them
    if entries:
        time.sleep(1)
    return commit(store, entries, drop)

markdown.convert_all, parallel.Early, store.Store._commit = counted, Told, slow
run(sys.argv[2:])
"""


def test_the_bodies_and_facts_written_on_a_forked_process_are_all_there_for_the_next_build_even_after_a_failed_one(tmp_path):
    """A cold build's bodies (70 MB on a city's site) are written to the cache on a forked process
    while the checks run, and the facts of its checks while the pages are made; the build waits for
    those writes before it ends, failed or not: the next build converts only the body that changed."""
    import sqlite3
    from gongkai.cache import cache_dir

    site = example_copy(tmp_path)
    policy = site / "content/policies/2020-xiaofu-guanli-banfa.md"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text + "\n联系人身份证 110101199003074514。\n", encoding="utf-8")     # an error: the build fails

    def build(*extra):
        return subprocess.run([sys.executable, "-c", BODIES, "1", "build", "--site", str(site), "--no-search",
                               "--today", "2026-11-27", *extra], capture_output=True, text=True, cwd=ROOT)

    done = build("--no-cache")
    assert done.returncode == 1 and "on a fork: _commit_all" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    documents = int(next(line for line in done.stderr.splitlines() if line.startswith("converted:")).split()[1])
    with sqlite3.connect(cache_dir(site / "public") / "bodies.sqlite") as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == documents > 20
    with sqlite3.connect(cache_dir(site / "public") / "html.sqlite") as db:      # their HTML, on the same fork
        assert documents // 2 < db.execute("SELECT count(*) FROM entries").fetchone()[0] <= documents
    policy.write_text(text + "\n本文件补充的一句说明。\n", encoding="utf-8")
    done = build("--no-cache")         # the facts of a check that passed: written while the pages are made
    assert done.returncode == 0 and done.stderr.count("on a fork: _commit_all") == 2, done.stderr
    with sqlite3.connect(cache_dir(site / "public") / "memo.sqlite") as db:
        facts = [key for (key,) in db.execute("SELECT key FROM entries")]
    assert sum(key.startswith("fm:") for key in facts) == sum(key.startswith("checks:") for key in facts) >= documents
    policy.write_text(text + "\n本文件又补充的一句说明。\n", encoding="utf-8")
    done = build()
    assert done.returncode == 0, done.stderr
    assert "converted: 1\n" in done.stderr


def test_a_first_builds_key_made_on_the_second_core_is_the_key_the_next_build_finds(tmp_path):
    """A build no stored key can match (the first, --no-cache) hashes its inputs on a forked process
    while it reads them: the key it remembers is the one the next build computes itself, so that a
    build with nothing changed after it does nothing, and one after an edit builds again."""
    site = example_copy(tmp_path)

    def build(*extra):
        done = subprocess.run([sys.executable, "-c", BODIES, "1", "build", "--site", str(site), "--no-search",
                               "--today", "2026-11-27", *extra], capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        return done.stdout + done.stderr

    assert "on a fork: file_digests" in build("--no-cache")
    again = build()
    assert "内容未改动" in again and "file_digests" not in again
    policy = site / "content/policies/2020-xiaofu-guanli-banfa.md"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n本文件补充的一句说明。\n", encoding="utf-8")
    assert "内容未改动" not in build()


def test_a_file_changed_while_the_build_hashes_it_gives_a_key_no_build_can_meet_again(tmp_path):
    from gongkai.sources import CHANGED, file_digests, stamp

    path = tmp_path / "a.md"
    path.write_text("正文", encoding="utf-8")
    was = stamp(path.stat())
    assert file_digests([(str(path), was)]) == {str(path): hashlib.sha256("正文".encode()).hexdigest()}
    path.write_text("改过的正文", encoding="utf-8")           # after the build's walk, before its read
    first, second = file_digests([(str(path), was)]), file_digests([(str(path), was)])
    assert first[str(path)].startswith(CHANGED) and first != second
    assert file_digests([(str(tmp_path / "gone.md"), was)]) == {str(tmp_path / "gone.md"): "unreadable"}


def test_the_read_ahead_of_many_documents_runs_apart_and_leaves_no_process(tmp_path):
    """The kernel is asked to read 20,000 documents ahead on a forked process while the build reads
    them (load_site): closed once they are read, it is gone; a few files are asked for here."""
    from gongkai.files import prefetch_aside
    paths = []
    for i in range(parallel.PARALLEL_FROM):
        paths.append(tmp_path / f"{i}.md")
        paths[-1].write_text("---\ntype: page\n---\n", encoding="utf-8")
    ahead = prefetch_aside(paths)
    assert (ahead is not None) == parallel.fork_safe()
    if ahead is not None:
        pid = ahead._proc.pid
        ahead.close()
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)                  # ended and reaped
    assert prefetch_aside(paths[:10]) is None
