"""What draws a map, as part of the keys of what is kept between builds (the land on
the page, the inset, a whole drawn map): this package's code, the land data shipped
with it, and the versions of the libraries that project, cut and simplify (pyproj
with PROJ, shapely with GEOS, numpy). Worked out without loading those libraries,
so that a drawn map read back from the cache needs none of them."""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

LIBRARIES = ("shapely", "pyproj", "numpy")


@functools.cache
def map_code() -> str:
    folder = Path(__file__).parent
    digest = hashlib.sha256()
    for path in [*sorted(folder.glob("*.py")), *sorted((folder / "land").glob("*.gz"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    versions = []
    for library in LIBRARIES:
        try:
            versions.append(f"{library} {metadata.version(library)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{library} ?")
    return " ".join([digest.hexdigest(), *versions])
