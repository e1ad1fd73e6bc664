"""Ctrl-C and SIGTERM held back while a step must not be cut in half (a swap, a cleanup, a call
into a library that would swallow the KeyboardInterrupt); they arrive as soon as it ends."""
from __future__ import annotations

import contextlib
import os
import signal
import threading
from multiprocessing import resource_tracker


HELD = (signal.SIGINT, signal.SIGTERM)
_until_reported: list = []      # the signal mask to restore once the command has reported


def hold_until_reported() -> None:
    """From the moment the new output stands in place the build is done: Ctrl-C is held back until the
    command has said so (release), and then dropped, so that exit 130 always means 'nothing changed'."""
    if threading.current_thread() is threading.main_thread() and not _until_reported:
        _until_reported.append(signal.pthread_sigmask(signal.SIG_BLOCK, HELD))


def release(drop: bool) -> None:
    if _until_reported:
        if drop:
            for signum in set(HELD) & signal.sigpending():
                signal.sigwait({signum})
        signal.pthread_sigmask(signal.SIG_SETMASK, _until_reported.pop())


def ctrl_c_heeded() -> bool:
    """Ctrl-C stops this process: it was not started where Ctrl-C is ignored (in the background of a
    shell script, under nohup, after `trap '' INT`), which Python keeps ignoring."""
    return signal.getsignal(signal.SIGINT) is not signal.SIG_IGN


def stop_hint() -> str:
    """How the editor stops a process that runs until stopped (serve): Ctrl+C, or where it is ignored
    or cannot reach it, kill with the process's number (SIGTERM stops it as Ctrl-C would)."""
    return "按 Ctrl+C 停止" if ctrl_c_heeded() and not _behind() else f"用 kill {os.getpid()} 停止"


def _behind() -> bool:
    """A job started with & from an interactive shell: its terminal's Ctrl-C goes to the job in front."""
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            if os.isatty(fd):
                return os.tcgetpgrp(fd) != os.getpgrp()
    return False


def pending() -> bool:
    """A Ctrl-C or SIGTERM came while signals_deferred holds them back, and this process heeds it: Linux
    keeps a blocked signal pending even while it is ignored (a build started under `nohup` or
    `trap '' INT` ignores Ctrl-C), and such a one never stops the build."""
    return any(signal.getsignal(signum) is not signal.SIG_IGN for signum in set(HELD) & signal.sigpending())


@contextlib.contextmanager
def signals_deferred(held=(signal.SIGINT, signal.SIGTERM), drop: bool = False):
    """Hold Ctrl-C (and SIGTERM) back during a step that must not be cut in half: they arrive after it,
    or, with drop, not at all (the step finished the work, so the interrupt came too late to stop it).

    Processes started meanwhile inherit the block (and never see the Ctrl-C meant for the build)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        if drop:
            for signum in set(held) & signal.sigpending():
                signal.sigwait({signum})
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def children_ignore_interrupts():
    """Processes started in the block ignore Ctrl-C from their first instruction (SIG_IGN is the one
    disposition that survives exec), so that the main process alone handles it. A Ctrl-C or SIGTERM
    that comes meanwhile is kept pending by the mask (Linux keeps a blocked signal even while it is
    ignored) and raised as soon as the block ends: never in the middle of starting a pool, which would
    leave workers that the build no longer knows to end (they then fail to open the pool's
    semaphores, unlinked as the build exits, with a traceback). The children inherit the mask:
    a worker unblocks SIGTERM first thing (unblock_termination) so that its pool can end it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    resource_tracker.ensure_running()     # it would lift the mask when it starts (see its ensure_running)
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def unblock_termination() -> None:
    """In a worker started under children_ignore_interrupts: SIGTERM (the pool ending it) acts again;
    one sent while the worker was starting ends it now."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
