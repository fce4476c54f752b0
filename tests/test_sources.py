"""Every input validated: topics.toml with file:line:col, only regular files inside the source folder are read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import build_scripts.__main__ as cli
from build_scripts.errors import SourceError, SourceErrors
from build_scripts.read.source import read_inputs
from build_scripts.read.topics import DEFAULT_PARAMS, read_topics

from .conftest import ROOT

GOOD = ROOT / "source"
LINKING = ("[linking]\ntopic_threshold = 0.05\nwording_threshold = 0.25\nsalience = 0.25\nmax_per_statement = 3\n"
           "compare_overlap = 12\nmax_links = 8\n")


def topics_errors(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "topics.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return [str(e) for e in read_topics(path).errors]


@pytest.mark.parametrize("text, expected", [
    ('[[topic]]\nslug = "kashmir"\nname = 3\nterms = ["克什米尔"]\n' + LINKING,
     ["topics.toml:3:1: name holds 3: expected non-empty text"]),
    ('[[topic]]\nslug = "kashmir"\nname = "克什米尔"\n  terms = "克什米尔"\n' + LINKING,
     ["topics.toml:4:3: terms is '克什米尔': expected a list of one or more words, such as [\"克什米尔\", \"查谟\"]"]),
    ('[[topic]]\nslug = "Kashmir"\nname = "克什米尔"\nterms = ["克什米尔"]\n' + LINKING,
     ["topics.toml:2:1: topic slug 'Kashmir': expected lower-case ASCII words joined by '-', such as "
      "\"cpec-committee\" (the page's address)"]),
    ('[[topic]]\nslug = "kashmir"\nname = "克什\\n米尔"\nterms = ["克什米尔"]\n' + LINKING,
     ["topics.toml:3:1: name '克什\\n米尔' holds U+000A (LINE FEED) at 3: expected one line of text without control "
      "characters, invisible format characters or noncharacters"]),
    ('[[topic]]\nslug = "kashmir"\nname = "克什米尔"\nterms = ["克什\\u007f米尔", ""]\n' + LINKING,
     ["topics.toml:4:1: terms '克什\\x7f米尔' holds U+007F (DELETE) at 3: expected one line of text without control "
      "characters, invisible format characters or noncharacters", "topics.toml:4:1: terms holds '': expected non-empty text"]),
    ('[[topic]]\nslug = "a"\nname = "甲"\nterms = ["甲"]\n[[topic]]\nslug = "a"\nname = "乙"\nterms = ["乙"]\n' + LINKING,
     ["topics.toml:6:1: duplicate topic slug 'a': topic 1 has it too; every topic needs its own"]),
    ('[[topic]]\nslug = "a"\nname = "甲"\nterms = ["甲"]\ncolour = "red"\n' + LINKING.replace("= 3", '= "3"'),
     ["topics.toml:5:1: unknown key 'colour' in topic 1: expected [[topic]] with slug = \"kashmir\", name = \"克什米尔\", "
      "terms = [\"克什米尔\", \"查谟\"]",
      "topics.toml:10:1: max_per_statement = '3': expected a whole number from 1 to 1000"]),
    ('[[topic]]\nslug = "a"\nname = "甲"\nterms = ["甲"]\n',
     ["topics.toml:5:1: no [linking] table: expected [linking] with topic_threshold = 0.05, wording_threshold = 0.25, "
      "salience = 0.25, max_per_statement = 3, compare_overlap = 12, max_links = 8"]),
    ('[[topic]\nslug = "a"\n', ["topics.toml:1:8: not valid TOML: Expected ']]' at the end of an array declaration "
                                 "(at line 1, column 8)"]),
])
def test_topics_errors_point_at_line_and_column(tmp_path, text, expected):
    assert topics_errors(tmp_path, text) == expected


def test_a_gb18030_topics_file_is_refused_with_its_position(tmp_path):
    text = '[[topic]]\nslug = "kashmir"\nname = "克什米尔"\nterms = ["克什米尔"]\n' + LINKING
    [error] = topics_errors(tmp_path, text.encode("gb18030"))
    assert error.startswith("topics.toml:3:9: not UTF-8:") and "GB18030" in error


def test_the_real_topics_file_is_valid_and_a_missing_one_means_no_topics(tmp_path):
    found = read_topics(GOOD / "topics.toml")
    assert found.errors == () and len(found.topics) == 41 and found.params == DEFAULT_PARAMS
    assert read_topics(tmp_path / "topics.toml").topics == ()


def source_copy(tmp_path: Path, case: Path = GOOD) -> Path:
    source = tmp_path / "source"
    shutil.copytree(case, source)
    return source


def test_topics_errors_are_reported_together_with_the_statements_errors(tmp_path, capsys, monkeypatch):
    source = source_copy(tmp_path, ROOT / "tests" / "bad_input" / "every-error-is-reported")
    (source / "topics.toml").write_text('[[topic]]\nslug = "Bad"\nname = "甲"\nterms = ["甲"]\n' + LINKING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--source", "source"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 7 and err[5].startswith("source/topics.toml:2:1: topic slug 'Bad'")
    assert err[-1] == "check failed: 6 errors; nothing was written"


def test_a_folder_named_topics_toml_is_an_error_not_a_traceback(tmp_path):
    source = source_copy(tmp_path)
    (source / "topics.toml").unlink()
    (source / "topics.toml").mkdir()
    with pytest.raises(SourceErrors) as e:
        read_inputs(source, ROOT / "mkdocs.yml")
    assert [str(x) for x in e.value.errors] == ["topics.toml:1:1: a directory: expected a regular text file"]


def test_a_symlink_out_of_the_source_folder_is_refused_and_its_text_never_quoted(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private diary line: not a statement\n", encoding="utf-8")
    source = source_copy(tmp_path)
    (source / "zz.txt").symlink_to(secret)
    (source / "inside.txt").symlink_to(source / "000_ca055b5930d6a553.txt")  # inside the folder: read like the file
    with pytest.raises(SourceErrors) as e:
        read_inputs(source, ROOT / "mkdocs.yml")
    errors = [str(x) for x in e.value.errors]
    assert errors[0] == (f"zz.txt:1:1: a symbolic link to {str(secret)!r}, outside the source folder: expected a regular "
                         "file inside it (copy the file in)")
    assert not any("diary" in x for x in errors)
    assert all(x.startswith(("zz.txt", "inside.txt")) for x in errors)  # inside.txt: slugs clash with its target


@pytest.mark.parametrize("name", ["x.txt", "manifest.toml", "topics.toml"])
def test_a_fifo_in_the_source_folder_does_not_hang_check(tmp_path, name):
    source = source_copy(tmp_path)
    (source / name).unlink(missing_ok=True)
    os.mkfifo(source / name)
    result = subprocess.run([sys.executable, "-m", "build_scripts", "check", "--source", str(source)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"{name}:1:1: a FIFO: expected a regular text file" in result.stderr
    assert "Traceback" not in result.stderr


def test_read_source_raises_only_source_errors_for_every_refusal(tmp_path):
    source = source_copy(tmp_path)
    (source / "manifest.toml").unlink()
    (source / "manifest.toml").mkdir()
    with pytest.raises(SourceErrors) as e:
        read_inputs(source, ROOT / "mkdocs.yml")
    assert all(isinstance(x, SourceError) for x in e.value.errors)
    assert str(e.value.errors[0]) == "manifest.toml:1:1: a directory: expected a regular text file"
