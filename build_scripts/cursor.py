"""The parser's walk over raw text: a cursor that records pieces, positions, and the checks on what it found.

Shared by the two readers of raw files: one statement per line (parse.py) and a
page copy holding one statement among the page's furniture (page.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import head
from .errors import SourceError
from .model import ManifestEntry, Piece

DATELINE_EXAMPLE = "（2010年3月21日，北京）"
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@lru_cache(maxsize=8)
def _breaks(text: str) -> list[int]:
    """Offsets just after each line break of text."""
    return [m.end() for m in LINE_BREAK.finditer(text)]


@dataclass
class Cursor:
    """Walks one raw text (a line of a file, or a whole page copy), recording a piece for everything it consumes.

    `line` is the text walked and `lineno` the file line it begins on; an offset in it is reported as the file's
    line and column, so an error in a page copy points at its own line.
    """

    path: str
    lineno: int
    line: str
    pos: int = 0
    pieces: list[Piece] = field(default_factory=list)

    def add(self, kind: str, start: int, end: int) -> None:
        self.pieces.append(Piece(kind, self.line[start:end], start))
        self.pos = end

    def aside(self, kind: str, start: int, end: int) -> None:
        """Record a piece without moving the cursor."""
        self.pieces.append(Piece(kind, self.line[start:end], start))

    def error(self, at: int, message: str) -> SourceError:
        line, column = self.position(at)
        return SourceError(self.path, line, column, message)

    def position(self, at: int) -> tuple[int, int]:
        """File line and column (from 1) of an offset in the text."""
        breaks = _breaks(self.line)
        n = bisect.bisect_right(breaks, at)
        return self.lineno + n, at - (breaks[n - 1] if n else 0) + 1


def quote(text: str, limit: int = 30) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")




def dates(cur: Cursor) -> list[tuple[int, str]]:
    return sorted((p.start, p.text) for p in cur.pieces if p.kind == "dateline")


def date_place(cur: Cursor, title: str, found: list[tuple[int, str]], entry: ManifestEntry | None,
                at: int) -> tuple[dt.date, str, str, str]:
    """Date and place, and where each came from: the manifest wins over the text, as it exists to correct it."""
    date = entry.date if entry else None
    place = entry.place if entry else None
    date_from = place_from = "manifest"
    if found:
        start, text = found[0]
        m = head.match_item(text, 0, len(text), head.DATE_KINDS)
        assert m, text
        if date is None:
            try:
                date, date_from = head.read_date(m[1]), "text"
            except ValueError:
                raise cur.error(start, f"impossible date in dateline {text!r}: expected a real date such as "
                                f"{DATELINE_EXAMPLE}") from None
        if place is None and m[1]["place"]:
            place, place_from = m[1]["place"], "text"
    if date is None or place is None:
        what = "date or place" if date is None and place is None else "date" if date is None else "place"
        raise cur.error(at, f"no {what} for {quote(title, 20)}: expected a dateline such as {head.DATE_EXAMPLE} "
                        f"in the text, or a [[statement]] entry in manifest.toml with file = {cur.path!r}, "
                        f"line = {cur.lineno} and the {what}")
    return date, place, date_from, place_from




def check_accounting(path: str, lineno: int, line: str, pieces: list[Piece]) -> None:
    """Fail loudly unless the pieces tile the line: every character in exactly one piece."""
    pos = 0
    for piece in pieces:
        if piece.start != pos:
            what = "unaccounted" if piece.start > pos else "counted twice"
            raise SourceError(path, lineno, pos + 1, f"characters {what}: {line[pos:piece.start][:30]!r} "
                              f"(parser bug: every character must land in a clause, heading, metadata or furniture)")
        if line[piece.start:piece.start + len(piece.text)] != piece.text:
            raise SourceError(path, lineno, pos + 1, f"piece {piece.kind} does not match the source text")
        pos += len(piece.text)
    if pos != len(line):
        raise SourceError(path, lineno, pos + 1, f"characters unaccounted at the end: {line[pos:][:30]!r}")
