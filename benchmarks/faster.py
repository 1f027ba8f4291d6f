"""What `briefing.pdf.faster` saves: editions rendered warm in one process, with the
replacements and with WeasyPrint's own code in turn, their processor times compared
and their PDFs required to be the same bytes (compressed at pydyf's level on
both sides for that).

    .venv/bin/python benchmarks/faster.py [--runs N] [EDITION ...]   # default: ja ja+ru

An edition is a locale or a pair (`ja+ru`) of the default briefing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from briefing.jobs import plan, session
from briefing.jobs.options import Options
from briefing.pdf import faster
from briefing.pdf.faster import writing
from briefing.pdf.renderer import import_weasyprint


def compare(edition: str, options: Options, runs: int) -> tuple[float, float]:
    """Median processor seconds of one render with and without the replacements."""
    job = plan.Job(*edition.split("+"))
    times: dict[bool, list[float]] = {True: [], False: []}
    pdfs: dict[bool, bytes] = {}
    for run in range(runs + 1):
        for fast in (True, False) if run % 2 else (False, True):
            faster.use(fast)
            start = time.process_time()
            files = session.render_job(job, options)
            if run:  # the first round warms both
                times[fast].append(time.process_time() - start)
    with writing.same_level():  # the bytes compared at pydyf's level, on both sides
        for fast in (True, False):
            faster.use(fast)
            files = session.render_job(job, options)
            pdfs[fast] = next(v for k, v in files.items() if k.endswith(".pdf"))
    faster.use(True)
    if pdfs[True] != pdfs[False]:
        raise SystemExit(f"{edition}: the replacements change the PDF")
    return statistics.median(times[True]), statistics.median(times[False])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("editions", nargs="*", default=["ja", "ja+ru"])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    import_weasyprint()
    if not faster.install():
        raise SystemExit(f"the replacements are not in use (releases {faster.RELEASES}, "
                         f"{faster.AS_IS} set?)")
    with tempfile.TemporaryDirectory() as tmp:
        options = Options(out=Path(tmp), formats=("pdf",), workers=1)
        for edition in args.editions:
            fast, slow = compare(edition, options, args.runs)
            print(f"{edition}: {fast:.3f} s with, {slow:.3f} s without: {fast / slow:.2f}×, "
                  "same bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
