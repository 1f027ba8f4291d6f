"""`briefing check`, `briefing review` and `build --strict`: the translators' gate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefing.cli import main

from textedit import segment_text, set_segment_text


def lines_of(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in text)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    return status, capsys.readouterr().out


def test_the_shipped_content_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "check")
    assert (status, out) == (0, "")


def test_a_changed_english_paragraph_makes_its_translations_stale(
        content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    english = content_copy / "en" / "text.yaml"
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace("Because of the dispute,", "Because of this dispute,", 1),
                       encoding="utf-8")
    status, out = run(capsys, "check", "--content", str(content_copy))
    assert status == 1
    for tag in ("ja", "ru"):
        path = content_copy / tag / "text.yaml"
        source_line = lines_of(path, "summary.stakes:") + 1  # its `source:` line
        assert re.search(rf"{tag}/text\.yaml:{source_line}: segments\.summary\.stakes\.source: "
                         r"stale: the en text changed", out), out
    # nothing else (a stale problem's second line shows the change)
    assert len([line for line in out.splitlines() if not line.startswith(" ")]) == 2
    # The translator updates the Japanese and marks it reviewed; then only Russian is left.
    assert main(["review", "--content", str(content_copy), "--locale", "ja",
                 "summary.stakes", "-q"]) == 0
    status, out = run(capsys, "check", "--content", str(content_copy), "--locale", "ja")
    assert (status, out) == (0, "")
    status, out = run(capsys, "check", "--content", str(content_copy))
    assert status == 1 and "ru/text.yaml" in out and "ja/text.yaml" not in out


def test_missing_segment_fuzzy_entry_and_literal_name_are_located(
        content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ja = content_copy / "ja" / "text.yaml"
    text = ja.read_text(encoding="utf-8")
    text = re.sub(r"  talks\.since:\n    source: \w+\n    text: \|\n(      .*\n)+", "", text)
    ja.write_text(text, encoding="utf-8")
    po = content_copy / "ja" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgid "Contents"', '#, fuzzy\nmsgid "Contents"'), encoding="utf-8")
    ru = content_copy / "ru" / "text.yaml"
    ru.write_text(ru.read_text(encoding="utf-8").replace(  # a case form, typed
        "В\u00a0{place:moscow|loc}", "В\u00a0Москве", 1), encoding="utf-8")
    status, out = run(capsys, "check", "--content", str(content_copy))
    assert status == 1
    assert re.search(r"ja/text\.yaml:\d+: segments: segment 'talks\.since' is missing", out)
    fuzzy_line = lines_of(po, "#, fuzzy", ) + 1
    assert f"ja/messages.po:{fuzzy_line}: fuzzy entry 'Contents'" in out
    moscow_line = lines_of(ru, "В\u00a0Москве")
    assert re.search(rf"ru/text\.yaml:{moscow_line}: segments\.[\w.]+: 'Москве' is typed "
                     r"literally; write \{place:moscow\|loc\}", out), out
    status, out = run(capsys, "check", "--content", str(content_copy), "--json")
    problems = json.loads(out)
    assert {p["locale"] for p in problems} == {"ja", "ru"}
    assert all({"path", "line", "field", "message"} <= p.keys() for p in problems)


def test_strict_refuses_and_the_default_falls_back_visibly(
        content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    ru = content_copy / "ru" / "text.yaml"
    text = re.sub(r"  talks\.since:\n    source: \w+\n    text: \|\n(      .*\n)+", "",
                  ru.read_text(encoding="utf-8"))
    ru.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    common = ["build", "--content", str(content_copy), "--locale", "ru", "--bilingual", "none",
              "--format", "html", "--out", str(out)]
    assert main([*common, "--strict"]) == 1
    assert "segment 'talks.since' is missing" in capsys.readouterr().err
    assert not out.exists()
    assert main(common) == 0
    assert "ru: segment 'talks.since' is missing; showing the en text" in caplog.text
    html = (out / "ru" / "briefing.html").read_text(encoding="utf-8")
    block = re.search(r'<div class="para fallback" data-segment="talks\.since" lang="en-GB" '
                      r'dir="ltr"><span class="fallback-note" lang="ru" dir="ltr">'
                      r'Перевод пока не готов</span>',
                      html)
    assert block, "the English paragraph, marked, with its own lang"


def test_a_forbidden_form_typed_anywhere_is_reported(
        content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ru = content_copy / "ru" / "text.yaml"
    text = ru.read_text(encoding="utf-8")
    assert "{person:abe}" in text
    text = text.replace("{person:abe}", "Шинзо Абе", 1)
    text = re.sub(r"^short_title: (.*)$", r"short_title: \1 (Малая Курильская гряда)", text,
                  count=1, flags=re.M)
    ru.write_text(text, encoding="utf-8")
    ja = content_copy / "ja" / "text.yaml"
    ja.write_text(ja.read_text(encoding="utf-8").replace("{person:abe}", "安部晋三", 1),
                  encoding="utf-8")
    status, out = run(capsys, "check", "--content", str(content_copy))
    assert status == 1
    abe_line = lines_of(ru, "Шинзо Абе")
    assert re.search(rf"ru/text\.yaml:{abe_line}: segments\.[\w.]+: 'Шинзо Абе' is a form "
                     r"not to use \(\S*ru/names\.yaml forbids it for 'abe'\); write "
                     r"\{person:abe\}", out), out
    assert "'Абе' is" not in out  # the longer form is reported, not the short one in it
    assert re.search(rf"ru/text\.yaml:{lines_of(ru, 'short_title:')}: short_title: 'Малая "
                     r"Курильская гряда' is a form not to use .* for 'habomai'", out), out
    assert re.search(rf"ja/text\.yaml:{lines_of(ja, '安部晋三')}: segments\.[\w.]+: '安部晋三' "
                     r"is a form not to use", out), out
    assert len(out.strip().splitlines()) == 3


def test_a_form_both_given_and_forbidden_is_a_contradiction(
        content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = content_copy / "ru" / "names.yaml"
    names.write_text(names.read_text(encoding="utf-8").replace(
        "forbidden: [Шинзо Абе, Абе]", "forbidden: [Шинзо Абе, Абэ]"), encoding="utf-8")
    status, out = run(capsys, "check", "--content", str(content_copy), "--locale", "ru")
    assert status == 1
    assert re.search(rf"ru/names\.yaml:{lines_of(names, 'Абэ]')}: abe\.forbidden\[1\]: "
                     r"'Абэ' is both a form of the name and forbidden", out), out


def test_a_stale_segment_shows_what_changed_in_the_english(
        content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    english = segment_text(content_copy, "en", "summary.stakes")
    first, rest = english.split(" ", 1)
    set_segment_text(content_copy, "en", "summary.stakes", f"{first} indeed {rest}")
    status, out = run(capsys, "check", "--content", str(content_copy), "--locale", "ja")
    assert status == 1
    assert re.search(r"summary\.stakes\.source: stale: the en text changed since this was "
                     rf"translated \(was \w{{8}}, now \w{{8}}\):\n    {re.escape(first)} ?"
                     r"\{\+ ?indeed ?\+\} ?\S", out), out
    # without its record, the hash alone
    (content_copy / "ja" / "reviewed.yaml").unlink()
    status, out = run(capsys, "check", "--content", str(content_copy), "--locale", "ja")
    assert "reviewed.yaml does not record the text it was translated from" in out


def test_invisible_characters_typed_into_words_are_located(
        content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ja = content_copy / "ja" / "text.yaml"
    text = ja.read_text(encoding="utf-8")
    short_title = re.search(r"^short_title: (.*)$", text, re.MULTILINE)
    assert short_title is not None
    joined = "\u2060".join(short_title[1])  # typed to keep a phrase on one line
    text = text.replace(short_title[0], f"short_title: {joined}", 1)
    ja.write_text(text, encoding="utf-8")
    ru = content_copy / "ru" / "names.yaml"
    names = ru.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(names) if "name:" in line)
    names[index] = names[index].replace("name: ", "name: \u200b", 1)  # pasted from a page
    # A zero-width joiner or non-joiner belongs to some scripts' spelling: not reported.
    names[index] = names[index].rstrip("\n") + "  # \u200c\u200d\n"
    ru.write_text("".join(names), encoding="utf-8")
    status, out = run(capsys, "check", "--content", str(content_copy))
    assert status == 1
    title_line = lines_of(ja, "short_title:")
    count = len(short_title[1]) - 1
    assert f"ja/text.yaml:{title_line}: {count} invisible U+2060 WORD JOINER typed, the first " \
           "at column 15: remove them" in out, out
    assert f"ru/names.yaml:{index + 1}: invisible U+200B ZERO WIDTH SPACE typed at column " \
           f"{names[index].index(chr(0x200b)) + 1}: remove it" in out, out
    assert len([line for line in out.splitlines() if "invisible" in line]) == 2


@pytest.mark.parametrize(("old", "new", "at"), [
    ('msgid "Contents"', 'msgidd "Contents"', 'msgidd "Contents"'),  # a misspelt keyword
    ('msgid "Contents"\nmsgstr', 'msgid "Contents"\n#msgstr', 'msgid "Contents"'),  # no msgstr
])
def test_a_catalog_that_does_not_parse_is_reported_at_the_faulty_line(
        content_copy: Path, capsys: pytest.CaptureFixture[str], old: str, new: str,
        at: str) -> None:
    po = content_copy / "ja" / "messages.po"
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new, 1), encoding="utf-8")
    status, out = run(capsys, "check", "--content", str(content_copy), "--locale", "ja")
    assert status == 1
    assert re.match(rf"\S*ja/messages\.po:{lines_of(po, at)}: invalid catalog: ", out), out
