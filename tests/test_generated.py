"""Generated inputs (hypothesis): arbitrary prose renders escaped; arbitrary YAML never crashes.

The default run is 1,000 examples per test. The long run is

    BRIEFING_HYPOTHESIS_EXAMPLES=10000 pytest tests/test_generated.py
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from briefing.content.folder import Content
from briefing.content.load import _load, load_content
from briefing.content.model import Briefing, Gazetteer, LocaleText, Name
from briefing.edition.resolve import build_edition
from briefing.errors import BriefingError, Problem
from briefing.jobs.options import project_root
from briefing.render.pages import Renderer

EXAMPLES = settings(max_examples=int(os.environ.get("BRIEFING_HYPOTHESIS_EXAMPLES", "1000")),
                    deadline=None, suppress_health_check=[HealthCheck.too_slow])

ROOT = project_root()
CONTENT = load_content(ROOT / "content")  # once: every example changes only one segment
RENDERER = Renderer(ROOT / "templates", CONTENT)
SEGMENT = "summary.dispute"

MARKDOWN_TAGS = {"p", "em", "strong", "a", "code", "pre", "br", "ul", "ol", "li", "blockquote",
                 "span", "sup", "abbr", "bdi", "s", "table", "thead", "tbody", "tr", "th", "td",
                 "figure", "img", "figcaption"}
"""What prose may become: CommonMark inline, list and quotation markup, pipe tables,
footnotes, figures, and resolved references."""


def with_segment(content: Content, tag: str, text: str) -> Content:
    locale = content.locales[tag]
    segments = {**locale.text.segments, SEGMENT: text}
    words = locale.text.model_copy(update={"segments": segments})
    locales = {**content.locales, tag: dataclasses.replace(locale, text=words)}
    return dataclasses.replace(content, locales=locales)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((k, v or "") for k, v in attrs)


def segment_html(edition: Any) -> str:
    for section in edition.sections:
        for block in section:
            if block.id == SEGMENT:
                return str(block.html)
    raise AssertionError(f"{SEGMENT} is not in the edition")


prose = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1)


@EXAMPLES
@given(text=prose)
def test_any_prose_renders_escaped(text: str) -> None:
    content = with_segment(CONTENT, "en", text)
    try:
        edition = build_edition(content, "en")
        page = RENDERER.edition_html(edition, "fragment", extras={}, created="2026-01-01")
    except BriefingError:
        return  # refused with a message: allowed
    html = segment_html(edition)
    assert html in page
    found = Tags()
    found.feed(html)
    assert set(found.tags) <= MARKDOWN_TAGS, found.tags
    assert not [k for k, _ in found.attrs if k.lower().startswith("on")]
    for key, value in found.attrs:
        if key == "href":
            assert value.startswith(("#", "http:", "https:", "mailto:")), value


@EXAMPLES
@given(text=st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1)
       .filter(lambda t: t.strip()).map(lambda t: f"<b>{t}</b><script>x</script>"))
def test_angle_brackets_in_prose_come_back_as_text(text: str) -> None:
    content = with_segment(CONTENT, "en", text)
    try:
        edition = build_edition(content, "en")
    except BriefingError:
        return
    found = Tags()
    found.feed(segment_html(edition))
    assert "script" not in found.tags and "b" not in found.tags


plain_with_brackets = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs"]) | st.sampled_from("<>&\"'/="),
    min_size=1).map(lambda t: f"Text {t}")
"""Words and the characters of HTML, but nothing Markdown or an entity would change."""


@EXAMPLES
@given(text=plain_with_brackets)
def test_html_characters_in_prose_show_as_typed(text: str) -> None:
    edition = build_edition(with_segment(CONTENT, "en", text), "en")
    found = Tags()
    found.feed(segment_html(edition))
    assert found.tags == ["p"]
    assert " ".join("".join(found.text).split()) == " ".join(text.split())


def test_indented_prose_is_not_a_code_block() -> None:
    text = "A paragraph.\n\n    An indented one, as a translator might type it."
    found = Tags()
    found.feed(segment_html(build_edition(with_segment(CONTENT, "en", text), "en")))
    assert "pre" not in found.tags


# -- YAML-like structures through the loader --------------------------------------------

scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.dates()
           | st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=20))
keys = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)
structures = st.recursive(scalars, lambda children: st.lists(children, max_size=4)
                          | st.dictionaries(keys, children, max_size=4), max_leaves=25)

MODELS: dict[str, Any] = {
    "briefing.yaml": Briefing,
    "gazetteer.yaml": Gazetteer,
    "en/text.yaml": LocaleText,
    "en/names.yaml": TypeAdapter(dict[str, Name]),
}


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


REAL = {name: yaml.safe_load((ROOT / "content" / name).read_text(encoding="utf-8"))
        for name in MODELS}
PATHS = {name: _paths(data)[1:] for name, data in REAL.items()}


@st.composite
def near_real(draw: st.DrawFn, name: str) -> Any:
    """The real file with one value, anywhere in it, replaced by a generated structure."""
    data = copy.deepcopy(REAL[name])
    path = draw(st.sampled_from(PATHS[name]))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = draw(structures)
    return data


SCRATCH = Path(tempfile.mkdtemp(prefix="briefing-generated-"))


@EXAMPLES
@given(data=st.data())
def test_any_yaml_gives_a_model_or_problems(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(MODELS)))
    value = data.draw(st.one_of(structures, near_real(name)))
    path = SCRATCH / name.replace("/", "-")
    path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    problems: list[Problem] = []
    _, model = _load(path, MODELS[name], problems)
    assert (model is None) == bool(problems)
    for problem in problems:
        assert problem.path and problem.message
        str(problem)  # every problem can be shown


@EXAMPLES
@given(text=st.lists(st.characters(exclude_categories=["Cs"])
                     | st.sampled_from(list("{}[]:,-?!&*#|>'\"%@`\n\t "))
                     | st.sampled_from(["!!python/name:os.system ", "\\ud800", "---\n",
                                        "!!binary ", "a: ", "\n  - "])).map("".join),
       name=st.sampled_from(sorted(MODELS)))
def test_any_text_gives_a_model_or_problems(text: str, name: str) -> None:
    path = SCRATCH / f"text-{name.replace('/', '-')}"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    _, model = _load(path, MODELS[name], problems)
    assert (model is None) == bool(problems)


def test_real_files_still_load() -> None:
    """The near_real strategy starts from files that load; so the examples are near misses."""
    for name in MODELS:
        problems: list[Problem] = []
        _, model = _load(ROOT / "content" / name, MODELS[name], problems)
        assert model is not None, problems
    assert isinstance(CONTENT.briefing.date, dt.date)
