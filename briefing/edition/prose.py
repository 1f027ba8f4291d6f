"""Prose to HTML: the Markdown of `briefing.content.markdown`, rendered safely.

Content is untrusted: raw HTML comes out as text, a link goes only to http(s) or
mailto (any other shows its words alone), an image is read only from inside the
content folder, and every reference is replaced by text the resolver has
already escaped. Validation has refused all of these before a build; rendering
holds the line anyway, for callers that render without validating.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup, escape

from briefing.content.assets import AssetProblem, data_uri
from briefing.content.markdown import make_parser, safe_link
from briefing.content.refs import Ref

Resolve = Callable[[Ref], Markup]
"""Turns one reference into escaped HTML, for the locale being rendered."""


@dataclass(frozen=True)
class Prose:
    """What rendering one segment needs besides its text."""

    resolve: Resolve
    root: Path | None
    """The content folder: images are read from inside it (None: no images)."""
    id_prefix: str
    """Prefix of the ids of the segment's notes, unique in a page."""


def _render_reference(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                      env: dict[str, Any]) -> str:
    prose: Prose = env["prose"]
    html = str(prose.resolve(tokens[idx].meta["ref"]))
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


def _figures_and_links(state: StateCore) -> None:
    """An image alone in its paragraph becomes a figure; an unsafe link keeps its words
    and loses its address; a table cell's alignment becomes a class."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        children = token.children or []
        images = [c for c in children if c.type == "image"]
        if (token.type == "inline" and len(images) == 1 and 0 < i < len(tokens) - 1
                and tokens[i - 1].type == "paragraph_open"
                and all(c.type == "image" or (c.type == "text" and not c.content.strip())
                        or c.type == "softbreak" for c in children)):
            tokens[i - 1].type = "figure_open"
            tokens[i + 1].type = "figure_close"
            token.children = images
        for child in children:
            if child.type == "link_open" and not safe_link(str(child.attrGet("href") or "")):
                child.attrSet("href", "")
        if token.type in ("th_open", "td_open"):
            align = re.search(r"text-align:(\w+)", str(token.attrGet("style") or ""))
            token.attrs.pop("style", None)
            if align:
                token.attrSet("class", f"align-{align[1]}")


def _render_link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                      env: dict[str, Any]) -> str:
    if not tokens[idx].attrGet("href"):
        return ""
    return str(self.renderToken(tokens, idx, options, env))


def _render_link_close(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                       env: dict[str, Any]) -> str:
    opening = next(t for t in reversed(tokens[:idx]) if t.type == "link_open")
    return "</a>" if opening.attrGet("href") else ""


def _render_image(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                  env: dict[str, Any]) -> str:
    token = tokens[idx]
    prose: Prose = env["prose"]
    alt = self.renderInlineAsText(token.children or [], options, env)
    try:
        if prose.root is None:
            raise AssetProblem("no content folder to read images from")
        src = data_uri(prose.root, str(token.attrGet("src") or ""))
    except AssetProblem:
        return str(escape(alt))
    img = Markup('<img src="{}" alt="{}">').format(src, alt)
    title = token.attrGet("title")
    caption = Markup("<figcaption>{}</figcaption>").format(title) if title else ""
    return str(img + caption)


def _render_figure(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                   env: dict[str, Any]) -> str:
    return '<figure class="figure">' if tokens[idx].type == "figure_open" else "</figure>\n"


def _render_html(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                 env: dict[str, Any]) -> str:
    return str(escape(tokens[idx].content))


def _render_as_paragraph(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                         env: dict[str, Any]) -> str:
    """Markup that validation refuses (a heading, a code block, a rule), rendered as a
    plain paragraph by a caller that did not validate."""
    token = tokens[idx]
    if token.type in ("heading_open", "heading_close"):
        return "<p>" if token.nesting == 1 else "</p>\n"
    if token.type == "hr":
        return ""
    return str(Markup("<p>{}</p>\n").format(token.content))


def _note_id(tokens: Sequence[Token], idx: int, env: dict[str, Any]) -> tuple[str, int]:
    prose: Prose = env["prose"]
    return prose.id_prefix, int(tokens[idx].meta["id"]) + 1


def _render_note_ref(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                     env: dict[str, Any]) -> str:
    prefix, n = _note_id(tokens, idx, env)
    sub = int(tokens[idx].meta.get("subId", 0))
    ref = f"{prefix}noteref-{n}" + (f"-{sub}" if sub else "")
    return str(Markup('<sup class="note-ref"><a href="#{}note-{}" id="{}">{}</a></sup>')
               .format(prefix, n, ref, n))


def _render_notes(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                  env: dict[str, Any]) -> str:
    kind = tokens[idx].type
    if kind == "footnote_block_open":
        return '<ol class="notes">\n'
    if kind == "footnote_block_close":
        return "</ol>\n"
    if kind == "footnote_open":
        prefix, n = _note_id(tokens, idx, env)
        return str(Markup('<li id="{}note-{}" value="{}">').format(prefix, n, n))
    if kind == "footnote_close":
        return "</li>\n"
    return ""  # footnote_anchor: the note's number links back well enough


def _parser() -> Any:
    md = make_parser()
    md.core.ruler.push("briefing_figures", _figures_and_links)
    md.add_render_rule("briefing_ref", _render_reference)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("figure_open", _render_figure)
    md.add_render_rule("figure_close", _render_figure)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("link_close", _render_link_close)
    md.add_render_rule("html_inline", _render_html)
    md.add_render_rule("html_block", _render_html)
    for kind in ("heading_open", "heading_close", "hr", "fence", "code_block"):
        md.add_render_rule(kind, _render_as_paragraph)
    md.add_render_rule("footnote_ref", _render_note_ref)
    for kind in ("footnote_block_open", "footnote_block_close", "footnote_open",
                 "footnote_close", "footnote_anchor"):
        md.add_render_rule(kind, _render_notes)
    return md


_MD = _parser()


def tokens(text: str) -> list[Token]:
    """The Markdown tokens of a segment as rendering parses it (references are
    `briefing_ref` tokens): what a translation's structure is compared by."""
    return _MD.parse(text)  # type: ignore[no-any-return]


def render_block(text: str, prose: Prose | Resolve) -> Markup:
    """A paragraph segment (paragraphs, lists, quotes, tables, figures, notes) as HTML;
    given only a resolver, its images are left out (shown by their alt text)."""
    return _keep_citations(_MD.render(text, {"prose": _prose(prose)}).strip())


def _prose(prose: Prose | Resolve) -> Prose:
    return prose if isinstance(prose, Prose) else Prose(prose, None, "")


_SPACE_BEFORE_CITE = re.compile(r'(?<!\s)\s+(?=<a class="cite")')
"""Space before a citation mark. Matched only from the start of a run of spaces: tried
from every position inside a long run, `\\s+` alone took time quadratic in its length."""
_CITED = re.compile(r'(&[#\w]+;|[^\s<>&])((?:<a class="cite"[^>]*>[^<]*</a>)+)')


def _keep_citations(html: str) -> Markup:
    # A citation mark never starts a line: it is bound to the character before it, and
    # consecutive marks ([6][7]) to each other.
    html = _SPACE_BEFORE_CITE.sub("", html)  # a superscript: no space
    return Markup(_CITED.sub(r'<span class="cited">\1\2</span>', html))  # noqa: S704


def render_inline(text: str, prose: Prose | Resolve) -> Markup:
    """A heading or table cell: inline markup only, no <p>."""
    return _keep_citations(_MD.renderInline(text.strip(), {"prose": _prose(prose)}))
