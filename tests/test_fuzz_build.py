"""The whole build — parse, link, convert, render, MkDocs --strict, publish — on mutated sources and metadata.

Only the project's own errors may escape (BuildError and its kinds), never a
traceback of another type; a build that succeeds publishes a whole, marked site
with no markup from the mutations in it; one that fails leaves the published
site as it was. Each example runs MkDocs for both editions (the offline pass is
skipped to keep it cheap), so the count is modest and the cases are derandomized:
the same examples every run. The outcomes are written to
tests/artifacts/fuzz-build.json for the report.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

import build_scripts.build as pipeline
from build_scripts.errors import BuildError, SourceErrors
from build_scripts.output import MARKER, MARKER_TEXT

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
