"""pydyf's page references, cached per page count (briefing/pdf/pagerefs.py)."""

from __future__ import annotations

import pydyf
import pytest

from briefing.pdf import pagerefs


def _pdf(pages: int) -> pydyf.PDF:
    pdf = pydyf.PDF()
    for _ in range(pages):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    return pdf


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    pagerefs.install()
    pagerefs.install()  # twice is once


def test_the_references_are_the_same_and_follow_new_pages() -> None:
    pdf = _pdf(3)
    first = pdf.page_references
    expected = tuple(f"{n} 0 R".encode() for n in pdf.pages["Kids"][::3])
    assert first == expected and len(first) == 3
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 4
    assert pdf.page_references[:3] == first


def test_reading_them_again_builds_nothing() -> None:
    pdf = _pdf(94)
    kids = pdf.pages["Kids"]
    slices = 0

    class CountingList(list):  # type: ignore[type-arg]
        def __getitem__(self, index):  # type: ignore[no-untyped-def]
            nonlocal slices
            if isinstance(index, slice):
                slices += 1
            return super().__getitem__(index)

    pdf.pages["Kids"] = CountingList(kids)
    for _ in range(19_856):  # one read per structure element of the 94-page briefing
        assert pdf.page_references[93]
    assert slices == 1


def test_each_pdf_has_its_own() -> None:
    one, two = _pdf(2), _pdf(5)
    assert len(one.page_references) == 2 and len(two.page_references) == 5
    assert one.page_references is not two.page_references
