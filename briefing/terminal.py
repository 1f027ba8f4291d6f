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

_received = False


def _on_interrupt(signum: int, frame: object) -> None:
    global _received
    _received = True
    raise KeyboardInterrupt  # as Python's own handler does


def interrupted() -> bool:
    """Whether Ctrl-C came while `interrupts_remembered()` was in force."""
    return _received


@contextmanager
def interrupts_remembered() -> Iterator[None]:
    """Python's SIGINT handler, remembering that it was called; restored on exit. Left
    alone where another handler is installed or off the main thread."""
    global _received
    _received = False
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    signal.signal(signal.SIGINT, _on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


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
