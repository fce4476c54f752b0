"""The parser on the real corpus (golden files) and on small broken inputs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from build_scripts.errors import SourceError, SourceErrors
from build_scripts.model import CONTENT_KINDS, FURNITURE_KINDS, METADATA_KINDS, Clause, Corpus, Piece
from build_scripts.read.manifest import load_manifest, read_manifest
from build_scripts.read.parse import check_accounting, parse_corpus, parse_statement

from .conftest import ROOT, check_golden

SOURCE = ROOT / "source"
SEEDS = ROOT.parent / "shared" / "seeds"
CORPUS = Corpus(parties=("中华人民共和国", "巴基斯坦伊斯兰共和国"), document_type="联合声明")
DATELINE = "（2020年3月17日，北京）"
TITLE = "中华人民共和国和巴基斯坦伊斯兰共和国关于深化合作的联合声明"


@pytest.fixture(scope="module")
def statements():
    return parse_corpus(SOURCE)[1]


def as_json(s) -> str:
    data = {
        "slug": s.slug, "title": s.title, "date": s.date.isoformat(), "place": s.place,
        "dateline": s.dateline, "lead": s.lead, "signature": s.signature, "source_note": s.source_note,
        "source": f"{s.source}:{s.line}",
        "blocks": [{"anchor": b.anchor, "label": b.label, "text": b.text,
                    "kind": "clause" if isinstance(b, Clause) else "heading"} for b in s.blocks],
        "dropped": [{"kind": p.kind, "text": p.text} for p in s.pieces if p.kind in FURNITURE_KINDS and p.kind != "separator"],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def test_the_corpus_has_four_statements_of_every_shape(statements):
    assert [(s.slug, s.place, len(s.clauses), len(s.headings)) for s in statements] == [
        ("2015-04-20", "伊斯兰堡", 20, 0),  # numbered clauses, lead, signature block
        ("2018-11-04", "北京", 48, 8),  # numbered sections over unnumbered paragraphs
        ("2020-03-17", "北京", 17, 0),  # no numbering at all
        ("2022-11-02", "北京", 47, 0),  # numbered clauses, no dateline, news-agency note
    ]


@pytest.mark.parametrize("slug", ["2015-04-20", "2018-11-04", "2020-03-17", "2022-11-02"])
def test_golden_parse(statements, slug):
    check_golden(f"parse/{slug}.json", as_json(next(s for s in statements if s.slug == slug)))


def test_every_character_of_every_raw_line_is_accounted_for(statements):
    allowed = set(CONTENT_KINDS) | set(METADATA_KINDS) | set(FURNITURE_KINDS)
    for s in statements:
        raw = (SOURCE / s.source).read_text(encoding="utf-8").split("\n")[s.line - 1]
        assert "".join(p.text for p in s.pieces) == raw
        assert {p.kind for p in s.pieces} <= allowed
        # and every clause, heading and metadata field is its piece, verbatim
        content = [p.text for p in s.pieces if p.kind in CONTENT_KINDS]
        assert content == [b.text for b in s.blocks]
        for kind, value in [("title", s.title), ("lead", s.lead), ("signature", s.signature),
                            ("source-note", s.source_note)]:
            assert [p.text for p in s.pieces if p.kind == kind] == ([value] if value else [])


def test_metadata_is_never_a_clause(statements):
    texts = [c.text for s in statements for c in s.clauses]
    assert not any("全文如下" in t or "打印本页" in t or "新华社" in t or "政府代表" in t for t in texts)
    assert statements[0].clauses[-1].text.endswith("侯赛因总统愉快地接受了邀请。")
    assert statements[0].signature.startswith("中华人民共和国 巴基斯坦伊斯兰共和国政府代表")
    assert statements[0].lead.endswith("全文如下：")
    assert statements[3].source_note == "（新华社北京11月2日电）"


def test_anchors_are_ascii_unique_and_structural(statements):
    for s in statements:
        anchors = [b.anchor for b in s.blocks]
        assert len(set(anchors)) == len(anchors)
        assert all(a.isascii() for a in anchors)
    assert [c.anchor for c in statements[3].clauses][:3] == ["c1", "c2", "c3"]
    assert statements[3].clauses[46].label == "第四十七条"
    by_anchor = {b.anchor: b for b in statements[1].blocks}
    assert by_anchor["s3"].text == "三、贸易、投资与金融合作"
    assert by_anchor["s3-p2"].label == "第三部分第2段"
    assert by_anchor["p1"].label == "第1段"


def test_raw_files_are_byte_for_byte_as_received():
    """source/SHA256SUMS (`sha256sum *.txt`, rewritten only when a statement is added) pins every raw file;
    where the shared seeds sit beside the checkout, the files are those seeds too."""
    listed = dict(reversed(line.split(None, 1)) for line in (SOURCE / "SHA256SUMS").read_text(encoding="ascii").splitlines())
    assert sorted(listed) == sorted(p.name for p in SOURCE.glob("*.txt")), "source/SHA256SUMS must list every raw file"
    for name, digest in listed.items():
        assert hashlib.sha256((SOURCE / name).read_bytes()).hexdigest() == digest, f"source/{name} was changed"
    for seed in SEEDS.glob("*.txt") if SEEDS.is_dir() else ():
        assert (SOURCE / seed.name).read_bytes() == seed.read_bytes(), seed.name


def test_a_statement_with_title_and_dateline_in_its_text_needs_no_manifest_entry():
    s = parse_statement(f"{TITLE}{DATELINE}\u3000\u3000一、双方同意。\u3000\u3000二、双方满意。", "x.txt", 1, CORPUS, None)
    assert (s.slug, s.place, [c.anchor for c in s.clauses]) == ("2020-03-17", "北京", ["c1", "c2"])


def test_the_2022_statement_needs_its_manifest_entry():
    line = (SOURCE / "001_57d611fddc40c469.txt").read_text(encoding="utf-8").split("\n")[0]
    with pytest.raises(SourceError, match=r"no date or place.*manifest"):
        parse_statement(line, "001_57d611fddc40c469.txt", 1, CORPUS, None)


@pytest.mark.parametrize("body, message, column", [
    ("一、甲。\u3000\u3000三、乙。", "clause numbering jumps: '三、' follows '一、'; expected 二、", 7),
    ("一、甲。\u3000\u3000一、乙。", "clause numbering repeats: '一、' follows '一、'", 7),
    ("一、标题\u3000\u3000段落。\u3000\u3000二、双方同意，继续合作。",
     "numbered clause '二、双方同意，继续合作。' in a statement organised by numbered headings", 12),
])
def test_numbering_errors_point_at_the_clause(body, message, column):
    with pytest.raises(SourceError, match=message) as e:
        parse_statement(f"{TITLE}{DATELINE}\u3000\u3000{body}", "x.txt", 3, CORPUS, None)
    assert (e.value.line, e.value.column - len(TITLE + DATELINE) - 2) == (3, column)


def test_unknown_text_after_the_title_is_an_error_not_a_clause():
    with pytest.raises(SourceError, match=r"x.txt:1:\d+: unexpected text '（草案）.*after the title"):
        parse_statement(f"{TITLE}（草案）{DATELINE}\u3000\u3000一、甲。", "x.txt", 1, CORPUS, None)


def test_no_title_is_an_error():
    with pytest.raises(SourceError, match="no title"):
        parse_statement("双方同意。\u3000\u3000一、甲。", "x.txt", 1, CORPUS, None)


def test_accounting_catches_a_lost_character():
    line = "甲乙丙"
    check_accounting("x.txt", 1, line, [Piece("clause", "甲乙", 0), Piece("clause", "丙", 2)])
    with pytest.raises(SourceError, match="characters unaccounted: '乙'"):
        check_accounting("x.txt", 1, line, [Piece("clause", "甲", 0), Piece("clause", "丙", 2)])
    with pytest.raises(SourceError, match="unaccounted at the end"):
        check_accounting("x.txt", 1, line, [Piece("clause", "甲乙", 0)])


def test_errors_of_several_files_are_collected(tmp_path: Path):
    corpus = (SOURCE / "manifest.toml").read_text(encoding="utf-8").split("\n[[statement]]")[0]  # no entry: no file of it here
    (tmp_path / "manifest.toml").write_text(corpus, encoding="utf-8")
    (tmp_path / "a.txt").write_text("没有标题的文字", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"{TITLE}{DATELINE}\u3000\u3000一、甲。\u3000\u3000三、乙。", encoding="utf-8")
    with pytest.raises(SourceErrors) as e:
        parse_corpus(tmp_path)
    assert [str(x).split(":")[0] for x in e.value.errors] == ["a.txt", "b.txt"]


def test_manifest_rejects_unknown_keys_and_bad_dates(tmp_path: Path):
    path = tmp_path / "manifest.toml"
    head = '[corpus]\nparties = ["甲"]\ndocument_type = "联合声明"\n'
    path.write_text(head + '[[statement]]\nfile = "a.txt"\nline = 1\ndaet = 2022-01-01\n', encoding="utf-8")
    with pytest.raises(SourceError, match="unknown key 'daet'"):
        load_manifest(path)
    path.write_text(head + '[[statement]]\nfile = "a.txt"\nline = 1\ndate = "2022-13-01"\n', encoding="utf-8")
    with pytest.raises(SourceError, match="malformed date '2022-13-01'"):
        load_manifest(path)


@pytest.mark.parametrize("body, line, said", [
    ('[[statement]]\nline = 1\ndate = 2020-01-01\n', 4, "with no file"),
    ('[[statement]]\nfile = 3\n', 5, "with file = 3"),
    ('[[statement]]\nfile = "a.txt"\nline = true\n', 6, "line = true for 'a.txt'"),
    ('[[statement]]\nfile = "a.txt"\nline = "2"\n', 6, "line = \"2\" for 'a.txt'"),
    ('[[statement]]\nfile = "a.txt"\nline = 0\n', 6, "line = 0 for 'a.txt'"),
])
def test_an_entry_s_file_or_line_is_quoted_as_the_author_wrote_it_at_its_key(tmp_path: Path, body, line, said):
    """What was written, in TOML's terms and at the key that holds it: no Python None or True, and no line the author
    never wrote (a missing line = is 1, a page copy's, and was quoted as `line = 1` beside a missing file)."""
    path = tmp_path / "manifest.toml"
    path.write_text('[corpus]\nparties = ["甲"]\ndocument_type = "联合声明"\n' + body, encoding="utf-8")
    [error] = read_manifest(path).errors
    assert (error.line, error.message.split(":")[0]) == (line, f"[[statement]] {said}" if "file" in said else said)
    assert "None" not in error.message and "True" not in error.message


def test_a_statement_numbered_in_full_width_digits_throughout_reads_as_numbered():
    """The README: a full-width digit is a near-miss number only among ASCII ones; numbering that is full-width
    throughout (U+FF11 U+FF0E, U+FF12 U+FF0E) is the statement's own, read as clauses, its text kept as printed."""
    one, two = "\uff11\uff0e双方同意加强经贸合作。", "\uff12\uff0e双方同意加强能源合作。"
    s = parse_statement(f"{TITLE}{DATELINE}\u3000\u3000{one}\u3000\u3000{two}", "x.txt", 1, CORPUS, None)
    assert [(c.anchor, c.text) for c in s.clauses] == [("c1", one), ("c2", two)]
    with pytest.raises((SourceError, SourceErrors), match="FULLWIDTH DIGIT TWO"):  # among an ASCII 1.
        parse_statement(f"{TITLE}{DATELINE}\u3000\u30001.双方同意加强经贸合作。\u3000\u3000{two}", "x.txt", 1, CORPUS, None)
