"""--site-dir replaces only what the generator made; the switch to the new site leaves no moment without one.

Every case runs in a throwaway folder: a broken check would delete only tmp_path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading

import pytest

import build_scripts.__main__ as cli
from build_scripts import output
from build_scripts.output import MARKER, MARKER_TEXT, UnsafeSiteDir, check_site_dir, publish, staging_dir

from .conftest import ROOT


def snapshot(folder):
    return sorted((str(p.relative_to(folder)), p.read_bytes() if p.is_file() else b"") for p in folder.rglob("*"))


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A throwaway copy of the repository's shape: the CLI is pointed at it instead of the real checkout."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "notes.md").write_text("mine")
    monkeypatch.setattr(cli, "ROOT", root)
    monkeypatch.chdir(root)
    return root


def run(*argv):
    try:
        return cli.main(list(argv))
    except SystemExit as e:
        return int(e.code or 0)


@pytest.mark.parametrize("site, why", [
    (".", "is the repository or holds it"),
    ("..", "is the repository or holds it"),
    ("source", "is, holds or is inside the source folder"),
    ("source/sub", "is, holds or is inside the source folder"),
    ("notes.md", "is a file, not a directory"),
    ("notes.md/site", "is a file, so no directory can be made under it"),  # message: ".../notes.md is a file…"
    ("mine", "holds files the generator did not make"),
    ("link", "is a symbolic link"),
])
def test_site_dir_that_is_not_ours_is_refused_with_exit_2_and_nothing_changes(repo, capsys, site, why):
    (repo / "mine").mkdir()
    (repo / "mine" / "thesis.tex").write_text("years of work")
    (repo / "link").symlink_to(repo / "mine")
    before = snapshot(repo.parent)
    assert run("build", "--source", str(repo / "source"), "--site-dir", site) == 2
    err = capsys.readouterr().err
    shown = repo / site if site in ("link", "notes.md/site") else (repo / site).resolve()
    assert f"--site-dir {shown}: {why}" in err or f"{repo / 'notes.md'} {why}" in err
    assert "Traceback" not in err
    assert snapshot(repo.parent) == before


def test_a_folder_holding_the_source_is_refused(tmp_path):
    (tmp_path / "source").mkdir()
    with pytest.raises(UnsafeSiteDir, match="source folder"):
        check_site_dir(tmp_path, tmp_path / "source", ROOT)


@pytest.mark.parametrize("content", [None, "legacy", "marker"])
def test_missing_empty_or_own_site_dirs_are_accepted(tmp_path, content):
    site = tmp_path / "site"
    if content == "legacy":  # built before the marker existed
        (site / "data").mkdir(parents=True)
        (site / "data" / "clauses.json").write_text("[]")
        (site / "zh-Hans").mkdir()
    elif content == "marker":
        site.mkdir()
        (site / MARKER).write_text(MARKER_TEXT)
        (site / "anything.html").write_text("x")
    check_site_dir(site, ROOT / "source", ROOT)
    site.mkdir(exist_ok=True)
    check_site_dir(site, ROOT / "source", ROOT)


@pytest.mark.parametrize("marker", ["", "something else\n", None])
def test_a_wrong_or_missing_marker_is_not_ours(tmp_path, marker):
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    (site / "data" / "clauses.json").write_text("[]")
    (site / "paper.pdf").write_text("x")  # not a name the generator writes
    if marker is not None:
        (site / MARKER).write_text(marker)
    with pytest.raises(UnsafeSiteDir, match="did not make"):
        check_site_dir(site, ROOT / "source", ROOT)


def _stage(site, text):
    with staging_dir(site) as staging:
        (staging / "index.html").write_text(text)
        publish(staging, site, ROOT / "source", ROOT)


def test_publish_replaces_the_site_and_touches_nothing_beside_it(tmp_path):
    site = tmp_path / "site"
    for name in ("site.old", "site.new", ".site.old", "other"):  # a user's folders with the names builds once used
        (tmp_path / name).mkdir()
        (tmp_path / name / "keep.txt").write_text(name)
    _stage(site, "first")
    _stage(site, "second")
    assert (site / "index.html").read_text() == "second" and (site / MARKER).read_text() == MARKER_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.old", "other", "site", "site.new", "site.old"]
    assert all((tmp_path / n / "keep.txt").read_text() == n for n in ("site.old", "site.new", ".site.old", "other"))
    assert oct(site.stat().st_mode & 0o777) == "0o755"


def test_the_switch_leaves_no_moment_without_a_whole_site(tmp_path):
    site = tmp_path / "site"
    _stage(site, "0")
    missing = []
    done = threading.Event()

    def watch():
        while not done.is_set():
            try:
                (site / "index.html").read_text()
            except FileNotFoundError:
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    for i in range(300):
        _stage(site, str(i))
    done.set()
    watcher.join()
    assert missing == []


def test_the_fallback_without_renameat2_still_replaces_the_site(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "exchange", lambda a, b: False)
    site = tmp_path / "site"
    _stage(site, "first")
    _stage(site, "second")
    assert (site / "index.html").read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_site_dir_replaced_by_a_users_folder_during_the_build_is_not_published_over(tmp_path):
    site = tmp_path / "site"
    with staging_dir(site) as staging:
        site.mkdir()
        (site / "thesis.tex").write_text("mine")  # appeared while the build ran
        with pytest.raises(UnsafeSiteDir):
            publish(staging, site, ROOT / "source", ROOT)
    assert [p.name for p in site.iterdir()] == ["thesis.tex"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_staging_left_by_a_killed_build_is_removed_but_a_running_ones_is_kept(tmp_path):
    site = tmp_path / "site"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".site.build-{dead.stdout.strip()}-abc123"
    running = tmp_path / f".site.build-{os.getpid()}-def456"
    unmarked = tmp_path / f".site.build-{dead.stdout.strip()}-xyz789"  # same shape of name, but not ours
    for d in (stale, running, unmarked):
        d.mkdir()
    (stale / MARKER).write_text(MARKER_TEXT)
    (running / MARKER).write_text(MARKER_TEXT)
    assert output.remove_stale_staging(site) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, unmarked.name])
