"""The performance benchmark: every target of the project, measured in one run.

    make bench            # or: .venv/bin/python benchmarks/run.py [--runs N]

It prints one table: each measurement, what it is compared with, the ratio and
the target. Medians of several runs; the machine is recorded at the top. This is
not a test: the machines are shared and noisy, so read the figures, do not gate on
them.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.baseline import baseline_content  # noqa: E402
from benchmarks.faster import compare as compare_faster  # noqa: E402
from benchmarks.fonts import measure as font_measure  # noqa: E402
from benchmarks.maps import maps  # noqa: E402
from benchmarks.typstdoc import typst_source  # noqa: E402
from briefing.jobs import plan as _plan  # noqa: E402
from briefing.jobs import session as _session  # noqa: E402
from briefing.jobs.options import Options  # noqa: E402
from briefing.serve import Preview  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BRIEFING = [sys.executable, "-m", "briefing"]
Row = tuple[str, str, str, str, str]


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_medians(*actions: Callable[[], object], runs: int) -> list[float]:
    """Each timed in turn, run after run, so that a machine that slows down or speeds
    up during the benchmark does not favour either side of a ratio."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, taken in zip(actions, times, strict=True):
            taken.append(median_time(action, 1))
    return [statistics.median(taken) for taken in times]


def cli(*args: str, cache: Path | None = None) -> None:
    """The command, as a user runs it; `cache`: another cache folder than the user's."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)} if cache else None
    subprocess.run([*BRIEFING, *args, "-q"], check=True, cwd=ROOT, env=env)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import weasyprint

    return (f"{platform.node()}: {cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; "
            f"{platform.platform()}; Python {platform.python_version()}; "
            f"WeasyPrint {weasyprint.__version__}")


def whole_build(work: Path, runs: int) -> list[Row]:
    out = work / "dist"
    cli("build", "--out", str(out), "--force")
    pages = sorted(out.glob("*/briefing.html"))

    def chromium() -> None:
        for page in pages:
            subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-first-run", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={work / 'chromium-profile'}",
                            "--no-pdf-header-footer", f"--print-to-pdf={work / 'c.pdf'}",
                            page.as_uri()], check=True, capture_output=True)

    def cold() -> None:
        """A build on a machine where none has run: nothing kept in the cache folder."""
        cli("build", "--out", str(out), "--force", cache=Path(tempfile.mkdtemp(dir=work)))

    chromium()  # its profile folder is made once, outside the timings
    ours, theirs, first = paired_medians(
        lambda: cli("build", "--out", str(out), "--force"), chromium, cold, runs=runs)
    compared = f"chromium --print-to-pdf of the same {len(pages)} pages: {theirs:.2f} s"
    return [("whole build (all editions, HTML+PDF)", f"{ours:.2f} s", compared,
             f"{ours / theirs:.2f}×", "≤ 0.4×"),
            ("the same, the cache folder empty (land cut, templates compiled, ...)",
             f"{first:.2f} s", compared, f"{first / theirs:.2f}×", "")]


def no_change(work: Path, runs: int) -> list[Row]:
    out = work / "dist"
    cli("build", "--out", str(out))
    took = median_time(lambda: cli("build", "--out", str(out)), runs)
    return [("no-change rebuild (CLI, wall)", f"{took:.2f} s", "", "", "≤ 0.3 s")]


def one_pdf(work: Path, runs: int) -> list[Row]:
    import typst

    options = Options(out=work / "one", formats=("pdf",), workers=1)
    job = _plan.Job("ja")
    _session.render_job(job, options)  # warm: imports, fonts, parsed CSS
    ours_pdf = b""

    def render() -> None:
        nonlocal ours_pdf
        ours_pdf = _session.render_job(job, options)["ja/briefing.pdf"]

    html = ours_html(options)
    source = work / "ja.typ"
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    (work / "map.svg").write_text(svg[0] if svg else "", encoding="utf-8")
    source.write_text(typst_source(_session.session(options).content, "ja",
                                   "map.svg" if svg else None), encoding="utf-8")
    typst.compile(str(source))  # warm its font book too
    typst_pdf = b""

    def compile_typst() -> None:
        nonlocal typst_pdf
        typst_pdf = typst.compile(str(source))

    floor = plain_text_render(options, html, paragraphs=True)
    text = plain_text_render(options, html, paragraphs=False)
    untagged = replace(options, pdf_variant=None, out=work / "untagged")
    mapless = replace(options, content=without_maps(work), out=work / "mapless")
    for warm in (floor, text, lambda: _session.render_job(job, untagged),
                 lambda: _session.render_job(job, mapless)):
        warm()
    ours, theirs, least, words, no_tags, no_map = paired_medians(
        render, compile_typst, floor, text, lambda: _session.render_job(job, untagged),
        lambda: _session.render_job(job, mapless), runs=runs)
    (work / "ours-ja.pdf").write_bytes(ours_pdf)
    (work / "typst-ja.pdf").write_bytes(typst_pdf)
    return [("one Japanese PDF, warm process", f"{ours:.2f} s",
             f"typst (Python package) on the same text: {theirs:.2f} s",
             f"{ours / theirs:.2f}×", "(context; 1.5× withdrawn)"),
            ("  the same not PDF/UA: no tags (what tagging costs)", f"{no_tags:.2f} s",
             f"with tags: {ours:.2f} s", f"{no_tags / ours:.2f}×", "(context)"),
            ("  the same without its map (what the map costs)", f"{no_map:.2f} s",
             f"with the map: {ours:.2f} s", f"{no_map / ours:.2f}×", "(context)"),
            ("  its words as bare paragraphs, no styles, tags or tables", f"{least:.2f} s",
             f"the edition: {ours:.2f} s", f"{least / ours:.2f}×", "(context)"),
            ("  its words as one paragraph (text alone)", f"{words:.2f} s",
             f"the edition: {ours:.2f} s", f"{words / ours:.2f}×", "(context)"),
            ("its size", f"{len(ours_pdf) / 1024:.0f} KB",
             f"typst: {len(typst_pdf) / 1024:.0f} KB",
             f"{len(ours_pdf) / len(typst_pdf):.2f}×", "≤ 1.3×")]


BASELINE = "0397230"
"""The code the restated performance issue measured against: a warm Japanese PDF must
take at most 0.75x its time, in the same run."""

BASELINE_WORKER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from briefing.build import Options
from briefing.jobs import Job, render_job
options = Options(formats=("pdf",), workers=1)
render_job(Job("ja"), options)
for line in sys.stdin:
    start, cpu = time.perf_counter(), time.process_time()
    render_job(Job("ja"), options)
    print(time.perf_counter() - start, time.process_time() - cpu, flush=True)
"""


def baseline(work: Path, runs: int) -> list[Row]:
    """One warm Japanese PDF against the same render by the code of BASELINE (checked
    out in a git worktree, in a process of its own that renders on request), timed in
    turn: both render BASELINE's default briefing (`benchmarks/baseline.py`)."""
    tree = work / "baseline"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree),
                    BASELINE], check=True, capture_output=True)
    try:
        worker = subprocess.Popen([sys.executable, "-c", BASELINE_WORKER, str(tree)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                  cwd=tree)
        assert worker.stdin and worker.stdout
        content = baseline_content(BASELINE, work / "baseline-content")
        options = Options(out=work / "now", content=content, formats=("pdf",), workers=1)
        job = _plan.Job("ja")
        _session.render_job(job, options)

        cpu: dict[str, list[float]] = {"ours": [], "theirs": []}

        def new() -> None:
            start = time.process_time()
            _session.render_job(job, options)
            cpu["ours"].append(time.process_time() - start)

        def old() -> None:
            worker.stdin.write("go\n")  # type: ignore[union-attr]
            worker.stdin.flush()  # type: ignore[union-attr]
            cpu["theirs"].append(float(worker.stdout.readline().split()[1]))  # type: ignore[union-attr]

        ours, theirs = paired_medians(new, old, runs=runs)
        worker.stdin.close()
        worker.wait()
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                       check=False, capture_output=True)
    ours_cpu, theirs_cpu = (statistics.median(cpu[side]) for side in ("ours", "theirs"))
    return [("one Japanese PDF, warm, against the code of " + BASELINE, f"{ours:.2f} s",
             f"{BASELINE}, the same words: {theirs:.2f} s",
             f"{ours / theirs:.2f}×", "≤ 0.75×"),
            ("  the same, processor time (what a busy machine inflates least)",
             f"{ours_cpu:.2f} s", f"{BASELINE}: {theirs_cpu:.2f} s",
             f"{ours_cpu / theirs_cpu:.2f}×", "≤ 0.75×")]


def faster(work: Path, runs: int) -> list[Row]:
    """What `briefing.pdf.faster` saves: each edition rendered warm with the replacements
    and with WeasyPrint's own code in turn, processor time (same bytes required)."""
    from briefing.pdf import faster as replacements
    from briefing.pdf.renderer import import_weasyprint

    import_weasyprint()
    if not replacements.install():
        return [("WeasyPrint's hot paths replaced", "not in use", "", "", "(context)")]
    options = Options(out=work / "faster", formats=("pdf",), workers=1)
    rows = []
    for edition in ("ja", "ja+ru"):
        fast, slow = compare_faster(edition, options, runs)
        rows.append((f"{edition} PDF with WeasyPrint's hot paths replaced (processor)",
                     f"{fast:.2f} s", f"WeasyPrint's own code: {slow:.2f} s",
                     f"{fast / slow:.2f}×", "(context)"))
    return rows


PLAIN_CSS = """@page { size: A4; margin: 2cm; }
body { font-family: var(--serif); font-size: 10pt;
       line-height: 1.7; }"""


def plain_text_render(options: Options, html: str, paragraphs: bool) -> Callable[[], bytes]:
    """The edition's words (headings, paragraphs, list items, table cells, captions)
    under one font rule, with the edition's fonts and nothing else: no tables, map,
    contents, running heads or PDF tags. `paragraphs`: each of those blocks a bare
    paragraph of its own (the edition has some 140: a floor for its words and its
    number of blocks); otherwise all of them in one paragraph, the text alone: shaping
    and breaking lines, with next to no structure."""
    from html import escape

    from selectolax.lexbor import LexborHTMLParser

    from briefing.pdf.renderer import PdfRenderer

    blocks = LexborHTMLParser(html).css("h1, h2, h3, p, li, th, td, figcaption")
    texts = [escape(node.text(separator="").strip()) for node in blocks]
    words = "".join(f"<p>{t}</p>" for t in texts) if paragraphs else f"<p>{' '.join(texts)}</p>"
    page = f'<!DOCTYPE html><html lang="ja"><body>{words}</body></html>'
    s = _session.session(options)
    renderer = PdfRenderer([options.templates, options.content], PLAIN_CSS, variant=None)
    return lambda: renderer.render(lambda toc, pages: page, s.content.root, "ja",
                                   s.font_plan(["ja"]))


TEST_LOCALES = ROOT / "tests" / "locales"


def without_maps(work: Path) -> Path:
    """The default content with its map blocks (and their words) left out."""
    target = work / "content-mapless"
    if target.exists():
        return target
    shutil.copytree(ROOT / "content", target)
    neutral = yaml.safe_load((target / "briefing.yaml").read_text(encoding="utf-8"))
    maps = set()
    for section in neutral["sections"]:
        kept = []
        for block in section.get("blocks", []):
            if isinstance(block, dict) and block.get("kind") == "map":
                maps.add(block["id"])
            else:
                kept.append(block)
        section["blocks"] = kept
    (target / "briefing.yaml").write_text(yaml.safe_dump(neutral, allow_unicode=True),
                                          encoding="utf-8")
    for text_file in target.glob("*/text.yaml"):
        words = yaml.safe_load(text_file.read_text(encoding="utf-8"))
        words["segments"] = {k: v for k, v in words["segments"].items()
                             if k.split(".")[0] not in maps}
        text_file.write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    return target


def locale_folders(work: Path, runs: int) -> list[Row]:
    """One warm Japanese PDF with the default 3 locale folders and with 12: the six test
    locales (tests/locales/) and three more copies of the German one. An edition's cost
    must not grow with the folders it does not show."""
    few = shutil.copytree(ROOT / "content", work / "content-3")
    many = shutil.copytree(ROOT / "content", work / "content-12")
    for folder in sorted(TEST_LOCALES.iterdir()):
        if folder.is_dir():
            shutil.copytree(folder, many / folder.name)
    for tag in ("nl", "sv", "pl"):
        shutil.copytree(TEST_LOCALES / "de", many / tag)
    job = _plan.Job("ja")
    renders = []
    for content in (few, many):
        options = Options(content=content, out=work / content.name, formats=("pdf",),
                          workers=1)
        _session.render_job(job, options)  # warm
        renders.append(lambda options=options: _session.render_job(job, options))
    three, twelve = paired_medians(*renders, runs=runs)
    builds = [lambda content=content: cli("build", "--content", str(content), "--out",
                                         str(work / f"built-{content.name}"), "--force")
              for content in (few, many)]
    build3, build12 = paired_medians(*builds, runs=max(1, runs // 2))
    return [("one Japanese PDF, warm, 12 locale folders", f"{twelve:.2f} s",
             f"with 3: {three:.2f} s", f"{twelve / three:.2f}×", "< 1.1×"),
            ("whole build, 12 locale folders", f"{build12:.2f} s", f"with 3: {build3:.2f} s",
             f"{build12 / build3:.2f}×", "≤ 4.4×")]


def ours_html(options: Options) -> str:
    html = replace(options, formats=("html",))
    return _session.render_job(_plan.Job("ja"), html)["ja/briefing.html"].decode()


def scaled_content(work: Path, pages: int) -> Path:
    """The real content, its paragraphs repeated with fresh ids, to about `pages` pages."""
    target = work / f"content-{pages}"
    shutil.copytree(ROOT / "content", target)
    neutral = yaml.safe_load((target / "briefing.yaml").read_text(encoding="utf-8"))
    text = yaml.safe_load((target / "en" / "text.yaml").read_text(encoding="utf-8"))
    paragraphs = {s["id"]: [b for b in s.get("blocks", []) if isinstance(b, str)]
                  for s in neutral["sections"] if s["id"] not in ("names", "sources")}
    prose = [(section, ids) for section, ids in paragraphs.items() if ids]
    copies = max(1, round((pages - 4) / 1.15))  # 4 pages, and about 1.15 more per copy
    extra_sections = []
    for n in range(1, copies):
        for section, ids in prose:
            new = f"{section}_{n}"
            extra_sections.append({"id": new, "blocks": [
                f"{new}.{p.split('.', 1)[1]}" for p in ids]})
            text["segments"][f"{new}.heading"] = text["segments"][f"{section}.heading"]
            for p in ids:
                text["segments"][f"{new}.{p.split('.', 1)[1]}"] = text["segments"][p]
    neutral["sections"] = neutral["sections"][:-2] + extra_sections + neutral["sections"][-2:]
    neutral["bilingual"] = []
    (target / "briefing.yaml").write_text(yaml.safe_dump(neutral, allow_unicode=True),
                                          encoding="utf-8")
    (target / "en" / "text.yaml").write_text(yaml.safe_dump(text, allow_unicode=True),
                                             encoding="utf-8")
    for other in ("ja", "ru"):
        shutil.rmtree(target / other)
    return target


PEAK_PROBE = ("import sys; from briefing.cli import main; status = main(sys.argv[1:]); "
              "hwm = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]; "
              "print('peak-kb', hwm, file=sys.stderr); sys.exit(status)")
"""Runs a build and reports its own high-water mark (VmHWM, which exec resets; the
rusage of a child forked from this large process would count this process's pages)."""


def scaling(work: Path, runs: int) -> list[Row]:
    """The time a page takes in long briefings, against the shortest: warm renders in
    this process, timed in turn (a fresh process's start would favour the long ones);
    and the peak memory of a fresh build of each."""
    import pikepdf

    job = _plan.Job("en")
    renders, counts, peaks = [], [], []
    for pages in (8, 40, 80):  # about 10, 48 and 94 pages as the content stands
        content = scaled_content(work, pages)
        out = work / f"scaled-{pages}"
        options = Options(content=content, out=out, formats=("pdf",), workers=1)
        with pikepdf.open(io.BytesIO(_session.render_job(job, options)["en/briefing.pdf"])) as pdf:
            counts.append(len(pdf.pages))
        renders.append(lambda options=options: _session.render_job(job, options))
        command = [sys.executable, "-c", PEAK_PROBE, "build", "--content", str(content),
                   "--out", str(out), "--format", "pdf", "--force", "--jobs", "1", "-q"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        peaks.append(int(done.stderr.split("peak-kb")[-1].split()[0]) // 1024)
    took = paired_medians(*renders, runs=runs)
    first = took[0] / counts[0]
    return [(f"synthetic briefing, {count} pages, warm", f"{t:.2f} s, {t / count:.3f} s a page",
             f"{first:.3f} s a page at {counts[0]} pages; fresh build's peak {peak} MB",
             f"{(t / count) / first:.2f}× the time a page", "≤ 1.1× a page; ≤ 400 MB")
            for t, count, peak in zip(took, counts, peaks, strict=True)]


def serve(work: Path, runs: int) -> list[Row]:
    try:
        return preview_after_edits(work, runs)
    finally:
        from briefing.pdf import faster

        faster.keep(False)  # the preview keeps lines between renders; other rows do not


def preview_after_edits(work: Path, runs: int) -> list[Row]:
    content = work / "content-serve"
    shutil.copytree(ROOT / "content", content)
    preview = Preview(replace(Options(), content=content, templates=ROOT / "templates"))
    job = _plan.Job("ja")
    preview.page(job, "briefing.html")
    preview.page(job, "briefing.pdf")
    text = content / "ja" / "text.yaml"
    original = text.read_text(encoding="utf-8")
    html_times, pdf_times = [], []
    for n in range(runs):
        text.write_text(original.replace("概要", f"概要{n}", 1), encoding="utf-8")
        start = time.perf_counter()
        preview.page(job, "briefing.html")
        html_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        preview.page(job, "briefing.pdf")
        pdf_times.append(time.perf_counter() - start)
    return [("serve: HTML of one locale after an edit", f"{statistics.median(html_times):.3f} s",
             "", "", "≤ 0.05 s"),
            ("serve: PDF of one locale after an edit", f"{statistics.median(pdf_times):.2f} s",
             "", "", "≤ 0.3 s")]


def fonts(work: Path) -> list[Row]:
    rows = []
    for pdf in sorted((work / "dist").glob("*/briefing.pdf")):
        size, font_bytes, glyphs = font_measure(pdf)
        rows.append((f"fonts in {pdf.parent.name}", f"{font_bytes / glyphs:.0f} B/glyph",
                     f"{font_bytes:,} B of fonts for {glyphs} glyphs; PDF {size:,} B", "",
                     "≤ 250 B/glyph"))
    return rows


STEPS: dict[str, Callable[[Path, int], list[Row]]] = {
    "whole_build": whole_build, "no_change": no_change, "one_pdf": one_pdf,
    "baseline": baseline, "faster": faster, "locale_folders": locale_folders, "scaling": scaling,
    "serve": serve, "maps": maps}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--only", action="append", choices=sorted(STEPS), metavar="STEP",
                        help=f"measure only these (repeatable): {', '.join(STEPS)}")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, step in STEPS.items():
            if args.only and name not in args.only:
                continue
            for row in step(work, args.runs):
                rows.append(row)
                print(f"  {row[0]}: {row[1]} ({row[2]}) {row[3]}", file=sys.stderr)
        if (work / "dist").exists():
            rows.extend(fonts(work))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    head = ("measurement", "briefing", "compared with", "ratio", "target")
    widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
    for row in (head, tuple("-" * w for w in widths), *rows):
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
