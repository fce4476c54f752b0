"""A third-party module imported when it is first used, not when the module naming it is.

A build of an unchanged corpus takes its search cuts, links and word diffs from the disk cache (cache.py) and never
calls jieba, numpy, SciPy or pypinyin, whose imports alone are ≈0.7 s of CPU, a third of the build's own. A module
that needs one names it at module level (never in a function: tests/test_layers.py), as

    if TYPE_CHECKING:
        import numpy as np
    else:
        np = lazy.module("numpy")

so the type checker sees the real module and the build pays for the import only on the first attribute it reads.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

_LOCK = threading.Lock()
# What a module needs once imported. jieba sets its own logger to DEBUG when imported, and would print its
# dictionary loading on stderr: a level set before that import is lost.
_SETUP: dict[str, Callable[[ModuleType], None]] = {"jieba": lambda jieba: jieba.setLogLevel(logging.WARNING)}


class LazyModule:
    """Stands for the module `name` (absolute, dotted names included) and imports it on first attribute access."""

    def __init__(self, name: str) -> None:
        if name.split(".")[0] == __name__.split(".")[0]:
            raise ValueError(f"{name}: the project's own modules are imported, never lazily (tests/test_layers.py)")
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if self._module is None:
            with _LOCK:  # the build's threads may reach it at once: one import, then every attribute its own
                if self._module is None:
                    module = importlib.import_module(self._name)
                    root = self._name.partition(".")[0]
                    if root in _SETUP:  # jieba.posseg imports jieba
                        _SETUP[root](sys.modules[root])
                    self._module = module
        return getattr(self._module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}{' (imported)' if self._module is not None else ''}>"


def module(name: str) -> Any:
    return LazyModule(name)
