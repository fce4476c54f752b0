"""The 繁體 edition's converter: OpenCC s2tw behind the project's phrase dictionary."""

from __future__ import annotations

import json

import pytest

from build_scripts.convert import convert_statement, converter, identity, read_phrases
from build_scripts.parse import parse_corpus

from .conftest import ROOT

CASES = json.loads((ROOT / "tests" / "conversion_cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def s2tw(tmp_path_factory):
    return converter("s2tw", tmp_path_factory.mktemp("opencc"))


@pytest.mark.parametrize("case", CASES, ids=[c["input"] for c in CASES])
def test_case_table(s2tw, case):
    assert s2tw(case["input"]) == case["s2tw"], case.get("reason", "")


def test_every_project_phrase_has_a_case():
    inputs = "".join(c["input"] for c in CASES)
    assert all(simplified in inputs for simplified, _ in read_phrases("s2tw"))


# What stock OpenCC makes of each phrase the project fixes: if OpenCC changes one, its entry in s2tw.txt may go.
STOCK_ERRORS = {
    "一个中国": "一箇中國",
    "并为": "併為",
    "维护发展": "維護髮展",
    "合作伙伴": "合作伙伴",
    "宣布": "宣佈",
    "布局": "佈局",
    "发布": "發佈",
    "市场准入": "市場準入",
}


def test_the_project_dictionary_is_what_fixes_the_known_errors():
    import opencc

    stock = opencc.OpenCC("s2tw")
    assert {phrase: stock.convert(phrase) for phrase in STOCK_ERRORS} == STOCK_ERRORS
    assert all(any(simplified in phrase for phrase in STOCK_ERRORS) for simplified, _ in read_phrases("s2tw"))


def test_conversion_keeps_structure_and_length(s2tw):
    _, statements = parse_corpus(ROOT / "source")
    for s in statements:
        t = convert_statement(s, s2tw)
        assert [b.anchor for b in t.blocks] == [b.anchor for b in s.blocks]
        assert (t.slug, t.date) == (s.slug, s.date)
        # s2tw maps character for character here, which later lets search carry word boundaries across
        assert [len(b.text) for b in t.blocks] == [len(b.text) for b in s.blocks]
    assert convert_statement(statements[0], identity) is statements[0]
