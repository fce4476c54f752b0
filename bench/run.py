"""What a build costs as the corpus grows: python -m bench.run [--multipliers 1 10 100] [--render].

A benchmark, not a timed test (`make bench`). For each multiplier it writes a synthetic corpus
(bench/synth.py: 1× is the real corpus byte for byte, every further copy has new dates and mutated clause
texts), builds it with the real pipeline — build_scripts.build.build, MkDocs --strict and all — and, in the
same child process, builds the same generated Markdown with stock Material (bench/measure.py). Then it
measures a statement page's weight against a plain Material page (bench/weight.py), the see-also precision
and recall, and the live preview's latency; writes every number to bench/results.json and renders
bench/results.md from it (bench/report.py). `--render` re-renders the report from the JSON alone.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
REPORT = ROOT / "bench" / "results.md"


def child(argv: list[str]) -> int:
    from . import measure

    p = argparse.ArgumentParser(prog="python -m bench.run --child")
    p.add_argument("--child", choices=["build", "warm", "preview"], required=True)
    p.add_argument("--multiplier", type=int, default=1)
    p.add_argument("--dir", type=Path, required=True)
    p.add_argument("--json", type=Path, required=True)
    a = p.parse_args(argv)
    kinds = {"build": lambda: measure.measure(a.multiplier, a.dir), "warm": lambda: measure.warm_build(a.dir),
             "preview": lambda: measure.preview_latency(a.dir)}
    result = kinds[a.child]()
    a.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def in_child(kind: str, base: Path, multiplier: int = 1) -> dict:
    """Run one measurement in a fresh Python process: its caches and memory are its own. A `warm` build reuses the
    corpus and the disk cache the `build` measurement left in base; every other kind starts from an empty base."""
    out = base.with_suffix(f".{kind}.json")
    if kind != "warm":
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
    cmd = [sys.executable, "-m", "bench.run", "--child", kind, "--multiplier", str(multiplier), "--dir", str(base),
           "--json", str(out)]
    subprocess.run(cmd, cwd=ROOT, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def links_eval() -> dict:
    from build_scripts.link.evaluate import load_pairs, measure
    from build_scripts.link.linker import score, select
    from build_scripts.read.parse import parse_corpus
    from build_scripts.read.topics import load_topics

    _, statements = parse_corpus(ROOT / "source")
    topics, params = load_topics(ROOT / "source" / "topics.toml")
    fig = measure(select(score(statements, topics), params), load_pairs())
    return {"precision": fig.precision, "recall": fig.recall, "params": vars(params)}


def collect(multipliers: list[int], tmp: Path, preview: bool) -> dict:
    from . import report, weight

    runs = []
    for m in multipliers:
        sys.stderr.write(f"×{m}: building in {tmp / f'x{m}'}\n")
        runs.append(in_child("build", tmp / f"x{m}", m))
        runs[-1]["warm"] = in_child("warm", tmp / f"x{m}", m)  # the same corpus again: the disk cache warm
        if m != 1:
            shutil.rmtree(tmp / f"x{m}", ignore_errors=True)
    dl = weight.reader_download(tmp / "x1" / "site", tmp / "download")
    _, summary = report.download_tables(dl)
    _, verdict = report.ratio_table(summary)
    page_ratio = max(v[0] for (label, _, base), v in verdict.items()
                     if label == "on load" and base == "Material baseline, font: false")
    res = {"machine": report.machine(), "statement": weight.STATEMENT, "runs": runs, "weight": dl,
           "page_ratio": page_ratio, "links_eval": links_eval()}
    if preview:
        sys.stderr.write("preview: make serve's rebuild, seen in Chromium\n")
        res["preview"] = in_child("preview", tmp / "preview")
    return res


def main(argv: list[str]) -> int:
    if "--child" in argv:
        return child(argv)
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--multipliers", type=int, nargs="+", default=[1, 10, 100])
    p.add_argument("--json", type=Path, default=RESULTS, help="where the measured numbers go (and --render reads them)")
    p.add_argument("--out", type=Path, default=REPORT)
    p.add_argument("--render", action="store_true", help="only re-render --out from --json; build nothing")
    p.add_argument("--no-preview", action="store_true", help="skip the live preview measurement (needs Chromium)")
    p.add_argument("--add", action="store_true",
                   help="build only --multipliers and put their runs into the existing --json (e.g. ×100 on its own)")
    args = p.parse_args(argv)
    from . import report

    if args.add:
        res = json.loads(args.json.read_text(encoding="utf-8"))
        tmp = Path(tempfile.mkdtemp(prefix="bench-"))
        try:
            new = {m: in_child("build", tmp / f"x{m}", m) | {"warm": in_child("warm", tmp / f"x{m}", m)}
                   for m in sorted(set(args.multipliers))}
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        runs = {r["multiplier"]: r for r in res["runs"]} | new
        res["runs"] = [runs[m] for m in sorted(runs)]
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    elif not args.render:
        if 1 not in args.multipliers:
            p.error("the multipliers must include 1: the real corpus is what most targets are measured on")
        tmp = Path(tempfile.mkdtemp(prefix="bench-"))
        try:
            res = collect(sorted(set(args.multipliers)), tmp, not args.no_preview)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    text = report.render(json.loads(args.json.read_text(encoding="utf-8")))
    args.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
