"""fontTools' subsetter and variable-font instancer, imported when first used.

WeasyPrint imports both as it is imported (`weasyprint.pdf.fonts`): 50-75 ms of every
command that makes a PDF, paid by a build before it forks its workers, while the
other core waits. It uses them only for a variable font (to fix its axes) and where
HarfBuzz cannot cut a font. Before WeasyPrint is imported, `install` puts a stand-in
for each in `sys.modules`; the first attribute read from one (or the first call of
`instantiateVariableFont`) imports the real module, the subsetter before the
instancer (which needs what importing the subsetter adds to fontTools' tables).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

SUBSET = "fontTools.subset"
INSTANCER = "fontTools.varLib.instancer"


class _Deferred(types.ModuleType):
    """Stands for a module not imported yet; the first attribute read imports it."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):  # what importing asks of it
            raise AttributeError(name)
        return getattr(load(self.__name__), name)


def install() -> None:
    """Both modules deferred, unless something imported either already."""
    if SUBSET in sys.modules or INSTANCER in sys.modules:
        return
    import fontTools  # type: ignore[import-untyped]

    subset = _Deferred(SUBSET)
    sys.modules[SUBSET] = subset
    fontTools.subset = subset
    instancer = _Deferred(INSTANCER)

    def instantiateVariableFont(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 - its name
        return load(INSTANCER).instantiateVariableFont(*args, **kwargs)

    instancer.instantiateVariableFont = instantiateVariableFont  # type: ignore[attr-defined]
    sys.modules[INSTANCER] = instancer


def load(name: str) -> types.ModuleType:
    """The real module, imported now if it was deferred."""
    module = sys.modules.get(name)
    if isinstance(module, _Deferred):
        if name == INSTANCER:
            load(SUBSET)
        del sys.modules[name]
        if name == SUBSET:
            import fontTools

            del fontTools.subset
        module = importlib.import_module(name)
    assert module is not None
    return module
