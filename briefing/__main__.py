"""`python -m briefing` and the `briefing` command: Ctrl-C handled from the first line."""

from __future__ import annotations

import signal
import sys
from typing import NoReturn


class Interrupted(KeyboardInterrupt):
    """Ctrl-C in the command. Its own class: CPython remembers a KeyboardInterrupt that
    ran through certain of its own frames (a module run with -m) even when the command
    caught it, and then ends the process by SIGINT at exit, so that the status was
    -2 instead of 130."""


def _interrupted(signum: int, frame: object) -> None:
    raise Interrupted


def run() -> NoReturn:
    """The command: Ctrl-C stops it with one line and status 130 at any moment, the
    imports included (they take a good part of a second)."""
    signal.signal(signal.SIGINT, _interrupted)
    try:
        from briefing.cli import entry
    except KeyboardInterrupt:
        sys.stderr.write("briefing: interrupted\n")
        sys.exit(130)
    entry()


if __name__ == "__main__":
    run()
