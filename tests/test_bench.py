"""The build's speed levers and the benchmark's report: no timings here (those live in `make bench`)."""

from __future__ import annotations

import errno
import inspect
import json
import os
import subprocess
import sys
import time

import pytest

from bench import report
from build_scripts.engines.base import Engine, write_editions
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


class _Timed(Engine):
    """An engine whose edition writes a start and end time into out/<lang>, and fails for the lang "bad"."""

    def theme_texts(self):
        return {}

    def prepare(self, settings, site):
        return {}

    def write(self, settings, site, out, epoch, quiet, progress):
        raise AssertionError("not used")

    def write_edition(self, settings, lang, out, epoch, incremental, quiet=True):
        start = time.time()
        time.sleep(0.5)
        (out / f"{lang}.times").write_text(f"{start} {time.time()} {os.getpid()}", encoding="utf-8")
        if lang == "bad":
            raise BuildError("mkdocs failed (simulated)")

    def finish(self, site, out, site_url):
        pass


def test_editions_build_at_once_each_other_one_in_a_forked_copy_and_a_failure_waits_for_the_others(tmp_path):
    jobs = [(None, lang, tmp_path, "0", False, True) for lang in ("good", "bad")]
    with pytest.raises(BuildError, match="simulated"):
        write_editions(_Timed(), jobs)  # type: ignore[arg-type]
    times = {lang: (tmp_path / f"{lang}.times").read_text(encoding="utf-8").split() for lang in ("good", "bad")}
    assert len(times) == 2  # the other edition was not abandoned half-written
    (start1, end1, pid1), (start2, end2, pid2) = times["good"], times["bad"]
    assert float(start2) < float(end1) and float(start1) < float(end2)  # both at once
    assert int(pid1) == os.getpid() != int(pid2)  # the first here, the other in a copy: no new interpreter


@pytest.mark.parametrize("order", [("full", "good"), ("good", "full")], ids=["in this process", "in the copy"])
def test_a_full_disk_in_an_edition_s_build_is_raised_as_the_os_error_it_is(tmp_path, order):
    """The command line reports an OSError in one line (the disk full, a folder not writable), not a traceback."""

    class Full(_Timed):
        def write_edition(self, settings, lang, out, epoch, incremental, quiet=True):
            if lang == "full":
                raise OSError(errno.ENOSPC, "No space left on device", str(out / "x.html"))

    with pytest.raises(OSError) as raised:
        write_editions(Full(), [(None, lang, tmp_path, "0", False, True) for lang in order])  # type: ignore[arg-type]
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(tmp_path / "x.html")


def test_an_interrupted_build_stops_its_forked_copies_before_it_goes_on(tmp_path):
    """A copy must not write on into the staging folder the interrupted build is about to remove."""

    class Interrupted(_Timed):
        def write_edition(self, settings, lang, out, epoch, incremental, quiet=True):
            if lang == "first":
                time.sleep(0.2)
                raise KeyboardInterrupt
            super().write_edition(settings, lang, out, epoch, incremental, quiet)

    with pytest.raises(KeyboardInterrupt):
        write_editions(Interrupted(), [(None, lang, tmp_path, "0", False, True) for lang in ("first", "second")])  # type: ignore[arg-type]
    time.sleep(0.6)
    assert not (tmp_path / "second.times").exists()


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


def test_the_maintainers_guide_states_the_committed_run_s_build_figures():
    """MAINTAINERS.md's Cost table quotes bench/results.json: rerun `make bench`, then update both together."""
    runs = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))["runs"]
    by = {r["multiplier"]: r for r in runs}
    guide = (ROOT / "MAINTAINERS.md").read_text(encoding="utf-8")

    def wall_cpu(r: dict) -> str:
        return f"{r['total']:.1f} ({r['cpu_self'] + r['cpu_children']:.1f})"

    def peaks(r: dict) -> str:
        return f"{r['peak_total'] / 1e6:,.0f} ({r['warm']['peak_total'] / 1e6:,.0f}) MB"

    def row(label: str, cell) -> str:  # type: ignore[no-untyped-def]
        return f"| {label} | " + " | ".join(cell(by[m]) for m in (1, 10, 100)) + " |"

    assert row("whole build, disk cache empty, wall s (CPU s)", wall_cpu) in guide
    assert row("whole build again, disk cache warm, wall s (CPU s)", lambda r: wall_cpu(r["warm"])) in guide
    assert row("peak memory, build + its forked copy, cache empty (warm)", peaks) in guide


class _Memory:
    def __init__(self, rss: int = 0, pss: int = 0) -> None:
        self.rss, self.pss = rss, pss


class _Process:
    """A psutil.Process as the Sampler reads it: its memory, its status, its children."""

    def __init__(self, pss: int, status: str = "running", children: tuple = (), gone: bool = False) -> None:
        self.pss, self.state, self.kids, self.gone = pss, status, list(children), gone

    def children(self, recursive: bool = False) -> list:
        return self.kids

    def memory_info(self) -> _Memory:
        return _Memory(rss=self.pss)

    def memory_full_info(self) -> _Memory:
        import psutil
        if self.gone:
            raise psutil.NoSuchProcess(1)
        return _Memory(pss=self.pss)

    def status(self) -> str:
        return self.state


def test_a_memory_sample_taken_while_a_forked_copy_ends_is_dropped():
    """A copy that ends gives its shared pages back to the build, whose PSS then counts them whole after the copy's
    counted half: such a sample would count them one and a half times."""
    import psutil

    from bench.measure import Sampler

    sampler = Sampler.__new__(Sampler)
    sampler.proc = _Process(600, children=(_Process(400),))
    assert sampler._sample() == (600, 400)
    sampler.proc = _Process(900, children=(_Process(400, status=psutil.STATUS_ZOMBIE),))
    assert sampler._sample() is None
    sampler.proc = _Process(900, children=(_Process(400, gone=True),))
    assert sampler._sample() is None
    sampler.proc = _Process(700)
    assert sampler._sample() == (700, 0)


@pytest.mark.parametrize("libc", ["glibc", "no malloc_trim", "no C library"])
def test_a_one_shot_build_gives_freed_memory_back_before_the_engine_runs(monkeypatch, libc):
    """build._build_into trims the heap once the Site is made (glibc's malloc_trim: the `mkdocs` stage's peak at ×100
    fell from 963 to 882 MB), and where the C library has no malloc_trim the build goes on as before."""
    import ctypes

    from build_scripts import build as build_module

    trimmed = []

    class Glibc:
        def malloc_trim(self, pad: int) -> int:
            trimmed.append(pad)
            return 1

    def cdll(name):
        if libc == "no C library":
            raise OSError("no such library")
        return Glibc() if libc == "glibc" else object()

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    build_module.return_freed_memory()
    assert trimmed == ([0] if libc == "glibc" else [])
    source = inspect.getsource(build_module._build_into)
    assert source.index("return_freed_memory()") < source.index("_build_editions(")
