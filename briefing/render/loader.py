"""What a Jinja environment reads: templates from their folder, words from a catalog.

Both come from people outside the code: templates from the user's folder, catalogs
from translators (often through an outside platform). Templates are read as every
project file is (`briefing.files`: no symlink out, no special file, a size cap).
A catalog's strings are text, never markup: Jinja's new-style gettext marks every
translation safe, so here each one is escaped before its placeholders are filled;
a value the template gives as markup stays markup, any other value is escaped.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.loaders import split_template_path
from markupsafe import escape

from briefing.errors import FileGone
from briefing.files import read_text


class ProjectLoader(BaseLoader):
    """Templates from one folder, each read through `briefing.files`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(self, environment: Environment,
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


def install_catalog(env: Environment, catalog: gettext.NullTranslations) -> None:
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
