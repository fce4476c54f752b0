"""The build's speed levers and the benchmark's report: no timings here (those live in `make bench`)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from bench import report
from build_scripts.engines.mkdocs import run_in_parallel
from build_scripts.errors import BuildError

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


def test_mkdocs_processes_started_early_run_the_build_or_end_unused(tmp_path):
    """build() starts one MkDocs process per edition before generating; run_mkdocs hands one its command line."""
    from build_scripts.engines import mkdocs

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\ntheme: {name: mkdocs}\n", encoding="utf-8")
    with mkdocs.started_early(ROOT / "mkdocs.yml"):
        started = list(mkdocs._STARTED)
        assert len(started) == 2  # mkdocs.yml's two editions
        mkdocs.run_mkdocs(config, tmp_path / "site", "0", quiet=True)
        assert len(mkdocs._STARTED) == 1 and "正文" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert mkdocs._STARTED == [] and all(p.returncode == 0 for p in started)  # the unused one ended


def test_the_preview_row_reads_the_median_edit():
    pv = {"first_build": 5.0, "edits": [1.2, 3.0, 1.6], "edit_to_browser": 1.6, "debounce": 0.1, "reload": "long poll",
          "rebuilds": [{"generate": 0.5, "mkdocs": 0.6, "sync": 0.03, "cpu": 0.9, "markdown_changed": 12,
                        "files_copied": 16, "editions": {"zh-Hans": "dirty", "zh-Hant": "dirty"}}] * 3}
    lines = report.preview_lines(pv, "2022-11-02")
    assert "**1.60 s**" in lines[0] and len([line for line in lines if line.startswith("| 2 | 3.00 |")]) == 1


def test_the_bench_corpus_at_x1_is_the_source_folder_as_the_build_reads_it(tmp_path):
    """×1 is the real corpus: every file the build reads from source/ (the search's tables and the published addresses
    too, not only the statements, manifest and topics), byte for byte; only the folder's README and checksums stay."""
    from bench.synth import write_corpus

    write_corpus(ROOT / "source", tmp_path / "x1", 1)
    wanted = {p.name for p in (ROOT / "source").iterdir() if p.is_file()} - {"README.md", "SHA256SUMS"}
    assert {p.name for p in (tmp_path / "x1").iterdir()} == wanted
    assert all((tmp_path / "x1" / n).read_bytes() == (ROOT / "source" / n).read_bytes() for n in wanted)
