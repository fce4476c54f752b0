"""Every shape a joint statement comes in (tests/fixtures/shapes/: one statement each, text written for the test),
another country's corpus (tests/fixtures/other-country/), and how `explain` reads them and the real corpus."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from build_scripts.errors import SourceError, SourceErrors
from build_scripts.model import CONTENT_KINDS, FURNITURE_KINDS, Clause, Corpus
from build_scripts.read.explain import explain_file
from build_scripts.read.parse import MAX_LINE, parse_corpus, parse_statement
from build_scripts.text.script import traditional_only

from .conftest import ROOT, check_golden

FIXTURES = ROOT / "tests" / "fixtures"
SHAPES = sorted(p for p in (FIXTURES / "shapes").iterdir() if p.is_dir())
OTHER = FIXTURES / "other-country"
CORPUS = Corpus(parties=("中华人民共和国", "巴基斯坦伊斯兰共和国"))
S = "\u3000\u3000"


def parsed(case: Path):
    return parse_corpus(case)[1]


def one(name: str):
    [statement] = parsed(FIXTURES / "shapes" / name)
    return statement


def as_json(s) -> str:
    data = {
        "slug": s.slug, "title": s.title, "document_type": s.document_type, "script": s.script,
        "date": s.date.isoformat(), "date_from": s.date_from, "place": s.place, "place_from": s.place_from,
        "dateline": s.dateline, "agency_line": s.agency_line, "source_note": s.source_note, "lead": s.lead,
        "source": f"{s.source}:{s.line}",
        "blocks": [{"anchor": b.anchor, "label": b.label, "text": b.text,
                    "kind": "clause" if isinstance(b, Clause) else "heading"} for b in s.blocks],
        "pieces": [{"kind": p.kind, "text": p.text} for p in s.pieces if p.kind not in ("separator", *CONTENT_KINDS)],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize("case", SHAPES, ids=lambda p: p.name)
def test_golden_parse_of_each_shape(case: Path):
    statements = parsed(case)
    check_golden(f"parse/shapes/{case.name}.json", "".join(as_json(s) for s in statements))
    raw = (case / "statement.txt").read_text(encoding="utf-8").split("\n")
    for s in statements:  # every character lands somewhere, and the body is the text as received
        assert "".join(p.text for p in s.pieces) == raw[s.line - 1]
        assert [p.text for p in s.pieces if p.kind in CONTENT_KINDS] == [b.text for b in s.blocks]


@pytest.mark.parametrize("case", [*SHAPES, OTHER], ids=lambda p: p.name)
def test_golden_explain_of_each_fixture(case: Path):
    report = "".join(explain_file(f, case) for f in sorted(case.glob("*.txt")))
    check_golden(f"explain/{case.name}.txt", report)


def test_golden_explain_of_the_real_corpus():
    report = "".join(explain_file(f, ROOT / "source") for f in sorted((ROOT / "source").glob("*.txt")))
    check_golden("explain/source.txt", report)


def test_a_clause_over_several_paragraphs_keeps_its_anchor_and_numbers_the_rest():
    s = one("clause-paragraphs")
    assert [(c.anchor, c.label) for c in s.clauses] == [
        ("c1", "第一条"), ("c1-p2", "第一条第2段"), ("c1-p3", "第一条第3段"),
        ("c2", "第二条"), ("c2-p2", "第二条第2段"), ("c3", "第三条")]
    assert s.clauses[1].text.startswith("访问期间") and not s.clauses[1].number_text


def test_paragraphs_before_the_first_clause_are_a_preamble():
    s = one("preamble-before-clauses")
    assert [(c.anchor, c.label) for c in s.clauses][:3] == [("p1", "第1段"), ("p2", "第2段"), ("c1", "第一条")]


@pytest.mark.parametrize("name, agency", [
    ("agency-line-own-paragraph", "新华社北京6月5日电"), ("agency-line-glued", "新华社伊斯兰堡6月6日电"),
    ("agency-line-after-title", "新华社北京6月7日电")])
def test_a_news_agency_line_before_or_after_the_title_is_kept_as_metadata(name, agency):
    s = one(name)
    assert s.agency_line == agency and s.title.startswith("中华人民共和国") and s.title.endswith("联合声明")
    assert all(agency not in c.text for c in s.clauses)


@pytest.mark.parametrize("name, date, place, place_from", [
    ("dateline-own-paragraph", "2023-06-08", "北京", "text"),
    ("bare-date-line", "2010-03-21", "北京", "manifest"),
    ("bare-date-line-with-place", "2010-03-22", "北京", "text"),
    ("chinese-numeral-date", "2010-03-23", "北京", "text"),
    ("chinese-numeral-date-with-zero", "2010-12-31", "伊斯兰堡", "manifest"),
    ("date-line-at-the-end", "1979-07-02", "北京", "text"),
])
def test_dates_from_every_kind_of_date_line(name, date, place, place_from):
    s = one(name)
    assert (s.slug, s.place, s.date_from, s.place_from) == (date, place, "text", place_from)


@pytest.mark.parametrize("name, document_type", [
    ("connector-yu-government-communique", "联合公报"), ("connector-tong-press-communique", "联合新闻公报"),
    ("joint-press-release", "联合新闻稿"), ("action-plan", "行动计划"), ("clause-paragraphs", "联合声明"),
    ("traditional", "聯合聲明")])
def test_the_document_type_comes_from_each_title(name, document_type):
    s = one(name)
    assert s.document_type == document_type and s.title.endswith(document_type)


def test_the_action_plan_title_runs_past_the_joint_statement_it_names():
    assert one("action-plan").title == "中华人民共和国和巴基斯坦伊斯兰共和国关于落实联合声明的行动计划"


def test_other_publishers_furniture_is_dropped_by_name_and_listed():
    s = one("publisher-furniture")
    dropped = [(p.kind, p.text) for p in s.pieces if p.kind in FURNITURE_KINDS and p.kind != "separator"]
    assert dropped == [("publisher-line", "来源：新华网"), ("publication-stamp", "2019-04-28 10:21:05"),
                       ("font-size-widget", "[字体：大 中 小]"), ("editor-line", "责任编辑：王小明"),
                       ("print-widget", "【打印】"), ("close-widget", "【关闭】"), ("share-widget", "分享到：")]
    assert [c.anchor for c in s.clauses] == ["c1", "c2"]


def test_unknown_furniture_is_never_swallowed():
    line = f"中华人民共和国和巴基斯坦伊斯兰共和国联合声明（2019年4月28日，北京）{S}一、双方同意。{S}【收藏本文】"
    with pytest.raises(SourceError, match=r"unterminated paragraph '【收藏本文】'"):
        parse_statement(line, "x.txt", 1, CORPUS, None)


def test_a_traditional_statement_is_read_as_traditional():
    s = one("traditional")
    assert s.script == "zh-Hant" and s.title.startswith("中華人民共和國")
    assert traditional_only("".join(c.text for c in s.clauses))


def test_another_countrys_corpus_with_a_statement_before_1970():
    statements = parsed(OTHER)
    assert [(s.slug, s.place, s.document_type, s.date_from, s.place_from) for s in statements] == [
        ("1960-04-28", "加德满都", "联合公报", "text", "manifest"),
        ("2019-03-26", "北京", "联合声明", "text", "text"),
        ("2024-12-04", "北京", "联合声明", "text", "text")]


def test_the_generator_names_no_party_and_no_date_of_the_corpus():
    names = re.compile("巴基斯坦|Pakistan|伊斯兰堡|中巴|巴方|cn-pk|2015-04-20|2018-11-04|2020-03-17|2022-11-02|2015年4月20日")
    owned = ["read/parse", "read/structure", "model", "read/manifest", "text/numerals", "read/encoding", "convert/converter",
             "read/head", "text/script", "read/explain", "build", "__main__", "read/naming", "read/siteconfig", "render/feed"]
    found = {m: names.findall((ROOT / "build_scripts" / f"{m}.py").read_text(encoding="utf-8")) for m in owned}
    assert {m: f for m, f in found.items() if f} == {}


# What stays an error: each message names the shape that was expected.
@pytest.mark.parametrize("body, message", [
    (f"一、甲。{S}三、乙。", r"jumps: '三、' follows '一、'; expected 二、 \(numbered clauses count on by one"),
    (f"一、甲。{S}一、乙。", r"repeats: '一、' follows '一、'"),
    (f"二、甲。{S}三、乙。", r"starts at '二、': expected 一、"),
    (f"一、政治{S}二、经济", r"only headings, no clause: '一、政治' and 1 more"),
    (f"一、甲。{S}乙。{S}二、合作{S}三、丙。", r"numbered heading '二、合作' in a statement of numbered clauses.*not both"),
])
def test_what_stays_an_error(body, message):
    line = f"中华人民共和国和巴基斯坦伊斯兰共和国联合声明（2019年4月28日，北京）{S}{body}"
    with pytest.raises(SourceError, match=message):
        parse_statement(line, "x.txt", 1, CORPUS, None)


def test_a_line_over_the_size_limit_is_refused_with_its_place(tmp_path: Path):
    (tmp_path / "manifest.toml").write_text('[corpus]\nparties = ["甲国"]\n', encoding="utf-8")
    (tmp_path / "big.txt").write_text("第一行\n" + "甲" * (MAX_LINE + 1) + "\n", encoding="utf-8")
    with pytest.raises(SourceErrors) as e:
        parse_corpus(tmp_path)
    # two lines, one of them a single paragraph: read as a page copy, whose overlong line is named
    assert [(str(x.path), x.line, x.column) for x in e.value.errors] == [("big.txt", 2, 1)]
    assert f"line of {MAX_LINE + 1:,} characters" in e.value.errors[0].message


def _title_search_seconds(n: int) -> float:
    """One long first paragraph full of party names and no document type: the worst case for the title search."""
    line = "中华人民共和国的" * (n // 8) + "联合" + S + "一、甲。"
    started = time.perf_counter()
    with pytest.raises(SourceError, match="no title in the first paragraph"):
        parse_statement(line, "x.txt", 1, CORPUS, None)
    return time.perf_counter() - started


def test_the_title_search_is_linear_in_the_paragraph_length():
    """Issue 12: a 100 kB first paragraph took 58 s. Compare 10× the length with 1× (a ratio, not a time limit;
    400,000 characters take milliseconds):
    linear gives about 10, the old quadratic search about 100."""
    small = min(_title_search_seconds(40_000) for _ in range(5))  # the best of five: machines are noisy
    large = min(_title_search_seconds(400_000) for _ in range(5))
    assert large / max(small, 1e-6) < 30


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_explain_on_the_command_line():
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "build_scripts", "explain", *args], cwd=ROOT,
                              capture_output=True, text=True)

    ok = run("tests/fixtures/shapes/clause-paragraphs/statement.txt")
    assert ok.returncode == 0 and "anchors: c1 c1-p2 c1-p3 c2 c2-p2 c3" in ok.stdout
    real = run("source/001_57d611fddc40c469.txt")  # the manifest beside the file gives the date and place
    assert real.returncode == 0 and "date:  2022-11-02 (from manifest.toml)" in real.stdout
    bad = run("tests/bad_input/clause-numbering-gap/statement.txt")
    assert bad.returncode == 1 and "clause numbering jumps" in bad.stderr and "nothing was written" in bad.stderr
    assert bad.stderr.startswith("tests/bad_input/clause-numbering-gap/statement.txt:")
    # a file read with another folder's manifest: its errors point at the file, not at a path in that folder
    elsewhere = run("tests/bad_input/clause-numbering-gap/statement.txt", "--source", "source")
    assert elsewhere.returncode == 1 and "clause numbering jumps" in elsewhere.stderr
    assert elsewhere.stderr.startswith("tests/bad_input/clause-numbering-gap/statement.txt:"), elsewhere.stderr
    assert run("no/such/file.txt").returncode == 2
