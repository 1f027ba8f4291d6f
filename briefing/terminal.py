"""What the command line shows while it works, and how it hears Ctrl-C.

Ctrl-C is remembered: whatever the KeyboardInterrupt becomes on its way up (an
extension module being imported at that moment turns it into an ImportError), the
command line can still tell the user they stopped it, instead of printing a traceback."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_received = False


def interrupted() -> bool:
    """Whether Ctrl-C came while `interrupts_remembered()` was in force."""
    return _received


@contextmanager
def interrupts_remembered() -> Iterator[None]:
    """The SIGINT handler in force (Python's own, or the one `python -m briefing`
    installs before its imports) made to remember that it was called, then to do what
    it does (raise); restored on exit. Left alone off the main thread, and where
    Ctrl-C is ignored or has the system's default."""
    global _received
    _received = False
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or not callable(previous):
        yield
        return

    def remember(signum: int, frame: FrameType | None) -> None:
        global _received
        _received = True
        previous(signum, frame)

    signal.signal(signal.SIGINT, remember)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C held back while the C libraries' Python modules are imported, and
    delivered as the block ends. Some print the interrupt's traceback themselves when
    it lands inside their initialisation (numpy's, then the interrupt goes on), which
    no handler can take back. Left alone off the main thread and where the system
    cannot hold a signal."""
    if threading.current_thread() is not threading.main_thread() or \
            not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class Progress:
    """A line per finished edition once a build has taken over a second (the editions
    finished before that are reported then); on a terminal each line replaces the
    last, elsewhere each is a plain line of its own. A build under a second is quiet."""

    quiet_under = 1.0
    """Seconds a build runs before it reports."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.tty = sys.stderr.isatty()
        self.waiting: list[str] = []

    def __call__(self, name: str, done: int, total: int) -> None:
        self.waiting.append(f"[{done}/{total}] {name}")
        elapsed = time.monotonic() - self.start
        if elapsed < self.quiet_under:
            return
        for line in self.waiting:
            line = f"{line} ({elapsed:.1f} s)"
            if self.tty:
                print(f"\r\033[K{line}", end="\n" if done == total else "", file=sys.stderr,
                      flush=True)
            else:
                print(line, file=sys.stderr, flush=True)
        self.waiting.clear()
