"""A section with a block of every kind, added to a copy of the default briefing.

Tests build it in every shipped locale and read the outputs back: tables of every
kind of fact, figures (one per locale, one PNG), callouts, and prose with a pipe
table, a footnote, a quotation and an image.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

from briefing.edition.resolve import segment_hash

from conftest import CONTENT

SECTION = """\
  - id: samples
    blocks:
      - samples.prose
      - {kind: callout, id: key_facts, style: key-facts}
      - {kind: callout, id: aside, title: false}
      - kind: table
        id: budget
        caption: true
        columns:
          - {id: share, kind: percent}
          - {id: amount, kind: money, currency: EUR}
          - {id: signed, kind: date}
          - {id: note, kind: text}
          - {id: people, kind: count}
        rows:
          - id: north
            cells: {share: 45.5, amount: 1500000, signed: 2019-01-22, note: budget.north_note,
                    people: 17291}
          - {entry: moscow, cells: {share: share_south, amount: 250000.5, people: 12}}
        total: {cells: {share: sum, amount: sum, people: sum}}
      - {kind: figure, id: chart, src: figures/chart.svg, per_locale: {ja: figures/chart-ja.svg}}
      - {kind: figure, id: photo, src: figures/photo.png, caption: false}
"""

FACT = "  share_south:          {kind: percent, value: 54.5, source: mofa_data}\n"

WORDS = {
    "en": {
        "samples.heading": "Samples of every block",
        "samples.prose": (
            "A paragraph with a note.[^n1]\n\n"
            "> A quotation from {place:moscow}.\n\n"
            "| Party | Share |\n| --- | ---: |\n| North | 45.5 |\n\n"
            '![A grey square](figures/photo.png "The photo in prose")\n\n'
            "[^n1]: The text of the note.\n"),
        "key_facts.title": "Key facts",
        "key_facts.text": "- The first fact\n- The second fact\n",
        "aside.text": "A note without a title.",
        "budget.caption": "A budget by region",
        "budget.label": "Region", "budget.share": "Share", "budget.amount": "Amount",
        "budget.signed": "Signed", "budget.note": "Note", "budget.people": "People",
        "budget.north": "North", "budget.north_note": "First instalment",
        "budget.total": "Total",
        "chart.alt": "A bar chart of two regions", "chart.caption": "Shares by region",
        "photo.alt": "A grey square",
    },
    "ja": {
        "samples.heading": "各種ブロックの見本",
        "samples.prose": (
            "注のある段落。[^n1]\n\n"
            "> {place:moscow}からの引用。\n\n"
            "| 当事者 | 割合 |\n| --- | ---: |\n| 北 | 45.5 |\n\n"
            '![灰色の正方形](figures/photo.png "本文中の写真")\n\n'
            "[^n1]: 注の本文。\n"),
        "key_facts.title": "要点", "key_facts.text": "- 第一の事実\n- 第二の事実\n",
        "aside.text": "見出しのない注記。",
        "budget.caption": "地域別の予算",
        "budget.label": "地域", "budget.share": "割合", "budget.amount": "金額",
        "budget.signed": "署名日", "budget.note": "備考", "budget.people": "人数",
        "budget.north": "北", "budget.north_note": "第1回分", "budget.total": "合計",
        "chart.alt": "二つの地域の棒グラフ", "chart.caption": "地域別の割合",
        "photo.alt": "灰色の正方形",
    },
    "ru": {
        "samples.heading": "Образцы всех блоков",
        "samples.prose": (
            "Абзац с примечанием.[^n1]\n\n"
            "> Цитата, сказанная в {place:moscow|loc}.\n\n"
            "| Сторона | Доля |\n| --- | ---: |\n| Север | 45,5 |\n\n"
            '![Серый квадрат](figures/photo.png "Снимок в тексте")\n\n'
            "[^n1]: Текст примечания.\n"),
        "key_facts.title": "Главное", "key_facts.text": "- Первый факт\n- Второй факт\n",
        "aside.text": "Примечание без заголовка.",
        "budget.caption": "Бюджет по регионам",
        "budget.label": "Регион", "budget.share": "Доля", "budget.amount": "Сумма",
        "budget.signed": "Подписано", "budget.note": "Примечание", "budget.people": "Людей",
        "budget.north": "Север", "budget.north_note": "Первый взнос", "budget.total": "Итого",
        "chart.alt": "Столбчатая диаграмма двух регионов", "chart.caption": "Доли по регионам",
        "photo.alt": "Серый квадрат",
    },
}

CHART = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80" viewBox="0 0 200 80">
<rect x="10" y="30" width="80" height="40" fill="#123c69"/>
<rect x="110" y="10" width="80" height="60" fill="#8a1c2b"/>
<text x="10" y="20" font-family="Noto Sans" font-size="12">{label}</text>
</svg>
"""


def tiny_png(width: int = 4, height: int = 4) -> bytes:
    """A grey PNG, written by hand: no imaging library needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def add_samples(content: Path) -> None:
    """Add the samples section, its facts, words and images to a copy of content/."""
    briefing = content / "briefing.yaml"
    text = briefing.read_text(encoding="utf-8")
    text = text.replace("\nsources:\n", "\n" + SECTION + "\nsources:\n", 1)
    text = text.replace("facts:\n", "facts:\n" + FACT, 1)
    briefing.write_text(text, encoding="utf-8")
    figures = content / "figures"
    figures.mkdir()
    (figures / "chart.svg").write_text(CHART.format(label="Share"), encoding="utf-8")
    (figures / "chart-ja.svg").write_text(CHART.format(label="割合"), encoding="utf-8")
    (figures / "photo.png").write_bytes(tiny_png())
    for tag, words in WORDS.items():
        path = content / tag / "text.yaml"
        lines = [path.read_text(encoding="utf-8").rstrip("\n"), ""]
        for segment_id, value in words.items():
            lines.append(f"  {segment_id}:")
            if tag != "en":
                lines.append(f"    source: '{segment_hash(WORDS['en'][segment_id])}'")
                lines.append("    text: |")
                lines.extend(f"      {line}" for line in value.splitlines())
            else:
                lines[-1] += " |"
                lines.extend(f"    {line}" for line in value.splitlines())
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


THEME = """
theme:
  organisation: true
  logo: branding/logo.svg
  accent: "#8a1c2b"
  classification: true
  draft: true
  document_number: BRF-2026-017
"""

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" '
        'cy="20" r="18" fill="#8a1c2b"/></svg>\n')

THEME_WORDS = {"en": {"organisation": "Institute of Examples", "classification": "RESTRICTED",
                "draft": "DRAFT"},
         "ja": {"organisation": "見本研究所", "classification": "取扱注意", "draft": "草案"}}
"""Russian has none of them: it shows the English words, marked as not yet translated."""


def themed(root: Path) -> Path:
    """A copy of the default briefing with a theme: English and Japanese words for it."""
    content = root / "content"
    shutil.copytree(CONTENT, content)
    with (content / "briefing.yaml").open("a", encoding="utf-8") as briefing:
        briefing.write(THEME)
    (content / "branding").mkdir()
    (content / "branding" / "logo.svg").write_text(LOGO, encoding="utf-8")
    for tag, words in THEME_WORDS.items():
        with (content / tag / "text.yaml").open("a", encoding="utf-8") as text:
            for part, value in words.items():
                if tag == "en":
                    text.write(f"  theme.{part}: {value}\n")
                else:
                    english = THEME_WORDS["en"][part]
                    text.write(f"  theme.{part}:\n    source: '{segment_hash(english)}'\n"
                               f"    text: {value}\n")
    return content
