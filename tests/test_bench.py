"""The build's speed levers and the benchmark's report: no timings here (those live in `make bench`)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from bench import report
from build_scripts.errors import BuildError
from build_scripts.offline import run_in_parallel

from .conftest import ROOT


def test_the_committed_report_is_rendered_from_the_committed_numbers():
    results = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    assert report.render(results) == (ROOT / "bench" / "results.md").read_text(encoding="utf-8"), \
        "run `make bench-report` (or `make bench`) and commit bench/results.md"


def test_every_target_of_the_issue_is_reported():
    results = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    rows = "\n".join(report.targets(results))
    for target in ("site/ ×10", "site/ ×100", "links per clause", "precision/recall", "page's HTML ×10",
                   "stock Material", "×100 ≤ 5 min", "peak memory ×100", "light pages", "fast preview"):
        assert target in rows, target


def test_stock_material_runs_without_jieba():
    """Material's search plugin imports jieba if it can; the stock builds the bench compares with must not."""
    from bench.measure import MKDOCS_WITHOUT_JIEBA

    probe = MKDOCS_WITHOUT_JIEBA.split("from mkdocs")[0] + "import material.plugins.search.plugin as p; print(p.jieba)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "None"


def test_editions_build_at_once_and_a_failure_waits_for_the_others():
    running, seen, finished = [0], [], []
    lock = threading.Lock()

    def job(name: str) -> None:
        with lock:
            running[0] += 1
            seen.append(running[0])
        time.sleep(0.2)
        with lock:
            running[0] -= 1
            finished.append(name)
        if name == "bad":
            raise BuildError("mkdocs failed (simulated)")

    with pytest.raises(BuildError, match="simulated"):
        run_in_parallel(job, ["bad", "good"])
    assert sorted(finished) == ["bad", "good"]  # the other edition was not abandoned half-written
    assert max(seen) == 2  # both at once (the machine has at least two cores)
