"""Raw bytes → text and lines: UTF-8 only, and when it is not, say where and what the file looks like.

A raw file must be UTF-8; a UTF-8 byte-order mark is allowed and dropped, and
lines may end in LF, CRLF or CR. Anything else fails at the first byte that is
not UTF-8, with its line and column and a guess at the encoding the file is
really in: a UTF-16/32 byte-order mark says so outright; otherwise the file is
decoded strictly as each candidate and the guess is the one whose text is made
of common characters (GB2312's 3755 first-level hanzi, Big5's 5401 common ones,
ASCII and CJK punctuation). A file that is UTF-8 but for a damaged or truncated
character is told apart from one in another encoding.
"""

from __future__ import annotations

import codecs
import re
from functools import cache

from .errors import SourceError

LINE_BREAK = re.compile(r"\r\n|\r|\n")
BOMS = (  # UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's
    (codecs.BOM_UTF32_LE, "UTF-32LE", "UTF-32 (little-endian, with a byte-order mark)"),
    (codecs.BOM_UTF32_BE, "UTF-32BE", "UTF-32 (big-endian, with a byte-order mark)"),
    (codecs.BOM_UTF16_LE, "UTF-16LE", "UTF-16 (little-endian, with a byte-order mark)"),
    (codecs.BOM_UTF16_BE, "UTF-16BE", "UTF-16 (big-endian, with a byte-order mark)"),
)
CANDIDATES = (  # (codec, iconv name, what to call it)
    ("gb18030", "GB18030", "GB18030 (GBK)"),
    ("big5", "BIG5", "Big5"),
    ("utf-16-le", "UTF-16LE", "UTF-16 (little-endian, no byte-order mark)"),
    ("utf-16-be", "UTF-16BE", "UTF-16 (big-endian, no byte-order mark)"),
)
PLAUSIBLE = 0.8  # share of common characters a decoding needs to count as a guess
DAMAGED = 0.99  # share of the file that must read as UTF-8 for it to be damaged UTF-8 rather than another encoding
EXPECTED = "expected UTF-8"


def split_lines(text: str) -> list[str]:
    """The lines of a text without their line ends (LF, CRLF or CR)."""
    return LINE_BREAK.split(text)


def decode(data: bytes, path: str) -> str:
    """The text of a raw file; a SourceError at the first byte that is not UTF-8."""
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _not_utf8(data, body, e, path) from None


def _not_utf8(data: bytes, body: bytes, e: UnicodeDecodeError, path: str) -> SourceError:
    before = split_lines(body[:e.start].decode("utf-8"))
    line, column = len(before), len(before[-1]) + 1
    found = body[e.start:e.start + 4]
    for bom, iconv, name in BOMS:
        if data.startswith(bom):
            return SourceError(path, 1, 1, f"not UTF-8: the file begins with {bom!r}, the byte-order mark of {name}; "
                                            f"{EXPECTED}: convert it, e.g. iconv -f {iconv} -t UTF-8")
    guess = _guess(body)
    as_utf8 = body.decode("utf-8", errors="replace")
    readable = 1 - as_utf8.count("\ufffd") / len(as_utf8)
    if readable >= DAMAGED and (guess is None or guess[0] < readable):
        where = ("an incomplete UTF-8 character at the end of the file (is it cut short?)" if e.end == len(body)
                 else "not UTF-8, though the rest of the file is: a damaged character")
        return SourceError(path, line, column, f"not UTF-8: {found!r} is {where}; {EXPECTED} throughout")
    if guess is None:
        return SourceError(path, line, column, f"not UTF-8: {found!r} is not UTF-8, and the file does not read as "
                                               f"{', '.join(name for *_, name in CANDIDATES)} either; {EXPECTED}")
    _, codec, iconv, name = guess
    line_start = body.rfind(b"\n", 0, e.start) + 1 if codec in ("gb18030", "big5") else 0
    reads = body[line_start:].decode(codec, errors="replace")[:24]
    return SourceError(path, line, column, f"not UTF-8: {found!r} looks like {name}, in which this line reads "
                                           f"{reads!r}; {EXPECTED}: convert the file, e.g. iconv -f {iconv} -t UTF-8")


def _guess(body: bytes) -> tuple[float, str, str, str] | None:
    """The candidate encoding whose strict decoding reads most like Chinese text, with that share."""
    scores = []
    for codec, iconv, name in CANDIDATES:
        try:
            scores.append((_share_common(body.decode(codec)), codec, iconv, name))
        except UnicodeDecodeError:
            continue
    best = max(scores, default=None)
    return best if best and best[0] >= PLAUSIBLE else None


def _share_common(text: str) -> float:
    chars = [ch for ch in text if not ch.isspace()]
    common = _common()
    ok = sum(1 for ch in chars if ch in common or " " <= ch <= "~" or "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e")
    return ok / len(chars) if chars else 0.0


@cache
def _common() -> frozenset[str]:
    """The most used hanzi: GB2312 level 1 (simplified) and Big5's common characters (traditional)."""
    chars = set()
    for codec, leads, trails in (("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
                                 ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])):
        for lead in leads:
            for trail in trails:
                try:
                    chars.add(bytes((lead, trail)).decode(codec))
                except UnicodeDecodeError:
                    continue
    return frozenset(chars)
