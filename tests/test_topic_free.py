"""The topic is content: no word of the default briefing's dispute in the code, the
templates or the interface catalog, so that no code path can quietly depend on it."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.jobs.options import project_root

ROOT = project_root()
TOPIC = re.compile(
    r"island|islet|hokkaido|kuril|iturup|etorofu|kunashir|shikotan|habomai|nemuro|nosappu"
    r"|northern.territor|北方|択捉|国後|色丹|歯舞|北海道|千島|курил|итуруп|кунашир|шикотан"
    r"|хабома|остров", re.IGNORECASE)
"""The dispute's words, in the languages the default briefing is written in."""


TEXT_FILES = {".py", ".j2", ".css", ".pot", ".md", ".txt", ".json", ".yaml"}
"""What people write in the code and templates; the map's land data (gzipped) is data."""


def _files() -> list[Path]:
    return sorted(p for folder in (ROOT / "briefing", ROOT / "templates")
                  for p in folder.rglob("*") if p.is_file() and p.suffix in TEXT_FILES)


def test_no_topic_word_in_the_code_or_the_templates() -> None:
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}" for path in _files()
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if TOPIC.search(line)]
    assert found == []


def test_the_pattern_finds_the_words_it_is_for() -> None:
    default = (ROOT / "content" / "en" / "text.yaml").read_text(encoding="utf-8")
    assert TOPIC.search(default)
    assert TOPIC.search("Курильские острова") and TOPIC.search("北方領土")
    assert not TOPIC.search("A briefing on any topic, in any language.")
