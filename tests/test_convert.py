"""The 繁體 edition's converter: OpenCC s2tw behind the project's phrase dictionary."""

from __future__ import annotations

import json

import pytest

from build_scripts.convert.converter import convert_statement, converter, identity, read_phrases
from build_scripts.read.parse import parse_corpus

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


# The 简体 edition of a statement received in Traditional characters: OpenCC t2s behind the project's phrases.
T2S_CASES = json.loads((ROOT / "tests" / "conversion_cases_t2s.json").read_text(encoding="utf-8"))["cases"]
T2S_STOCK_ERRORS = {  # what stock OpenCC t2s makes of each phrase the project fixes
    "著力": "著力", "著眼": "著眼", "著重": "著重", "著手": "著手", "著想": "著想", "著陸": "著陆",
    "隨著": "随著", "本著": "本著", "意味著": "意味著", "接著": "接著", "沿著": "沿著", "朝著": "朝著", "經歷著": "经历著",
}


@pytest.fixture(scope="module")
def t2s(tmp_path_factory):
    return converter("t2s", tmp_path_factory.mktemp("opencc-t2s"))


@pytest.mark.parametrize("case", T2S_CASES, ids=[c["input"] for c in T2S_CASES])
def test_t2s_case_table(t2s, case):
    assert t2s(case["input"]) == case["t2s"], case["reason"]


def test_every_t2s_phrase_has_a_case_and_fixes_a_stock_error():
    import opencc

    phrases = read_phrases("t2s")
    inputs = "".join(c["input"] for c in T2S_CASES)
    assert phrases and all(traditional in inputs for traditional, _ in phrases)
    stock = opencc.OpenCC("t2s")
    assert {p: stock.convert(p) for p in T2S_STOCK_ERRORS} == T2S_STOCK_ERRORS
    assert {t for t, _ in phrases} == set(T2S_STOCK_ERRORS)


def test_a_traditional_statement_is_shown_as_received_in_its_edition_and_derived_for_the_other(tmp_path):
    from build_scripts.convert.converter import TO_SIMPLIFIED, converter, edition_statement, identity
    from build_scripts.text.script import traditional_only

    [source] = parse_corpus(ROOT / "tests" / "fixtures" / "shapes" / "traditional")[1]
    hant = edition_statement(source, "zh-Hant", converter("s2tw", tmp_path), converter(TO_SIMPLIFIED, tmp_path))
    hans = edition_statement(source, "zh-Hans", identity, converter(TO_SIMPLIFIED, tmp_path))
    assert [b.text for b in hant.blocks] == [b.text for b in source.blocks]  # as received, character for character
    assert (hant.title, hant.dateline) == (source.title, source.dateline)
    assert [c.label for c in hant.clauses][:2] == ["第一條", "第一條第2段"]  # labels in the edition's script
    simplified = "".join(b.text for b in hans.blocks) + hans.title
    assert traditional_only(simplified) == []
    assert hans.clauses[1].text == "访问期间，两国领导人举行会谈，着力推进经济走廊建设，并就双边关系深入交换意见。"
    assert [c.label for c in hans.clauses][:2] == ["第一条", "第一条第2段"]
    assert hans.script == hant.script == "zh-Hant"  # the data files record the source script


def test_a_simplified_statement_never_goes_through_t2s(tmp_path):
    from build_scripts.convert.converter import TO_SIMPLIFIED, converter, edition_statement, identity

    _, statements = parse_corpus(ROOT / "source")
    assert all(edition_statement(s, "zh-Hans", identity, converter(TO_SIMPLIFIED, tmp_path)) is s for s in statements)
