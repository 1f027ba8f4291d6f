"""What builds keep for the next in the cache folder (`briefing.cachefiles`): compiled
templates, parsed hyphenation patterns and cut fonts. A build that reads them back
does none of that work again and writes the same bytes; a damaged file is made
again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyphen  # type: ignore[import-untyped]
import pytest

from briefing import cachefiles
from briefing.pdf.hyphenation import pyphen_patterns, read_patterns

ROOT = Path(__file__).resolve().parent.parent

COUNTED_BUILD = """
import json, sys
import jinja2, pyphen, uharfbuzz
counts = {"templates compiled": 0, "patterns parsed": 0, "fonts cut": 0,
          "map libraries loaded": 0}

def counted(owner, name, what):
    original = getattr(owner, name)
    def call(*args, **kwargs):
        counts[what] += 1
        return original(*args, **kwargs)
    setattr(owner, name, call)

counted(jinja2.Environment, "compile", "templates compiled")
counted(pyphen.HyphDict, "__init__", "patterns parsed")
counted(uharfbuzz, "subset", "fonts cut")
from briefing.cli import main
status = main(sys.argv[1:])
counts["map libraries loaded"] = sum(name in sys.modules for name in ("shapely", "pyproj"))
print(json.dumps(counts))
sys.exit(status)
"""


def counted_build(out: Path, cache: Path) -> dict[str, int]:
    """A build of the Russian edition in a process of its own (one worker), and how
    many templates, patterns and fonts it had to make, and whether it loaded the
    libraries that draw a map."""
    done = subprocess.run(
        [sys.executable, "-c", COUNTED_BUILD, "build", "--locale", "ru", "--bilingual",
         "none", "--format", "html,pdf", "--jobs", "1", "--out", str(out), "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)})
    assert done.returncode == 0, done.stderr
    counts: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return counts


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def test_a_build_reads_back_what_the_last_one_prepared(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = counted_build(tmp_path / "first", cache)
    assert all(first.values()), first  # nothing kept yet: everything made
    prepared = cache / "briefing" / "prepared"
    kept = sorted([*prepared.iterdir(), *(cache / "briefing" / "map").iterdir()])
    assert kept
    assert all(oct(p.stat().st_mode)[-3:] == "600" for p in kept)  # the user's alone
    assert oct(prepared.stat().st_mode)[-3:] == "700"

    second = counted_build(tmp_path / "second", cache)
    assert second == {"templates compiled": 0, "patterns parsed": 0, "fonts cut": 0,
                      "map libraries loaded": 0}  # the map read back, drawn by none
    made = outputs(tmp_path / "first")
    assert {"ru/briefing.pdf", "ru/briefing.html"} <= set(made)
    assert outputs(tmp_path / "second") == made

    for path in kept:  # damaged: one byte changed in each file
        data = bytearray(path.read_bytes())
        data[-1] ^= 0xFF
        path.write_bytes(bytes(data))
    third = counted_build(tmp_path / "third", cache)
    assert third == first  # every damaged file made again, none used
    assert outputs(tmp_path / "third") == made


@pytest.fixture
def kept_in(tmp_path: Path) -> Iterator[Path]:
    """This process keeps what it prepares in `tmp_path` while the test runs."""
    before = cachefiles.folder
    cachefiles.use(tmp_path)
    yield tmp_path
    cachefiles.use(before)


def test_patterns_are_kept_and_read_back_equal(kept_in: Path) -> None:
    path = pyphen.LANGUAGES["ru_RU"]
    parsed = read_patterns(path, pyphen_patterns())
    assert len(list(kept_in.iterdir())) == 1

    class Refused(pyphen_patterns()):  # type: ignore[misc]
        def __init__(self, path: Path) -> None:
            raise AssertionError("parsed again")

    read = read_patterns(path, Refused)
    assert read.patterns == parsed.patterns and read.maxlen == parsed.maxlen
    assert read.positions("гиперпереносы") == parsed.positions("гиперпереносы")


def test_patterns_with_alternative_spellings_are_parsed_each_time(kept_in: Path) -> None:
    """Hungarian patterns hold Pyphen's own objects, which `marshal` cannot keep."""
    path = pyphen.LANGUAGES["hu_HU"]
    read = read_patterns(path, pyphen_patterns())
    assert not list(kept_in.iterdir())
    assert read.positions("asszonnyal") == pyphen_patterns()(path).positions("asszonnyal")


def test_a_full_folder_loses_the_files_used_longest_ago(tmp_path: Path) -> None:
    names = [cachefiles.key("test", str(n)) for n in range(8)]
    for age, name in enumerate(names):
        cachefiles.write(tmp_path, name, os.urandom(1000))  # incompressible: 1 KB each
        os.utime(tmp_path / name, ns=(age * 10**9, age * 10**9))
    assert cachefiles.read(tmp_path, names[0]) is not None  # the oldest, used now
    cachefiles.trim(tmp_path, limit=6000)  # 8 files of about 1 KB: over the limit
    kept = {p.name for p in tmp_path.iterdir()}
    assert names[0] in kept and names[7] in kept
    assert names[1] not in kept and names[2] not in kept
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) <= 6000 * 3 // 4
    cachefiles.trim(tmp_path, limit=6000)  # under the limit: nothing more goes
    assert {p.name for p in tmp_path.iterdir()} == kept


def test_a_drawn_map_is_named_by_its_fonts_and_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """A map kept in the cache is used only by a build that would draw it the same:
    another font for its words, or other map code, and it is drawn again."""
    from briefing.jobs.options import Options
    from briefing.jobs.session import _edition, _extras, session
    from briefing.map import textwidth
    from briefing.render import figures

    options = Options(out=Path("unused"))
    edition = _edition(session(options), "ru", options)
    names: list[str] = []
    kept_name = figures._kept_name
    monkeypatch.setattr(figures, "_kept_name", lambda *a: names.append(kept_name(*a)) or names[-1])

    def drawn() -> str:
        figures._DRAWN.clear()
        _extras(session(options), [edition], options)
        return names[-1]

    first = drawn()
    assert drawn() == first  # the same inputs, the same name
    match = textwidth._match

    def other_file(pattern: str) -> textwidth._Font:
        font = match(pattern)
        return replace(font, file=str(ROOT / "README.md")) if "Sans" in font.family else font

    monkeypatch.setattr(textwidth, "_match", other_file)
    assert drawn() != first
    monkeypatch.setattr(textwidth, "_match", match)
    monkeypatch.setattr(figures, "map_code", lambda: "other code")
    assert drawn() != first
