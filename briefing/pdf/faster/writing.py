"""Writing the PDF: the fonts' subsets, pydyf's bytes and its compressed streams.

Three replacements, one function each below with what it saves: subsetting a font
(`Font._harfbuzz_subset`, which had cffi parse a new C type for nearly every font of
every document), pydyf's conversion of every value it writes to bytes
(`_to_bytes`), and its compression of each stream (`Stream.data`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from briefing.pdf.faster import keeping

SUBSETS_LIMIT = 64
"""Font subsets kept (then started again): a few per edition."""
COMPRESSED_LIMIT = 64 * 2**20
"""Bytes of streams (before compression) whose compressed form is kept at most."""
LEVEL = 6
"""zlib's level for every stream. pydyf's is 9, the slowest: for the streams of two
default editions, 83 ms against 29 ms at 6, for 443 KB against 449 KB (1 % more).
The comparisons with WeasyPrint's own code set 9 (`same_level`); what the streams
hold is the same at any level."""


@contextmanager
def same_level() -> Iterator[None]:
    """pydyf's own level for the streams, while in force: for comparing bytes with
    WeasyPrint's own code."""
    global LEVEL
    before, LEVEL = LEVEL, 9
    try:
        yield
    finally:
        LEVEL = before


def replacements() -> list[tuple[Any, str, Any]]:
    return [*_subsetting(), *_serialising(), *_compressing()]


def _compressing() -> list[tuple[Any, str, Any]]:
    """Each stream's bytes compressed once.

    pydyf compresses every stream at zlib's level 9, the slowest: about a tenth of
    writing a PDF, most of it for the fonts' subsets and the pages' contents. This
    compresses at `LEVEL`, three times as fast. The preview writes the same edition
    again after each edit, with the same subsets and mostly the same pages: once
    `faster.keep(True)`, this keeps the compressed form of each stream's bytes (up to
    `COMPRESSED_LIMIT` of them, then starts again) and compresses only what it has not
    seen. The rest is pydyf's `Stream.data`, line for line.
    """
    import zlib

    import pydyf

    kept: dict[tuple[int, bytes], bytes] = {}
    size = 0

    def forget() -> None:
        nonlocal size
        kept.clear()
        size = 0

    keeping.emptied_by_forget(forget)

    def compressed(raw: bytes) -> bytes:
        nonlocal size
        key = (LEVEL, raw)
        done = kept.get(key) if keeping.on else None
        if done is None:
            compressor = zlib.compressobj(level=LEVEL)
            done = compressor.compress(raw) + compressor.flush()
            if not keeping.on:
                return done
            if size + len(raw) > COMPRESSED_LIMIT:
                kept.clear()
                size = 0
            kept[key] = done
            size += len(raw)
        return done

    def data(self: Any) -> bytes:
        stream = b"\n".join(pydyf._to_bytes(item) for item in self.stream)
        extra = pydyf.Dictionary(self.extra.copy())
        if self.compress:
            extra["Filter"] = "/FlateDecode"
            stream = compressed(stream)
        extra["Length"] = len(stream)
        return b"\n".join((extra.data, b"stream", stream, b"endstream"))

    return [(pydyf.Stream, "data", property(data))]


def _serialising() -> list[tuple[Any, str, Any]]:
    """pydyf's conversion of values to bytes, dispatched on the exact type.

    `pydyf._to_bytes` turns every value written into a PDF into bytes: each operand
    of each drawing operator, each item of each content stream, each key and value
    of each dictionary (some 45,000 calls for a Japanese edition). It asks
    `isinstance` in turn whether the value is bytes, a float or a PDF object, and
    otherwise goes through `str(value).encode('ascii')`: two calls for the ints and
    strings that are most of what it gets. The replacement dispatches on the exact
    type: bytes as they are, strings encoded directly (`str` of a string is the
    string), ints and integral floats formatted once with `%d` (which is
    `str(int(x))`), other floats with `%f` (the `f` format with its default
    precision, like `f'{x:f}'`) stripped of trailing zeros in bytes. Subclasses
    (bool, PDF objects) and anything else go to the original. pydyf's own functions
    look `_to_bytes` up in their module at each call, and WeasyPrint never imports
    it, so replacing it in `pydyf` is enough.
    """
    import pydyf

    original = pydyf._to_bytes

    def _to_bytes(item: Any) -> Any:
        kind = type(item)
        if kind is bytes:
            return item
        if kind is str:
            return item.encode("ascii")
        if kind is int:
            return b"%d" % item
        if kind is float:
            if item.is_integer():
                return b"%d" % item
            return (b"%f" % item).rstrip(b"0")
        return original(item)

    return [(pydyf, "_to_bytes", _to_bytes)]


def _subsetting() -> list[tuple[Any, str, Any]]:
    """Font subsetting without a new C type for each new number of glyphs.

    `Font._harfbuzz_subset` passes the glyph ids to HarfBuzz in arrays made by
    `ffi.new(f'hb_codepoint_t[{n}]', ids)`: a C type named by its length. cffi keeps
    the types it has parsed by name, so each length not seen before in the process
    (the number of glyphs a font uses, its highest glyph id plus one: new for nearly
    every document and font) is parsed anew with pycparser, ~3 ms each time, twice
    per font and PDF. `hb_codepoint_t[]` with the same ids makes the same array,
    with a type parsed once. The rest is the original's code. And a font already
    cut to the same glyphs (the same font bytes, glyphs and flags: the preview
    writes the same edition after each edit) is not cut again, once
    `faster.keep(True)`: the last
    `SUBSETS_LIMIT` cuts are kept.
    """
    from weasyprint.logger import LOGGER
    from weasyprint.pdf.fonts import Font
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset
    from weasyprint.text.fonts import get_hb_object_data

    kept: dict[Any, bytes] = {}
    keeping.emptied_by_forget(kept.clear)

    def _harfbuzz_subset(self: Any, to_unicode: Any, hinting: Any) -> None:
        if not keeping.on:
            _subset(self, to_unicode, hinting)
            return
        # The same font cut to the same glyphs, as the preview does after each edit.
        key = (self.file_content, tuple(sorted(to_unicode)), bool(hinting),
               bool(self.missing))
        done = kept.get(key)
        if done is None:
            _subset(self, to_unicode, hinting)
            if self.file_content is not key[0]:  # cut (else: warned, left whole)
                if len(kept) >= SUBSETS_LIMIT:
                    kept.clear()
                kept[key] = self.file_content
        else:
            self.file_content = done

    def _subset(self: Any, to_unicode: Any, hinting: Any) -> None:
        """Subset font using Harfbuzz."""
        hb_subset = ffi.gc(
            harfbuzz_subset.hb_subset_input_create_or_fail(),
            harfbuzz_subset.hb_subset_input_destroy)

        # Only keep used glyphs.
        gid_set = harfbuzz_subset.hb_subset_input_glyph_set(hb_subset)
        gid_array = ffi.new("hb_codepoint_t[]", sorted(to_unicode))
        harfbuzz.hb_set_add_sorted_array(gid_set, gid_array, len(to_unicode))

        # Set flags.
        flags = (
            harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS |
            harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED |
            harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE)
        if self.missing:
            flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
        harfbuzz_subset.hb_subset_input_set_flags(hb_subset, flags)

        # Drop useless tables.
        drop_set = harfbuzz_subset.hb_subset_input_set(
            hb_subset, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
        drop_tables = tuple(harfbuzz.hb_tag_from_string(name, -1) for name in (
            b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF",
            b"LTSH", b"PCLT", b"SVG "))
        drop_tables_array = ffi.new("hb_codepoint_t[]", drop_tables)
        harfbuzz.hb_set_add_sorted_array(drop_set, drop_tables_array, len(drop_tables))

        # Subset font.
        hb_face = ffi.gc(
            harfbuzz_subset.hb_subset_or_fail(self.hb_face, hb_subset),
            harfbuzz.hb_face_destroy)

        # Drop empty glyphs after last one used.
        gid_set = harfbuzz_subset.hb_subset_input_glyph_set(hb_subset)
        keep = tuple(range(max(to_unicode) + 1))
        gid_array = ffi.new("hb_codepoint_t[]", keep)
        harfbuzz.hb_set_add_sorted_array(gid_set, gid_array, len(keep))

        # Set flags.
        flags = (
            harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED |
            harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE)
        if not hinting:
            flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
        if self.missing:
            flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
        harfbuzz_subset.hb_subset_input_set_flags(hb_subset, flags)

        # Subset font.
        hb_face = ffi.gc(
            harfbuzz_subset.hb_subset_or_fail(hb_face, hb_subset),
            harfbuzz.hb_face_destroy)

        # Store new font.
        if hb_face:
            file_content = get_hb_object_data(hb_face)
            if file_content:
                self.file_content = file_content
                return

        LOGGER.warning('Unable to subset "%s" with HarfBuzz', self.family)

    return [(Font, "_harfbuzz_subset", _harfbuzz_subset)]
