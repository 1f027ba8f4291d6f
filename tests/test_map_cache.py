"""The land a map shows is cut once per region, and put on the page once per frame:
later builds read both back (without decoding the world's land at all), and a damaged
cache is cut again, never used."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

DRAW = """
import json, logging, sys
from pathlib import Path
logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
from briefing.map import land
from briefing.map.data import MapLabel, MapSpec, MapText
from briefing.map.draw import draw_map
from briefing.map.region import GeoBox
import briefing.map.draw, briefing.map.inset
projected = 0
def counted(original):
    def project(*args):
        global projected
        projected += 1
        return original(*args)
    return project
for module in (briefing.map.draw, briefing.map.inset):
    module.land_on_page = counted(module.land_on_page)
svg = draw_map(MapSpec(GeoBox(14.15, 14.6, 35.78, 36.1)),
               [MapLabel("malta", "Malta", 14.44, 35.89, "en")],
               MapText("Malta", "A map", lambda v, h: f"{v:g}°{h}", lambda km: f"{km:g} km",
                       "en"), cache=Path(sys.argv[1]))
print(json.dumps({"svg": svg, "decoded": land._world.cache_info().currsize,
                  "projected": projected}))
"""


def draw(cache: Path) -> tuple[str, int, str]:
    """The map drawn in a fresh process: its SVG, whether the world's land was decoded
    (and projected on the page: the map's, the inset's), and what it logged."""
    done = subprocess.run([sys.executable, "-c", DRAW, str(cache)], capture_output=True,
                          text=True, check=True, timeout=300)
    result = json.loads(done.stdout)
    assert result["projected"] == 2 * result["decoded"]
    return result["svg"], result["decoded"], done.stderr


def test_a_second_build_reads_the_cut_back(tmp_path: Path) -> None:
    first, decoded, _ = draw(tmp_path)
    assert decoded == 1
    kept = sorted(tmp_path.iterdir())
    assert len(kept) == 4  # the map's land and the inset's, cut, then on the page
    files = [p.stat().st_ino for p in kept]  # a file written again is a new file
    second, decoded, logged = draw(tmp_path)
    assert decoded == 0  # read back: the world's land was not even decoded, nor projected
    assert second == first
    assert [p.stat().st_ino for p in sorted(tmp_path.iterdir())] == files
    assert logged == ""


def test_the_cache_holds_the_same_bytes_whoever_cut_it(tmp_path: Path) -> None:
    draw(tmp_path / "a")
    draw(tmp_path / "b")
    a, b = sorted((tmp_path / "a").iterdir()), sorted((tmp_path / "b").iterdir())
    assert [p.name for p in a] == [p.name for p in b]
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_a_damaged_cache_is_cut_again(tmp_path: Path) -> None:
    first, _, _ = draw(tmp_path)
    for kept in tmp_path.iterdir():
        data = bytearray(kept.read_bytes())
        data[-10] ^= 0xFF
        kept.write_bytes(bytes(data))
    second, decoded, logged = draw(tmp_path)
    assert decoded == 1 and second == first
    assert "is damaged; making it again" in logged
    third, decoded, _ = draw(tmp_path)  # and the cut is stored again, whole
    assert decoded == 0 and third == first


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    first, decoded, logged = draw(blocked / "cache")
    assert decoded == 1 and "<svg" in first
    assert "Traceback" not in logged


def test_a_kept_map_says_again_what_drawing_it_said(tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A map read back from the cache repeats its drawing's warnings (a label left out):
    the problem is told at every build until the content changes, not at the first."""
    from briefing.map.data import MapLabel, MapSpec, MapText
    from briefing.map.region import GeoBox
    from briefing.render import figures

    spec = MapSpec(GeoBox(14.15, 14.6, 35.78, 36.1))
    labels = [MapLabel("malta", "Malta", 14.44, 35.89, "en"),
              MapLabel("sicily", "Sicily", 14.0, 37.5, "en")]  # beyond the frame
    text = MapText("Malta", "A map", lambda v, h: f"{v:g}°{h}", lambda km: f"{km:g} km", "en")
    key = (spec, tuple(labels), "test-", tmp_path)
    said = []
    for time in range(2):
        if time:  # the second time, read back, not drawn
            monkeypatch.setattr("briefing.map.draw.draw_map", None)
        figures._DRAWN.clear()
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="briefing.map"):
            svg = figures._drawn(key, spec, labels, text)
        said.append(([r.getMessage() for r in caplog.records if r.name.startswith("briefing.map")],
                     str(svg)))
    assert said[0][0] == ["map: 'Sicily' lies outside the map's frame; it is not labelled"]
    assert said[1] == said[0]  # read back: the same map, the same warning
    assert any(p.name for p in tmp_path.iterdir())
