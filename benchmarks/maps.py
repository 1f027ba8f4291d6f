"""Maps: what a region costs the first time (cut from the world's land) and after (read
from the cache), and what the land data weighs.

    .venv/bin/python benchmarks/maps.py [--runs N]     # also a part of benchmarks/run.py

Each map is drawn in a fresh process, as a build's first edition would draw it; the time
is the drawing's alone (the imports are not counted).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
Row = tuple[str, str, str, str, str]

REGIONS = {
    "Chukotka, across 180°": "GeoBox(168.0, 194.0, 62.0, 68.0)",
    "Svalbard, near the pole": "GeoBox(8.0, 35.0, 76.0, 81.0)",
    "Japan, country-sized": "GeoBox(128.0, 146.0, 30.0, 46.0)",
}

DRAW = """
import json, sys, time
from pathlib import Path
from briefing.map.data import MapLabel, MapSpec, MapText
from briefing.map.draw import draw_map
from briefing.map.region import GeoBox
region = eval(sys.argv[2])
text = MapText("Map", "A map", lambda v, h: f"{v:g}°{h}", lambda km: f"{km:g} km", "en")
label = MapLabel("", "A place", *region.centre, "en", marker=True)
start = time.perf_counter()
svg = draw_map(MapSpec(region), [label], text, cache=Path(sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - start, "bytes": len(svg.encode())}))
"""


def draw(cache: Path, region: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", DRAW, str(cache), region], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def maps(work: Path, runs: int) -> list[Row]:
    cold, cached, sizes = [], [], []
    for n in range(runs):
        for region in REGIONS.values():
            cache = work / f"map-cache-{n}"
            cold.append(draw(cache, region)["seconds"])
            again = draw(cache, region)
            cached.append(again["seconds"])
            sizes.append(again["bytes"])
    from briefing.map.land import LAND_FILE

    names = ", ".join(REGIONS)
    return [
        ("map of a new region (cut, fresh process)", f"{statistics.median(cold):.2f} s",
         names, "", "≤ 5 s"),
        ("the same map again (cache, fresh process)", f"{statistics.median(cached):.2f} s",
         "", "", "≤ 1 s"),
        ("map size (SVG)", f"{max(sizes) / 1000:.0f} KB at most", "", "", "≤ 100 KB"),
        ("land data shipped", f"{LAND_FILE.stat().st_size / 1000:.0f} KB", "", "", "≤ 3 MB"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for row in maps(Path(tmp), args.runs):
            print(" | ".join(cell for cell in row if cell))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
