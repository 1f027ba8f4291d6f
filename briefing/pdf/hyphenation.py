"""Hyphenation patterns parsed once per machine, not once per process.

WeasyPrint hyphenates with Pyphen, which parses a language's pattern file the first
time a process meets the language: 50 ms for English, half a second for German, in
every build worker and for every build. The parsed patterns (a dict of strings to
numbers) are kept in the cache folder (`cachefiles`) under a key made of Pyphen's
version and the pattern file's path, size and time, and read back with `marshal`,
which holds data only: 4 ms for English, 30 ms for German.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from briefing import cachefiles

FORMAT = "1"
"""Part of every key: raise it when what is stored changes."""

_parse: Any = None
"""Pyphen's own `HyphDict` class, once `install` has put `patterns` in its place."""


def install() -> None:
    """Pyphen reads patterns through `patterns` from now on (once per process)."""
    global _parse
    if _parse is not None:
        return
    import pyphen  # type: ignore[import-untyped]

    _parse = pyphen.HyphDict

    def patterns(path: Path) -> Any:
        return read_patterns(Path(path), _parse)

    pyphen.HyphDict = patterns


def pyphen_patterns() -> Any:
    """Pyphen's own class of parsed patterns, installed or not."""
    import pyphen

    return _parse or pyphen.HyphDict


def read_patterns(path: Path, parse: Any) -> Any:
    """Pyphen's `HyphDict` for `path`: read from the cache folder, or parsed by `parse`
    (Pyphen's own class) and stored there."""
    import pyphen

    def load(kept: bytes) -> Any:
        found = marshal.loads(kept)
        if not isinstance(found, dict) or not found:
            return None
        patterns = parse.__new__(parse)
        patterns.patterns = found
        patterns.cache = {}
        patterns.maxlen = max(len(key) for key in found)
        return patterns

    # marshal refuses (ValueError) patterns with alternative spellings (Hungarian,
    # Dutch), which hold objects of Pyphen's: those are parsed each time.
    return cachefiles.remembered(
        cachefiles.folder,
        cachefiles.key("hyphenation", FORMAT, pyphen.__version__, cachefiles.file_key(path)),
        lambda: parse(path), lambda patterns: marshal.dumps(patterns.patterns), load)
