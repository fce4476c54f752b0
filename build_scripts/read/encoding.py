"""Raw bytes → text and lines: UTF-8 only, and when it is not, say where and what the file looks like.

A raw file must be UTF-8; a UTF-8 byte-order mark is allowed and dropped, and
lines may end in LF, CRLF or CR. Anything else fails at the first byte that is
not UTF-8, with its line and column and a guess at the encoding the file is
really in: a UTF-16/32 byte-order mark says so outright; otherwise the file is
decoded strictly as each candidate and the guess is the one whose text is made
of common characters (GB2312's 3755 first-level hanzi, Big5's 5401 common ones,
ASCII and CJK punctuation). A file that is UTF-8 but for a damaged or truncated
character is told apart from one in another encoding. Mostly-ASCII text in
UTF-16 without a byte-order mark (a TOML file, published.urls) is valid UTF-8
holding a NUL before or after every letter: a file holding NULs is taken for
UTF-16 when it reads as such.
"""

from __future__ import annotations

import codecs
import re
from functools import cache

from ..errors import SourceError

LINE_BREAK = re.compile(r"\r\n|\r|\n")
BOMS = (  # (mark, iconv name, what to call it); UTF-32's first: UTF-32LE's mark begins with UTF-16LE's
    (codecs.BOM_UTF32_LE, "UTF-32", "UTF-32, little-endian"),
    (codecs.BOM_UTF32_BE, "UTF-32", "UTF-32, big-endian"),
    (codecs.BOM_UTF16_LE, "UTF-16", "UTF-16, little-endian"),
    (codecs.BOM_UTF16_BE, "UTF-16", "UTF-16, big-endian"),
)
CANDIDATES = (  # (codec, iconv name, what to call it); the first two read ASCII as ASCII
    ("gb18030", "GB18030", "GB18030 (GBK)"),
    ("big5", "BIG5", "Big5"),
    ("utf-16-le", "UTF-16LE", "UTF-16 (little-endian, no byte-order mark)"),
    ("utf-16-be", "UTF-16BE", "UTF-16 (big-endian, no byte-order mark)"),
)
ASCII_BASED = ("gb18030", "big5")
PLAUSIBLE = 0.8  # share of common characters a decoding needs to count as a guess
DAMAGED = 0.9  # share of the non-ASCII characters that must read as UTF-8 for the file to be damaged UTF-8
EXPECTED = "expected UTF-8"


def split_lines(text: str) -> list[str]:
    """The lines of a text without their line ends (LF, CRLF or CR)."""
    return LINE_BREAK.split(text)


def decode(data: bytes, path: str) -> str:
    """The text of a raw file; a SourceError at the first byte that is not UTF-8."""
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _not_utf8(data, body, e, path) from None
    if "\x00" in text:  # never text; before or after every ASCII letter, the file is UTF-16
        wide = _guess(body, 0, ("utf-16-le", "utf-16-be"))
        if wide:
            _, iconv, name, readable = wide
            raise SourceError(path, 1, 1, f"not UTF-8: {body[:4]!r} looks like {name}, in which it reads "
                                          f"{readable[:24]!r}; {EXPECTED}: convert the file, e.g. iconv -f {iconv} -t UTF-8")
    return text


def _not_utf8(data: bytes, body: bytes, e: UnicodeDecodeError, path: str) -> SourceError:
    before = split_lines(body[:e.start].decode("utf-8"))
    line, column = len(before), len(before[-1]) + 1
    found = body[e.start:e.start + 4]
    for bom, iconv, name in BOMS:
        if data.startswith(bom):
            return SourceError(path, 1, 1, f"not UTF-8: the file begins with {bom!r}, the byte-order mark of {name}; "
                                            f"{EXPECTED}: convert it, e.g. iconv -f {iconv} -t UTF-8")
    if _readable_as_utf8(body) >= DAMAGED:
        where = ("an incomplete UTF-8 character at the end of the file (is it cut short?)" if e.end == len(body)
                 else "not UTF-8, though the rest of the file is: a damaged character")
        return SourceError(path, line, column, f"not UTF-8: {body[e.start:e.end]!r} is {where}; {EXPECTED} throughout")
    guess = _guess(body, e.start)
    if guess is None:
        return SourceError(path, line, column, f"not UTF-8: {found!r} is not UTF-8, and the file does not read as "
                                               f"GB18030, Big5 or UTF-16 either; {EXPECTED}")
    codec, iconv, name, text = guess
    if codec not in ASCII_BASED:
        line, column, found = 1, 1, body[:4]
    return SourceError(path, line, column, f"not UTF-8: {found!r} looks like {name}, in which it reads "
                                           f"{text[:24]!r}; {EXPECTED}: convert the file, e.g. iconv -f {iconv} -t UTF-8")


def _readable_as_utf8(body: bytes) -> float:
    """Of the non-ASCII characters, the share that are valid UTF-8 (each bad stretch counts as one)."""
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return good / (good + bad)


def _guess(body: bytes, start: int, only: tuple[str, ...] = ()) -> tuple[str, str, str, str] | None:
    """The candidate whose strict decoding reads most like Chinese text, and that text.

    ASCII-based encodings are tried from the first bad byte on, as a file may
    be UTF-8 up to there; UTF-16 only on the whole file. `only`: these codecs alone.
    """
    scores = []
    for codec, iconv, name in CANDIDATES:
        if only and codec not in only:
            continue
        try:
            text = body[start if codec in ASCII_BASED else 0:].decode(codec)
        except UnicodeDecodeError:
            continue
        scores.append((_share_common(text), codec, iconv, name, text))
    best = max(scores, default=None)
    return best[1:] if best and best[0] >= PLAUSIBLE else None


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
