"""Worker processes (gongkai.workers): results in order, a worker's exception raised in the build,
and a worker killed from outside (the out-of-memory killer) seen at once as WorkerLost, never
waited for (a multiprocessing.Pool waited for ever, and its terminate() then deadlocked, deaf to
SIGTERM); no worker outlives the generator. Both start methods the build uses, fork and forkserver."""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time

import pytest

from gongkai.workers import WorkerLost, gather

CONTEXTS = ("fork", "forkserver")


def nothing() -> None:
    pass


def squares(share):
    for x in share:
        yield x * x


def failing(share):
    yield share[0]
    raise ValueError(f"第二个结果出错: {share[1]}")


def dying(share):
    yield share[0]
    if share[1] == "kill":
        os.kill(os.getpid(), signal.SIGKILL)          # as the out-of-memory killer would
    time.sleep(60)
    yield share[1]


def children() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if "ForkServer" not in type(p).__name__]


@pytest.mark.parametrize("method", CONTEXTS)
def test_results_come_in_order_of_k_mod_n(method):
    shares = [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]          # item k in share k % 3
    with contextlib.closing(gather(multiprocessing.get_context(method), nothing, squares, shares, 10)) as made:
        assert list(made) == [k * k for k in range(10)]
    assert not children()


@pytest.mark.parametrize("method", CONTEXTS)
def test_a_workers_exception_is_raised_in_the_build(method):
    made = gather(multiprocessing.get_context(method), nothing, failing, [[1, "甲"], [2, "乙"]], 4)
    with pytest.raises(ValueError, match="第二个结果出错: 甲"):
        list(made)
    assert not children()


@pytest.mark.parametrize("method", CONTEXTS)
def test_a_killed_worker_is_lost_at_once_and_no_worker_is_left(method):
    started = time.monotonic()
    made = gather(multiprocessing.get_context(method), nothing, dying, [[1, "kill"], [2, "wait"]], 4)
    with pytest.raises(WorkerLost):
        list(made)
    assert time.monotonic() - started < 20           # not the 60 s the other worker sleeps
    assert not children()


def test_closing_the_generator_early_ends_every_worker():
    made = gather(multiprocessing.get_context("fork"), nothing, dying, [[1, "wait"], [2, "wait"]], 4)
    assert next(made) == 1
    assert len(children()) == 2
    made.close()
    assert not children()


class KillingTheForkServer:
    """The forkserver context, with its fork server killed (kill -9) just before each worker starts."""

    def __init__(self):
        self.context = multiprocessing.get_context("forkserver")

    def Pipe(self, *args, **kw):
        return self.context.Pipe(*args, **kw)

    def Process(self, *args, **kw):
        proc = self.context.Process(*args, **kw)
        context = self

        class Starting:
            def __getattr__(self, name):
                return getattr(proc, name)

            def start(self):
                context.kill()
                proc.start()
        return Starting()

    @staticmethod
    def kill():
        from multiprocessing import forkserver
        pid = forkserver._forkserver._forkserver_pid
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_a_fork_server_killed_while_workers_start_is_a_lost_worker_never_a_traceback():
    """Killed as a worker is started, the fork server either comes back (Python starts it again) or
    the start fails on its closed socket: the results, or WorkerLost, nothing else."""
    outcomes = set()
    for _ in range(6):
        made = gather(KillingTheForkServer(), nothing, squares, [[0, 2], [1, 3]], 4)
        try:
            outcomes.add(tuple(made))
        except WorkerLost:
            outcomes.add("lost")
        assert not children()
    assert outcomes <= {(0, 1, 4, 9), "lost"}
