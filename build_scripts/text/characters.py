"""Which characters a string may carry into the site: one rule, applied where each input is read.

Every string that reaches output — raw statement text, every text of manifest.toml, topics.toml and
aliases.toml, published.urls, the deploy settings — is checked here once, at its source, so that a
character no output can carry is a SourceError at file:line:col naming it (U+001B (ESCAPE)), never a
traceback from the writer that meets it last (the Atom feed refuses what XML 1.0 cannot hold), and never
text altered on the way.

- One-line values (a name, a place, a term, a URL, a setting) refuse every control character (C0, DEL,
  C1), every format character (zero-width spaces, direction overrides, the BOM …: invisible, and
  meaningless in a name or an address), line and paragraph separators, surrogates and noncharacters.
- Raw statement text is published as received, so it is refused rather than changed where it holds a
  character no page, feed or data file can carry or show as text: a control character (tab and line ends
  aside), a noncharacter, a line or paragraph separator, or a direction override or isolate (it reorders
  the text around it on screen). The other format characters a copied web page carries (U+200B ZERO
  WIDTH SPACE, U+00AD SOFT HYPHEN, U+FEFF …) are text XML and HTML hold, and stay as received.
"""

from __future__ import annotations

import re
import unicodedata

# Unicode's names for the controls (its name aliases; unicodedata.name knows none of them).
CONTROL_NAMES = dict(enumerate((
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY", "ACKNOWLEDGE",
    "ALERT", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN",
    "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL",
    "END OF MEDIUM", "SUBSTITUTE", "ESCAPE", "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO", "INFORMATION SEPARATOR ONE")))
CONTROL_NAMES[0x7F] = "DELETE"
CONTROL_NAMES.update(enumerate((
    "PADDING CHARACTER", "HIGH OCTET PRESET", "BREAK PERMITTED HERE", "NO BREAK HERE", "INDEX", "NEXT LINE",
    "START OF SELECTED AREA", "END OF SELECTED AREA", "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION", "LINE TABULATION SET", "PARTIAL LINE FORWARD", "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED", "SINGLE SHIFT TWO", "SINGLE SHIFT THREE", "DEVICE CONTROL STRING", "PRIVATE USE ONE",
    "PRIVATE USE TWO", "SET TRANSMIT STATE", "CANCEL CHARACTER", "MESSAGE WAITING", "START OF GUARDED AREA",
    "END OF GUARDED AREA", "START OF STRING", "SINGLE GRAPHIC CHARACTER INTRODUCER", "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER", "STRING TERMINATOR", "OPERATING SYSTEM COMMAND", "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND"), start=0x80))
LINE_EXPECTED = "expected one line of text without control characters, invisible format characters or noncharacters"
RAW_EXPECTED = ("expected the text as printed, without control characters, noncharacters, line separators or direction "
                "overrides (the build never alters raw text: remove it from the file)")


def is_noncharacter(ch: str) -> bool:
    """U+FDD0..U+FDEF and the last two code points of every plane: reserved, never text."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


# The raw rule as one character class, so that a corpus of a thousand statements is checked at regex speed.
RAW_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                       "\ud800-\udfff\ufdd0-\ufdef" + "".join(f"{chr(plane | 0xFFFE)}{chr(plane | 0xFFFF)}"
                                                             for plane in range(0, 0x110000, 0x10000)) + "]")


def _unfit_in_line(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") or is_noncharacter(ch)


def unfit(text: str, raw: bool = False) -> int | None:
    """The index of the first character `text` may not carry into output, or None; raw: the rule for raw statement
    text (see the module's docstring), else the one for one-line values (short: checked one character at a time)."""
    if raw:
        found = RAW_UNFIT.search(text)
        return found.start() if found else None
    return next((i for i, ch in enumerate(text) if _unfit_in_line(ch)), None)


def describe(ch: str) -> str:
    """U+001B (ESCAPE), U+202E (RIGHT-TO-LEFT OVERRIDE), U+FFFE (a noncharacter): what an error calls a character."""
    code = ord(ch)
    name = CONTROL_NAMES.get(code) or unicodedata.name(ch, "")
    if not name:
        name = ("a noncharacter" if is_noncharacter(ch) else "a surrogate" if unicodedata.category(ch) == "Cs"
                else "an unassigned character")
    return f"U+{code:04X} ({name})"
