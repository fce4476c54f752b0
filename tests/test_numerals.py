from hypothesis import given
from hypothesis import strategies as st

from build_scripts.text.numerals import parse_numeral, to_numeral


@given(st.integers(min_value=1, max_value=999))
def test_round_trip(n):
    assert parse_numeral(to_numeral(n)) == n


def test_clause_numbers_as_printed():
    assert [to_numeral(n) for n in (1, 10, 11, 20, 47, 100, 105, 110)] == [
        "一", "十", "十一", "二十", "四十七", "一百", "一百零五", "一百一十"]
