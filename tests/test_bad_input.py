"""Bad input: every case in tests/bad_input/ fails with exactly the errors pinned in its expected.errors.

Each error names the file, line and column, quotes the offending text and says
what was expected; all errors of a run are reported, not only the first.
UPDATE_GOLDEN=1 rewrites the expected.errors files for review with git diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_scripts.errors import SourceError, SourceErrors
from build_scripts.read.encoding import split_lines
from build_scripts.read.parse import parse_corpus

from .conftest import ROOT, update_golden

BAD_INPUT = ROOT / "tests" / "bad_input"
CASES = sorted(p for p in BAD_INPUT.iterdir() if p.is_dir())
QUOTED = re.compile(r"""b?'[^']*'""")


def reported(case: Path) -> list[SourceError]:
    with pytest.raises(SourceErrors) as e:
        parse_corpus(case)
    return e.value.errors


def printed(errors: list[SourceError]) -> str:
    return "".join(f"{e}\n" for e in errors)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden_errors_of_bad_input(case: Path):
    actual = printed(reported(case))
    expected = case / "expected.errors"
    if update_golden():
        expected.write_text(actual, encoding="utf-8", newline="\n")
    assert expected.exists(), f"missing {expected}: run with UPDATE_GOLDEN=1 and review the diff"
    assert actual == expected.read_text(encoding="utf-8"), f"errors differ from {expected}; if intended, UPDATE_GOLDEN=1"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_error_points_into_its_file_quotes_and_says_what_was_expected(case: Path):
    for error in reported(case):
        assert "expected" in error.message, error
        if case.name != "empty-file":  # nothing there to quote
            assert QUOTED.search(error.message), error
        raw = (case / error.path).read_bytes()
        try:
            lines = split_lines(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:  # the position is the first bad byte's: check against what decodes
            lines = split_lines(raw.decode("utf-8-sig", errors="replace"))
        assert 1 <= error.line <= len(lines), error
        assert 1 <= error.column <= len(lines[error.line - 1]) + 1, error


def test_the_cases_cover_every_kind_of_bad_input_in_the_issue():
    kinds = {
        "clause numbering gap": "clause numbering jumps: '十四、' follows '十二、'",
        "clause numbering duplicate": "clause numbering repeats",
        "a heading where a clause was expected": "numbered heading '三、能源合作' in a statement of numbered clauses",
        "a clause where a heading was expected": "in a statement organised by numbered headings",
        "no recognizable title": "no title in the first paragraph",
        "no date": "no date or place",
        "empty file": "empty file",
        "a file with no statement": "no statement, only blank lines",
        "not UTF-8, looks like GB18030": "looks like GB18030",
        "not UTF-8, looks like Big5": "looks like Big5",
        "not UTF-8, UTF-16 with a BOM": "byte-order mark of UTF-16",
        "unterminated clause": "unterminated clause",
        "text the parser cannot place": "unexpected text '（草案）",
        "manifest: control character": "holds U+202E (RIGHT-TO-LEFT OVERRIDE)",
        "manifest: unknown key": "unknown key 'daet' in [[statement]]",
        "manifest: malformed date": "malformed date '2020-13-17'",
        "two statements with the same slug": "duplicate slug '2020-03-17'",
    }
    everything = "".join((case / "expected.errors").read_text(encoding="utf-8") for case in CASES)
    assert [kind for kind, message in kinds.items() if message not in everything] == []


def test_all_errors_of_a_run_are_reported():
    errors = reported(BAD_INPUT / "every-error-is-reported")
    assert [(str(e.path), e.line) for e in errors] == [
        ("manifest.toml", 10), ("a.txt", 1), ("a.txt", 3), ("b.txt", 1), ("c.txt", 1)]


def test_a_broken_manifest_entry_is_reported_once_not_again_as_a_missing_date():
    errors = reported(BAD_INPUT / "manifest-unknown-key")
    assert [e.message.split(":")[0] for e in errors] == ["unknown key 'daet' in [[statement]] (did you mean 'date'?)"]
