"""Speed-ups that must not change a byte: each fast path against the plain one it replaced."""

from __future__ import annotations

import re
import string

from hypothesis import given
from hypothesis import strategies as st

from build_scripts import escape

_MD_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")


def _markdown_per_character(text: str) -> str:
    """escape.markdown as it was written first: a character at a time."""
    return "".join(f"&#{ord(ch)};" if ch in string.punctuation or _MD_CONTROL.match(ch) else ch for ch in text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
       | st.text(alphabet=string.printable + "\x00\x7f\x85\u2028\u2029\u3000，。《》中", max_size=200))
def test_markdown_escaping_is_the_per_character_rule(text):
    assert escape.markdown(text) == _markdown_per_character(text)


def test_markdown_escaping_covers_every_control_the_rule_names():
    every = "".join(map(chr, range(0x3000))) + "\u2028\u2029"
    assert escape.markdown(every) == _markdown_per_character(every)
