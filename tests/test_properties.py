"""Properties of the parser (Hypothesis), on the real corpus and on generated statements.

- A UTF-8 BOM, CRLF or CR line ends, any mix of ASCII, no-break and full-width
  spaces as paragraph separators, and leading or trailing whitespace give equal
  statements.
- Every character of a raw line lands in exactly one piece, and every position
  points into the file as it was given, not a cleaned-up copy.
- Whatever the input, the only exception that escapes is the project's own.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_scripts.errors import SourceError, SourceErrors
from build_scripts.model import CONTENT_KINDS, FURNITURE_KINDS, METADATA_KINDS, Corpus, Statement
from build_scripts.read.encoding import split_lines
from build_scripts.read.manifest import load_manifest, read_manifest
from build_scripts.read.parse import parse_source, parse_statement
from build_scripts.render.pages import signature_rows
from build_scripts.text.numerals import to_numeral
from build_scripts.text.script import to_traditional

from .conftest import ROOT

SOURCE = ROOT / "source"
CORPUS, ENTRIES = load_manifest(SOURCE / "manifest.toml")
RAW = {p.name: p.read_bytes() for p in sorted(SOURCE.glob("*.txt"))}
CLEAN = {name: parse_source(data, name, CORPUS, ENTRIES) for name, data in RAW.items()}
KINDS = set(CONTENT_KINDS) | set(METADATA_KINDS) | set(FURNITURE_KINDS)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

separators = st.text(alphabet=" \t\u00a0\u3000", min_size=2, max_size=6)  # two or more, in any mix
trailing = st.text(alphabet=" \t\u00a0", max_size=4)
leading = st.text(alphabet=" \t\u00a0\u3000", max_size=3)
line_ends = st.sampled_from(["\n", "\r\n", "\r"])


def respaced(statement: Statement, data: st.DataObject) -> str:
    """The statement's raw line with every paragraph separator replaced by other whitespace."""
    return "".join(data.draw(separators) if p.kind == "separator" else p.text for p in statement.pieces)


def variant_file(name: str, data: st.DataObject) -> bytes:
    """A raw file as another tool might have saved it: BOM, line ends, separators, trailing spaces."""
    by_line = {s.line: s for s in CLEAN[name]}
    lines = split_lines(RAW[name].decode("utf-8"))
    new = [respaced(by_line[n], data) if n in by_line else line for n, line in enumerate(lines, start=1)]
    end = data.draw(line_ends)
    text = end.join(data.draw(leading) + line + data.draw(trailing) if line else line for line in new)
    return (b"\xef\xbb\xbf" if data.draw(st.booleans()) else b"") + text.encode("utf-8")


def assert_tiles(statement: Statement, line: str) -> None:
    assert "".join(p.text for p in statement.pieces) == line
    assert {p.kind for p in statement.pieces} <= KINDS
    for block in statement.blocks:  # positions point into the line as given
        assert line[block.column - 1:].startswith(block.text)


@FAST
@given(name=st.sampled_from(sorted(RAW)), data=st.data())
def test_whitespace_bom_and_line_end_variants_of_the_corpus_parse_the_same(name, data):
    raw = variant_file(name, data)
    statements = parse_source(raw, name, CORPUS, ENTRIES)
    assert statements == CLEAN[name]
    lines = split_lines(raw.decode("utf-8-sig"))
    for s in statements:
        assert_tiles(s, lines[s.line - 1])


@FAST
@given(data=st.data())
def test_respacing_a_signature_block_keeps_its_rows(data):
    signed = next(s for statements in CLEAN.values() for s in statements if s.signature)
    respaced_signature = "".join(data.draw(st.sampled_from([" ", "\u3000"])) if ch in " \u3000" else ch
                                 for ch in signed.signature)
    assert signature_rows(respaced_signature, CORPUS.parties) == signature_rows(signed.signature, CORPUS.parties)


# Generated statements: every shape the parser knows, from a small alphabet of the corpus's own characters.
HAN = "中巴双方同意加强合作发展经济关系战略伙伴友好交流地区和平稳定安全贸易投资能源走廊建设人民文化教育"
PARTIES = ("中华人民共和国", "巴基斯坦伊斯兰共和国")
GENERATED = Corpus(parties=PARTIES, document_type="联合声明")
words = st.text(alphabet=HAN, min_size=1, max_size=12)
sentences = st.lists(words, min_size=1, max_size=4).map(lambda ws: "，".join(ws) + "。")
headings = st.text(alphabet=HAN + "、", min_size=1, max_size=15).filter(lambda t: not t.startswith("、"))
dates = st.dates(min_value=dt.date(1951, 5, 21), max_value=dt.date(2099, 12, 31))


@st.composite
def statements(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A raw statement line and the texts of its blocks, in order."""
    date = draw(dates)
    title = f"{PARTIES[0]}和{PARTIES[1]}{draw(words)}联合声明"
    dateline = f"（{date.year}年{date.month}月{date.day}日，{draw(st.sampled_from(['北京', '伊斯兰堡']))}）"
    shape = draw(st.sampled_from(["numbered", "headings", "paragraphs"]))
    n = draw(st.integers(min_value=1, max_value=12))
    if shape == "numbered":
        blocks = [f"{to_numeral(i)}、{draw(sentences)}" for i in range(1, n + 1)]
    elif shape == "paragraphs":
        blocks = [draw(sentences) for _ in range(n)]
    else:
        blocks = [draw(sentences) for _ in range(draw(st.integers(0, 2)))]
        for i in range(1, n + 1):
            blocks += [f"{to_numeral(i)}、{draw(headings)}"] + [draw(sentences) for _ in range(draw(st.integers(1, 3)))]
    return title + dateline + "\u3000\u3000" + "\u3000\u3000".join(blocks), blocks


def _numeral_date(date: dt.date, zero: str) -> str:
    year = "".join((zero + "一二三四五六七八九")[int(d)] for d in str(date.year))
    return f"{year}年{to_numeral(date.month)}月{to_numeral(date.day)}日"


@st.composite
def headed_statements(draw: st.DrawFn) -> tuple[str, list[str], list[str], dt.date]:
    """A statement in the shapes other publishers print: an agency line before or after the title, a dateline glued
    or as its own paragraph, a bare date line in digits or Chinese numerals, a preamble, clauses over several
    paragraphs. Returns the line, its block texts, their anchors and its date."""
    date = draw(dates)
    connector = draw(st.sampled_from(["和", "与", "同", "政府和"]))
    kind = draw(st.sampled_from(["联合声明", "联合公报", "联合新闻公报", "联合新闻稿", "行动计划"]))
    title = f"{PARTIES[0]}{connector}{PARTIES[1]}{draw(words)}{kind}"
    place = draw(st.sampled_from(["北京", "伊斯兰堡"]))
    dated = draw(st.sampled_from([
        f"（{date.year}年{date.month}月{date.day}日，{place}）",
        f"{date.year}年{date.month}月{date.day}日，{place}",
        f"{_numeral_date(date, '〇')}于{place}",
        f"{_numeral_date(date, '0')}，{place}",
    ]))
    agency = f"新华社{place}{date.month}月{date.day}日电"
    head = draw(st.sampled_from([
        [title, dated], [agency, title, dated], [title, agency, dated], [agency + title, dated], [title + dated]]
        if dated.startswith("（") else [[title, dated], [agency, title, dated], [title, agency, dated]]))
    blocks, anchors = [], []
    for i in range(1, draw(st.integers(0, 2)) + 1):
        blocks.append(draw(sentences))
        anchors.append(f"p{i}")
    for n in range(1, draw(st.integers(1, 6)) + 1):
        blocks.append(f"{to_numeral(n)}、{draw(sentences)}")
        anchors.append(f"c{n}")
        for k in range(2, draw(st.integers(1, 3)) + 1):
            blocks.append(draw(sentences))
            anchors.append(f"c{n}-p{k}")
    return "\u3000\u3000".join(head + blocks), blocks, anchors, date


@FAST
@given(generated=headed_statements(), data=st.data())
def test_every_head_shape_and_clause_paragraphs_parse_and_read_alike_in_traditional(generated, data):
    line, blocks, anchors, date = generated
    clean = parse_statement(line, "x.txt", 1, GENERATED, None)
    assert ([b.text for b in clean.blocks], [b.anchor for b in clean.blocks]) == (blocks, anchors)
    assert (clean.date, clean.date_from, clean.place_from, clean.script) == (date, "text", "text", "zh-Hans")
    assert_tiles(clean, line)
    variant = data.draw(leading) + respaced(clean, data) + data.draw(trailing)
    assert parse_statement(variant, "x.txt", 1, GENERATED, None) == clean
    traditional = to_traditional(line)  # the same statement received in Traditional characters
    hant = parse_statement(traditional, "x.txt", 1, GENERATED, None)
    assert ([b.anchor for b in hant.blocks], hant.date, hant.script) == (anchors, date, "zh-Hant")
    assert_tiles(hant, traditional)


@FAST
@given(generated=statements(), data=st.data())
def test_generated_statements_parse_into_their_blocks_and_their_variants_alike(generated, data):
    line, blocks = generated
    clean = parse_statement(line, "x.txt", 1, GENERATED, None)
    assert [b.text for b in clean.blocks] == blocks
    assert_tiles(clean, line)
    variant = data.draw(leading) + respaced(clean, data) + data.draw(trailing)
    again = parse_statement(variant, "x.txt", 1, GENERATED, None)
    assert again == clean
    assert_tiles(again, variant)


# Anything at all: only SourceError (one line) or SourceErrors (a file) may escape, and never a parser bug.
CORPUS_CHARS = sorted({ch for data in RAW.values() for ch in data.decode("utf-8")})
corpus_text = st.text(alphabet=st.sampled_from([*CORPUS_CHARS, "\u3000", " ", "\t", "、", "。"]), max_size=200)
DAMAGE = ["", "\u3000\u3000", "十四、", "。", "  ", "（2020年2月30日，北京）"]


def parses_or_fails_cleanly(line: str, corpus: Corpus = CORPUS) -> None:
    try:
        statement = parse_statement(line, "x.txt", 1, corpus, None)
    except (SourceError, SourceErrors) as e:  # SourceErrors: several problems of the statement's paragraphs
        for error in e.errors if isinstance(e, SourceErrors) else [e]:
            assert "parser bug" not in error.message, error
            assert 1 <= error.column <= len(line) + 1, error
        return
    assert "".join(p.text for p in statement.pieces) == line


@FAST
@given(line=st.text(max_size=300))
@example(line="中华人民共和国和巴基斯坦伊斯兰共和国联合声明（2020年3月17日，北京）\u3000\u3000一、双方同意。 \n")
@example(line="中华人民共和国和巴基斯坦伊斯兰共和国联合声明（2020年3月17日，北京）\u3000\u3000一、甲。中华人民共和国代表\n")
def test_arbitrary_text_raises_only_source_error(line):
    parses_or_fails_cleanly(line)


@FAST
@given(line=corpus_text)
def test_text_of_the_corpus_own_characters_raises_only_source_error(line):
    parses_or_fails_cleanly(line)


@FAST
@given(name=st.sampled_from(sorted(RAW)), data=st.data())
def test_damaged_corpus_lines_raise_only_source_error(name, data):
    line = max(split_lines(RAW[name].decode("utf-8")), key=len)
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(line)))
        end = data.draw(st.integers(start, min(len(line), start + 40)))
        line = line[:start] + data.draw(st.sampled_from(DAMAGE)) + line[end:]
    parses_or_fails_cleanly(line)


@FAST
@given(prefix=st.integers(0, 20000), data=st.data())
def test_a_corpus_file_cut_short_anywhere_raises_only_source_errors(prefix, data):
    name = data.draw(st.sampled_from(sorted(RAW)))
    try:
        parse_source(RAW[name][:prefix], name, CORPUS, ENTRIES)
    except SourceErrors as e:
        assert all("parser bug" not in x.message for x in e.errors)


@FAST
@given(raw=st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_source_errors(raw):
    try:
        parse_source(raw, "x.txt", CORPUS, ENTRIES)
    except SourceErrors as e:
        assert e.errors and all("parser bug" not in x.message for x in e.errors)


MANIFEST_LINES = ["[corpus]", 'parties = ["中华人民共和国", "巴基斯坦伊斯兰共和国"]', 'document_type = "联合声明"', "[[statement]]",
                  'file = "a.txt"', "line = 1", "line = 0", "date = 2022-11-02", 'date = "2022-11-02"', "date = 2022-02-30",
                  'place = "北京"', "place = 3", "daet = 2022-11-02", "[extra]", "title = 1", "date = 2022-11-02T10:00:00",
                  "parties = []", "statement = 1", 'x = "unterminated', "= 1", ""]


@FAST
@given(lines=st.lists(st.sampled_from(MANIFEST_LINES), max_size=12), bom=st.booleans())
def test_any_manifest_raises_only_source_error(tmp_path_factory, lines, bom):
    path = tmp_path_factory.mktemp("manifest") / "manifest.toml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "\n".join(lines).encode("utf-8"))
    try:
        manifest = read_manifest(path)
    except SourceError as e:
        assert e.line >= 1 and e.column >= 1 and "expected" in e.message, e
        return
    for error in manifest.errors:
        assert error.line >= 1 and error.column >= 1 and "expected" in error.message, error


# The whole build, on minimal and mutated corpora: anything `check` accepts, `build` builds, and only the project's
# own error type ever escapes. `check` (parse, link, convert, render in memory) runs on every example; the first
# BUILD_SAMPLES accepted corpora are built for real (MkDocs --strict, both editions), since each takes seconds.
SHAPE_DIR = ROOT / "tests" / "fixtures" / "shapes"
SHAPE_LINES = {p.name: (p / "statement.txt").read_text(encoding="utf-8").rstrip("\n") for p in sorted(SHAPE_DIR.iterdir())}
SHAPE_ENTRIES = {name: (SHAPE_DIR / name / "manifest.toml").read_text(encoding="utf-8").split("[[statement]]", 1)[1:]
                 for name in SHAPE_LINES}
BUILD_SAMPLES = 3
BUILD_COUNTS: dict[str, int] = {"cases": 0, "accepted": 0, "built": 0, "refused": 0, "tracebacks": 0}
MUTATIONS = ["", "\u3000\u3000", "十四、", "。", "二、", "新华社北京1月1日电", "（1949年10月1日，北京）", "一九五〇年五月二十一日",
             "来源：新华网", "【打印】", "\u3000\u3000访问期间，双方签署了合作文件。"]


@st.composite
def corpora(draw: st.DrawFn) -> dict[str, str]:
    """A source folder: 1 to 3 shape fixtures (as written, in Traditional characters, or damaged), a manifest naming
    the parties (with their entries, or without them), topics.toml or not."""
    names = draw(st.lists(st.sampled_from(sorted(SHAPE_LINES)), min_size=1, max_size=3))
    files, manifest = {}, '[corpus]\nparties = ["中华人民共和国", "巴基斯坦伊斯兰共和国"]\n'
    for i, name in enumerate(names):
        line = SHAPE_LINES[name]
        how = draw(st.sampled_from(["as-is", "traditional", "damaged"]))
        if how == "traditional":
            line = to_traditional(line)
        elif how == "damaged":
            at = draw(st.integers(0, len(line)))
            cut = draw(st.integers(at, min(len(line), at + 30)))
            line = line[:at] + draw(st.sampled_from(MUTATIONS)) + line[cut:]
        files[f"{i}.txt"] = line + "\n"
        for entry in SHAPE_ENTRIES[name] if draw(st.booleans()) else []:
            manifest += "[[statement]]" + entry.replace('"statement.txt"', f'"{i}.txt"')
    files["manifest.toml"] = manifest
    if draw(st.booleans()):
        files["topics.toml"] = (SOURCE / "topics.toml").read_text(encoding="utf-8")
    return files


@settings(max_examples=40, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(files=corpora())
def _check_then_build(files: dict[str, str]) -> None:
    import tempfile
    from pathlib import Path

    from build_scripts.__main__ import check
    from build_scripts.build import build
    from build_scripts.errors import BuildError

    from .conftest import tmp_paths

    BUILD_COUNTS["cases"] += 1
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        source = Path(tmp) / "source"
        source.mkdir()
        for name, text in files.items():
            (source / name).write_text(text, encoding="utf-8")
        paths = tmp_paths(Path(tmp), source)
        try:
            check(paths)
        except BuildError:
            BUILD_COUNTS["refused"] += 1
            return
        except Exception:
            BUILD_COUNTS["tracebacks"] += 1
            raise
        BUILD_COUNTS["accepted"] += 1
        if BUILD_COUNTS["built"] < BUILD_SAMPLES:
            build(paths, quiet=True, offline_zip=False)  # a BuildError here fails the test: check accepted it
            BUILD_COUNTS["built"] += 1
            assert (paths.site / "zh-Hant" / "index.html").exists()


@pytest.mark.slow  # builds the whole site again, several times (make test runs it)
def test_anything_check_accepts_build_builds_and_no_traceback_escapes(capsys):
    _check_then_build()
    with capsys.disabled():
        print(f"\nbuild-level properties: {BUILD_COUNTS}")
    assert BUILD_COUNTS["tracebacks"] == 0
    assert BUILD_COUNTS["built"] == BUILD_SAMPLES and BUILD_COUNTS["refused"] > 0


# Heads and tails in any order and combination: pieces of every kind the head recogniser knows, glued or spaced.
HEAD_TOKENS = ["中华人民共和国和巴基斯坦伊斯兰共和国联合声明", "中華人民共和國和巴基斯坦伊斯蘭共和國聯合公報", "新华社北京3月1日电",
               "（2010年3月21日，北京）", "2010年3月21日", "二〇一〇年三月二十一日于北京", "二0一0年二月三十日", "来源：新华网",
               "责任编辑：王某", "【打印】", "【关闭】", "分享到：", "[字体：大 中 小]", "2019-04-28", "（全文）", "打印本页",
               "（新华社北京3月1日电）", "全文如下：", "一、", "二、", "双方同意。", "合作", "\u3000\u3000", " ", "。"]


@FAST
@given(tokens=st.lists(st.sampled_from(HEAD_TOKENS), max_size=14))
def test_any_mix_of_head_and_tail_pieces_parses_or_fails_cleanly(tokens):
    parses_or_fails_cleanly("".join(tokens))
