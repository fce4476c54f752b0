"""The Makefile as a reader meets it: `make help` prints values, not make's variable syntax, and states no
duration nobody measures (issue 22)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make_help(*args: str) -> str:
    done = subprocess.run(["make", "--no-print-directory", "help", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_help_prints_the_default_port_not_the_variable():
    out = make_help()
    assert "127.0.0.1:8000" in out and "$(" not in out and "${" not in out
    assert "127.0.0.1:8123" in make_help("PORT=8123")  # the port `make serve PORT=8123` would use


def test_help_lists_every_target_once_with_its_description():
    out = make_help()
    listed = re.findall(r"^  make (\S+) +\S", out, re.M)
    documented = re.findall(r"^([a-z-]+):.*## ", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert listed == documented and "test-fast" in listed


TIME = re.compile(r"\d+(\.\d+)?\s*(s|ms|sec|seconds?|min|minutes?)\b|under an? (minute|second)|秒|分钟", re.I)


def test_neither_help_nor_the_docs_promise_how_long_the_tests_take():
    """`make test-fast` was said to take under a minute (measured: 3 min 14 s). No test or benchmark times the test
    runs, so no line about them may give a duration, in `make help`, README.md or MAINTAINERS.md."""
    lines = [line for line in make_help().splitlines() if re.search(r"make (test|test-fast) ", line)]
    for doc in ("README.md", "MAINTAINERS.md"):
        text = (ROOT / doc).read_text(encoding="utf-8").splitlines()
        lines += [line for line in text if re.search(r"make test(-fast)?\b", line)]
    assert len(lines) >= 4
    assert [line for line in lines if TIME.search(line)] == []


def test_every_readme_screenshot_exists_and_is_one_make_screenshots_takes():
    """README's images are the files `make screenshots` copies from the screenshot tests' output, and no others."""
    import fnmatch

    refs = set(re.findall(r"\]\(readme/([\w.-]+\.png)\)", (ROOT / "README.md").read_text(encoding="utf-8")))
    assert len(refs) == 5 and all((ROOT / "readme" / name).stat().st_size > 20_000 for name in refs)
    assert {p.name for p in (ROOT / "readme").glob("*.png")} == refs  # none left over from an older interface
    copy = re.search(r"^\tmkdir -p readme && cp (.+) readme/$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert copy, "make screenshots copies the artifacts into readme/"
    globs = [g.removeprefix("tests/artifacts/") for g in copy[1].split()]
    sources = "".join((ROOT / "tests" / name).read_text(encoding="utf-8") for name in ("test_browser.py", "test_reader.py"))
    for name in refs:
        assert any(fnmatch.fnmatch(name, g) for g in globs), name
        written = {name, re.sub(r"zh-Han[st]", "{lang}", name)}
        assert any(f'"{w}"' in sources for w in written), name  # a screenshot test writes it
