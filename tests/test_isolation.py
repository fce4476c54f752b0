"""Builds never mix and never leave debris: each works in a private directory, so two builds of different sources
publish their own text, and a build interrupted (Ctrl-C, SIGTERM, kill -9) never makes the next one fail.

Each build here is a real `python -m build_scripts build` process with TMPDIR in the test's folder, so its private
work directory can be watched and nothing is shared with the repository's checkout.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_scripts.publish.output import MARKER, MARKER_TEXT

from .conftest import ROOT

EXTRA = ("中华人民共和国和巴基斯坦伊斯兰共和国关于隔离构建的联合声明（2031年3月4日，北京）\u3000\u3000"
         "一、双方同意乙方源文本独有的这一条款。\n")


def make_source(tmp: Path, name: str, extra: bool) -> Path:
    source = tmp / name
    shutil.copytree(ROOT / "source", source)
    if extra:
        (source / "zzz_extra.txt").write_text(EXTRA, encoding="utf-8")
    return source


def start(tmp: Path, source: Path, site: Path, quiet: bool = True) -> subprocess.Popen:
    (tmp / "tmpdir").mkdir(exist_ok=True)
    env = dict(os.environ, TMPDIR=str(tmp / "tmpdir"))
    cmd = [sys.executable, "-m", "build_scripts", "build", "--source", str(source), "--site-dir", str(site)]
    # Ctrl-C as a terminal delivers it, even when the tests run where SIGINT is ignored (`nohup make test &`):
    # a child inherits an ignored SIGINT, and Python then never raises KeyboardInterrupt.
    return subprocess.Popen(cmd + (["-q"] if quiet else []), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def texts(site: Path) -> set[str]:
    return {r["text"]["zh-Hans"] for r in json.loads((site / "data" / "clauses.json").read_text(encoding="utf-8"))}


def has_extra(site: Path) -> bool:
    """Which source the site was built from, asked of two outputs that must agree (a mixed site would not)."""
    in_data = any("乙方源文本" in t for t in texts(site))
    page = site / "zh-Hans" / "statements" / "2031-03-04" / "index.html"
    assert in_data == page.exists() == (site / "zh-Hant" / "statements" / "2031-03-04" / "index.html").exists()
    return in_data


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    _, err = proc.communicate(timeout=300)
    return proc.returncode, err


def leftovers(tmp: Path) -> list[str]:
    return [p.name for p in (tmp / "tmpdir").iterdir() if p.name.startswith("build_scripts")]  # jieba caches there too


def published(site: Path) -> None:
    """A site a previous build published (marker and data), without spending a build on it."""
    (site / "data").mkdir(parents=True)
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (site / "data" / "clauses.json").write_text(json.dumps([{"text": {"zh-Hans": "旧站点"}}]), encoding="utf-8")


def wait_for_stage(proc: subprocess.Popen, stage: str) -> None:
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith(stage):
            return
    pytest.fail(f"the build ended before {stage}")


@pytest.mark.slow  # builds the whole site again, several times (make test runs it)
def test_two_builds_of_different_sources_started_together_each_publish_their_own_text(tmp_path):
    a, b = make_source(tmp_path, "a", False), make_source(tmp_path, "b", True)
    first = start(tmp_path, a, tmp_path / "site-a")
    time.sleep(0.1)
    second = start(tmp_path, b, tmp_path / "site-b")
    (one, err1), (two, err2) = finish(first), finish(second)
    assert (one, two) == (0, 0), err1 + err2
    assert not has_extra(tmp_path / "site-a") and has_extra(tmp_path / "site-b")
    assert leftovers(tmp_path) == []  # private work directories removed


@pytest.mark.slow  # builds the whole site again, several times (make test runs it)
def test_two_builds_into_one_site_dir_leave_one_whole_site_and_the_next_build_succeeds(tmp_path):
    a, b = make_source(tmp_path, "a", False), make_source(tmp_path, "b", True)
    site = tmp_path / "site"
    first, second = start(tmp_path, a, site), start(tmp_path, b, site)
    (one, err1), (two, err2) = finish(first), finish(second)
    assert (one, two) == (0, 0), err1 + err2
    has_extra(site)  # whichever published last, the site is wholly one build's: data and pages agree
    code, err = finish(start(tmp_path, b, site))
    assert code == 0, err
    assert has_extra(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "site", "tmpdir"]


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_prints_one_line_exits_130_and_changes_nothing(tmp_path, how):
    site = tmp_path / "site"
    published(site)
    proc = start(tmp_path, make_source(tmp_path, "changed", True), site, quiet=False)
    wait_for_stage(proc, "render zh-Hant")  # the docs write and the MkDocs runs come next
    time.sleep(0.5)
    proc.send_signal(how)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "Traceback" not in err
    progress_lines = re.compile(r".+ \(\d+\.\ds\)$")  # one per finished stage, printed before the signal
    assert [line for line in err.splitlines() if not progress_lines.match(line)] == [f"interrupted: {site} is unchanged"]
    assert texts(site) == {"旧站点"} and sorted(p.name for p in site.rglob("*")) == [MARKER, "clauses.json", "data"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["changed", "site", "tmpdir"]
    assert leftovers(tmp_path) == []


@pytest.mark.slow  # builds the whole site again, several times (make test runs it)
def test_a_build_killed_during_the_docs_write_never_makes_the_next_one_fail(tmp_path):
    site = tmp_path / "site"
    published(site)
    source = make_source(tmp_path, "source", True)
    proc = start(tmp_path, source, site, quiet=False)
    wait_for_stage(proc, "render zh-Hant")
    proc.kill()  # kill -9: nothing of ours runs; staging and work directories stay behind
    proc.communicate()
    assert texts(site) == {"旧站点"}  # killed before publishing: the old site, whole
    assert len(list(tmp_path.glob(".site.build-*"))) == 1 and len(leftovers(tmp_path)) == 1  # its debris
    after = start(tmp_path, source, site)
    _, err = after.communicate(timeout=300)
    assert after.returncode == 0, err
    assert has_extra(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "source", "tmpdir"]  # the killed one's staging: gone
    assert leftovers(tmp_path) == []  # and its private work directory


def _pid_namespaces() -> bool:
    return bool(shutil.which("unshare")) and subprocess.run(
        ["unshare", "--pid", "--fork", "--mount-proc", "-r", "true"], capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _pid_namespaces(), reason="needs unshare --pid -r (user and PID namespaces)")
def test_a_build_in_another_pid_namespace_keeps_its_folders_while_another_build_runs(tmp_path):
    """A build in a container sharing the temporary folder and the site's folder: its PID (77777 there) is no
    process here. Another build runs to the end while it is stopped mid-build; then it goes on and publishes."""
    source = make_source(tmp_path, "source", True)
    site = tmp_path / "site"
    (tmp_path / "tmpdir").mkdir()
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmpdir"))
    build = [sys.executable, "-m", "build_scripts", "build", "--source", str(source), "--site-dir", str(site)]
    inside = f"echo 77776 > /proc/sys/kernel/ns_last_pid && {shlex.join(build)}"  # its next PID: 77777
    other = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", "-r", "sh", "-c", inside], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        wait_for_stage(other, "parse")  # its work folder and staging folder exist
        os.killpg(other.pid, signal.SIGSTOP)
        folders = [*(tmp_path / "tmpdir").glob("build_scripts-build-*"), *tmp_path.glob(".site.build-*")]
        assert [p.name.split("-")[-2] for p in folders] == ["77777", "77777"]
        code, err = finish(start(tmp_path, source, site))  # sweeps both folders' families, publishes
        assert code == 0, err
        assert all(p.is_dir() for p in folders)  # its folders, kept
    finally:
        os.killpg(other.pid, signal.SIGCONT)
    code, err = finish(other)
    assert code == 0, err
    assert has_extra(site) and leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "source", "tmpdir"]
    assert (site / MARKER).read_text(encoding="utf-8").startswith(MARKER_TEXT)
