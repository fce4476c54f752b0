"""What a long-lived process (the live preview's worker, build_scripts/cli/preview.py) keeps between builds.

Jinja compiles a template anew in every Environment it is loaded into, and a build makes new ones each time
(one per edition for our Markdown templates; MkDocs one per edition for the theme): ≈0.2 s of compiling per
edition, every preview rebuild. A CompiledTemplates cache keeps the compiled code per template file and
source text, so a template whose text is unchanged is compiled once per process. One cache per kind of
Environment (the same options compile the same source to the same code): templates (ours) and theme (MkDocs).
"""

from __future__ import annotations

from types import CodeType

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory, keyed by Jinja's own key (name and file) and the source's checksum."""

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], CodeType] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.code[(bucket.key, bucket.checksum)] = bucket.code


TEMPLATES = CompiledTemplates()  # the generator's Markdown templates (render/pages.py: environment), every edition
THEME = CompiledTemplates()  # the theme's templates, in MkDocs's Environment (engines/mkdocs.build_in_process)
