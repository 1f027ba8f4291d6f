"""Whether the replacements keep what they work out from one render for the next.

Line measurements and drawings, compressed streams and font cuts (`lines`,
`writing`) are worth keeping only in a process that renders the same words again:
the preview, after each edit. A build renders each edition once, and keeping them
would cost it time for nothing, so they are kept only once `faster.keep(True)`.
"""

from __future__ import annotations

on = False
"""Set by `faster.keep`."""
