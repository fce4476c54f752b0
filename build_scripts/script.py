"""Which script a statement was received in: Simplified (zh-Hans) or Traditional (zh-Hant).

The source script is the truth: a statement received in Traditional characters
is published as received in the Traditional edition, and the Simplified edition
is derived from it (convert.py), never the reverse. A statement's script is the
one more of its distinct characters belong to only: characters stock OpenCC t2s
would change are Traditional-only, those s2t would change Simplified-only;
characters both scripts share (the great majority) do not vote, and a text with
no vote either way is Simplified.
"""

from __future__ import annotations

from functools import cache

import opencc

SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"


@cache
def _stock(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _stock("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _stock("s2t").convert(text)


def script_of(text: str) -> str:
    """zh-Hant if more of the text's distinct characters are Traditional-only than Simplified-only, else zh-Hans."""
    chars = sorted({ch for ch in text if ch >= "\u2e80"})
    if not chars:
        return SIMPLIFIED
    joined = "\n".join(chars)  # one character per line: OpenCC then converts characters, not phrases
    simplified, traditional = to_simplified(joined).split("\n"), to_traditional(joined).split("\n")
    trad_only = sum(1 for ch, s in zip(chars, simplified, strict=False) if s != ch)
    simp_only = sum(1 for ch, t in zip(chars, traditional, strict=False) if t != ch)
    return TRADITIONAL if trad_only > simp_only else SIMPLIFIED


def traditional_only(text: str) -> list[str]:
    """The distinct characters of text that stock t2s would change: what a Simplified text must not hold."""
    chars = sorted({ch for ch in text if ch >= "\u2e80"})
    converted = to_simplified("\n".join(chars)).split("\n")
    return [ch for ch, s in zip(chars, converted, strict=False) if s != ch]
