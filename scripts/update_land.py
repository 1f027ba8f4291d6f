"""Replace the land data the maps ship with another release of world-atlas.

What it reads
    ``land-10m.json`` from the npm package ``world-atlas`` (version 2.x): Natural
    Earth's 1:10m land polygons (public domain) as TopoJSON. Fetch the package with
    the ordinary npm client into a scratch folder outside the project::

        mkdir -p /tmp/world-atlas && cd /tmp/world-atlas && npm pack world-atlas@2
        tar xzf world-atlas-*.tgz    # gives package/land-10m.json and package/LICENSE

What it writes
    ``briefing/map/land/land-10m.json.gz``: the file gzipped (level 9, no name or time
    in the header, so the same input gives the same bytes), and
    ``briefing/map/land/LICENSE-world-atlas.txt``: the package's licence. It prints
    both files' SHA-256, for the commit message. Update ``SOURCE`` and ``CUT_VERSION``
    in ``briefing/map/land.py`` when the release changes (the cache keys include the
    data's hash, so old cuts are not reused either way).

How to run it (from the repository root)::

    python scripts/update_land.py /tmp/world-atlas/package
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pathlib

TARGET = pathlib.Path(__file__).resolve().parent.parent / "briefing" / "map" / "land"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=pathlib.Path, help="the unpacked world-atlas package")
    args = parser.parse_args()
    raw = (args.package / "land-10m.json").read_bytes()
    topo = json.loads(raw)
    if topo.get("type") != "Topology" or "land" not in topo.get("objects", {}):
        raise SystemExit("not world-atlas's land TopoJSON: expected a Topology with 'land'")
    packed = gzip.compress(raw, compresslevel=9, mtime=0)
    (TARGET / "land-10m.json.gz").write_bytes(packed)
    licence = (args.package / "LICENSE").read_bytes()
    (TARGET / "LICENSE-world-atlas.txt").write_bytes(licence)
    print(f"land-10m.json     {hashlib.sha256(raw).hexdigest()}  {len(raw):,} bytes")
    print(f"land-10m.json.gz  {hashlib.sha256(packed).hexdigest()}  {len(packed):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
