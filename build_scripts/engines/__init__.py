"""Engine adapters: each turns a Site (build_scripts/site.py) into what one static-site engine builds.

Only the modules here import an engine or know its theme's files; the rest of
the generator makes Markdown, data and search files and never asks who renders them.
It calls the engine through the Engine interface (base.py) of ENGINE, the one this
generator builds with, and never an adapter's own functions.
"""

from .base import Engine
from .mkdocs import MkDocs

ENGINE: Engine = MkDocs()
