"""A job: one edition to render, a locale or a pair of locales side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Job:
    """One edition: a locale, or a pair of locales side by side."""

    left: str
    right: str | None = None

    @property
    def locales(self) -> tuple[str, ...]:
        """The edition's locales, the primary first."""
        return (self.left,) if self.right is None else (self.left, self.right)

    @property
    def name(self) -> str:
        return self.left if self.right is None else f"{self.left}+{self.right}"

    def files(self, formats: Sequence[str]) -> list[str]:
        names = {"html": "briefing.html", "pdf": "briefing.pdf", "fragment": "fragment.html"}
        wanted = [f for f in formats if self.right is None or f != "fragment"]
        return [f"{self.name}/{names[f]}" for f in wanted]

