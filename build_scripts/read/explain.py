"""`python -m build_scripts explain FILE`: how each statement of a raw file was read.

For each statement: every piece of its head and tail with its kind (kept as
metadata, or page furniture that was dropped), the document type, date and
place and where each came from (the text or manifest.toml), the source script,
the counts of clauses, further paragraphs and headings, and every anchor the
site will publish. A user adding a statement sees at once whether it was read
right, before building anything.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable
from pathlib import Path

from ..errors import SourceErrors
from ..model import CONTENT_KINDS, FURNITURE_KINDS, Clause, Statement
from ..text.script import SIMPLIFIED, paragraph_script
from .cursor import LINE_BREAK
from .manifest import read_manifest
from .parse import parse_file

WHAT = {"title": "title", "dateline": "dateline (date and place)", "lead": "lead, kept", "signature": "signature, kept",
        "source-note": "news-agency note, kept", "agency-line": "news-agency line, kept",
        "repeated-title": "the title again, dropped", "english-title": "English title, kept",
        "outside": "outside the document, dropped", "page-furniture": "page furniture, dropped"}
SCRIPTS = {SIMPLIFIED: "Simplified (简体): the 简体 edition shows it as received, 繁體 is converted with s2tw",
           "zh-Hant": "Traditional (繁體): the 繁體 edition shows it as received, 简体 is derived with t2s"}
QUOTE = 50


def explain_file(path: Path, source_dir: Path) -> str:
    """The report for every statement of one raw file, read with the manifest of source_dir."""
    manifest = read_manifest(source_dir / "manifest.toml")
    try:
        statements = parse_file(path, path.name, manifest.corpus, manifest.entries, manifest.broken)
    except SourceErrors as e:  # the file's own errors name the file where it is, whatever folder the manifest is in
        raise SourceErrors([dataclasses.replace(x, path=path.resolve()) if str(x.path) == path.name else x
                            for x in e.errors]) from None
    return "\n".join(explain_statement(s) for s in statements)


def explain_statement(s: Statement) -> str:
    lines = [f"{s.source}:{s.line}: {s.slug}  →  statements/{s.slug}/"]
    if s.start_rule:  # a page copy: where the document stands among the page's lines, and why
        lines.append(f"  document starts at {s.start_rule}")
        lines.append(f"  document ends at {s.end_rule}")
    lines.append("  head and tail:")
    where = _positions(s)
    for p in s.pieces:
        if p.kind in CONTENT_KINDS or p.kind in ("separator", "line-end", "english"):
            continue
        what = WHAT.get(p.kind) or (f"{p.kind}, furniture dropped" if p.kind in FURNITURE_KINDS else p.kind)
        lines.append(f"    {where(p.start):>6}  {what:<32} {_quote(p.text)}")
    if s.title_from == "manifest":
        lines.append(f"          {'title, from manifest.toml':<32} {_quote(s.title)}")
    origin = "title" if s.title_from == "text" else "manifest title"
    lines.append(f"  document type: {s.document_type or '(none)'} (from the {origin})")
    lines.append(f"  date:  {s.date.isoformat()} (from {_origin(s.date_from)})")
    lines.append(f"  place: {s.place} (from {_origin(s.place_from)})")
    lines.append(f"  script: {SCRIPTS.get(s.script, s.script)}")
    other = [b.anchor for b in s.blocks if paragraph_script(b.text, s.script) != s.script]
    if other:
        lines.append(f"  mixed scripts: {' '.join(other)} {'is' if len(other) == 1 else 'are'} written in "
                     f"{'Traditional' if s.script == SIMPLIFIED else 'Simplified'}; each paragraph is converted from "
                     f"its own script")
    clauses = s.clauses
    numbered = sum(1 for c in clauses if c.number_text)
    further = sum(1 for c in clauses if not c.number_text and c.anchor.startswith("c"))
    lines.append(f"  body: {len(clauses)} paragraphs to cite — {numbered} numbered clauses, {further} further paragraphs of "
                 f"clauses, {len(clauses) - numbered - further} unnumbered paragraphs; {len(s.headings)} headings")
    lines.append("  anchors: " + " ".join(f"{b.anchor}" if isinstance(b, Clause) else f"[{b.anchor}]" for b in s.blocks))
    lines.append("  labels:  " + " ".join(b.label for b in s.blocks[:6]) + (" …" if len(s.blocks) > 6 else ""))
    return "\n".join(lines) + "\n"


def _positions(s: Statement) -> Callable[[int], str]:
    """Where an offset stands: a column of the statement's line, or line:column in a page copy."""
    text = "".join(p.text for p in s.pieces)
    if "\n" not in text and "\r" not in text:
        return lambda at: str(at + 1)
    breaks = [m.end() for m in LINE_BREAK.finditer(text)]

    def where(at: int) -> str:
        n = bisect.bisect_right(breaks, at)
        return f"{s.line + n}:{at - (breaks[n - 1] if n else 0) + 1}"
    return where


def _origin(where: str) -> str:
    return "the text" if where == "text" else "manifest.toml"


def _quote(text: str) -> str:
    return repr(text if len(text) <= QUOTE else text[:QUOTE] + "…")
