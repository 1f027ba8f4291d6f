"""The locator map: coastlines, a projection, labels placed without overlap, SVG.

Takes coastline rings and labels with coordinates; gives one self-contained,
deterministic SVG string. It knows nothing of editions or templates, and reads no
file but the coastline data it is given and the fonts it measures labels with.
"""
