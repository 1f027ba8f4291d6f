"""fontconfig's own library, called through ctypes: the system's font configuration,
asked in microseconds (its command-line tools take a tenth of a second a call).

Two questions, each answered in fontconfig's pattern syntax and formatted with its
own format strings (`man FcPatternFormat`): `match`, the best font for a pattern as
the configuration ranks them, and `fonts`, every font a pattern selects.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import threading

from briefing.errors import RenderError

_MATCH_PATTERN = 0  # FcMatchPattern
_LOCK = threading.Lock()


@functools.cache
def _library() -> ctypes.CDLL:
    for name in ("libfontconfig.so.1", ctypes.util.find_library("fontconfig")):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        p = ctypes.c_void_p
        for fn, args, result in (
                ("FcInitLoadConfigAndFonts", [], p),
                ("FcNameParse", [ctypes.c_char_p], p),
                ("FcConfigSubstitute", [p, p, ctypes.c_int], ctypes.c_int),
                ("FcDefaultSubstitute", [p], None),
                ("FcFontMatch", [p, p, ctypes.POINTER(ctypes.c_int)], p),
                ("FcFontList", [p, p, p], p),
                ("FcObjectSetCreate", [], p),
                ("FcObjectSetAdd", [p, ctypes.c_char_p], ctypes.c_int),
                ("FcObjectSetDestroy", [p], None),
                ("FcFontSetDestroy", [p], None),
                ("FcPatternFormat", [p, ctypes.c_char_p], p),
                ("FcPatternDestroy", [p], None),
                ("FcStrFree", [p], None)):
            getattr(lib, fn).argtypes = args
            getattr(lib, fn).restype = result
        return lib
    raise RenderError("fontconfig's library (libfontconfig1) is not installed")


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int),
                ("fonts", ctypes.POINTER(ctypes.c_void_p))]


@functools.cache
def _config() -> int:
    config = _library().FcInitLoadConfigAndFonts()
    if not config:
        raise RenderError("fontconfig could not load its configuration")
    return int(config)


def _format(pattern: int, fmt: str) -> str:
    lib = _library()
    text = lib.FcPatternFormat(pattern, fmt.encode())
    if not text:
        raise RenderError(f"fontconfig: bad format {fmt!r}")
    value = ctypes.string_at(text).decode("utf-8", "replace")
    lib.FcStrFree(text)
    return value


def _parse(pattern: str) -> int:
    parsed = _library().FcNameParse(pattern.encode())
    if not parsed:
        raise RenderError(f"fontconfig: bad pattern {pattern!r}")
    return int(parsed)


@functools.cache
def match(pattern: str, fmt: str) -> str:
    """The font the configuration picks for a pattern ('serif:lang=zh-cn'), formatted."""
    lib, config = _library(), _config()
    with _LOCK:
        query = _parse(pattern)
        lib.FcConfigSubstitute(config, query, _MATCH_PATTERN)
        lib.FcDefaultSubstitute(query)
        result = ctypes.c_int()
        found = lib.FcFontMatch(config, query, ctypes.byref(result))
        lib.FcPatternDestroy(query)
        if not found:
            return ""
        value = _format(found, fmt)
        lib.FcPatternDestroy(found)
    return value


@functools.cache
def fonts(pattern: str, objects: tuple[str, ...], fmt: str) -> tuple[str, ...]:
    """Every font the pattern selects (':lang=he', 'Noto Sans'), each formatted; only the
    `objects` (family, file, ...) are read, so only those may appear in `fmt`."""
    lib, config = _library(), _config()
    with _LOCK:
        query = _parse(pattern)
        wanted = lib.FcObjectSetCreate()
        for name in objects:
            lib.FcObjectSetAdd(wanted, name.encode())
        found = lib.FcFontList(config, query, wanted)
        lib.FcObjectSetDestroy(wanted)
        lib.FcPatternDestroy(query)
        if not found:
            return ()
        fontset = ctypes.cast(found, ctypes.POINTER(_FontSet)).contents
        rows = tuple(sorted(_format(fontset.fonts[i], fmt) for i in range(fontset.nfont)))
        lib.FcFontSetDestroy(found)
    return rows
