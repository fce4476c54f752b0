"""MkDocs hooks (the `hooks:` of every edition's generated config): what this build asks of MkDocs beyond its config.

MkDocs loads this file by its path, as a module of no package, in the process that builds an edition (the build
or the live preview's worker, or a forked copy of either: engines/base.write_editions), where build_scripts is
already imported. Zensical would run no hook: this one changes nothing MkDocs writes, only how fast.
"""

from __future__ import annotations

import jinja2

from build_scripts.render import warm


def on_env(env: jinja2.Environment, **kwargs: object) -> jinja2.Environment:
    """The theme's templates compiled once and kept on disk (render/warm.py): compiling Material's templates is a
    fifth of an edition's MkDocs build. Set before the first template is loaded: MkDocs only listed them so far."""
    env.bytecode_cache = warm.THEME
    return env
