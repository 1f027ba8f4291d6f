"""How long each edition took when it was last built into a folder: the order in which
the next build starts them (longest first, so that the workers finish together).

Timings differ from run to run, so they are kept in a cache folder (the command
line's is the user's cache folder), never in the output folder: a build's output,
its manifest included, is the same byte for byte whatever the machine's speed.
Losing them costs the next build its order, nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.jobs.plan import Job


@dataclass
class Timings:
    """Seconds per edition name, for one output folder."""

    path: Path | None
    seconds: dict[str, float] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path, cache: Path | None) -> Timings:
        if cache is None:
            return cls(None)
        key = hashlib.sha256(os.fsencode(out.resolve())).hexdigest()[:24]
        path = cache / f"timings-{key}.json"
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found = {}
        seconds = {str(k): float(v) for k, v in found.items()
                   if isinstance(v, int | float) and v >= 0} if isinstance(found, dict) else {}
        return cls(path, seconds)

    def longest_first(self, jobs: Sequence[Job]) -> list[Job]:
        """The jobs ordered by the time each took last, longest first; a job not timed
        yet keeps its place at the front."""
        known = [j for j in jobs if j.name in self.seconds]
        return ([j for j in jobs if j not in known]
                + sorted(known, key=lambda j: -self.seconds[j.name]))

    def record(self, seconds: Mapping[str, float]) -> None:
        self.seconds.update({name: round(value, 2) for name, value in seconds.items()})

    def save(self) -> None:
        """Best effort: a cache that cannot be written is only a slower next build."""
        if self.path is None:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=".timings.", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(self.seconds, handle, sort_keys=True)
                os.replace(name, self.path)
            finally:
                Path(name).unlink(missing_ok=True)


def default_cache() -> Path:
    """The user's cache folder for briefing (~/.cache/briefing on Linux), where the
    maps' land is kept too."""
    import platformdirs

    return platformdirs.user_cache_path("briefing")
