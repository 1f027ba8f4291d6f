"""Stage 2, edition: one locale's words resolved against the facts.

Takes a validated `Content` and a locale; gives an `Edition`: the naming policy
applied, every reference resolved to a name or a fact formatted by Babel (CLDR),
prose rendered from Markdown to safe HTML. It does not touch files.
"""
