"""Prose markup: CommonMark without raw HTML, plus `{kind:id}` references.

Content is untrusted: raw HTML is off, links may only be http(s) or mailto, and
every reference is replaced by text the resolver has already escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import Markup

from briefing.content.refs import REF, Ref

Resolve = Callable[[Ref], Markup]
"""Turns one reference into escaped HTML, for the locale being rendered."""

SAFE_SCHEMES = ("https:", "http:", "mailto:")


def _reference_rule(state: StateInline, silent: bool) -> bool:
    match = REF.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("briefing_ref", "", 0)
        token.meta = {"ref": Ref(match[1], match[2], match[3], match.start(), match.end())}
    state.pos = match.end()
    return True


def _render_reference(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                      env: dict[str, Any]) -> str:
    resolve: Resolve = env["resolve"]
    html = str(resolve(tokens[idx].meta["ref"]))
    following = tokens[idx + 1] if idx + 1 < len(tokens) else None
    if following is not None and following.type == "text" and following.content[:1] == ".":
        html = one_full_stop(html)
    return html


_ENDS_WITH_STOP = re.compile(r"\.((?:</[a-z]+>)*)$")


def one_full_stop(html: str) -> str:
    """A value that ends in an abbreviation's full stop (2019 р., 2019 г., 2019. 1. 22.)
    before the full stop that ends a sentence: the one stop serves both, in any
    locale whose formats end so."""
    return _ENDS_WITH_STOP.sub(r"\1", html)


def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline", "code", "fence", "heading",
                "lheading", "hr", "table"], ignoreInvalid=True)
    md.inline.ruler.before("text", "briefing_ref", _reference_rule)
    md.add_render_rule("briefing_ref", _render_reference)
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


_MD = _parser()


def tokens(text: str) -> list[Token]:
    """The Markdown tokens of a segment as rendering parses it (references are
    `briefing_ref` tokens): what a translation's structure is compared by."""
    return _MD.parse(text)


def render_block(text: str, resolve: Resolve) -> Markup:
    """A paragraph segment (one or more paragraphs, lists, emphasis, links) as HTML."""
    return _keep_citations(_MD.render(text, {"resolve": resolve}).strip())


_SPACE_BEFORE_CITE = re.compile(r'(?<!\s)\s+(?=<a class="cite")')
"""Space before a citation mark. Matched only from the start of a run of spaces: tried
from every position inside a long run, `\\s+` alone took time quadratic in its length."""
_CITED = re.compile(r'(&[#\w]+;|[^\s<>&])((?:<a class="cite"[^>]*>[^<]*</a>)+)')


def _keep_citations(html: str) -> Markup:
    # A citation mark never starts a line: it is bound to the character before it, and
    # consecutive marks ([6][7]) to each other.
    html = _SPACE_BEFORE_CITE.sub("", html)  # a superscript: no space
    return Markup(_CITED.sub(r'<span class="cited">\1\2</span>', html))  # noqa: S704


def render_inline(text: str, resolve: Resolve) -> Markup:
    """A heading or table cell: inline markup only, no <p>."""
    return _keep_citations(_MD.renderInline(text.strip(), {"resolve": resolve}))
