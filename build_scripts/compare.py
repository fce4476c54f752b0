"""Character-level differences between two clauses, for the compare view."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "delete" (only in the earlier text) or "insert" (only in the later one)
    text: str


def char_diff(earlier: str, later: str) -> tuple[Segment, ...]:
    """Opcodes of a character diff; a replacement is shown as a deletion then an insertion."""
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, earlier, later, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "delete", "replace") and i2 > i1:
            out.append(Segment("equal" if tag == "equal" else "delete", earlier[i1:i2]))
        if tag in ("insert", "replace") and j2 > j1:
            out.append(Segment("insert", later[j1:j2]))
    return tuple(out)


def earlier_side(diff: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in diff if s.op != "insert")


def later_side(diff: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in diff if s.op != "delete")
