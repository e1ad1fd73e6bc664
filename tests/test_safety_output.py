"""The output guard and interrupts: nothing but a folder the build made itself is ever replaced,
and Ctrl-C at any stage leaves the previous output and no temporary folder."""
from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, add_policies, tree_digest
from gongkai.output import MARKER


def leftovers(site) -> list[str]:
    return sorted(p.name for p in site.path.iterdir() if p.name.startswith(".public."))


@pytest.mark.parametrize("folder, why", [(".git", "不是 Gongkai 生成的"), ("layouts", "会删除源文件"),
                                         ("someone", "不是 Gongkai 生成的")])
def test_a_folder_the_build_did_not_make_is_refused_and_untouched(site, folder, why):
    site.write(f"{folder}/config", "[core]\n")
    site.write(f"{folder}/sub/id_rsa", "-----BEGIN KEY-----\n")
    before = tree_digest(site.file(folder))
    r = site.run("build", "--out", str(site.file(folder)), "--no-search")
    assert r.code == 2
    [d] = r.diagnostics
    assert why in d["message"] and "--out" in d["message"]
    assert tree_digest(site.file(folder)) == before


@pytest.mark.parametrize("inside", ["content", "content/images", "static", "."])
def test_an_output_inside_the_sources_is_refused(site, inside):
    site.write("static/robots.txt", "User-agent: *\n")
    before = tree_digest(site.path)
    r = site.run("build", "--out", str(site.file(inside)), "--no-search")
    assert r.code == 2 and r.diagnostics[0]["code"] == "usage-invalid"
    assert tree_digest(site.path) == before


@pytest.mark.parametrize("out", ["sources", "sources/content", "sources/content/public"])
def test_an_output_holding_or_inside_a_linked_content_folder_is_refused(site, out):
    site.file("sources").mkdir()
    site.file("content").rename(site.file("sources/content"))
    site.file("content").symlink_to("sources/content")          # a link that stays inside the site
    assert site.build("--no-search").code == 0
    before = tree_digest(site.file("sources"))
    r = site.run("build", "--out", str(site.file(out)), "--no-search")
    assert r.code == 2 and r.diagnostics[0]["code"] == "usage-invalid"
    assert tree_digest(site.file("sources")) == before


def test_a_symbolic_link_as_output_is_refused(site, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "keep.txt").write_text("x")
    (tmp_path / "link").symlink_to(real)
    assert site.run("build", "--out", str(tmp_path / "link"), "--no-search").code == 2
    assert [p.name for p in real.iterdir()] == ["keep.txt"]


def test_missing_empty_and_own_output_folders_are_written(site, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (tmp_path / "new", empty):
        assert site.run("build", "--out", str(out), "--no-search").code == 0
        assert (out / MARKER).is_file() and (out / "index.html").is_file()
    (empty / "stale.html").write_text("old")
    assert site.run("build", "--out", str(empty), "--no-search").code == 0, "its own output is replaced"
    assert not (empty / "stale.html").exists()


def test_a_marker_that_is_a_link_does_not_count(site, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("x")
    (out / MARKER).symlink_to(site.file("site.toml"))
    assert site.run("build", "--out", str(out), "--no-search").code == 2
    assert (out / "mine.txt").read_text() == "x"


def test_leftovers_of_killed_builds_are_removed_but_not_a_running_one(site):
    assert site.build("--no-search").code == 0
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        for name in (f".public.new-{dead_pid}-abc", f".public.old-{dead_pid}-def"):
            site.write(f"{name}/index.html", "half")
        site.write(f".public.new-{live.pid}-running/index.html", "busy")
        site.write(".public.old-2023/notes.txt", "an editor's own folder, not named by Gongkai")
        site.write(".publicity/keep.txt", "not ours")
        assert site.build("--no-search").code == 0
        assert leftovers(site) == sorted([f".public.new-{live.pid}-running", ".public.old-2023"])
        assert site.file(".public.old-2023/notes.txt").is_file()
        assert site.file(".publicity/keep.txt").is_file()
    finally:
        live.kill()
        live.wait()


def python_start() -> float:
    """How long this machine's Python takes to start before it runs build.py's first line (the median
    of three): a signal before that is the interpreter's, which no line of Gongkai can hold back."""
    took = []
    for _ in range(3):
        t0 = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        took.append(time.monotonic() - t0)
    return sorted(took)[1]


def _interrupt_at(site, delay: float, group: bool, options=("--no-cache",)):     # every stage runs
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--site", str(site.path),
                             "--today", "2025-06-02", "--format", "json", *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, cwd=ROOT)
    time.sleep(delay)
    sent = time.monotonic()
    if group:
        os.killpg(proc.pid, signal.SIGINT)     # Ctrl-C in a terminal: the whole process group
    else:
        proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail(f"the build hung after Ctrl-C at {delay} s")
    return proc.returncode, time.monotonic() - sent, out.decode(), err.decode()


def test_ctrl_c_at_any_stage_exits_130_and_keeps_the_previous_output(site):
    add_policies(site, 450)          # past the size where Markdown runs in a worker pool
    t0 = time.monotonic()
    assert site.build().code == 0
    full = time.monotonic() - t0
    before = tree_digest(site.out)
    outcomes = []
    for i, fraction in enumerate((0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95)):
        code, took, out, err = _interrupt_at(site, full * fraction + 0.3, group=i % 2 == 0)
        outcomes.append(code)
        if code == 0:      # the build finished before the signal: its output is the previous one now
            before = tree_digest(site.out)
            continue
        assert code == 130, err
        assert took < 3, f"took {took:.1f} s to stop"
        assert "已中断" in err and "Traceback" not in err
        assert json.loads(out)["summary"]["exit_status"] == 130, (out, err)
        assert [d["code"] for d in json.loads(out)["diagnostics"]] == ["interrupted"]
        assert tree_digest(site.out) == before
        assert leftovers(site) == []
    assert outcomes.count(130) >= 4, outcomes


def test_ctrl_c_pressed_again_and_again_ends_cleanly_with_130(site):
    """An impatient editor presses Ctrl-C many times: a signal raised inside concurrent.futures' wait
    once left a lock released twice (RuntimeError: release unlocked lock, a traceback) and a staged
    shard written on into the removed new folder (.public.new-…/.gk-search-pages left behind)."""
    add_policies(site, 150)
    assert site.build().code == 0
    site.replace("content/policies/p0.md", "各乡镇人民政府", "各乡镇人民政府。")
    t0 = time.monotonic()
    assert site.build().code == 0                       # an edit, as each run below is
    edit = time.monotonic() - t0
    before = tree_digest(site.out)
    outcomes = []
    for fraction in (0.15, 0.3, 0.45, 0.6, 0.75, 0.9):
        delay = edit * fraction
        site.replace("content/policies/p0.md", "各乡镇人民政府", f"各乡镇人民政府{fraction}")
        proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--site", str(site.path),
                                 "--today", "2025-06-02"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, cwd=ROOT)
        time.sleep(delay)
        while proc.poll() is None:                      # a Ctrl-C every 30 ms until it ends
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGINT)
            time.sleep(0.03)
        out, err = proc.communicate()
        err = err.decode()
        outcomes.append(proc.returncode)
        assert "Traceback" not in err and leftovers(site) == [], err
        if proc.returncode == 0:
            before = tree_digest(site.out)
        else:
            assert proc.returncode == 130 and "已中断" in err, err
            assert tree_digest(site.out) == before
    assert outcomes.count(130) >= 3, outcomes


def test_ctrl_c_during_a_small_edit_written_in_place_keeps_the_previous_output(site):
    add_policies(site, 450)
    assert site.build("--no-search", today="2025-06-02").code == 0
    site.replace("content/policies/valid.md", "\n\n", "\n\n第0次补充。\n\n")
    t0 = time.monotonic()
    assert site.build("--no-search", today="2025-06-02").code == 0
    full = time.monotonic() - t0                       # (in this process: without Python's own start)
    before, folder = tree_digest(site.out), site.out.stat().st_ino
    outcomes, start = [], python_start()
    for i, fraction in enumerate((0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0), start=1):
        site.replace("content/policies/valid.md", f"第{i - 1}次补充。", f"第{i}次补充。")
        code, took, out, err = _interrupt_at(site, start + full * fraction, group=i % 2 == 0, options=("--no-search",))
        outcomes.append(code)
        if code == 0:
            assert f"第{i}次补充。" in (site.out / "policies/valid/index.html").read_text(encoding="utf-8")
            before = tree_digest(site.out)
            continue
        assert code == 130, err
        assert took < 3 and "Traceback" not in err
        assert tree_digest(site.out) == before
        assert leftovers(site) == []
    assert outcomes.count(130) >= 3, outcomes
    assert site.out.stat().st_ino == folder           # every build wrote in place


def test_sigkill_leftovers_disappear_on_the_next_build(site):
    add_policies(site, 50)
    assert site.build("--no-search").code == 0
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--site", str(site.path),
                             "--today", TODAY_LATER], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.monotonic() + 60
    while not leftovers(site) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.kill()
    proc.wait()
    assert leftovers(site), "the build was killed while it wrote its fresh folder"
    assert site.build("--no-search").code == 0
    assert leftovers(site) == []


TODAY_LATER = "2025-06-03"


STARTING = """
import multiprocessing, os, signal, sys, time
from functools import partial
from gongkai import markdown, workers
from gongkai.cli import _terminate, Terminated


class Interrupting:
    # the forkserver context, with the signal sent just before each worker starts (inside gather's
    # start of its workers), and whether the started worker ignores Ctrl-C
    def __init__(self, signum):
        self.context, self.signum, self.ignored = multiprocessing.get_context("forkserver"), signum, []
        self.context.set_forkserver_preload(["gongkai.markdown"])

    def Pipe(self, *args, **kw):
        return self.context.Pipe(*args, **kw)

    def Process(self, *args, **kw):
        return Starting(self, self.context.Process(*args, **kw))


class Starting:
    def __init__(self, context, proc):
        self.context, self.proc = context, proc

    def __getattr__(self, name):
        return getattr(self.proc, name)

    def start(self):
        os.kill(os.getpid(), self.context.signum)
        self.proc.start()
        status = open(f"/proc/{self.proc.pid}/status").read()     # SigIgn, as the kernel sees it
        self.context.ignored.append(bool(int(status.split("SigIgn:")[1].split()[0], 16) & (1 << (signal.SIGINT - 1))))


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)                 # as the gongkai command runs
    context = Interrupting(int(sys.argv[1]))
    made = workers.gather(context, partial(markdown._init_worker, True), markdown._convert_chunks,
                          [[["甲"], ["丙"]], [["乙"], ["丁"]]], 4)
    try:
        print("lost", list(made))
    except KeyboardInterrupt as e:
        print("raised", type(e).__name__, context.ignored)
    t0 = time.monotonic()
    made.close()
    print("ended in", round(time.monotonic() - t0), "left", len(multiprocessing.active_children()))
"""


@pytest.mark.parametrize("signum, raised", [(signal.SIGINT, "KeyboardInterrupt"), (signal.SIGTERM, "Terminated")])
def test_a_ctrl_c_or_sigterm_while_the_workers_start_is_raised_after_and_ends_them(tmp_path, signum, raised):
    """Sent while the workers start, a Ctrl-C or SIGTERM never reaches a worker (which ignores Ctrl-C
    from its first instruction: the build alone handles it) and is raised once they all stand, in
    the build, which ends them: none is left, and none prints a traceback (as workers did that a
    SIGTERM cut off in the middle of starting a Pool)."""
    script = tmp_path / "starting.py"
    script.write_text(STARTING)
    proc = subprocess.run([sys.executable, str(script), str(int(signum))], capture_output=True, text=True, timeout=60,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.splitlines() == [f"raised {raised} [True, True]", "ended in 0 left 0"], proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


LOADING = """
import os, signal, sys

SIGNUM = int(sys.argv[1])


class Interrupting:      # the signal arrives while Python loads the generator (gongkai.cli and all it imports)
    def find_spec(self, name, path, target=None):
        if name == "gongkai.cli":
            os.kill(os.getpid(), SIGNUM)
        return None


sys.meta_path.insert(0, Interrupting())
sys.argv = ["gongkai", *sys.argv[2:]]
from gongkai.launch import main
main()
"""


IN_A_NATIVE_MODULE = """
import os, signal, sys

SIGNUM, loading = int(sys.argv[1]), []


class Interrupting:      # the signal arrives while orjson's native module initialises (it imports modules)
    def find_spec(self, name, path, target=None):
        if loading:
            os.kill(os.getpid(), SIGNUM)
            loading.clear()
        if name == "orjson.orjson":
            loading.append(name)
        return None


sys.meta_path.insert(0, Interrupting())
sys.argv = ["gongkai", *sys.argv[2:]]
from gongkai.launch import main
main()
"""


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("script", [LOADING, IN_A_NATIVE_MODULE], ids=["loading", "in-orjson"])
def test_a_ctrl_c_or_sigterm_while_python_loads_the_generator_says_so_in_chinese(site, signum, status, script):
    """The command's first instructions (gongkai.launch, for build.py and the installed command): an
    interruption while the generator is still being loaded is no traceback and no silent kill."""
    assert site.build("--no-search").code == 0
    before = tree_digest(site.out)
    proc = subprocess.run([sys.executable, "-c", script, str(int(signum)), "build", "--site", str(site.path),
                           "--no-search", "--format", "json"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == status, proc.stderr
    assert "已中断: 尚未开始运行, 没有改动任何文件" in proc.stderr and "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    assert report["summary"]["exit_status"] == status and report["diagnostics"][0]["code"] == "interrupted"
    assert tree_digest(site.out) == before


AFTER_THE_REPORT = """
import atexit, os, signal, sys
from gongkai import cli

SIGNUM, report = int(sys.argv[1]), cli.report


def reported(*args, **kw):            # the signal lands right after the build has said how it ended,
    report(*args, **kw)
    os.kill(os.getpid(), SIGNUM)


cli.report = reported
atexit.register(os.kill, os.getpid(), SIGNUM)         # and again while the interpreter shuts down
sys.argv = ["gongkai", *sys.argv[2:]]
from gongkai.launch import main
main()
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("case, status", [("nothing-changed", 0), ("edited", 0), ("content-error", 1)])
def test_a_ctrl_c_after_the_build_has_reported_changes_nothing_it_said(site, signum, case, status):
    """Once the build has reported, its word stands: a Ctrl-C or SIGTERM that comes after is too late
    to stop it (held to the process's end and dropped), whether the output was replaced, left as it
    was because nothing changed, or kept because the content has errors."""
    assert site.build("--no-search").code == 0
    if case == "edited":
        site.replace("content/policies/valid.md", "\n\n", "\n\n补充一句。\n\n")
    elif case == "content-error":
        site.replace("content/policies/valid.md", "title:", "titel:")
    proc = subprocess.run([sys.executable, "-c", AFTER_THE_REPORT, str(int(signum)), "build", "--site",
                           str(site.path), "--no-search", "--today", "2025-06-01", "--format", "json"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == status, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
    assert "已中断" not in proc.stderr, proc.stderr
    assert json.loads(proc.stdout)["summary"]["exit_status"] == status


def test_an_output_the_system_refuses_to_change_is_told_in_chinese(site):
    """A page of public/ that cannot be replaced (chattr +i here; a read-only disk, a full one alike):
    output-failed says why in Chinese and which file, exit 2, the output as it was."""
    assert site.build("--no-search").code == 0
    page = site.out / "policies/valid/index.html"
    if subprocess.run(["chattr", "+i", str(page)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported on this file system")
    try:
        before = tree_digest(site.out)
        site.replace("content/policies/valid.md", "\n\n", "\n\n补充一句。\n\n")
        r = site.build("--no-search")
        [d] = [d for d in r.diagnostics if d["code"] == "output-failed"]
        assert r.code == 2 and "无法写出网站: 不允许这样操作" in d["message"] and "原有输出保持不变" in d["message"], d
        assert "Errno" not in d["message"] and "not permitted" not in d["message"]
        assert tree_digest(site.out) == before
    finally:
        subprocess.run(["chattr", "-i", str(page)])


def test_a_ctrl_c_as_build_py_starts_is_an_interrupted_run_not_a_traceback(tmp_path):
    """build.py holds Ctrl-C back from its first line until gongkai.launch takes it over: one that
    comes while Python imports the generator ends the run with 130 and the Chinese word, and the run
    itself still answers Ctrl-C (the signals are unblocked once the generator is loaded)."""
    start, outcomes = python_start(), []
    for step in range(16):                      # around the moment Python hands over to build.py
        delay = start * (0.5 + step / 10)
        proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "check", "--site", str(ROOT)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        err = proc.communicate(timeout=60)[1].decode()
        outcomes.append(proc.returncode)
        # (a traceback without build.py in it, or at its line 0, is Python's own start: the signal came
        # before build.py's first instruction)
        assert not ("Traceback" in err and re.search(r'build\.py", line [1-9]', err)), (delay, err)
        assert proc.returncode != 0, delay                  # never a run that no longer hears Ctrl-C
    assert outcomes.count(130) >= 3, outcomes
    mask = ("import runpy, signal; from gongkai import cli; "        # what the run itself has blocked
            "cli.run = lambda argv: print(sorted(map(int, signal.pthread_sigmask(signal.SIG_BLOCK, set())))); "
            f"runpy.run_path({str(ROOT / 'build.py')!r}, run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", mask], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", (done.stdout, done.stderr)
