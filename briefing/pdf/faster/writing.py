"""Writing the PDF: pydyf's conversion of values to bytes.

`pydyf._to_bytes` turns every value written into a PDF into bytes: each operand of
each drawing operator, each item of each content stream, each key and value of each
dictionary (some 45,000 calls for a Japanese edition). It asks `isinstance` in turn
whether the value is bytes, a float or a PDF object, and otherwise goes through
`str(value).encode('ascii')`: two calls for the ints and strings that are most of
what it gets. The replacement dispatches on the exact type: bytes as they are,
strings encoded directly (`str` of a string is the string), ints and integral
floats formatted once with `%d` (which is `str(int(x))`), other floats with `%f`
(the `f` format with its default precision, like `f'{x:f}'`) stripped of trailing
zeros in bytes. Subclasses (bool, PDF objects) and anything else go to the original.
"""

from __future__ import annotations

from typing import Any


def replacements() -> list[tuple[Any, str, Any]]:
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
