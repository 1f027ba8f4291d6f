"""A time limit on Python work in any thread: a user's template that never ends.

A template is a program, and one from a user can loop for ever (two nested loops
over a long range are enough). A render runs in a build worker's main thread or in
one of the preview's request threads, so a signal (which only the main thread
receives) cannot stop it. Instead one watchdog thread per process raises
`TimeLimitExceeded` in the late thread through `PyThreadState_SetAsyncExc`, Python's
way of raising an exception in another thread: it arrives between two bytecodes, as
Ctrl-C does, so a template's loops stop and `finally` blocks and `with` statements
unwind as usual. (A single long call into C, such as one huge string operation, is
only interrupted when it returns.)

The watchdog is one thread however many renders run; a forked worker process starts
its own the first time it needs one.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(Exception):  # noqa: N818 - reads as what happened
    """Raised inside the work that took too long.

    An `Exception`, so that Jinja maps it to the template's line as it does any error
    of a running template; the caller turns it into an error that names the limit."""


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Make `exc` arrive in the thread at its next bytecode (None: withdraw it)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc) if exc else None)


class _Watchdog:
    """The deadlines of this process's limited threads, and the one thread that
    enforces them."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.cond = threading.Condition()
        self.deadlines: dict[int, tuple[float, int]] = {}  # thread -> (deadline, token)
        self.tokens = itertools.count()
        self.fired: set[int] = set()  # tokens whose exception was sent
        self.thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        with self.cond:
            token = next(self.tokens)
            self.deadlines[threading.get_ident()] = (time.monotonic() + seconds, token)
            if self.thread is None:
                self.thread = threading.Thread(target=self._watch, name="briefing-deadline",
                                               daemon=True)
                self.thread.start()
            self.cond.notify()
            return token

    def disarm(self, token: int) -> None:
        ident = threading.get_ident()
        with self.cond:
            if self.deadlines.get(ident, (0.0, -1))[1] == token:
                del self.deadlines[ident]
            if token in self.fired:
                self.fired.discard(token)
                _raise_in(ident, None)  # sent but perhaps not arrived: the work is over

    def _watch(self) -> None:
        with self.cond:
            while True:
                now = time.monotonic()
                for ident, (deadline, token) in list(self.deadlines.items()):
                    if deadline <= now:
                        del self.deadlines[ident]
                        self.fired.add(token)
                        _raise_in(ident, TimeLimitExceeded)
                soonest = min((d for d, _ in self.deadlines.values()), default=None)
                self.cond.wait(None if soonest is None else max(soonest - now, 0.001))


_watchdog: _Watchdog | None = None
_creating = threading.Lock()


def _current() -> _Watchdog:
    global _watchdog
    with _creating:
        if _watchdog is None or _watchdog.pid != os.getpid():
            _watchdog = _Watchdog()  # a forked child has none of its parent's threads
        return _watchdog


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `TimeLimitExceeded` in this thread if the block runs longer than `seconds`.
    A limit already running in this thread stays the one that counts."""
    watchdog = _current()
    if threading.get_ident() in watchdog.deadlines:
        yield
        return
    token = watchdog.arm(seconds)
    try:
        yield
    finally:
        watchdog.disarm(token)
