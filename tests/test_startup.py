"""WeasyPrint's import without find_library's subprocesses, and its fallback."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import ctypes.util, json, subprocess, sys
started = []
popen_init = subprocess.Popen.__init__
def counting(self, args, *rest, **kwargs):
    started.append(args)
    popen_init(self, args, *rest, **kwargs)
subprocess.Popen.__init__ = counting
original = ctypes.util.find_library
{setup}
from briefing.pdf.renderer import import_weasyprint
import_weasyprint()
import weasyprint.text.ffi as ffi
print(json.dumps({{"started": len(started), "restored": ctypes.util.find_library is original,
                  "pango": ffi.pango.pango_units_from_double(1) == 1024}}))
"""

SONAMES_ONLY_THROUGH_FIND_LIBRARY = """
import cffi.api
found = set()
def find(name, real=ctypes.util.find_library):
    path = real(name)
    found.add(path)
    return path
ctypes.util.find_library = original = find
load = cffi.api._load_backend_lib
def only_found(backend, name, flags):
    # A system whose libraries only find_library can locate: a name loads only once
    # find_library has given it.
    if isinstance(name, str) and '/' not in name and name not in found:
        path = ctypes.util.find_library(name)
        if path is None:
            raise OSError(name)
        name = path
    return backend.load_library(name, flags)
cffi.api._load_backend_lib = only_found
"""


def probe(setup: str = "") -> tuple[dict[str, object], str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(setup=setup)],
                          capture_output=True, text=True, check=True)
    *printed, result = done.stdout.strip().splitlines()
    return json.loads(result), "\n".join(printed)


def test_weasyprint_loads_without_starting_a_process() -> None:
    result, printed = probe()
    assert result == {"started": 0, "restored": True, "pango": True}
    assert printed == ""


def test_weasyprint_still_loads_where_only_find_library_finds_the_libraries() -> None:
    result, printed = probe(SONAMES_ONLY_THROUGH_FIND_LIBRARY)
    assert result["restored"] is True
    assert result["pango"] is True
    assert result["started"] != 0  # find_library's own processes: the ordinary import ran
    assert printed == ""  # WeasyPrint's installation hint stays hidden
