"""External programs started by sohoa, owned: each runs in its own process group, is known to
this module while it runs, and is stopped (with whatever it started) on a timeout or when the
caller is interrupted. Nothing outside is hunted down or signalled.
"""
from __future__ import annotations

import os
import signal
import subprocess
import threading
from dataclasses import dataclass

_LIVE: set[subprocess.Popen] = set()
_LOCK = threading.Lock()
# Set by ``stop_all`` (Ctrl-C): the page threads still running go on to their next step, and a
# program they started then would run to its timeout while the interpreter waits for them at exit
# (a hanging Tesseract held `sohoa run` past 60 s after Ctrl-C, under load). Cleared by ``resume``
# when a new document is begun.
_STOPPED = threading.Event()

# Tesseract's OpenMP threads fight each other on small machines: on 2 cores one page took 13 s
# with the default and 1.5 s with one thread; sohoa's parallelism comes from pages. Set in the
# child's environment only, never in the caller's.
TOOL_ENV = {"OMP_THREAD_LIMIT": "1"}


@dataclass
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes


class Timeout(Exception):
    pass


class Stopped(KeyboardInterrupt):
    """Not started: sohoa was interrupted (``stop_all``) and is stopping. A KeyboardInterrupt, so
    that a page thread still running ends as the interrupted main thread does (no page error, no
    "internal error" logged)."""


def run(args: list[str], timeout: float, env: dict[str, str] | None = None) -> Result:
    """Run ``args`` to the end (or ``timeout`` seconds) and return its exit status and output.
    FileNotFoundError when the program does not exist, ``Timeout`` when it did not finish."""
    full_env = dict(os.environ)
    full_env.update(TOOL_ENV)
    if env:
        full_env.update(env)
    if _STOPPED.is_set():
        raise Stopped(f"{args[0]} not started: interrupted")
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env=full_env, start_new_session=True)
    with _LOCK:
        _LIVE.add(proc)
        if _STOPPED.is_set():  # stop_all ran while it was starting
            _kill(proc)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        proc.communicate()
        raise Timeout(f"{args[0]} did not finish within {timeout:g} s") from None
    except BaseException:  # Ctrl-C in this thread: the program must not outlive the call
        _kill(proc)
        raise
    finally:
        with _LOCK:
            _LIVE.discard(proc)
    return Result(proc.returncode, out, err)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass


def stop_all() -> int:
    """Kill every program this process started through ``run`` that is still running (called on
    Ctrl-C, while other threads wait on them), and start none until ``resume``; returns how many."""
    with _LOCK:
        _STOPPED.set()
        live = list(_LIVE)
    for proc in live:
        _kill(proc)
    return len(live)


def resume() -> None:
    """Programs may be started again (a new document after an interrupted one, in one process)."""
    _STOPPED.clear()
