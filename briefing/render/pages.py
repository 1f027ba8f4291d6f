"""Rendering editions to HTML with one Jinja template tree for every medium."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from babel import Locale
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2 import TemplateError as JinjaError
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup

from briefing import cachefiles
from briefing.content.folder import Content
from briefing.edition.l10n import Formatter, load_catalog, text_direction
from briefing.edition.resolve import Edition, formatter_for
from briefing.errors import FileGone, TemplateError, display_path
from briefing.files import read_bytes, read_text
from briefing.render.deadline import TimeLimitExceeded, time_limit
from briefing.render.environment import Environment, make_environment
from briefing.render.typefaces import LanguageFonts, stacks_css

Medium = Literal["screen", "print", "fragment"]

PAGE_TEMPLATE = "briefing.html.j2"
BILINGUAL_TEMPLATE = "bilingual.html.j2"
BLOCKS_TEMPLATE = "blocks.html.j2"
INDEX_TEMPLATE = "index.html.j2"
STYLESHEETS = {"base": "css/base.css", "screen": "css/screen.css", "print": "css/print.css",
               "fragment": "css/fragment.css"}


_ENVIRONMENTS: dict[tuple[Path, str, bytes], Environment] = {}


class _CompiledOnce(BytecodeCache):
    """Compiled templates shared by the process's environments, one per locale, and
    kept in the cache folder (`cachefiles`) for the next processes.

    A template's code does not depend on the locale (the catalog is looked up as it
    runs), so it is compiled once per process instead of once per locale: about 0.04 s
    for each locale after the first, in every build worker. Compiling the default
    templates takes each worker 0.07 s more; a later build reads the code back.
    Jinja keys it by file and checks the source's checksum (and its own version and
    Python's), so an edited template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key not in self._code:
            kept = cachefiles.read(cachefiles.folder, _kept_name(bucket))
            if kept is None:
                return
            self._code[bucket.key] = kept
        bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        cachefiles.write(cachefiles.folder, _kept_name(bucket), self._code[bucket.key])


def _kept_name(bucket: Bucket) -> str:
    """The template's file and source, and what else changes the code Jinja makes of
    it: the environment's class and syntax options."""
    env = bucket.environment
    escape = env.autoescape if isinstance(env.autoescape, bool) else \
        getattr(env.autoescape, "__qualname__", "?")
    setup = (type(env).__qualname__, escape, env.trim_blocks, env.lstrip_blocks,
             env.keep_trailing_newline, sorted(env.extensions),
             sorted(getattr(env, "intercepted_binops", ())),  # the sandbox's
             sorted(getattr(env, "intercepted_unops", ())), env.block_start_string,
             env.variable_start_string,
             env.comment_start_string, env.line_statement_prefix, env.newline_sequence)
    return cachefiles.key("template", bucket.key, bucket.checksum, repr(setup))


_COMPILED = _CompiledOnce()

TEMPLATE_SECONDS = 60.0
"""The default time limit of one template render: a user's template that loops for
ever is stopped (the default templates take a tenth of a second for a whole edition)."""


@dataclass
class Renderer:
    """Jinja environments for one template folder, one per locale, made once and reused."""

    templates: Path
    content: Content
    time_limit: float = TEMPLATE_SECONDS
    """Seconds one template render may take before it is stopped with an error."""
    _envs: dict[str, Environment] = field(default_factory=dict)
    _css: dict[str, str] = field(default_factory=dict)
    _catalogs: dict[str, gettext.NullTranslations] = field(default_factory=dict)

    def catalog(self, tag: str) -> gettext.NullTranslations:
        """The locale's interface strings, compiled in memory from its .po file."""
        if tag not in self._catalogs:
            locale = self.content.locales[tag]
            self._catalogs[tag] = load_catalog(locale.catalog, Locale.parse(tag),
                                              self.content.root)
        return self._catalogs[tag]

    def formatter(self, tag: str) -> Formatter:
        return formatter_for(self.content.locales[tag])

    def environment(self, tag: str) -> Environment:
        if tag not in self._envs:
            # Shared by every Renderer of the process while the catalog is the same:
            # compiled templates survive a content edit (Jinja reloads a changed template).
            key = (self.templates, tag, self._catalog_bytes(tag))
            if key not in _ENVIRONMENTS:
                _ENVIRONMENTS[key] = self._make_environment(tag)
            self._envs[tag] = _ENVIRONMENTS[key]
        return self._envs[tag]

    def _catalog_bytes(self, tag: str) -> bytes:
        try:
            return read_bytes(self.content.locales[tag].catalog, self.content.root)
        except FileGone:
            return b""

    def _make_environment(self, tag: str) -> Environment:
        # Templates may come from users: the sandbox keeps them to the data they are given.
        env = make_environment(self.templates, self.catalog(tag), undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True, bytecode_cache=_COMPILED)
        env.filters["css_string"] = css_string
        env.filters["page_counter"] = page_counter
        env.filters["single_stops"] = single_stops
        env.filters["direction"] = text_direction
        env.filters["lang_attributes"] = lang_attributes
        return env

    def css(self, name: str) -> str:
        """A stylesheet from the template folder, read once."""
        if name not in self._css:
            try:
                css = read_text(self.templates / STYLESHEETS[name], self.templates,
                                kind="stylesheet")
            except FileGone:
                css = ""
            self._css[name] = css
        return self._css[name]

    def render(self, tag: str, template: str, **context: Any) -> str:
        """Render one template, turning Jinja's errors into ones that name file and line."""
        with self._located_errors():
            compiled = self.environment(tag).get_template(template)
            with time_limit(self.time_limit):  # the run, not the compiling, is limited
                return compiled.render(**context)

    def macro(self, tag: str, name: str, *args: Any) -> Markup:
        """Call a macro of blocks.html.j2 with `tag`'s catalog (for one bilingual cell)."""
        with self._located_errors():
            compiled = self.environment(tag).get_template(BLOCKS_TEMPLATE)
            with time_limit(self.time_limit):
                return Markup(getattr(compiled.module, name)(*args))

    @contextmanager
    def _located_errors(self) -> Iterator[None]:
        try:
            yield
        except TemplateSyntaxError as exc:
            raise TemplateError(_shown(exc.filename, self.templates, exc.name), exc.lineno,
                                f"template syntax error: {exc.message}") from None
        except UndefinedError as exc:
            path, line = _template_frame(exc, self.templates)
            raise TemplateError(path, line, f"undefined variable: {exc.message}") from None
        except JinjaError as exc:
            path, line = _template_frame(exc, self.templates)
            raise TemplateError(path, line, f"template error: {exc.message}") from None
        except TimeLimitExceeded as exc:
            path, line = _template_frame(exc, self.templates)
            raise TemplateError(path, line, f"the template took longer than "
                                f"{self.time_limit:g} s to render and was stopped: "
                                "a loop that does not end?") from None
        except RecursionError as exc:
            path, line = _template_frame(exc, self.templates)
            raise TemplateError(path, line, "template failed: templates include or call each "
                                "other without end") from None
        except MemoryError:
            raise TemplateError(display_path(self.templates), None,
                                "template failed: out of memory") from None
        except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
            # A template from a user can fail like any program; say where.
            path, line = _template_frame(exc, self.templates)
            raise TemplateError(path, line, f"template failed: {type(exc).__name__}: {exc}") \
                from None

    def edition_html(self, edition: Edition, medium: Medium,
                     fonts: Sequence[LanguageFonts] = (), **extra: Any) -> str:
        return self.render(edition.tag, PAGE_TEMPLATE, edition=edition, medium=medium,
                           css=self.medium_css(medium, fonts), **extra)

    def medium_css(self, medium: Medium, fonts: Sequence[LanguageFonts] = ()) -> Markup:
        """The stylesheet a page embeds, with the font stacks of the languages it shows;
        the PDF gets its own, parsed once, and its fonts' stacks, instead."""
        if medium == "print":
            return Markup("")
        if medium == "fragment":
            return Markup(self.css("fragment")
                          + scope(self.css("base") + stacks_css(fonts, root=False)))
        return Markup(self.css("base") + self.css(medium) + stacks_css(fonts))


_ROOT = re.compile(r"\.briefing(?![-\w])")


def scope(css: str) -> str:
    """Raise every rule's `.briefing` root above a host page's selectors (ids aside)."""
    return _ROOT.sub(".briefing:not(#_)", css)


def css_string(text: str) -> Markup:
    """Text as a CSS string literal, safe inside a <style> element."""
    if isinstance(text, Markup):  # a translation, escaped for HTML: the characters it says
        text = text.unescape()
    escaped = "".join(c if c.isalnum() or c in " .,:;-_/()" and c != "\\" else f"\\{ord(c):x} "
                      for c in text)
    return Markup(f'"{escaped}"')


_DOUBLE_STOP = re.compile(r"\.((?:</[a-z]+>)+)\.")


def lang_attributes(tag: str, around: str) -> Markup:
    """` lang=".." dir=".."` for words in `tag` set inside words in `around`; nothing
    when the two are one language, as inheritance says it already (and WeasyPrint
    pays for each element that names a language: 4 % of a Japanese PDF was the names
    table's Japanese cells repeating lang="ja")."""
    if tag == around:
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(tag, text_direction(tag))


def single_stops(html: str) -> Markup:
    """An element that ends in an abbreviation's full stop (a date: 2019 р.) and the
    full stop a catalog pattern puts after it: one stop serves both."""
    return Markup(_DOUBLE_STOP.sub(r".\1", str(html)))  # noqa: S704 - HTML already


_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def page_counter(template: str) -> Markup:
    """'Page {page} of {pages}' as CSS `content`: "Page " counter(page) " of " ..."""
    if isinstance(template, Markup):
        template = template.unescape()
    parts: list[str] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > pos:
            parts.append(css_string(template[pos: match.start()]))
        parts.append(f"counter({match[1]})")
        pos = match.end()
    if pos < len(template):
        parts.append(css_string(template[pos:]))
    return Markup(" ".join(parts))


def _shown(filename: str | None, root: Path, name: str | None) -> str:
    if filename:
        return display_path(Path(filename))
    return display_path(root / (name or "?"))


def _template_frame(exc: BaseException, root: Path) -> tuple[str, int | None]:
    """The innermost template frame of a runtime error, at its template line. Jinja maps
    a render's traceback to template lines itself; a macro called from Python (a
    bilingual cell) keeps the compiled code's lines, mapped here through the template."""
    found: tuple[str, int | None] = (display_path(root), None)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            found = display_path(Path(name)), template.get_corresponding_lineno(tb.tb_lineno)
        elif name.endswith(".j2") or name.startswith(str(root)):
            found = display_path(Path(name)), tb.tb_lineno
        tb = tb.tb_next
    return found

