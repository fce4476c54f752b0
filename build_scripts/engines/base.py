"""What the build asks of a static-site engine: Sphinx's Builder as model (sphinx/builders/__init__.py).

The driver (build.py), the live preview (cli/preview.py) and the render stage's theme words go through this
interface and never name an adapter's own functions, so a second engine (Zensical, say) is one more subclass
handed the same plain-data Site. The order of a build:

1. `theme_texts`: the theme's own interface words, in Simplified, which the render stage converts into each
   edition's script like every other string (render/interface.py) — before the Site exists;
2. `started`: while the generator works, the engine may warm up (MkDocs: its processes import their modules);
3. `prepare`: once the docs are written, whatever the engine reads beside them (MkDocs: a config per edition);
4. `write`: every edition built into out/<lang>/ (`write_edition`: one, in this process, for the preview);
5. `finish`: what the engine's output needs once every edition is built (MkDocs: the 404 pages).
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from ..settings import Settings
from ..site import Site

Progress = Callable[[str, str], None]  # (stage, what it produced)


class Engine(ABC):
    """One static-site engine and its theme."""

    @abstractmethod
    def theme_texts(self) -> Mapping[str, str]:
        """The theme's interface words a reader sees, in Simplified, by the theme's own keys."""

    @contextlib.contextmanager
    def started(self, settings: Settings) -> Iterator[None]:
        """Around a whole build: anything the engine may start early and must stop after. Nothing by default."""
        yield

    @abstractmethod
    def prepare(self, settings: Settings, site: Site) -> dict[str, str]:
        """Write what the engine reads beside the docs under settings.paths.work; return each edition's (lang →
        text): an edition whose text and set of pages are unchanged may be rebuilt incrementally."""

    @abstractmethod
    def write(self, settings: Settings, site: Site, out: Path, epoch: str, quiet: bool, progress: Progress) -> None:
        """Every edition of the Site, its docs under settings.paths.docs/<lang> and prepared, built into out/<lang>/.
        epoch is SOURCE_DATE_EPOCH for the dates the engine stamps; quiet hides the engine's own log."""

    @abstractmethod
    def write_edition(self, settings: Settings, lang: str, out: Path, epoch: str, incremental: bool) -> None:
        """One prepared edition built in this process into out (the live preview's warm worker); incremental: only
        the pages whose docs changed are built again."""

    @abstractmethod
    def finish(self, site: Site, out: Path, site_url: str) -> None:
        """What the engine's output in out needs once every edition is built."""
