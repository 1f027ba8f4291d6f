"""fontTools' subsetter and variable-font instancer are imported when first used, not
as WeasyPrint is imported (`briefing.pdf.deferred`): a PDF of a static font needs
neither, and either works as the real module once used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

CHECK = """
import json, sys
from briefing.cli import main
status = main(["build", "--locale", "ja", "--bilingual", "none", "--format", "pdf",
               "--jobs", "1", "--out", sys.argv[1], "-q"])
found = {"status": status,
         "subset deferred": type(sys.modules["fontTools.subset"]).__name__ == "_Deferred",
         "varLib imported": "fontTools.varLib" in sys.modules}
import weasyprint.pdf.fonts as fonts
from fontTools import ttLib
found["subsetter"] = fonts.subset.Subsetter.__module__
try:
    fonts.instantiateVariableFont(ttLib.TTFont(sys.argv[2]), {"wght": 400}, static=True)
except ValueError as exc:
    found["instancer"] = str(exc)
found["tables patched"] = hasattr(ttLib.getTableClass("GSUB"), "prune_lookups")
print(json.dumps(found))
"""


def test_imported_when_used(tmp_path: Path) -> None:
    static = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans"], capture_output=True,
                            text=True, check=True).stdout  # a font of fixed axes
    done = subprocess.run([sys.executable, "-c", CHECK, str(tmp_path), static], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["status"] == 0
    assert found["subset deferred"] and not found["varLib imported"]  # a whole PDF made
    assert found["subsetter"] == "fontTools.subset"  # the real one, once asked for
    assert found["instancer"] == "Missing required table fvar"  # the real function ran
    assert found["tables patched"]  # what the instancer needs of the subsetter's import
