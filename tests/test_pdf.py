"""The PDF handouts, read back: structure, metadata, pages, fonts, reproducibility."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from briefing.cli import main
from briefing.content.load import load_content
from briefing.jobs.manifest import MANIFEST
from briefing.jobs.options import Options
from briefing.jobs.pipeline import build
from briefing.jobs.plan import Job
from briefing.jobs.session import render_job

from conftest import CONTENT, LOCALES, pdf_text
from pdfread import (
    contents_entries,
    first_heading,
    fonts,
    format_characters,
    outline_pages,
    outline_titles,
    spoken,
    struct_elements,
)

FOOTER_PAGE_2 = {"en": r"Page\s2\sof\s\d+", "ja": r"2\s/\s\d+\sページ",
                 "ru": r"Стр\.\s2\sиз\s\d+"}
OTHER_LANGUAGES = {"en": {"ja", "ru"}, "ja": {"en", "ru"}, "ru": {"en", "ja"}}


@pytest.mark.parametrize("locale", LOCALES)
def test_tagged_with_language_and_title(dist: Path, locale: str) -> None:
    text = load_content(CONTENT).locales[locale].text
    with pikepdf.open(dist / locale / "briefing.pdf") as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang).startswith(locale)
        meta = pdf.open_metadata()
        assert meta["dc:title"] == text.title
        assert pdf.docinfo["/Subject"] == text.description
        assert str(pdf.docinfo["/Keywords"]).startswith(text.keywords[0])
        assert "pdfuaid:part" in str(meta) or meta.get("pdfuaid:part") == "1"


def test_no_invisible_character_names_an_edition(dist: Path) -> None:
    """The PDF's metadata and the pages' <title> and <h1> hold the words as typed: the
    word joiners the print stage adds stay in the print layout."""
    assert {p.name for p in dist.iterdir() if p.is_dir()} == {*LOCALES, "ja+ru", "en+ja",
                                                              "ru+en"}
    assert format_characters(dist) == {}


@pytest.mark.parametrize("locale", LOCALES)
def test_passages_in_other_languages_are_spoken_in_theirs(dist: Path, locale: str) -> None:
    # The names table gives every island in every language: a screen reader must read
    # each name in its own language, and the edition's own text in the edition's.
    content = load_content(CONTENT)
    pieces = spoken(dist / locale / "briefing.pdf")
    for other in LOCALES:
        name = content.locales[other].names["iturup"].name
        langs_of_name = {lang for text, lang in pieces if name in text}
        assert langs_of_name, (other, name)
        assert {lang.split("-")[0] for lang in langs_of_name} == {other}, (name, langs_of_name)
    heading = first_heading(content, locale)
    assert {lang.split("-")[0] for text, lang in pieces if heading in text} == {locale}


@pytest.mark.parametrize("locale", LOCALES)
def test_outline_matches_the_headings(dist: Path, locale: str) -> None:
    segments = load_content(CONTENT).locales[locale].text.segments
    headings = [s if isinstance(s, str) else s.text for k, s in segments.items()
                if k.endswith(".heading")]
    assert outline_titles(dist / locale / "briefing.pdf") == [h.strip() for h in headings]


@pytest.mark.parametrize("locale", LOCALES)
def test_footer_on_page_two_is_localized(dist: Path, locale: str) -> None:
    page_two = pdf_text(dist / locale / "briefing.pdf", 2)
    assert re.search(FOOTER_PAGE_2[locale], page_two), page_two[-300:]


@pytest.mark.parametrize("locale", LOCALES)
def test_contents_with_page_numbers_when_longer_than_two_pages(dist: Path,
                                                              locale: str) -> None:
    path = dist / locale / "briefing.pdf"
    entries = contents_entries(path)
    assert [title for title, _, _ in entries] == outline_titles(path)
    # Each entry ends with the number of the page its heading is on, every number
    # against the same right edge.
    numbers = [number for _, _, number in entries]
    assert [int(n["text"]) for n in numbers] == outline_pages(path)
    assert max(n["x1"] for n in numbers) - min(n["x1"] for n in numbers) < 0.5
    # A dotted leader is drawn between the first heading and its number.
    _, first_line, first_number = entries[0]
    title_end = max(c["x1"] for c in first_line["chars"] if c["x1"] < first_number["x0"])
    dots = dark_runs(path, 1, (title_end + 4, first_line["top"],
                               first_number["x0"] - 4, first_line["bottom"] + 2))
    assert dots >= 20, dots


def test_contents_numbers_of_the_last_build_are_printed_and_checked(tmp_path: Path) -> None:
    """A build prints the contents' page numbers its last build found (kept in the
    manifest) instead of having WeasyPrint find them again, and checks each against
    where its heading fell: the PDF is the same as a first build's, and numbers that
    are wrong (as if headings had moved) or unreadable are put right."""
    build_ja = [sys.executable, "-m", "briefing", "build", "--locale", "ja", "--bilingual",
                "none", "--format", "pdf", "--force", "-q", "--out"]
    first = tmp_path / "first"
    subprocess.run([*build_ja, str(first)], check=True)
    pdf = (first / "ja" / "briefing.pdf").read_bytes()
    manifest = json.loads((first / MANIFEST).read_text(encoding="utf-8"))
    known = manifest["contents"]["ja"]
    assert sorted(known.values()) == outline_pages(first / "ja" / "briefing.pdf")
    wrong = {anchor: page + 1 for anchor, page in known.items()}
    for n, contents in enumerate([known, wrong, "unreadable"]):
        again = tmp_path / f"again-{n}"
        shutil.copytree(first, again)
        manifest["contents"]["ja"] = contents
        (again / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        subprocess.run([*build_ja, str(again)], check=True)
        assert (again / "ja" / "briefing.pdf").read_bytes() == pdf, contents
        recorded = json.loads((again / MANIFEST).read_text(encoding="utf-8"))["contents"]
        assert recorded["ja"] == known


def dark_runs(path: Path, page: int, box: tuple[float, float, float, float]) -> int:
    """How many separate dark marks a row of a page has within `box` (points), as
    poppler draws it: columns with any dark pixel, counted in runs."""
    scale = 4  # 288 dpi
    x0, top, x1, bottom = (round(v * scale) for v in box)
    image = subprocess.run(["pdftoppm", "-r", str(72 * scale), "-gray", "-f", str(page),
                            "-l", str(page), "-x", str(x0), "-y", str(top), "-W",
                            str(x1 - x0), "-H", str(bottom - top), "-singlefile", str(path)],
                           check=True, capture_output=True).stdout
    width, height, pixels = _pgm(image)
    dark = [any(pixels[y * width + x] < 160 for y in range(height)) for x in range(width)]
    return sum(1 for x in range(1, width) if dark[x] and not dark[x - 1])


def _pgm(data: bytes) -> tuple[int, int, bytes]:
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P5", fields[0]
    return int(fields[1]), int(fields[2]), fields[4]


@pytest.mark.parametrize("locale", [*LOCALES, "ja+ru", "en+ja", "ru+en"])
def test_every_font_is_embedded_and_subset(dist: Path, locale: str) -> None:
    used = fonts(dist / locale / "briefing.pdf")
    assert used
    for name, embedded in used:
        assert embedded, name
        assert re.match(r"/[A-Z]{6}\+briefing-", name), name  # a subset of our own subsets


@pytest.mark.parametrize("edition", ["ja", "en+ja"])
def test_readings_sit_centred_over_their_names(dist: Path, edition: str) -> None:
    """The names table's kana readings: just over the name, centred on it, and the name
    on the same baseline as the rest of its cell (its other names, in parentheses)."""
    readings = {"択捉島": "えとろふとう", "国後島": "くなしりとう", "色丹島": "しこたんとう"}
    with pdfplumber.open(dist / edition / "briefing.pdf") as pdf:
        for name, reading in readings.items():
            page, over = next((p, w) for p in pdf.pages for w in p.extract_words()
                              if w["text"] == reading)
            below = sorted((c for c in page.chars if 0 <= c["top"] - over["bottom"] < 8
                            and over["x0"] - 20 < c["x0"] < over["x1"] + 20),
                           key=lambda c: c["x0"])
            base = below[:len(name)]
            assert "".join(c["text"] for c in base) == name, below
            centre = (base[0]["x0"] + base[-1]["x1"]) / 2
            assert (over["x0"] + over["x1"]) / 2 == pytest.approx(centre, abs=1)
            rest = below[len(name)]
            assert rest["text"] == "（"
            assert rest["bottom"] == pytest.approx(base[0]["bottom"], abs=0.5), name


@pytest.mark.parametrize("locale", LOCALES)
def test_headings_never_end_a_page(dist: Path, locale: str) -> None:
    headings = set(outline_titles(dist / locale / "briefing.pdf"))
    with pdfplumber.open(dist / locale / "briefing.pdf") as pdf:
        for page in pdf.pages:
            lines = [ln["text"].strip() for ln in page.extract_text_lines()
                     if ln["bottom"] < page.height - 40]  # above the footer
            assert lines and lines[-1] not in headings, (page.page_number, lines[-1])


def test_letter_paper_and_pdfa(tmp_path: Path) -> None:
    assert main(["build", "--locale", "en", "--format", "pdf", "--bilingual", "none",
                 "--paper", "letter", "--pdf-variant", "a-2b", "--out", str(tmp_path),
                 "-q"]) == 0
    with pikepdf.open(tmp_path / "en" / "briefing.pdf") as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box[2:] == pytest.approx([612, 792], abs=0.5)
        assert pdf.open_metadata().get("pdfaid:part") == "2"


def test_two_builds_are_byte_identical_and_dated_by_the_content(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        build(Options(out=out, locales=["ja"], bilingual=["ja+ru"], workers=1))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file()
                   and not p.name.startswith("."))
    assert files
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    with pikepdf.open(first / "ja" / "briefing.pdf") as pdf:
        date = load_content(CONTENT).briefing.date
        assert str(pdf.docinfo["/CreationDate"]).startswith(f"D:{date:%Y%m%d}")


def test_source_date_epoch_sets_the_dates(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    assert main(["build", "--locale", "ru", "--format", "pdf", "--bilingual", "none",
                 "--out", str(tmp_path), "-q"]) == 0
    with pikepdf.open(tmp_path / "ru" / "briefing.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20231114221320")
        assert str(pdf.docinfo["/ModDate"]).startswith("D:20231114221320")


def test_a_character_no_font_has_stops_the_build(content_copy: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    text = content_copy / "ru" / "text.yaml"
    source = text.read_text(encoding="utf-8")
    text.write_text(source.replace("summary.stakes:", "summary.stakes:", 1).replace(
        "{date:talks_suspended}", "{date:talks_suspended} \ue000", 1), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--content", str(content_copy), "--locale", "ru", "--format",
                 "pdf", "--bilingual", "none", "--out", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "ru: no installed font has a glyph for U+E000 (a private-use character)" in err
    assert "summary.stakes" in err  # where it is
    assert not out.exists() or not any(out.rglob("*.pdf"))


def test_structure_elements_have_types(dist: Path) -> None:
    with pikepdf.open(dist / "en" / "briefing.pdf") as pdf:
        kinds = {str(e.S) for e in struct_elements(pdf)}
    assert {"/H1", "/H2", "/P", "/Table", "/Figure"} <= kinds


def test_worker_processes_leave_this_processs_fonts_alone(content_copy: Path,
                                                         tmp_path: Path) -> None:
    # A PDF rendered here loads fonts into this process; parallel builds then fork
    # workers that inherit them and exit; later workers still find every glyph.
    assert main(["build", "--locale", "ru", "--bilingual", "none", "--format", "pdf",
                 "--out", str(tmp_path / "a"), "-q"]) == 0
    other = ["build", "--content", str(content_copy), "--format", "html",
             "--out", str(tmp_path / "b"), "-q"]
    assert main(other) == 0
    ja = content_copy / "ja" / "text.yaml"
    ja.write_text(ja.read_text(encoding="utf-8").replace("概要", "要旨", 1), encoding="utf-8")
    assert main(other) == 0
    assert main(["build", "--locale", "ja", "--bilingual", "ja+ru", "--format", "pdf",
                 "--out", str(tmp_path / "c"), "-q"]) == 0
    assert "択捉島" in pdf_text(tmp_path / "c" / "ja+ru" / "briefing.pdf")


def test_a_pdf_does_not_depend_on_what_its_process_rendered_before(content_copy: Path,
                                                                    tmp_path: Path) -> None:
    # The font set follows the content's files as they are now: a character that an
    # earlier render had, and the content no longer has, is not carried along.
    text = content_copy / "ja" / "text.yaml"
    original = text.read_text(encoding="utf-8")
    args = ["build", "--content", str(content_copy), "--locale", "ja", "--bilingual", "none",
            "--format", "pdf", "-q", "--out"]
    text.write_text(original.replace("概要", "概要鬱", 1), encoding="utf-8")
    assert main([*args, str(tmp_path / "before")]) == 0
    text.write_text(original, encoding="utf-8")
    assert main([*args, str(tmp_path / "here")]) == 0
    subprocess.run([sys.executable, "-m", "briefing", *args, str(tmp_path / "fresh")],
                   check=True, capture_output=True)
    here = (tmp_path / "here" / "ja" / "briefing.pdf").read_bytes()
    assert here == (tmp_path / "fresh" / "ja" / "briefing.pdf").read_bytes()


def test_streams_hold_the_same_at_the_faster_level(tmp_path: Path) -> None:
    """The streams are compressed at `writing.LEVEL`, not pydyf's 9: other bytes, the
    same objects holding the same data once decoded (but for the table of where each
    object starts)."""
    from briefing.pdf import faster
    from briefing.pdf.faster import writing

    def pdf_of(job: Job) -> bytes:
        return render_job(job, Options(out=tmp_path, formats=("pdf",)))["ja+ru/briefing.pdf"]

    assert faster.install() and writing.LEVEL != 9
    faster_level = pdf_of(Job("ja", "ru"))
    with writing.same_level():
        level_9 = pdf_of(Job("ja", "ru"))
    assert faster_level != level_9
    assert abs(len(faster_level) - len(level_9)) < 0.03 * len(level_9)
    (tmp_path / "a.pdf").write_bytes(faster_level)
    (tmp_path / "b.pdf").write_bytes(level_9)
    with pikepdf.open(tmp_path / "a.pdf") as a, pikepdf.open(tmp_path / "b.pdf") as b:
        assert len(a.objects) == len(b.objects)
        streams = 0
        for one, other in zip(a.objects, b.objects, strict=True):
            assert isinstance(one, pikepdf.Stream) == isinstance(other, pikepdf.Stream)
            if isinstance(one, pikepdf.Stream) and one.get("/Type") != "/XRef":  # offsets
                assert one.read_bytes() == other.read_bytes()
                streams += 1
        assert streams > 20
