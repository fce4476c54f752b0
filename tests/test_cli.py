"""The command line: exit 0 on success, 1 on bad input (every error printed, no traceback), 2 on bad usage."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pytest

import build_scripts.__main__ as cli
from build_scripts.errors import BuildError, OutputError
from build_scripts.publish.output import MARKER, MARKER_TEXT
from build_scripts.settings import Paths

from .conftest import ROOT, tmp_paths

BAD_INPUT = ROOT / "tests" / "bad_input"
CASES = sorted(p for p in BAD_INPUT.iterdir() if p.is_dir())


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the CLI from the repository root, with docs/ and build/ in a temporary directory instead of the repository's."""

    class TmpPaths:
        @staticmethod
        def at(root: Path, source: Path, site: Path) -> Paths:
            return dataclasses.replace(tmp_paths(tmp_path / "out", source), site=site)

    monkeypatch.setattr(cli, "Paths", TmpPaths)
    monkeypatch.chdir(ROOT)
    return tmp_path


def run(*argv: str) -> int:
    try:
        return cli.main(list(argv))
    except SystemExit as e:  # argparse: --help, bad usage
        return int(e.code or 0)


@pytest.mark.parametrize("command, options", [
    ("build", ["--source", "--site-dir", "--quiet", "--verbose"]),
    ("check", ["--source", "--quiet"]),
    ("serve", ["--source", "--site-dir", "--port"]),
])
def test_help_documents_every_option_and_the_exit_status(capsys, command, options):
    assert run(command, "--help") == 0
    out = capsys.readouterr().out
    assert all(option in out for option in options)
    assert "exit status: 0 on success, 1 on bad input" in out


@pytest.mark.parametrize("argv", [
    [], ["publish"], ["check", "--site-dir", "/tmp/x"], ["build", "--bogus"], ["serve", "--port", "eighty"],
    ["check", "--source", "/nonexistent/source"],
])
def test_bad_usage_exits_2(sandbox, capsys, argv):
    assert run(*argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_check_validates_the_corpus_and_writes_nothing(sandbox, capsys):
    assert run("check") == 0
    out, err = capsys.readouterr()
    assert out == "ok: 4 statements, 132 clauses\n"
    assert "Traceback" not in err
    assert not (sandbox / "out").exists()  # no docs/, no build/ (OpenCC's configs went to a removed temporary directory)


def test_check_quiet_prints_nothing(sandbox, capsys):
    assert run("check", "--quiet") == 0
    assert capsys.readouterr() == ("", "")


def test_check_reports_one_line_per_stage_with_counts_and_time(sandbox, capsys):
    assert run("check") == 0
    stages = capsys.readouterr().err.splitlines()
    assert stages[0].startswith("parse") and "4 statements" in stages[0]
    assert all(re.search(r"\(\d+\.\ds\)$", line) for line in stages)


def test_progress_lines_name_the_stage_and_time_it(capsys):
    progress = cli.Progress(sys.stderr)
    progress("parse", "4 statements, 132 clauses")
    assert re.fullmatch(r"parse +4 statements, 132 clauses \(\d+\.\ds\)\n", capsys.readouterr().err)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_check_prints_every_error_of_a_bad_input_and_exits_1(sandbox, capsys, case):
    assert run("check", "--source", str(case)) == 1
    out, err = capsys.readouterr()
    expected = (case / "expected.errors").read_text(encoding="utf-8").splitlines()
    prefix = f"tests/bad_input/{case.name}/"
    assert out == ""
    assert err.splitlines() == [prefix + line for line in expected] + [
        f"check failed: {len(expected)} error{'s' if len(expected) != 1 else ''}; nothing was written"]


def test_build_with_bad_input_exits_1_and_leaves_the_site_alone(sandbox, capsys):
    site = sandbox / "site"
    site.mkdir()
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (site / "index.html").write_text("the published site", encoding="utf-8")
    case = BAD_INPUT / "every-error-is-reported"
    assert run("build", "--source", str(case), "--site-dir", str(site)) == 1
    err = capsys.readouterr().err
    assert err.count(f"tests/bad_input/{case.name}/") == 5
    assert err.endswith(f"build failed: 5 errors; {site} is unchanged\n")
    assert [p.name for p in sandbox.iterdir()] == ["site"]  # no docs/, build/, site.new
    assert (site / "index.html").read_text(encoding="utf-8") == "the published site"


@pytest.mark.parametrize("error", [BuildError("mkdocs build --strict failed"), OutputError("site: not a site this tool built")])
def test_other_build_errors_exit_1_without_a_traceback(sandbox, capsys, monkeypatch, error):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(cli, "build", fail)
    assert run("build", "--site-dir", str(sandbox / "site")) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {error}\n") and "Traceback" not in err


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_a_cold_build_prints_its_progress_lines_and_nothing_else(tmp_path):
    """jieba prints its dictionary's loading on stderr unless its logger is quietened after it is imported, which
    is now on first use (build_scripts/lazy.py): a level set before that import is lost."""
    import os
    import subprocess

    site = tmp_path / "site"
    env = dict(os.environ, BUILD_SCRIPTS_CACHE="off", TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "build_scripts", "build", "--source",
                           str(ROOT / "tests" / "fixtures" / "other-country"), "--site-dir", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    progress = re.compile(r"\S+( \S+)? +.+ \(\d+\.\ds\)$")
    assert [line for line in done.stderr.splitlines() if not progress.match(line)] == []
    assert done.stdout.startswith("built ")
