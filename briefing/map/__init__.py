"""Maps of any region: land, a projection, an inset, labels placed without overlap, SVG.

Takes a region (a box of longitude and latitude), labels with coordinates and the
words of one edition; gives one self-contained, deterministic SVG string. It knows
nothing of content files, editions or templates. It reads the land data shipped with
it (and its own cache of cuts of it) and the fonts it measures labels with, nothing
else.
"""
