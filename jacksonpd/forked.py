"""Two jobs at once: one in a forked child, the other in this process.

The build writes the package's CSVs and its database from the same rows, and neither reads the
other; for a large package :func:`both` writes one in a child while this process writes the
other. Forking (not spawning) is what makes it pay: the child inherits the rows in memory.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

__all__ = ["both"]

T = TypeVar("T")
U = TypeVar("U")


def both(first: Callable[[], T], second: Callable[[], U], *, parallel: bool) -> tuple[T, U]:
    """``first()`` and ``second()``; with ``parallel``, ``first`` runs in a forked child meanwhile.

    The child inherits this process's memory (the records are not copied or pickled) and dies
    with it: a killed build leaves no writer behind. Its exception, if any, is raised here.
    """
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        return first(), second()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run_child, args=(first, send, os.getpid()), daemon=True)
    child.start()
    send.close()
    received = False
    try:
        here = second()
        try:
            outcome, value = receive.recv()
            received = True
        except EOFError:
            msg = f"the process writing the package's files died (exit code {child.exitcode})"
            raise RuntimeError(msg) from None
    finally:
        if not received:
            child.kill()  # this process failed: the child's work is not wanted
        child.join()
        receive.close()
    if outcome == "error":
        raise value
    return value, here


def _run_child(work: Callable[[], object], send: Connection, parent: int) -> None:
    """In the forked child: die with the parent, do ``work``, send back its result or exception."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is not None:
        pr_set_pdeathsig = 1
        ctypes.CDLL(libc_name).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the line above took effect
    try:
        result: tuple[str, object] = ("ok", work())
    except BaseException as exc:  # handed to the parent, which raises it
        result = ("error", exc)
    try:
        send.send(result)
    except Exception:  # one that cannot be pickled: send what it said
        send.send(("error", RuntimeError(repr(result[1]))))
    send.close()
