"""The cascade: each element's declarations gathered once per distinct set of rules.

`StyleFor.__init__` matches every element against every stylesheet, then merges the
declarations of the matching rules into a cascaded dict per (element, pseudo-element),
declaration by declaration, building a weight tuple and calling
`declaration_precedence` for each. Two things make that wasteful:

- The user-agent stylesheet has universal rules for six pseudo-elements (`::marker`,
  `::footnote-call`, `::footnote-marker`, `::note-call`, `::note-marker`,
  `::note-callback`): every element gets six cascaded dicts, merged again and again
  from the same declarations, and six computed styles.
- An element whose rules (and parent's computed style, and style attribute) are those
  of an element before it shares that element's computed style; its own cascaded dict
  is merged all the same, and never read (the cascaded dicts are dropped at the end).

This merges the declarations of each distinct sequence of matching rules once (per
`StyleFor`) and gives each (element, pseudo-element) its own copy; it merges none
for the element itself when its computed style is shared. The element order, the
rules' order, the weights, the sharing of computed styles and the order in which the
anchors of pseudo-elements are collected are the original's.

A pseudo-element's style, made up front by the original for all of them (3,168 for a
Japanese briefing, a handful of which are ever asked for), is made when
`StyleFor.__call__` first asks for it, from the same cascaded values, parent, root
style and page sizes, with the same `anchor` read; those that set an anchor (to be
collected before layout) are made up front as before. A `StyleFor` made here must be
asked through the `__call__` here: switch with `faster.use` between documents only.
"""

from __future__ import annotations

from math import inf
from typing import Any

LAZY = "_briefing_lazy_pseudo_elements"
"""A `StyleFor`'s pseudo-elements whose styles are still to be made, with what
making them needs."""


def replacements() -> list[tuple[Any, str, Any]]:
    from weasyprint.css import (
        PROGRESS_LOGGER,
        ComputedStyle,
        StyleFor,
        declaration_precedence,
        find_style_attributes,
        preprocess_declarations,
    )
    from weasyprint.css.computed_values import COMPUTER_FUNCTIONS, PHYSICAL_FUNCTIONS
    from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES

    precedences: dict[tuple[str, Any], int] = {}
    # An anchor not cascaded is its initial value, as `__missing__` would find it.
    anchor_initial = not ({"anchor"} & (INHERITED | INITIAL_NOT_COMPUTED
                                        | COMPUTER_FUNCTIONS.keys() | PHYSICAL_FUNCTIONS.keys()))

    def empty(matcher: Any) -> bool:
        """Whether a `cssselect2.Matcher` has no selectors (its `match` is [])."""
        return not (matcher.id_selectors or matcher.class_selectors
                    or matcher.lower_local_name_selectors or matcher.namespace_selectors
                    or matcher.lang_attr_selectors or matcher.other_selectors)

    def merge(style: dict[str, Any], rules: list[tuple[Any, ...]]) -> None:
        """Add the declarations of `rules` to `style`, as the original's loop does."""
        for origin, layer_order, specificity, declarations in rules:
            for name, values, importance in declarations:
                precedence = precedences.get((origin, importance))
                if precedence is None:
                    precedence = declaration_precedence(origin, importance)
                    precedences[origin, importance] = precedence
                weight = (precedence, layer_order, specificity)
                old = style.get(name)
                if old is None or old[1] <= weight:
                    style[name] = values, weight

    def __init__(self: Any, html: Any, sheets: Any, presentational_hints: Any,
                 font_config: Any, target_collector: Any) -> None:
        cascaded_styles: dict[tuple[Any, Any], dict[str, Any]] = {}
        computed_styles: dict[tuple[Any, Any], Any] = {}
        self._cascaded_styles = cascaded_styles
        self._computed_styles = computed_styles
        self.initial_page_sizes = {"box": None, "area": None}
        self._sheets = sheets
        self.font_config = font_config

        PROGRESS_LOGGER.info("Step 3 - Applying CSS")
        layer_order = inf
        elements_declarations: dict[Any, tuple[Any, ...]] = {}
        for specificity, element, declarations, base_url in find_style_attributes(
                html.etree_element, presentational_hints, html.base_url):
            style = cascaded_styles.setdefault((element, None), {})
            elements_declarations[element] = tuple(declarations)
            for name, values, importance in preprocess_declarations(
                    base_url, declarations):
                precedence = declaration_precedence("author", importance)
                weight = (precedence, layer_order, specificity)
                old_weight = style.get(name, (None, None))[1]
                if old_weight is None or old_weight <= weight:
                    style[name] = values, weight

        # Elements in tree order, parents before their children. A sheet without
        # selectors matches nothing.
        matching_sheets = [
            (sheet, origin, sheet_specificity, matcher)
            for sheet, origin, sheet_specificity in sheets
            if not empty(matcher := sheet.matcher)]
        computed_cache: dict[Any, Any] = {}
        merged: dict[tuple[Any, ...], dict[str, Any]] = {}
        for element in html.wrapper_element.iter_subtree():
            etree_element = element.etree_element
            parent = element.parent.etree_element if element.parent else None
            parent_id = id(computed_styles[parent, None]) if element.parent else None
            element_declarations = elements_declarations.get(etree_element)
            selectors_keys = []
            # pseudo-element type: (its rules' keys, its rules)
            matched: dict[Any, tuple[list[Any], list[tuple[Any, ...]]]] = {}
            for sheet, origin, sheet_specificity, matcher in matching_sheets:
                for selector in matcher.match(element):
                    specificity, order, pseudo_type, (declarations, layer) = selector
                    layer_order = inf if layer is None else sheet.layers.index(layer)
                    selector_key = (sheet, specificity, id(declarations), layer_order)
                    selectors_keys.append(selector_key)
                    specificity = sheet_specificity or specificity
                    keys, rules = matched.setdefault(pseudo_type, ([], []))
                    keys.append((origin, layer_order, specificity, id(declarations)))
                    rules.append((origin, layer_order, specificity, declarations))

            key = (parent_id, element_declarations, tuple(selectors_keys))
            shared = computed_cache.get(key)
            for pseudo_type, (keys, rules) in matched.items():
                if pseudo_type is None and shared is not None:
                    continue  # its cascaded dict would never be read
                if (attributed := cascaded_styles.get((etree_element, pseudo_type))) is not None:
                    merge(attributed, rules)  # after its style attribute
                    continue
                rules_key = tuple(keys)
                if (known := merged.get(rules_key)) is None:
                    merge(known := merged.setdefault(rules_key, {}), rules)
                cascaded_styles[etree_element, pseudo_type] = (
                    known if pseudo_type and anchor_initial and "anchor" not in known
                    else known.copy())  # lazy ones are copied when made

            if shared is not None:
                # Equivalent computed style already exists, share it.
                computed_styles[etree_element, None] = shared
            else:
                self.set_computed_styles(
                    etree_element, root=html.etree_element, parent=parent,
                    base_url=html.base_url, target_collector=target_collector)
                computed_cache[key] = computed_styles[etree_element, None]

        # Then pseudo-elements, which inherit from their element, in the same order:
        # those with an anchor now (it is collected), the others when asked for.
        root_style = computed_styles[html.etree_element, None]
        lazy: dict[tuple[Any, Any], dict[str, Any]] = {}
        self.__dict__[LAZY] = (lazy, root_style, html.base_url, target_collector)
        for (element, pseudo_type), cascaded in cascaded_styles.items():
            if pseudo_type:
                if anchor_initial and "anchor" not in cascaded:
                    lazy[element, pseudo_type] = cascaded
                    continue
                computed = computed_styles[element, pseudo_type] = ComputedStyle(
                    computed_styles[element, None], cascaded, pseudo_type, root_style,
                    html.base_url, font_config, self.initial_page_sizes)
                if target_collector and computed["anchor"]:
                    target_collector.collect_anchor(computed["anchor"])

        # The cascaded styles are not needed anymore. Keep the dictionary, it is
        # used later for page margins.
        self._cascaded_styles.clear()

    original_call = StyleFor.__call__

    def __call__(self: Any, element: Any, pseudo_type: Any = None) -> Any:
        """`StyleFor.__call__`, making the pseudo-element's style first if it is
        still to be made."""
        if pseudo_type and (later := self.__dict__.get(LAZY)):
            lazy, root_style, base_url, target_collector = later
            if (cascaded := lazy.pop((element, pseudo_type), None)) is not None:
                computed = self._computed_styles[element, pseudo_type] = ComputedStyle(
                    self._computed_styles[element, None], cascaded.copy(), pseudo_type,
                    root_style, base_url, self.font_config, self.initial_page_sizes)
                if target_collector:
                    computed["anchor"] = INITIAL_VALUES["anchor"]  # not collected
        return original_call(self, element, pseudo_type)

    return [(StyleFor, "__init__", __init__), (StyleFor, "__call__", __call__)]
