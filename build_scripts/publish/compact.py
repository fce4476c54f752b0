"""The built edition made lighter without changing what a reader sees.

Material's templates indent every line and leave blank lines between them (a statement page was a tenth
whitespace), and our own stylesheet and scripts ship as written. Here, after MkDocs:

- HTML: spaces and tabs that open a line, and blank lines, are dropped. A newline is kept wherever there was
  one, so the whitespace between two inline elements is still there and the page renders the same; <pre>,
  <textarea>, <script> and <style> are left byte for byte. Nothing else in a line is touched: statement text
  (full-width spaces included) stays as it is.
- Our CSS and JS (any asset not already named *.min.*) are minified with rcssmin and rjsmin.

Every step is idempotent, so the live preview's incremental builds can run it again over a built site.
"""

from __future__ import annotations

import re
from pathlib import Path

import rcssmin
import rjsmin

_VERBATIM = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"(?<=\n)[ \t]+")
_BLANK_LINES = re.compile(r"\n{2,}")


def _squeeze(text: str) -> str:
    return _BLANK_LINES.sub("\n", _INDENT.sub("", text))


def compact_html(text: str) -> str:
    out, pos = [], 0
    for m in _VERBATIM.finditer(text):
        out += [_squeeze(text[pos:m.start()]), m.group(0)]
        pos = m.end()
    out.append(_squeeze(text[pos:]))
    return "".join(out)


def _minify(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return rcssmin.cssmin(text) if path.suffix == ".css" else rjsmin.jsmin(text)


def compact_edition(edition_out: Path) -> None:
    """Compact an edition's built pages and its own assets in place (a file is rewritten only if it changes)."""
    for page in sorted(edition_out.rglob("*.html")):
        _rewrite(page, compact_html(page.read_text(encoding="utf-8")))
    assets = edition_out / "assets"
    for asset in sorted(p for p in assets.rglob("*") if p.suffix in (".css", ".js") and ".min." not in p.name):
        _rewrite(asset, _minify(asset))


def _rewrite(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if path.read_bytes() != data:
        path.write_bytes(data)
