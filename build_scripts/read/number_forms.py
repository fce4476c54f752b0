"""The number a paragraph begins with: the forms statements print, and what a number printed a little off reads as.

Forms (Number.text keeps the number exactly as printed):

- a Chinese numeral and 、: 一、 … 四十七、
- a number in brackets, full-width or ASCII, Chinese or Arabic: （一） (一) （1） (1)
- an Arabic number (1 to 999, ASCII or full-width digits) and . ． or 、 not followed by a digit: 1. 1． 1、
  (1.5亿 is text, and so is 2019、: four digits are a year, not a clause)
- a circled or bracketed digit: ① … ⑳, ⑴ … ⒇
- 第N条 (第N條 in Traditional), Chinese or Arabic N; a space or 、 right after it belongs to the number, so the text starts after it

A form's Style is its brackets, its kind of numeral and its delimiter: 三、 and 3、, （3） and (3), 3. and 3．
are different styles.

A near miss (near_number) is what a paragraph's start reads as normalised when it is in no form: format characters
(Unicode category Cf: U+200B, U+200D, U+FEFF, U+2060 …) dropped, then NFKC (full-width digits, Kangxi radicals,
､ ． ， ：) and any of 、 , . : 。 or a space taken for the delimiter. 三， 三､ 三． ⼆、 三\\u200b、 all read as numbers.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from ..text.numerals import NUMERAL_CHARS, parse_numeral, to_numeral

NEAR_SPAN = 24  # characters of a paragraph's start read normalised: 第一百二十三条 and a few invisible ones
CN, AR, FW = f"[{NUMERAL_CHARS}]+", "[1-9][0-9]{0,2}", "[\uff11-\uff19][\uff10-\uff19]{0,2}"
CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ① … ⑳
BRACKETED = "".join(chr(c) for c in range(0x2474, 0x2488))  # ⑴ … ⒇
FORMS = re.compile(f"(?P<cn>{CN})、|（(?P<fb>{CN}|{AR}|{FW})）|\\((?P<ab>{CN}|{AR}|{FW})\\)"
                   f"|(?P<ar>{AR}|{FW})(?P<d>[.．、])(?![0-9\uff10-\uff19])|第(?P<tn>{CN}|{AR})[条條][、 ]?"
                   f"|(?P<enc>[{CIRCLED}{BRACKETED}])")
NEAR_FORMS = re.compile(f"第(?P<tn>{CN}|{AR})[条條][、 ]?|\\((?P<ab>{CN}|{AR})\\)|(?P<ar>{CN}|{AR})[、,.:。 ]++(?![0-9])")
FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + d) for d in range(10)))
ALL_FORMS = "一、 （一） (一) 1. 1． 1、 （1） (1) ① ⑴ 第一条"


class Style(NamedTuple):
    """How a level prints its numbers."""

    bracket: str  # "" | （） | () | 第条: the characters around the numeral
    numerals: str  # cn | ar | fw (full-width digits) | ① | ⑴
    delimiter: str  # 、 . ． after the numeral, or "" (brackets, 第N条, ①)

    def numeral(self, value: int) -> str:
        if self.numerals == "cn":
            return to_numeral(value) if value < 1000 else str(value)
        if self.numerals in ("①", "⑴"):
            return chr(ord(self.numerals) + value - 1) if value <= 20 else str(value)
        return str(value).translate(FULL_WIDTH) if self.numerals == "fw" else str(value)

    def render(self, value: int) -> str:
        return f"{self.bracket[:1]}{self.numeral(value)}{self.bracket[1:]}{self.delimiter}"

    def label(self, value: int) -> str:
        """The number in a label as the document writes it: a Chinese numeral as such, any digit in ASCII."""
        return self.numeral(value) if self.numerals == "cn" else str(value)

    def series(self) -> str:
        return f"{self.render(1)} {self.render(2)} …"

    @property
    def chinese(self) -> bool:
        return self.numerals == "cn"

    @property
    def shape(self) -> str:
        """What a number looks like apart from its numerals and exact marks: （1） (1) and ⑴ are all bracketed."""
        if self.bracket in ("（）", "()") or self.numerals == "⑴":
            return "()"
        return self.bracket or ("①" if self.numerals == "①" else "")


class Number(NamedTuple):
    value: int
    style: Style
    text: str  # as printed


def number(text: str) -> Number | None:
    """The number text begins with in one of the forms; ValueError(numeral) if its Chinese numeral is malformed."""
    m = FORMS.match(text)
    if not m:
        return None
    if m["enc"]:
        table = "①" if m["enc"] in CIRCLED else "⑴"
        return Number(ord(m["enc"]) - ord(table) + 1, Style("", table, ""), m.group())
    if m["cn"]:
        return Number(_value(m["cn"]), Style("", "cn", "、"), m.group())
    if m["tn"]:
        return Number(_value(m["tn"]), Style("第条", _kind(m["tn"]), ""), m.group())
    if m["ar"]:
        return Number(_value(m["ar"]), Style("", _kind(m["ar"]), m["d"]), m.group())
    numeral, bracket = (m["fb"], "（）") if m["fb"] else (m["ab"], "()")
    return Number(_value(numeral), Style(bracket, _kind(numeral), ""), m.group())


def near_number(text: str) -> Number | None:
    """What a start in no form reads as: with format characters dropped (三\\u200b、 is 三、 as printed), else also
    NFKC'd and a delimiter-like mark taken for one (三， ⼆、 ⑶); its text is the raw characters it covers, and its
    style that of the form it reads as (三， as 三、, 3， as 3., ⑶ as (3))."""
    for nfkc in (False, True):
        chars, ends = [], []
        for i, ch in enumerate(text[:NEAR_SPAN]):
            if unicodedata.category(ch) != "Cf":
                for c in unicodedata.normalize("NFKC", ch) if nfkc else ch:
                    chars.append(c)
                    ends.append(i + 1)
        normal = "".join(chars)
        try:
            found = _near_form(normal) if nfkc else number(normal)
        except ValueError:
            continue
        if found:
            return found._replace(text=text[:ends[len(found.text) - 1]])
    return None


def _near_form(normal: str) -> Number | None:
    m = NEAR_FORMS.match(normal)
    if not m:
        return None
    numeral = m["tn"] or m["ab"] or m["ar"]
    kind = _kind(numeral)
    style = Style("第条" if m["tn"] else "()" if m["ab"] else "", kind, "" if m["tn"] or m["ab"] else
                  "、" if kind == "cn" else ".")
    return Number(_value(numeral), style, m.group())


def _kind(numeral: str) -> str:
    return "cn" if numeral[0] in NUMERAL_CHARS else "ar" if numeral[0].isascii() else "fw"


def _value(numeral: str) -> int:
    if _kind(numeral) != "cn":
        return int(numeral)  # int() reads full-width digits too
    try:
        return parse_numeral(numeral)
    except ValueError:
        raise ValueError(numeral) from None


def odd(ch: str) -> str:
    """What makes a character hard to see for what it is: invisible, or a look-alike of a digit or an ideograph."""
    if unicodedata.category(ch) == "Cf":
        return f"U+{ord(ch):04X} {unicodedata.name(ch, 'FORMAT CHARACTER')} is invisible"
    normal = unicodedata.normalize("NFKC", ch)
    if normal != ch and normal.isalnum():
        return f"{ch} is U+{ord(ch):04X} {unicodedata.name(ch, '')}, not {normal}"
    return ""


def toml_string(text: str) -> str:
    """A TOML basic string, its invisible and look-alike characters escaped so that a manifest shows them."""
    def escape(ch: str) -> str:
        if ch in '"\\':
            return "\\" + ch
        if ch.isprintable() and not odd(ch):
            return ch
        return f"\\u{ord(ch):04X}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08X}"
    return '"' + "".join(map(escape, text)) + '"'
