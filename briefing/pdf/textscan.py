"""The characters a rendered page will show, and where each first appears."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?|\\(.)")
_CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.first_seen: dict[str, str] = {}
        self._stack: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        label = a.get("data-segment") or a.get("id") or ""
        self._stack.append((tag, label))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        while self._stack and self._stack.pop()[0] != tag:
            pass
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            for match in _CSS_STRING.finditer(data):
                self._note(css_unescape(match[1]), "page margins")
            return
        where = next((label for _, label in reversed(self._stack) if label), "")
        for char in data:
            if char not in self.first_seen:
                self.first_seen[char] = where or (self._stack[-1][0] if self._stack else "")

    def _note(self, text: str, where: str) -> None:
        for char in text:
            self.first_seen.setdefault(char, where)


def css_unescape(text: str) -> str:
    return _CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], text)


def characters(html: str) -> dict[str, str]:
    """Every character of the page's text (and CSS strings) -> where it first appears."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.first_seen
