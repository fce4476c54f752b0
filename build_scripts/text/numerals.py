"""Chinese clause numerals (一 … 九十九, 一百 …) to integers, and dates as the statements write them."""

from __future__ import annotations

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)


def parse_numeral(text: str) -> int:
    """Value of a numeral such as 四十七; ValueError if it is not well formed."""
    if not text or any(ch not in DIGITS and ch not in UNITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, None
    for ch in text:
        if ch in "零〇" and digit is None:
            continue  # placeholder for an empty tens place: 一百零五
        if ch in DIGITS:
            if digit is not None:
                raise ValueError(f"two digits in a row in {text!r}")
            digit = DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * UNITS[ch]
            digit = None
    value = total + (digit or 0)
    if to_numeral(value) != text:
        raise ValueError(f"not a canonical Chinese numeral: {text!r}")
    return value


def to_numeral(value: int) -> str:
    """Canonical numeral as statements write it: 十, 十二, 二十, 四十七, 一百零五."""
    if not 0 < value < 1000:
        raise ValueError(f"out of range: {value}")
    names = "〇一二三四五六七八九"
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += names[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else names[tens]) + "十"
    if ones:
        out += names[ones]
    return out


def cn_date(d) -> str:
    """A date as the statements write it: 2022年11月2日 (Arabic digits, no padding)."""
    return f"{d.year}年{d.month}月{d.day}日"
