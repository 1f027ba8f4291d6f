"""The Jinja environment templates run in: what it reads and what it may do.

Templates and catalogs come from people outside the code: templates from the
user's folder, catalogs from translators (often through an outside platform).

- Templates are read as every project file is (`briefing.files`: no symlink out,
  no special file, a size cap).
- A catalog's strings are text, never markup: Jinja's new-style gettext marks every
  translation safe, so here each one is escaped before its placeholders are filled;
  a value the template gives as markup stays markup, any other value is escaped.
- The sandbox keeps templates to the data they are given, and here also to values
  of a bounded size: `'x' * 10**10` or `10 ** 10**10` is refused before it is made.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound
from jinja2 import Environment as JinjaEnvironment
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import escape

from briefing.errors import FileGone
from briefing.files import read_text


class ProjectLoader(BaseLoader):
    """Templates from one folder, each read through `briefing.files`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(self, environment: JinjaEnvironment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.root.joinpath(*split_template_path(template))  # refuses '..'
        try:
            source = read_text(path, self.root, kind="template")
            mtime = os.stat(path).st_mtime_ns
        except (FileGone, FileNotFoundError):
            raise TemplateNotFound(template) from None

        def uptodate() -> bool:
            try:
                return os.stat(path).st_mtime_ns == mtime
            except OSError:
                return False

        return source, str(path), uptodate


MAX_ITEMS = 10_000_000
"""The most characters (or items) a template may make with `*`; a page is far smaller."""

MAX_EXPONENT = 10_000
"""The largest exponent `**` takes."""


class Environment(ImmutableSandboxedEnvironment):
    """The sandbox, with `*` and `**` checked before they run."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            size = _repeated_size(left, right)
            if size > MAX_ITEMS:
                raise SecurityError(f"'*' would make a value of {size:,} characters or items;"
                                    f" a template may make at most {MAX_ITEMS:,}")
        elif operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT \
                and isinstance(left, int | float) and abs(left) > 1:
            raise SecurityError(f"'**' with the exponent {right:,}; a template may raise to at "
                                f"most {MAX_EXPONENT:,}")
        return super().call_binop(context, operator, left, right)


def _repeated_size(left: Any, right: Any) -> int:
    """The length of `left * right` when it repeats a sequence, else 0."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple | bytes) and isinstance(times, int):
            return len(seq) * max(times, 0)
    return 0


def make_environment(root: Path, catalog: gettext.NullTranslations,
                     **options: Any) -> Environment:
    """A sandboxed, autoescaping environment for the templates under `root`."""
    env = Environment(loader=ProjectLoader(root), autoescape=True,
                      extensions=["jinja2.ext.i18n"], **options)
    env.globals.pop("lipsum", None)  # lipsum(10**9) would write a billion paragraphs
    install_catalog(env, catalog)
    return env


def install_catalog(env: JinjaEnvironment, catalog: gettext.NullTranslations) -> None:
    """`_`, `gettext`, `ngettext`, `pgettext` and `npgettext` in templates, each giving the
    translation escaped: Jinja then fills in the placeholders, escaping every value
    that is not markup already."""

    text = escape
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: text(catalog.gettext(message)),
        ngettext=lambda one, many, n: text(catalog.ngettext(one, many, n)),
        pgettext=lambda context, message: text(catalog.pgettext(context, message)),
        npgettext=lambda context, one, many, n: text(catalog.npgettext(context, one, many,
                                                                       n)),
        newstyle=True)
