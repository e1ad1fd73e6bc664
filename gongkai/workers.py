"""Worker processes that each work through a share of a job and send their results back in order,
without multiprocessing.Pool.

A Pool does not survive a worker killed from outside (the kernel's out-of-memory killer, kill -9):
the task the worker held is lost and waited for for ever, and Pool.terminate() then deadlocks on
the queue lock the dead worker held, so that not even SIGTERM ends the build. Here every worker has
a pipe of its own; a worker that dies leaves its pipe closed, which the build sees at once
(WorkerLost), and every worker is killed and reaped on the way out, whatever happened.
"""
from __future__ import annotations

import contextlib
import ctypes
import fcntl
import multiprocessing
import signal
from collections import deque
from multiprocessing import connection
from multiprocessing.pool import ExceptionWithTraceback

from .interrupts import children_ignore_interrupts

WAIT = 0.2        # seconds a wait lasts before it starts again (Ctrl-C is seen between waits)


class WorkerLost(KeyboardInterrupt):
    """A worker ended without sending its results: the build stops as an interrupted one does (the
    previous output stays exactly as it was, the temporary folder goes)."""

    MESSAGE = "一个工作进程意外结束 (常见原因: 内存不足, 被系统结束)"


def gather(context, init, work, shares: list, total: int, started=None):
    """Yield `total` results: result k is the next one of worker k % n, where worker i runs
    `work(shares[i])` (a generator) after `init()`, n = len(shares); started(), when given, runs here
    once every worker has started, before any result is read. context: a multiprocessing
    context ("fork": the workers read what the build holds; "forkserver": work, init and the shares
    are pickled to them). Whatever a worker has ready is read whenever the caller asks for the next
    result, so that no worker waits long on a full pipe. A close of the generator ends the workers."""
    n = len(shares)
    workers: list[tuple[multiprocessing.Process, object]] = []
    due = [len(range(i, total, n)) for i in range(n)]           # results each worker will send
    ready: list[deque] = [deque() for _ in range(n)]
    try:
        with children_ignore_interrupts():
            for share in shares:
                reader, writer = context.Pipe(duplex=False)
                widen(writer)
                proc = context.Process(target=_work, args=(writer, init, work, share), daemon=True)
                try:
                    proc.start()
                except (OSError, EOFError):      # the fork server was killed while it started the worker
                    reader.close()
                    raise WorkerLost(WorkerLost.MESSAGE) from None
                finally:
                    writer.close()      # the worker holds the only writing end: its death closes the pipe
                workers.append((proc, reader))
        if started is not None:
            started()
        readers = {reader: i for i, (_, reader) in enumerate(workers)}
        for k in range(total):
            i = k % n
            timeout = 0.0
            while True:
                waiting = [reader for reader, j in readers.items() if due[j]]
                for reader in connection.wait(waiting, timeout):
                    j = readers[reader]
                    message = _receive(reader)
                    ready[j].append(message)
                    due[j] = due[j] - 1 if message[0] == "ok" else 0      # after an error, nothing more
                if ready[i]:
                    break
                timeout = WAIT          # (Ctrl-C is seen between waits)
            kind, value = ready[i].popleft()
            if kind == "error":         # raised in its turn: the first failure in order, whichever came first
                raise value
            yield value
    finally:
        for proc, _ in workers:
            if proc.is_alive():
                proc.kill()
        for proc, reader in workers:
            proc.join()
            reader.close()


def widen(writer) -> None:
    """A pipe of 1 MiB (Linux's limit for anyone) instead of 64 KiB: a worker goes on while a few of
    its results wait to be read."""
    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(writer.fileno(), fcntl.F_SETPIPE_SZ, 2**20)


def _receive(reader) -> tuple[str, object]:
    """("ok", a result) or ("error", the exception a worker raised)."""
    try:
        return reader.recv()
    except (EOFError, OSError):
        raise WorkerLost(WorkerLost.MESSAGE) from None


def die_with_parent() -> None:
    """This process is killed when the one that started it ends, however it ends (Linux's
    PR_SET_PDEATHSIG; elsewhere nothing): a worker, an early walk, a Pagefind run (called between its
    fork and exec). A build killed with SIGKILL left its forked workers waiting for ever on full
    pipes: each held, inherited from the build, the reading end of the other's."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


PR_SET_PDEATHSIG = 1


def _work(writer, init, work, share) -> None:
    """In a worker: each result of work(share) sent as it is made; an exception sent in its place.
    When the build has gone (its end of the pipe closed, or killed), the worker ends quietly."""
    die_with_parent()
    init()
    try:
        for result in work(share):
            _send(writer, ("ok", result))
    except _Gone:
        pass
    except BaseException as e:
        with contextlib.suppress(_Gone):
            try:
                _send(writer, ("error", ExceptionWithTraceback(e, e.__traceback__)))
            except Exception:        # (an exception that cannot be pickled)
                _send(writer, ("error", RuntimeError(f"{type(e).__name__}: {e}")))
    finally:
        writer.close()


class _Gone(Exception):
    pass


def _send(writer, message) -> None:
    try:
        writer.send(message)
    except (BrokenPipeError, ConnectionResetError, EOFError):
        raise _Gone from None
