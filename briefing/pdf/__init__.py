"""Stage 4, pdf: print HTML laid out by WeasyPrint into a tagged PDF.

Takes the print HTML of an edition; gives PDF bytes, with fonts chosen and
subset, no glyph missing (a missing one is an error, never a tofu box), tags and
metadata. It reads only what the sealed fetcher allows: files under the content
and templates folders, never the network.
"""
