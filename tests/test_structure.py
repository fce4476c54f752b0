"""structure.read_blocks: number forms, nesting, headings over numbered children, paragraphs that introduce a list,
English paragraphs, near-miss numbers wherever they stand (and the manifest entry that settles one), and every
problem of a statement reported at once."""

from __future__ import annotations

import re
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.errors import SourceError, SourceErrors
from build_scripts.model import Clause, Corpus, Heading
from build_scripts.read.number_forms import Style
from build_scripts.read.parse import parse_source, parse_statement
from build_scripts.read.structure import read_blocks
from build_scripts.text.numerals import to_numeral

S = "\u3000\u3000"
ZWSP, WORD_JOINER, ZWJ, BOM = "\u200b", "\u2060", "\u200d", "\ufeff"
FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + d) for d in range(10)))
KANGXI = {"一": "\u2f00", "二": "\u2f06", "八": "\u2f0b", "十": "\u2f17"}  # ⼀ ⼆ ⼋ ⼗: radicals that look like numerals
HALF_WIDTH_COMMA = "\uff64"  # ､
CORPUS = Corpus(parties=("中华人民共和国", "巴基斯坦伊斯兰共和国"))
HEAD = "中华人民共和国和巴基斯坦伊斯兰共和国联合声明（2019年4月28日，北京）"
ADVICE = re.compile(r"clause_numbers = (\[.*?\]) to the")


def paragraphs(texts: list[str]) -> list[tuple[int, str]]:
    """(start, text) as read/parse.py passes them: paragraphs separated by two full-width spaces."""
    out, pos = [], 0
    for text in texts:
        out.append((pos, text))
        pos += len(text) + len(S)
    return out


def fail(at: int, message: str) -> SourceError:
    return SourceError("x.txt", 1, at + 1, message)


def read(*texts: str, accept: frozenset[str] = frozenset()):
    return read_blocks(paragraphs(list(texts)), 1, fail, accept)[0]


def anchors(*texts: str, accept: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    return [(b.anchor, b.label) for b in read(*texts, accept=accept)]


def errors(*texts: str, accept: frozenset[str] = frozenset()) -> list[SourceError]:
    with pytest.raises(SourceErrors) as e:
        read(*texts, accept=accept)
    return e.value.errors


def column(texts: tuple[str, ...] | list[str], i: int) -> int:
    return paragraphs(list(texts))[i][0] + 1


# Number forms: each reads as numbered clauses, its number kept as printed, the label's numeral as the document has it.
@pytest.mark.parametrize("numbers, label", [
    (["一、", "二、", "三、"], "第三条"),
    (["（一）", "（二）", "（三）"], "第三条"),
    (["(一)", "(二)", "(三)"], "第三条"),
    (["（1）", "（2）", "（3）"], "第3条"),
    (["(1)", "(2)", "(3)"], "第3条"),
    (["1.", "2.", "3."], "第3条"),
    (["1．", "2．", "3．"], "第3条"),
    (["1、", "2、", "3、"], "第3条"),
    (["1．".translate(FULL_WIDTH), "2．".translate(FULL_WIDTH), "3．".translate(FULL_WIDTH)], "第3条"),
    (["①", "②", "③"], "第3条"),
    (["⑴", "⑵", "⑶"], "第3条"),
    (["第一条", "第二条", "第三条"], "第三条"),
    (["第一条 ", "第二条 ", "第三条 "], "第三条"),
    (["第1条、", "第2条、", "第3条、"], "第3条"),
], ids=lambda x: x[0] if isinstance(x, list) else x)
def test_each_number_form_reads_as_numbered_clauses(numbers, label):
    blocks = read(*(n + "双方同意。" for n in numbers))
    assert [(b.anchor, b.number_text, b.body) for b in blocks] == [
        ("c1", numbers[0], "双方同意。"), ("c2", numbers[1], "双方同意。"), ("c3", numbers[2], "双方同意。")]
    assert blocks[2].label == label


@pytest.mark.parametrize("text", ["1.5亿美元的项目已经完工。", "2019、2020年，双方互访频繁。", "5、6月份，双方举行会谈。",
                                  "一是加强合作。", "10:30，双方会谈。"])
def test_a_number_that_is_text_stays_text(text):
    assert anchors(text, "一、双方同意。", "二、双方满意。") == [("p1", "第1段"), ("c1", "第一条"), ("c2", "第二条")]


# Nesting.
def test_a_clause_holds_a_list_numbered_in_another_style():
    assert anchors("一、双方同意。", "二、双方满意。", "三、双方商定如下：", "（一）加强合作；", "（二）扩大交流；",
                   "（三）深化友谊。", "四、双方感谢。") == [
        ("c1", "第一条"), ("c2", "第二条"), ("c3", "第三条"), ("c3-1", "第三条第一项"), ("c3-2", "第三条第二项"),
        ("c3-3", "第三条第三项"), ("c4", "第四条")]


def test_a_list_item_holds_a_list_of_its_own_and_keeps_its_paragraphs():
    assert [a for a, _ in anchors("一、双方同意：", "（一）加强合作：", "1. 扩大贸易；", "2. 扩大投资。", "此外，双方同意。",
                                  "（二）扩大交流。", "二、双方满意。", "（一）甲。")] == [
        "c1", "c1-1", "c1-1-1", "c1-1-2", "c1-1-2-p2", "c1-2", "c2", "c2-1"]
    assert anchors("一、甲：", "（一）乙：", "1. 丙。")[2] == ("c1-1-1", "第一条第一项第1项")


def test_headings_over_numbered_clauses():
    blocks = read("序言。", "一、政治关系", "（一）双方同意。", "（二）双方满意。", "二、经济合作", "双方同意。",
                  "（一）双方满意。")
    assert [(b.anchor, b.label, type(b).__name__) for b in blocks] == [
        ("p1", "第1段", "Clause"), ("s1", "第一部分", "Heading"), ("s1-1", "第一部分第一项", "Clause"),
        ("s1-2", "第一部分第二项", "Clause"), ("s2", "第二部分", "Heading"), ("s2-p1", "第二部分第1段", "Clause"),
        ("s2-1", "第二部分第一项", "Clause")]


def test_a_level_of_clauses_and_headings_both_is_still_an_error():
    texts = ["一、政治关系", "（一）双方同意。", "（二）能源", "（三）双方满意。"]
    [e] = errors(*texts)
    assert e.column == column(texts, 2)
    assert "numbered heading '（二）能源' among numbered clauses （一） （二） …" in e.message


@pytest.mark.parametrize("texts, message", [
    (["一、甲：", "（一）乙。", "（三）丙。"], "clause numbering jumps: '（三）' follows '（一）' under '一、'; expected （二）"),
    (["一、甲：", "（一）乙。", "（一）丙。"], "clause numbering repeats: '（一）' follows '（一）' under '一、'; expected （二）"),
    (["一、甲：", "（一）乙。", "（二）丙。", "二、丁：", "（一）戊。", "（三）己。"],
     "jumps: '（三）' follows '（一）' under '二、'"),
])
def test_each_level_counts_from_one_without_a_gap(texts, message):
    [e] = errors(*texts)
    assert message in e.message and e.column == column(texts, len(texts) - 1)


def test_items_numbered_through_their_sections_go_on_counting():
    assert [a for a, _ in anchors("一、政治", "（一）甲。", "（二）乙。", "二、经济", "（三）丙。", "（四）丁。", "三、人文",
                                  "（一）戊。")] == ["s1", "s1-1", "s1-2", "s2", "s2-3", "s2-4", "s3", "s3-1"]


def test_a_number_continuing_no_list_is_an_error():
    [e] = errors("一、甲：", "1. 乙。", "2. 丙。", "二、丁。", "三、戊：", "5. 己。")
    assert ("clause number '5.' continues no open list: expected 1. to open a list under '三、', 3. to go on counting the "
            "list before it, or 四、") in e.message


# A paragraph may introduce what follows with ：, and list items may end in ；.
def test_a_paragraph_ending_in_a_colon_and_its_dash_items():
    assert anchors("一、双方同意。", "二、双方商定如下：", "——加强政治互信；", "——深化务实合作；", "——扩大人文交流。",
                   "三、双方满意。") == [
        ("c1", "第一条"), ("c2", "第二条"), ("c2-p2", "第二条第2段"), ("c2-p3", "第二条第3段"), ("c2-p4", "第二条第4段"),
        ("c3", "第三条")]


def test_a_clause_cut_short_is_still_unterminated():
    [e] = errors("一、双方同意。", "二、双方同意在以下领域，加强")
    assert "unterminated clause '二、双方同意在以下领域，加强'" in e.message


# English paragraphs of a bilingual copy.
def test_english_paragraphs_belong_to_the_clause_before_them():
    texts = ["一、双方同意。", "1. The two sides agreed.", "They will meet again.", "二、双方满意。", "2. Both were satisfied."]
    blocks, pieces = read_blocks(paragraphs(texts), 1, fail)
    assert [(b.anchor, b.english) for b in blocks if isinstance(b, Clause)] == [
        ("c1", "1. The two sides agreed.\nThey will meet again."), ("c2", "2. Both were satisfied.")]
    assert [(p.kind, p.text, p.start) for p in pieces] == [
        ("clause" if not t[0].isascii() else "english", t, start) for start, t in paragraphs(texts)]


def test_an_english_paragraph_with_no_clause_before_it_is_an_error():
    [e] = errors("一、政治关系", "I. Political relations", "双方同意。")
    assert e.message.startswith("English paragraph 'I. Political") and "with no clause before it" in e.message


# Near misses: the examples and others, in the first, a middle and the last clause.
def cn(value: int) -> str:
    return to_numeral(value)


NEAR_MISSES = {  # name: (the number as misprinted for value n, the style of the statement's numbers)
    "comma": (lambda n: cn(n) + "，", "一、"),
    "ascii comma": (lambda n: cn(n) + ",", "一、"),
    "half-width ideographic comma": (lambda n: cn(n) + HALF_WIDTH_COMMA, "一、"),
    "full-width full stop": (lambda n: cn(n) + "．", "一、"),
    "colon": (lambda n: cn(n) + "：", "一、"),
    "space": (lambda n: cn(n) + " ", "一、"),
    "arabic": (lambda n: f"{n}、", "一、"),
    "full-width digit": (lambda n: f"{n}、".translate(FULL_WIDTH), "一、"),
    "zero-width space": (lambda n: cn(n) + ZWSP + "、", "一、"),
    "word joiner": (lambda n: cn(n) + WORD_JOINER + "、", "一、"),
    "byte-order mark before": (lambda n: BOM + cn(n) + "、", "一、"),
    "kangxi radical": (lambda n: KANGXI[cn(n)] + "、", "一、"),
    "full-width stop in a 1. statement": (lambda n: f"{n}．", "1."),
    "comma in a 1. statement": (lambda n: f"{n}，", "1."),
    "bracketed digit in a ① statement": (lambda n: chr(0x2473 + n), "①"),
    "ascii brackets in a （1） statement": (lambda n: f"({n})", "（1）"),
    "mixed brackets in a （一） statement": (lambda n: f"（{cn(n)})", "（一）"),
    "zero-width joiner in 第N条": (lambda n: f"第{cn(n)}{ZWJ}条", "第一条"),
}
STYLES = {"一、": Style("", "cn", "、"), "1.": Style("", "ar", "."), "①": Style("", "①", ""),
          "（1）": Style("（）", "ar", ""), "（一）": Style("（）", "cn", ""), "第一条": Style("第条", "cn", "")}


def statement_with_a_near_miss(name: str, position: int) -> tuple[list[str], int, str, str]:
    """Three clauses (ten for a Kangxi radical: 十 has one, 三 none), one misprinted: the texts, which one, the number
    as printed and as expected."""
    misprint, style_name = NEAR_MISSES[name]
    style = STYLES[style_name]
    count, value = (10, (1, 2, 10)[position]) if name == "kangxi radical" else (3, position + 1)
    texts = [f"{style.render(n)}双方同意第{n}项。" for n in range(1, count + 1)]
    printed = misprint(value)
    texts[value - 1] = f"{printed}双方同意第{value}项。"
    return texts, value - 1, printed, style.render(value)


@pytest.mark.parametrize("position", [0, 1, 2], ids=["first", "middle", "last"])
@pytest.mark.parametrize("name", NEAR_MISSES)
def test_a_near_miss_number_is_an_error_wherever_it_stands(name, position):
    texts, where, printed, expected = statement_with_a_near_miss(name, position)
    [e] = errors(*texts)
    assert e.column == column(texts, where)
    assert f"number {printed!r} is printed unlike the numbering around it: expected {expected} (" in e.message
    assert "clause_numbers = [" in e.message


@pytest.mark.parametrize("position", [0, 1, 2], ids=["first", "middle", "last"])
@pytest.mark.parametrize("name", NEAR_MISSES)
def test_the_advised_manifest_entry_makes_the_near_miss_the_expected_number(name, position):
    texts, where, printed, _ = statement_with_a_near_miss(name, position)
    [e] = errors(*texts)
    advised = tomllib.loads("clause_numbers = " + ADVICE.search(e.message)[1])["clause_numbers"]  # type: ignore[index]
    assert texts[where].startswith(advised[0])
    blocks = read(*texts, accept=frozenset(advised))
    assert [b.anchor for b in blocks] == [f"c{n}" for n in range(1, len(texts) + 1)]
    assert (blocks[where].number_text, blocks[where].text) == (printed, texts[where])


@pytest.mark.parametrize("texts, printed, expected", [
    (["一、甲：", "（一）乙；", "（二)丙；", "（三）丁。"], "（二)", "（二）"),
    (["一、甲：", "（一）乙；", "（二）丙；", "（三)丁。"], "（三)", "（三）"),
    (["一、甲：", "1. 乙；", "2，丙；", "3. 丁。", "二、戊。"], "2，", "2."),
    (["一、甲：", "（一）乙；", "（二）丙；", "二，丁。"], "二，", "二、"),
    (["一、甲。", "二、乙。", "三、丙：", "（一）乙；", "（二）丙；", "（三）丁。", "四，戊。"], "四，", "四、"),
    (["一、甲。", "二、乙。", "三、丙：", "（一）乙；", "（二）丙；", "（三）丁。", "(四)戊。"], "(四)", "（四）"),
    (["一、政治", "（一）甲。", "（二）乙。", "二、经济", "（三)丙。", "（四）丁。"], "（三)", "（三）"),
    (["一、甲：", "（一）乙；", "（二）丙；", "（三）丁。", "二" + ZWSP + "、戊。"], "二" + ZWSP + "、", "二、"),
])
def test_a_near_miss_in_a_child_list_or_after_one(texts, printed, expected):
    [e] = errors(*texts)
    assert f"number {printed!r} is printed unlike the numbering around it: expected {expected} (" in e.message
    assert e.column == column(texts, next(i for i, t in enumerate(texts) if t.startswith(printed)))


@pytest.mark.parametrize("texts, printed", [
    (["1、甲。", "二、乙。", "三、丙。"], "1、"),
    (["一、甲。", "1、乙；", "2. 丙；", "3. 丁。"], "1、"),
    (["一、甲。", "（一)乙；", "（二）丙；", "（三）丁。"], "（一)"),
    (["一、甲。", "1，乙；", "2. 丙；", "3. 丁。"], "1，"),
])
def test_a_misprinted_first_number_is_named_not_the_numbers_after_it(texts, printed):
    [e] = errors(*texts)
    assert f"number {printed!r} is printed unlike" in e.message and e.column == column(texts, texts.index(
        next(t for t in texts if t.startswith(printed))))


def test_a_near_miss_heading_is_named_as_a_heading_and_settled_like_a_clause():
    texts = ["一、政治关系", "双方同意。", "二，经济合作", "双方满意。", "三、人文交流", "双方感谢。"]
    [e] = errors(*texts)
    assert e.message.startswith("heading number '二，' is printed unlike the numbering around it: expected 二、 (the "
                                "headings are numbered 一、 二、 …)")
    blocks = read(*texts, accept=frozenset({"二，经济"}))
    assert [(b.anchor, b.label) for b in blocks][2:4] == [("s2", "第二部分"), ("s2-p1", "第二部分第1段")]
    assert isinstance(blocks[2], Heading) and (blocks[2].number_text, blocks[2].title) == ("二，", "经济合作")


def test_the_error_shows_an_invisible_or_look_alike_character():
    [e] = errors("一、甲。", "二、乙。", "三" + ZWSP + "、丙。")
    assert "'三\\u200b、'" in e.message and "U+200B ZERO WIDTH SPACE is invisible" in e.message
    assert 'clause_numbers = ["三\\u200B、丙。"]' in e.message  # a TOML escape: the manifest shows the character
    [e] = errors("一、甲。", KANGXI["二"] + "、乙。", "三、丙。")
    assert "\u2f06 is U+2F06 KANGXI RADICAL TWO, not 二" in e.message


def test_a_quote_is_long_enough_to_name_one_paragraph():
    [e] = errors("一、双方同意甲。", "二、双方同意乙。", "三，双方同意丙。", "三，双方同意丁。")
    assert 'clause_numbers = ["三，双方同意丙"]' in e.message


def test_an_accepted_quote_that_matches_nothing_or_no_number_is_an_error():
    assert "clause_numbers entry \"五、\" matches no paragraph of this statement" in errors(
        "一、甲。", "二、乙。", accept=frozenset({"五、"}))[0].message
    [e] = errors("一、甲。", "乙。", accept=frozenset({"乙"}))
    assert "clause_numbers entry \"乙\" matches '乙。', which reads as no number: expected a paragraph whose number is " \
           "二、" in e.message


# The property: a well-formed numbering read as generated; one number misprinted is an error naming it.
FORM_STYLES = [Style("", "cn", "、"), Style("（）", "cn", ""), Style("()", "cn", ""), Style("（）", "ar", ""),
               Style("()", "ar", ""), Style("", "ar", "."), Style("", "ar", "．"), Style("", "ar", "、"),
               Style("", "fw", "．"), Style("", "①", ""), Style("", "⑴", ""), Style("第条", "cn", "")]
NEAR_DELIMITERS = ["，", ",", HALF_WIDTH_COMMA, "．", ".", "：", ":", " "]
HAN = "中巴双方同意加强合作发展经济关系战略伙伴友好交流地区和平稳定"
sentences = st.text(alphabet=HAN, min_size=1, max_size=8).map(lambda t: t + "，" + t + "。")


@st.composite
def numbered_statements(draw: st.DrawFn) -> tuple[list[str], list[str], list[tuple[int, Style, int]]]:
    """Paragraphs numbered in up to three levels of distinct styles, further paragraphs among them; their anchors;
    and for each numbered paragraph (its index, style, value)."""
    styles = draw(st.lists(st.sampled_from(FORM_STYLES), min_size=1, max_size=3, unique=True))
    texts: list[str] = []
    expected: list[str] = []
    numbered: list[tuple[int, Style, int]] = []

    def level(depth: int, parent: str) -> None:
        for value in range(1, draw(st.integers(1, 4 if depth == 0 else 3)) + 1):
            anchor = f"{parent}-{value}" if parent else f"c{value}"
            numbered.append((len(texts), styles[depth], value))
            texts.append(styles[depth].render(value) + draw(sentences))
            expected.append(anchor)
            for k in range(2, draw(st.integers(1, 2)) + 1):
                texts.append(draw(sentences))
                expected.append(f"{anchor}-p{k}")
            if depth + 1 < len(styles) and draw(st.booleans()):
                level(depth + 1, anchor)
                if draw(st.booleans()):  # a paragraph after a child list belongs to its last item
                    texts.append(draw(sentences))
                    last = expected[-1].rsplit("-p", 1)[0]
                    more = sum(1 for a in expected if a.startswith(last + "-p"))
                    expected.append(f"{last}-p{more + 2}")

    level(0, "")
    return texts, expected, numbered


def misprints(style: Style, value: int) -> list[str]:
    """The number as it might be printed a little off: a delimiter-like mark for its delimiter or bracket, or a
    zero-width space inside it (before a ① that is all numeral)."""
    numeral, printed = style.numeral(value), style.render(value)
    if style.numerals in ("①", "⑴"):
        return [ZWSP + printed]
    out = [printed[:len(style.bracket[:1]) + len(numeral)] + ZWSP + printed[len(style.bracket[:1]) + len(numeral):]]
    if style.delimiter:
        valid = {"、"} if style.chinese else {".", "．", "、"}
        out += [numeral + d for d in NEAR_DELIMITERS if d not in valid]
    elif style.bracket in ("（）", "()"):
        other = "）" if style.bracket == "()" else ")"
        out += [style.bracket[0] + numeral + other]
    return out


@settings(max_examples=150, deadline=None)
@given(generated=numbered_statements(), data=st.data())
def test_one_misprinted_number_is_always_an_error_naming_it_never_a_silent_reading(generated, data):
    texts, expected, numbered = generated
    assert [b.anchor for b in read(*texts)] == expected
    where, style, value = data.draw(st.sampled_from(numbered))
    printed = data.draw(st.sampled_from(misprints(style, value)))
    damaged = list(texts)
    damaged[where] = printed + texts[where][len(style.render(value)):]
    found = errors(*damaged)
    assert any(e.column == column(damaged, where) and repr(printed) in e.message for e in found), found


# Every problem of a statement at once.
def test_every_problem_of_a_statement_is_reported_in_the_order_of_the_text():
    texts = ["一、双方同意。", "三、双方满意。", "四、能源", "五、双方商定，继续", "（一）甲。", "（一）乙。", "六，丙。"]
    found = errors(*texts)
    assert [(e.column, e.message.split(":")[0]) for e in found] == [
        (column(texts, 1), "clause numbering jumps"),
        (column(texts, 2), "numbered heading '四、能源' in a statement of numbered clauses"),
        (column(texts, 4) - 2, "unterminated clause '五、双方商定，继续'"),
        (column(texts, 5), "clause numbering repeats"),
        (column(texts, 6), "clause number '六，' is printed unlike the numbering around it")]


def test_parse_collects_a_statements_problems_with_the_files_others():
    line = f"{HEAD}{S}一、双方同意。{S}三、双方满意。{S}四、双方感谢，继续"
    with pytest.raises(SourceErrors) as e:
        parse_statement(line, "x.txt", 1, CORPUS, None)
    assert [x.message.split(":")[0] for x in e.value.errors] == [
        "clause numbering jumps", "unterminated clause '四、双方感谢，继续'"]
    raw = (line + "\n" + f"{HEAD.replace('28', '29')}{S}一，双方同意。{S}二、双方满意。\n").encode()
    with pytest.raises(SourceErrors) as e:
        parse_source(raw, "x.txt", CORPUS, {})
    assert [(x.line, x.message.split(":")[0]) for x in e.value.errors] == [
        (1, "clause numbering jumps"), (1, "unterminated clause '四、双方感谢，继续'"),
        (2, "clause number '一，' is printed unlike the numbering around it")]


def test_one_problem_alone_is_raised_as_before():
    with pytest.raises(SourceError, match="clause numbering jumps"):
        parse_statement(f"{HEAD}{S}一、双方同意。{S}三、双方满意。", "x.txt", 1, CORPUS, None)


def test_pieces_tile_the_paragraphs_and_headings_stay_headings():
    texts = ["序言。", "一、政治关系", "（一）双方同意：", "——甲；", "——乙。"]
    blocks, pieces = read_blocks(paragraphs(texts), 1, fail)
    assert [p.text for p in pieces] == texts and [b.text for b in blocks] == texts
    assert [type(b) for b in blocks] == [Clause, Heading, Clause, Clause, Clause]
