"""The parser's walk over raw text: a cursor that records pieces, positions, and the checks on what it found.

Shared by the two readers of raw files: one statement per line (parse.py) and a
page copy holding one statement among the page's furniture (page_copy.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import SourceError
from ..model import ManifestEntry, Piece
from . import head

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
    """Date and place, and where each came from: the text's dateline (or date line), else a news-agency line that
    gives the year, else the manifest. A manifest value that contradicts the text is an error unless the entry
    lists the key in `overrides`: a typo in the manifest must not silently move a permalink."""
    text_date, text_place, start = _text_date(cur, found)
    date, place = text_date, text_place
    date_from = place_from = "text"
    for key, given, in_text in (("date", entry.date if entry else None, text_date),
                                ("place", entry.place if entry else None, text_place)):
        if given is None:
            continue
        if in_text is not None and given != in_text and key not in (entry.overrides if entry else ()):
            shown = given.isoformat() if isinstance(given, dt.date) else given
            raise cur.error(start, f"manifest.toml gives {key} = {shown!r} for this statement but its text gives "
                                   f"{in_text!s}: expected them to agree; if the text is wrong, add overrides = "
                                   f"[\"{key}\"] to the entry, else remove {key} from it")
        if key == "date":
            date, date_from = given, "manifest"  # type: ignore[assignment]
        else:
            place, place_from = given, "manifest"  # type: ignore[assignment]
    if date is None or place is None:
        what = "date or place" if date is None and place is None else "date" if date is None else "place"
        raise cur.error(at, f"no {what} for {quote(title, 20)}: expected a dateline such as {head.DATE_EXAMPLE} "
                        f"in the text, or a [[statement]] entry in manifest.toml with file = {cur.path!r}, "
                        f"line = {cur.lineno} and the {what}")
    return date, place, date_from, place_from


def _text_date(cur: Cursor, found: list[tuple[int, str]]) -> tuple[dt.date | None, str | None, int]:
    """The date and place the text itself gives, and where: the first dateline (or date line, or news-agency line)
    that has a year gives the date; the first that names a place, the place."""
    agency = [(p.start, p.text) for p in cur.pieces if p.kind == "agency-line"]
    date, place, at = None, None, 0
    for start, text in [*found, *agency]:
        m = head.match_item(text, 0, len(text), (*head.DATE_KINDS, "agency-line"))
        assert m, text
        if date is None and m[1]["y"] and m[1]["m"]:
            try:
                date, at = head.read_date(m[1]), start
            except ValueError:
                raise cur.error(start, f"impossible date in dateline {text!r}: expected a real date such as "
                                f"{DATELINE_EXAMPLE}") from None
        if place is None:
            place = _agency_place(m[1]) if m[0] == "agency-line" else m[1]["place"] or None
    return date, place, at


def _agency_place(m: re.Match[str]) -> str | None:
    """The place of 新华社北京…电: where the text was issued, the statement's place when nothing else gives one."""
    text = m.group()
    agency = re.match(r"[\u4e00-\u9fff]{0,5}?[社报報]", text)
    rest = text[agency.end():] if agency else ""
    place = re.match(r"[^0-9\uff10-\uff19〇零○一二三四五六七八九十年月日]+", rest)
    return place.group() if place else None


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
