"""Authoring: a new briefing, a new locale, and the reference of every content field.

Takes the content model (for its JSON Schema and field reference), a validated
`Content` (to add a locale to) and the templates' `messages.pot`; gives new content
files, written all or nothing, that build at once and that `briefing check` then
guides a writer and a translator through. It renders nothing.
"""
