"""The whole build — parse, link, convert, render, MkDocs --strict, publish — on mutated sources and metadata.

Only the project's own errors may escape (BuildError and its kinds), never a
traceback of another type; a build that succeeds publishes a whole, marked site
with no markup from the mutations in it; one that fails leaves the published
site as it was. Each example runs MkDocs for both editions (the offline pass is
skipped to keep it cheap), so the count is modest and the cases are derandomized:
the same examples every run. The outcomes are written to
tests/artifacts/fuzz-build.json for the report.

The second fuzz takes the inputs added since (aliases.toml, published.urls, the
manifest's provenance fields, the deploy settings SITE_URL and REPO_URL) and what a
source folder may hold in place of a text file (a FIFO, a link out of the folder, a
folder, another encoding). Besides tracebacks it looks for false messages: every
error must point at a line and column that exist in the file it names, a refused
setting must be one the check refuses and a build must never succeed with one, and
text behind a link out of the folder is never quoted. Its outcomes are written to
tests/artifacts/fuzz-build-inputs.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

import build_scripts.build as pipeline
from build_scripts.errors import BuildError, SourceError, SourceErrors
from build_scripts.publish.output import MARKER, MARKER_TEXT
from build_scripts.read.encoding import split_lines
from build_scripts.settings import SettingError, url_problem

from .conftest import ROOT, tmp_paths
from .test_escaping import injected

EXAMPLES = 40
ARTIFACTS = ROOT / "tests" / "artifacts"
# What real texts and careless edits are made of: markup, CJK punctuation and numbering, dates, whitespace variants,
# controls, full-width brackets, quotes, a BOM, an unpaired surrogate's neighbours.
PIECES = ["<zz-x onmouseover=alert(1)>", "</title>", "<script>alert(2)</script>", "{#x}", "{{ 7*7 }}", "[a](javascript:alert(3))",
          "|", "*", "`", "&amp;", "一、", "二、", "十二、", "（一）", "第三部分", "（2030年1月1日，北京）", "（2030年2月30日，京）",
          "。", "，", "\u3000\u3000", "\u3000", " ", "\t", "\n", "\r\n", "\x00", "\x7f", "\ufeff", "\u200b", "\ufffe",
          "（", "）", "“", "”", "中华人民共和国", "巴基斯坦伊斯兰共和国", "联合声明", "双方同意加强合作。", "年", "月", "日",
          "é", "𠀀"]
INLINE = [*PIECES[:10], "“", "”", "中华人民共和国", "é", "𠀀", "\u200b"]
text_piece = st.one_of(st.sampled_from(PIECES), st.text(min_size=1, max_size=6))


@st.composite
def mutation(draw) -> tuple[str, tuple]:
    # metadata drawn more often: a raw-text mutation mostly ends in the parser's errors, a metadata one goes further
    kind = draw(st.sampled_from(["insert", "delete", "duplicate-line", "truncate", "new-file", "gb18030",
                                 "inside-clause", "inside-clause", "inside-clause", "manifest-value", "manifest-value",
                                 "manifest-key", "topic-value", "topic-value", "linking-value"]))
    return kind, (draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6)), draw(st.lists(text_piece, min_size=1,
                                                                                           max_size=4)))


def apply(source: Path, kind: str, args: tuple) -> None:
    a, b, pieces = args
    raw = sorted(source.glob("*.txt"))
    path = raw[a % len(raw)]
    text = path.read_bytes().decode("utf-8", errors="surrogateescape")  # an earlier mutation may have broken it
    insert = "".join(pieces)
    if kind == "insert":
        at = b % (len(text) + 1)
        path.write_text(text[:at] + insert + text[at:], encoding="utf-8", errors="surrogateescape")
    elif kind == "inside-clause":  # text a tampered page could carry, where a clause has room for it
        spots = [i + 2 for i in range(len(text)) if text.startswith("双方", i)] or [0]
        at = spots[b % len(spots)]
        safe = "".join(p for p in pieces if p in INLINE) or INLINE[a % len(INLINE)]
        path.write_text(text[:at] + safe + text[at:], encoding="utf-8", errors="surrogateescape")
    elif kind == "delete":
        at = b % (len(text) + 1)
        path.write_text(text[:at] + text[at + 1 + a % 200:], encoding="utf-8", errors="surrogateescape")
    elif kind == "duplicate-line":
        lines = text.splitlines(keepends=True)
        lines.insert(b % (len(lines) + 1), lines[a % len(lines)])
        path.write_text("".join(lines), encoding="utf-8", errors="surrogateescape")
    elif kind == "truncate":
        data = path.read_bytes()
        path.write_bytes(data[: b % (len(data) + 1)])
    elif kind == "new-file":
        line = (f"中华人民共和国和巴基斯坦伊斯兰共和国关于{insert}的联合声明（2031年1月{a % 28 + 1}日，北京）"
                f"\u3000\u3000一、双方同意{insert}。")
        (source / f"zz_{b % 3}.txt").write_text(line + "\n", encoding="utf-8", errors="surrogateescape")
    elif kind == "gb18030":
        path.write_bytes(text.encode("gb18030", errors="replace"))
    elif kind in ("manifest-value", "manifest-key"):
        _edit_toml(source / "manifest.toml", kind, a, b, insert, ("place", "visiting", "receiving", "headline", "date", "line"))
    else:
        _edit_toml(source / "topics.toml", kind, a, b, insert, ("name", "terms", "name", "terms", "slug") if kind == "topic-value"
                   else ("topic_threshold", "salience", "max_per_statement", "compare_overlap"))


def _edit_toml(path: Path, kind: str, a: int, b: int, insert: str, keys: tuple[str, ...]) -> None:
    lines = path.read_bytes().decode("utf-8", errors="surrogateescape").splitlines()
    targets = [i for i, line in enumerate(lines) if line.split("=")[0].strip() in keys]
    i = targets[a % len(targets)]
    key = lines[i].split("=")[0].strip()
    values = [json.dumps(insert, ensure_ascii=False), str(b % 100 - 50), f"{(b % 1000) / 300:.3f}", "[]", "true",
              json.dumps([insert], ensure_ascii=False), '"""' + insert.replace('"', "") + '"""']
    if kind == "manifest-key":
        lines[i] = f"{insert.strip() or 'x'} = 1" if a % 2 else f"{key}_typo = {values[b % len(values)]}"
    else:
        lines[i] = f"{key} = {values[b % len(values)]}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogateescape")


@pytest.mark.slow  # builds the whole site again, several times (make test runs it)
def test_the_whole_build_on_mutated_inputs_raises_only_the_projects_errors(tmp_path):
    outcomes: Counter[str] = Counter()
    cases: list[dict] = []

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate],  # no shrinking: a failing case is reported as drawn
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(st.lists(mutation(), min_size=1, max_size=3))
    # wrong types in the metadata, always run first: a name that is a number, terms that are text, a flag
    @example([("topic-value", (1, 1, ["x"]))])
    @example([("topic-value", (2, 0, ["克什米尔"]))])
    @example([("manifest-value", (0, 3, ["x"])), ("linking-value", (1, 4, ["x"]))])
    def one_build(mutations):
        work = Path(tempfile.mkdtemp(dir=tmp_path))
        source = work / "source"
        shutil.copytree(ROOT / "source", source)
        for kind, args in mutations:
            apply(source, kind, args)
        paths = tmp_paths(work, source)
        paths.site.mkdir()
        (paths.site / MARKER).write_text(MARKER_TEXT)
        (paths.site / "index.html").write_text("old site")
        try:
            records = pipeline.build(paths, quiet=True, offline_zip=False)
            outcome = "built"
            assert (paths.site / MARKER).is_file() and records
            bad = {str(p): found for p in paths.site.rglob("*.html") if (found := injected(p.name, p.read_bytes()))}
            assert bad == {}
        except SourceErrors as e:
            outcome = "source errors"
            assert e.errors and all(str(x).count(":") >= 3 for x in e.errors)
            assert (paths.site / "index.html").read_text() == "old site"
        except BuildError as e:  # the project's own, e.g. MkDocs --strict refusing a page
            outcome = f"build error: {type(e).__name__}"
            assert (paths.site / "index.html").read_text() == "old site"
        outcomes[outcome] += 1
        cases.append({"mutations": [k for k, _ in mutations], "outcome": outcome})
        shutil.rmtree(work, ignore_errors=True)

    one_build()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "fuzz-build.json").write_text(json.dumps({"builds": len(cases), "outcomes": dict(outcomes),
                                                            "cases": cases}, ensure_ascii=False, indent=1) + "\n")
    assert sum(outcomes.values()) >= EXAMPLES
    assert outcomes["built"] and outcomes["source errors"]  # both paths were exercised


NEWER_EXAMPLES = 80
INPUTS = ("manifest.toml", "topics.toml", "aliases.toml", "published.urls")
FILE_KINDS = ("fifo", "symlink-out", "symlink-in", "directory", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "empty",
              "missing", "cr-line-ends")
# What addresses and their careless or hostile edits are made of, and the line ends an editor shows inside a line.
URL_PIECES = ["https://example.org/", "http://127.0.0.1:8000/", "https://example.github.io/repo", "javascript:alert(1)",
              "data:text/html,", "\"><zz-x>", "'", " ", "\x1b", "\u202e", "\x00", "/", "repo", "?q=1", "#top", "user@",
              ":8080", "%20", "&amp;", "例", "\u2028", "\x85", "\x0c", "\x1c", "\ufdd0", "\uffff"]
newer_piece = st.one_of(st.sampled_from(PIECES), st.sampled_from(URL_PIECES), st.text(min_size=1, max_size=6))
SECRET = "private diary line"  # behind a link out of the source folder: never quoted


@st.composite
def newer_mutation(draw) -> tuple[str, tuple]:
    # a wrong setting stops the run before the inputs are read: drawn less often, so the inputs' checks run
    kind = draw(st.sampled_from(["alias-term", "alias-line", "published-line", "published-line", "provenance",
                                 "provenance", "file-kind", "file-kind", "env"]))
    return kind, (draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6)), draw(st.lists(newer_piece, min_size=1,
                                                                                           max_size=4)))


def apply_newer(source: Path, kind: str, args: tuple, env: dict[str, str]) -> None:
    a, b, pieces = args
    insert = "".join(pieces)
    quoted = json.dumps(insert, ensure_ascii=a % 3 == 0)  # a TOML basic string: escaped (\u001b) or as the character
    if kind == "env":
        var, insert = ("SITE_URL", "REPO_URL")[a % 2], insert.replace("\x00", "")  # an environment holds no NUL
        env[var] = insert if b % 3 == 0 else f"https://example.org/{insert}" if b % 3 == 1 else f"{insert}://x.example/"
        return
    if kind == "file-kind":
        _file_kind(source, INPUTS[a % len(INPUTS)], FILE_KINDS[b % len(FILE_KINDS)])
        return
    name = {"alias-term": "aliases.toml", "alias-line": "aliases.toml", "published-line": "published.urls",
            "provenance": "manifest.toml"}[kind]
    path = source / name
    if not (path.is_file() and not path.is_symlink()):
        return  # an earlier mutation made it something else
    text = path.read_bytes().decode("utf-8", errors="surrogateescape")
    lines = text.splitlines(keepends=True) if "\r" not in text else re.findall(r"[^\r\n]*(?:\r\n|\r|\n|$)", text)
    at = b % (len(lines) + 1)
    end = ("\n", "\r\n", "\r")[a % 3] if kind == "published-line" else "\n"
    if kind == "alias-term":
        spots = [m.span() for m in re.finditer(r'"[^"\n]*"', text)]
        if spots:
            start, stop = spots[b % len(spots)]
            text = text[:start] + (quoted if a % 2 else f'"{insert}"') + text[stop:]
    elif kind == "alias-line":
        lines.insert(at, (f"# {insert}", f"  [{quoted}, \"南盟\"],", insert)[a % 3] + end)
        text = "".join(lines)
    elif kind == "published-line":
        lines.insert(at, (f"zh-Hans/compare/2015-04-20-c1{insert}--2020-03-17-p1/", f"# {insert}", insert,
                          f"{insert}zh-Hans/compare/2015-04-20-c12--2018-11-04-s4-p3/")[b % 4] + end)
        text = "".join(lines)
    else:  # provenance: a field added to one of the manifest's [[statement]] entries
        heads = [i for i, line in enumerate(lines) if line.strip() == "[[statement]]"]
        if heads:
            key, value = (("source_urls", f"[{json.dumps('https://www.fmprc.gov.cn/' + insert, ensure_ascii=a % 3 == 0)}]"),
                          ("source_urls", f"[{quoted}]"), ("source_urls", quoted), ("publisher", quoted),
                          ("posted", quoted), ("posted", f"2020-{b % 14:02d}-01"))[b % 6]
            lines.insert(heads[a % len(heads)] + 1, f"{key} = {value}\n")
            text = "".join(lines)
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))


def _file_kind(source: Path, name: str, kind: str) -> None:
    path = source / name
    data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
    if kind in ("gb18030", "utf-16", "utf-16-le", "utf-16-be", "cr-line-ends"):
        if data:
            text = data.decode("utf-8", errors="replace")
            text = "# 中文注释\n" + text  # a Chinese comment: GB18030 differs from UTF-8 even where the file is ASCII
            path.write_bytes(text.replace("\n", "\r").encode("utf-8") if kind == "cr-line-ends" else text.encode(kind))
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink-out":
        secret = source.parent / f"secret-{name}"
        secret.write_text(f"{SECRET} = [\n", encoding="utf-8")
        path.symlink_to(secret)
    elif kind == "symlink-in":
        (source / f"real-{name}").write_bytes(data)
        path.symlink_to(source / f"real-{name}")
    elif kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")


def false_location(source: Path, error: SourceError) -> str | None:
    """Why the error's file:line:col is not a spot an editor would show, or None."""
    where = (error.line, error.column)
    if str(error.path) == "*.txt":
        return None if where == (1, 1) else "*.txt not at 1:1"
    path = source / str(error.path)
    if not os.path.lexists(path):
        return f"{error.path} does not exist"
    outside = path.is_symlink() and not path.resolve().is_relative_to(source.resolve())
    if outside or not path.is_file():  # a link out of the folder, a FIFO, a folder: named at 1:1, never read
        return None if where == (1, 1) else f"{error.path} not at 1:1"
    lines = split_lines(path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff"))
    if not 1 <= error.line <= len(lines):
        return f"line {error.line} of {len(lines)}"
    if not 1 <= error.column <= len(lines[error.line - 1]) + 1:
        return f"column {error.column} of a line of {len(lines[error.line - 1])}"
    return None


def _timeout(signum, frame):
    raise TimeoutError("the build hung")  # not the project's error: the test fails, it does not wait for ever


@pytest.mark.slow  # builds the whole site again, several times (make test runs it)
def test_the_whole_build_on_mutated_newer_inputs_gives_no_traceback_and_no_false_message(tmp_path):
    outcomes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    cases: list[dict] = []

    @settings(max_examples=NEWER_EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(st.lists(newer_mutation(), min_size=1, max_size=3))
    # the review's cases, always run first
    @example([("file-kind", (2, 0, ["x"]))])  # aliases.toml a FIFO
    @example([("file-kind", (3, 1, ["x"]))])  # published.urls a link out of the folder
    @example([("file-kind", (2, 5, ["x"]))])  # aliases.toml in UTF-16 with a byte-order mark
    @example([("file-kind", (3, 6, ["x"]))])  # published.urls in UTF-16 without one
    @example([("published-line", (0, 1, ["\u2028"])), ("published-line", (0, 5, ["\x85"])),
              ("published-line", (1, 9, ["\x0c"]))])  # comments an str.splitlines would cut
    @example([("env", (0, 0, ['https://x.example/"><script>alert(1)</script>']))])
    @example([("env", (1, 0, ["javascript:alert(1)"]))])
    @example([("provenance", (1, 0, ["\u202e"]))])
    @example([("env", (0, 1, ["repo/"])), ("env", (1, 0, ["https://github.com/example/repo"]))])  # valid: builds
    def one_build(mutations):
        work = Path(tempfile.mkdtemp(dir=tmp_path))
        source = work / "source"
        shutil.copytree(ROOT / "source", source)
        env: dict[str, str] = {}
        for kind, args in mutations:
            apply_newer(source, kind, args, env)
            kinds[kind] += 1
        paths = tmp_paths(work, source)
        paths.site.mkdir()
        (paths.site / MARKER).write_text(MARKER_TEXT)
        (paths.site / "index.html").write_text("old site")
        refused = {var: problem for var, value in env.items() if (problem := url_problem(value))}
        saved = {var: os.environ.get(var) for var in ("SITE_URL", "REPO_URL")}
        previous = signal.signal(signal.SIGALRM, _timeout)
        signal.alarm(300)
        try:
            for var in saved:
                os.environ.pop(var, None)
            os.environ.update(env)
            pipeline.build(paths, quiet=True, offline_zip=False)
            outcome = "built"
            assert not refused, f"built with {refused}"
            assert (paths.site / MARKER).is_file()
            bad = {str(p): found for p in paths.site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")
                   and (found := injected(p.name, p.read_bytes()))}
            assert bad == {}
        except SettingError as e:
            outcome = "setting error"
            assert refused and any(str(e).startswith(f"{var}=") for var in refused), str(e)
            assert (paths.site / "index.html").read_text() == "old site"
        except SourceErrors as e:
            outcome = "source errors"
            assert e.errors and not refused
            false = {str(x): why for x in e.errors if (why := false_location(source, x))}
            assert false == {}
            assert not any(SECRET in str(x) for x in e.errors)
            assert (paths.site / "index.html").read_text() == "old site"
        except BuildError as e:  # the project's own, e.g. MkDocs --strict refusing a page
            outcome = f"build error: {type(e).__name__}"
            assert (paths.site / "index.html").read_text() == "old site"
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
            for var, value in saved.items():
                if value is None:
                    os.environ.pop(var, None)
                else:
                    os.environ[var] = value
        outcomes[outcome] += 1
        cases.append({"mutations": [k for k, _ in mutations], "outcome": outcome})
        shutil.rmtree(work, ignore_errors=True)

    one_build()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "fuzz-build-inputs.json").write_text(json.dumps({"builds": len(cases), "outcomes": dict(outcomes),
                                                                   "mutations": dict(kinds), "cases": cases},
                                                                  ensure_ascii=False, indent=1) + "\n")
    assert sum(outcomes.values()) >= NEWER_EXAMPLES
    assert outcomes["built"] and outcomes["source errors"] and outcomes["setting error"]  # every path exercised
