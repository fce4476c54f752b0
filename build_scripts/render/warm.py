"""What a long-lived process (the live preview's worker, build_scripts/cli/preview.py) keeps between builds, and
every build between runs.

Jinja compiles a template anew in every Environment it is loaded into, and a build makes new ones each time
(one per edition for our Markdown templates; MkDocs one per edition for the theme): ≈0.2 s of compiling per
edition, every preview rebuild. A CompiledTemplates cache keeps the compiled code per template file and
source text, so a template whose text is unchanged is compiled once per process. One cache per kind of
Environment (the same options compile the same source to the same code): templates (ours) and theme (MkDocs).
Both are also kept on disk (build_scripts/cache.py, by the template's name and checksum and the generator's code,
Jinja's, MkDocs's and Python's versions included), so a new process compiles none of them either: the build's MkDocs
processes, each started anew, included.
"""

from __future__ import annotations

import base64
from types import CodeType

import jinja2
from jinja2.bccache import Bucket

from .. import cache


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory and in the disk cache, keyed by Jinja's own key (name and file) and the
    source's checksum."""

    def __init__(self, kind: str) -> None:
        self.code: dict[tuple[str, str], CodeType] = {}
        self.kind = f"jinja.bytecode.{kind}"  # the disk cache's name: each kind of Environment its own

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get((bucket.key, bucket.checksum))
        if code is None:
            kept = cache.get(self.kind, [bucket.key, bucket.checksum])
            if isinstance(kept, str):
                bucket.bytecode_from_string(base64.b64decode(kept))  # Jinja checks its own magic header too
                code = bucket.code
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.code[(bucket.key, bucket.checksum)] = bucket.code
            cache.put(self.kind, [bucket.key, bucket.checksum], base64.b64encode(bucket.bytecode_to_string()).decode("ascii"))


TEMPLATES = CompiledTemplates("templates")  # the generator's Markdown templates (render/pages.py: environment), every edition
THEME = CompiledTemplates("theme")  # the theme's templates, in MkDocs's Environment (engines/mkdocs_hooks.py)
