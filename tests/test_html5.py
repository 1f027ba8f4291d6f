"""The print HTML parsed in C gives WeasyPrint the tree its own parser would build."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
import tinyhtml5
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefing.jobs.options import Options
from briefing.jobs.plan import Job
from briefing.jobs.session import render_job
from briefing.pdf import html5

from conftest import LOCALES

EXAMPLES = settings(max_examples=int(os.environ.get("BRIEFING_HYPOTHESIS_EXAMPLES", "300")),
                    deadline=None, suppress_health_check=[HealthCheck.too_slow])

Shape = tuple[object, ...]


def shape(element: ElementTree.Element) -> Iterator[Shape]:
    """Every node in document order: tag (or comment), attributes, text and tail."""
    tag = "<!-- -->" if element.tag is ElementTree.Comment else element.tag
    yield (tag, sorted(element.attrib.items()), element.text or "", element.tail or "",
           len(element))
    for child in element:
        yield from shape(child)


def reference(text: str) -> list[Shape]:
    return list(shape(tinyhtml5.parse(text, namespace_html_elements=False)))


def ours(text: str) -> list[Shape]:
    return list(shape(html5.parse(text)))


JOBS = [Job(tag) for tag in LOCALES] + [Job("ja", "ru"), Job("en", "ja"), Job("ru", "en")]


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.name)
def test_every_edition_parses_to_the_tree_weasyprint_would_build(
        job: Job, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    parse: Callable[[str], ElementTree.Element] = html5.parse

    def recording(text: str) -> ElementTree.Element:
        seen.append(text)
        return parse(text)

    monkeypatch.setattr(html5, "parse", recording)
    pdf = render_job(job, Options(out=tmp_path, formats=("pdf",)))[f"{job.name}/briefing.pdf"]
    monkeypatch.undo()
    assert pdf.startswith(b"%PDF") and seen
    for text in seen:
        tree = ours(text)
        assert tree == reference(text)
        tags = {node[0] for node in tree}
        assert {"ruby", "table", "nav", f"{{{html5.SVG}}}svg", f"{{{html5.SVG}}}text"} <= tags


# Markup of the kinds a template may hold, nested at random: HTML (tables, ruby, lists,
# paragraphs that other blocks close), inline SVG and MathML with their foreign
# attributes and integration points, comments, entities and stray text. Every element
# is closed where it was opened: on end tags out of place (`</br>` inside MathML) the
# WHATWG algorithm changed over the years and parsers of different vintages differ,
# and a template that writes them is wrong whichever parser reads it.
ELEMENTS = ["p", "div", "span", "b", "i", "a", "table", "tr", "td", "th", "tbody", "ruby",
            "rt", "rp", "ul", "li", "h2", "section", "font", "svg", "g", "text", "title",
            "desc", "foreignObject", "linearGradient", "path", "math", "mi", "mtext",
            "annotation-xml", "mglyph"]
VOID = ["br", "img", "hr"]
ATTRIBUTES = ["class", "id", "lang", "xml:lang", "xlink:href", "xmlns", "viewBox", "href",
              "data-page", "xml:space", "encoding", "color"]
VALUES = ["x", "ja", "#a", "", "text/html"]
TEXT = st.text(alphabet="ab 日本 Ит&;<>\"'#x\n", max_size=6).map(
    lambda t: t.replace("<", "&lt;"))
ATTRIBUTE_LISTS = st.lists(st.tuples(st.sampled_from(ATTRIBUTES), st.sampled_from(VALUES)),
                           max_size=2, unique_by=lambda pair: pair[0])


def _open(tag: str, attributes: list[tuple[str, str]]) -> str:
    return "<" + tag + "".join(f' {name}="{value}"' for name, value in attributes) + ">"


LEAVES = st.one_of(
    TEXT, TEXT.map(lambda t: f"<!--{t.replace('-', '')}-->"),
    st.sampled_from(["&amp;", "&nbsp;", "&#x65E5;", "&lt;b&gt;"]),
    st.tuples(st.sampled_from(VOID), ATTRIBUTE_LISTS).map(lambda n: _open(*n)))
NODES = st.recursive(
    LEAVES,
    lambda children: st.tuples(st.sampled_from(ELEMENTS), ATTRIBUTE_LISTS,
                               st.lists(children, max_size=4)).map(
        lambda n: _open(n[0], n[1]) + "".join(n[2]) + f"</{n[0]}>"),
    max_leaves=25)


# Flow content written straight into a table (`<table><p><li>`) is moved out of it by
# "foster parenting", where tinyhtml5 and Lexbor differ: tinyhtml5 leaves the list item
# in the table, Lexbor moves it before the table as the standard says. A template that
# writes it is wrong whichever parser reads it, so such markup is not generated.
FOSTERED = re.compile(r"<(?:table|tbody|tr)\b[^>]*>(?!<(?:/|tr|td|th|tbody)\b)[^<]*<")


@EXAMPLES
@given(st.lists(NODES, max_size=5))
def test_arbitrary_markup_parses_to_the_same_tree(parts: list[str]) -> None:
    text = "<!DOCTYPE html><html lang=ja><head><title>t</title></head><body>" + "".join(parts)
    assume(not FOSTERED.search(text))
    assert ours(text) == reference(text)


def test_fostered_markup_is_what_is_left_out() -> None:
    assert FOSTERED.search("<table><p><li></li></p></table>")
    assert not FOSTERED.search("<table><tr><td><p>x</p></td></tr></table>")
