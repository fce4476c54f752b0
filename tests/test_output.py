"""--site-dir replaces only what the generator made; the switch to the new site leaves no moment without one.

Every case runs in a throwaway folder: a broken check would delete only tmp_path.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import build_scripts.__main__ as cli
from build_scripts.publish import output
from build_scripts.publish.output import MARKER, MARKER_TEXT, UnsafeSiteDir, check_site_dir, private_dir, publish, staging_dir

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


@pytest.mark.parametrize("content", [None, "empty", "marker", "old marker"])
def test_missing_empty_or_own_site_dirs_are_accepted(tmp_path, content):
    site = tmp_path / "site"
    if content != None:  # noqa: E711
        site.mkdir()
    if content == "marker":  # what a build writes: the marker lists every file of the site
        (site / "zh-Hans").mkdir()
        (site / "zh-Hans" / "anything.html").write_text("x")
        output.write_marker(site)
    elif content == "old marker":  # built before the marker listed the files: only names the generator writes
        (site / MARKER).write_text(MARKER_TEXT)
        for rel in ("index.html", "404.html", "sitemap.xml", "data/clauses.json", "data/clauses.csv",
                    "downloads/offline-site.zip", "downloads/zh-Hans/2015-04-20.html", "zh-Hant/assets/x.js",
                    "zh-Hans/statements/2015-04-20/index.html", "zh-Hans/.index.html.preview-123"):
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text("x")
    check_site_dir(site, ROOT / "source", ROOT)


# What a review found deleted: a folder holding two names every site has, and years of someone's work.
USERS_OWN = {"index.html": "<p>my index</p>", "data/clauses.json": "[]", "data/research/results-2024.csv": "years of data"}


@pytest.mark.parametrize("marker", [None, "old marker", "marker"])
def test_a_folder_with_files_the_generator_never_wrote_is_refused_even_with_site_names_in_it(repo, capsys, marker):
    """Ownership is the marker's (no marker: never ours, whatever names the folder holds); and a marked site that
    holds a file the build did not write (listed in the marker, or for a site built before the list, a name the
    generator writes) is refused too: the file would be deleted with the site."""
    site = repo / "results"
    for rel, text in USERS_OWN.items():
        if marker == "marker" and rel.startswith("data/research"):
            output.write_marker(site)  # a built site, then the user's file put into it
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    if marker == "old marker":
        (site / MARKER).write_text(MARKER_TEXT)
    before = snapshot(repo.parent)
    assert run("build", "--source", str(repo / "source"), "--site-dir", str(site)) == 2
    err = capsys.readouterr().err
    assert "refusing to replace it" in err and "Traceback" not in err
    assert "'data/research/results-2024.csv'" in err
    assert snapshot(repo.parent) == before


def test_the_marker_a_build_writes_lists_the_sites_files(tmp_path):
    site = tmp_path / "site"
    _stage(site, "first")
    listed = (site / MARKER).read_text(encoding="utf-8")
    assert listed.startswith(MARKER_TEXT) and listed.endswith("\nindex.html\n")
    (site / "mine.txt").write_text("mine")
    with pytest.raises(UnsafeSiteDir, match=r"'mine\.txt'"):
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
    assert (site / "index.html").read_text() == "second" and (site / MARKER).read_text().startswith(MARKER_TEXT)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.old", "other", "site", "site.new", "site.old"]
    assert all((tmp_path / n / "keep.txt").read_text() == n for n in ("site.old", "site.new", ".site.old", "other"))
    assert oct(site.stat().st_mode & 0o777) == "0o755"


@pytest.mark.slow
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


@pytest.mark.parametrize("when, replaced", [("check", False), ("switch", True), ("cleanup", True)])
def test_a_signal_inside_publish_stops_the_build_after_it_and_the_outcome_says_what_happened(tmp_path, monkeypatch,
                                                                                            when, replaced):
    """Ctrl-C at the last check, at the switch, at the removal of the old site: publish() finishes what it started,
    then raises the interrupt; Outcome.replaced (what the CLI reports) is whether the switch was done."""
    site = tmp_path / "site"
    _stage(site, "old")
    target = {"check": "check_site_dir", "switch": "exchange", "cleanup": "_remove_owned_content"}[when]
    real = getattr(output, target)

    def signal_then(*args):
        os.kill(os.getpid(), signal.SIGINT)
        return real(*args)

    monkeypatch.setattr(output, target, signal_then)
    outcome = output.Outcome()
    with pytest.raises(KeyboardInterrupt), staging_dir(site) as staging:
        (staging / "index.html").write_text("new")
        publish(staging, site, ROOT / "source", ROOT, outcome)
    assert outcome.replaced == replaced
    assert (site / "index.html").read_text() == ("new" if replaced else "old")
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # the staging folder and the old site: gone


def test_a_site_dir_replaced_by_a_users_folder_during_the_build_is_not_published_over(tmp_path):
    site = tmp_path / "site"
    with staging_dir(site) as staging:
        site.mkdir()
        (site / "thesis.tex").write_text("mine")  # appeared while the build ran
        with pytest.raises(UnsafeSiteDir):
            publish(staging, site, ROOT / "source", ROOT)
    assert [p.name for p in site.iterdir()] == ["thesis.tex"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def _dead_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)


# A run's folder held open by another process: the build's private work folder, or its staging folder beside the site.
HOLD = """import sys
from pathlib import Path
from build_scripts.publish.output import private_dir, staging_dir
with (private_dir() if sys.argv[1] == "work" else staging_dir(Path(sys.argv[2]))) as path:
    print(path, flush=True)
    sys.stdin.read()
"""


@pytest.mark.parametrize("kind", ["work", "staging"])
def test_a_runs_folder_is_removed_once_no_live_process_holds_it_whatever_the_pid_in_its_name(tmp_path, monkeypatch, kind):
    """Liveness is the run's lock on its folder, held while the run lives, not the PID in the folder's name: a build
    in another PID namespace sharing the folder (a container) is named with a PID that here is dead, or another's."""
    site = tmp_path / "site"
    monkeypatch.setattr(output.tempfile, "tempdir", str(tmp_path))
    holder = subprocess.Popen([sys.executable, "-c", HOLD, kind, str(site)], cwd=ROOT, env=dict(os.environ, TMPDIR=str(tmp_path)),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout and holder.stdin
    path = Path(holder.stdout.readline().strip())
    folder = path if path.parent == tmp_path else path.parent
    prefix, _, rest = re.fullmatch(r"(.*?)(\d+)(-[A-Za-z0-9_]+)", folder.name).groups()  # type: ignore[union-attr]
    elsewhere = folder.with_name(f"{prefix}{_dead_pid()}{rest}")
    folder.rename(elsewhere)  # as a run in another PID namespace names it: here its PID is nobody's
    not_ours = tmp_path / f"{prefix}{_dead_pid()}-xyz789"  # the shape of name, but no run made it
    not_ours.mkdir()
    (not_ours / "thesis.tex").write_text("mine")

    def next_run():
        with private_dir() if kind == "work" else staging_dir(site):
            pass

    next_run()
    assert elsewhere.is_dir()  # its run is alive: kept
    holder.stdin.close()
    holder.wait(60)
    holder.stdout.close()
    next_run()
    assert not elsewhere.exists()  # its run has ended: the next run removed it
    assert sorted(p.name for p in tmp_path.iterdir()) == [not_ours.name]
    assert (not_ours / "thesis.tex").read_text() == "mine"


def _private_mounts() -> bool:
    """unshare(1) with a user and mount namespace: a small tmpfs of the test's own, seen by no other process."""
    return bool(shutil.which("unshare")) and subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _private_mounts(), reason="needs unshare -rm (user and mount namespaces)")
@pytest.mark.slow
def test_a_full_disk_during_the_mkdocs_write_is_one_line_and_the_site_stays_as_it_was(tmp_path):
    """The site's folder on a 1 MB filesystem: MkDocs runs out of space writing the new site beside the old one."""
    old = tmp_path / "old"
    for rel, text in ((MARKER, MARKER_TEXT), ("index.html", "the published site"), ("data/clauses.json", "[]")):
        (old / rel).parent.mkdir(parents=True, exist_ok=True)
        (old / rel).write_text(text, encoding="utf-8")
    disk, tmpdir = tmp_path / "disk", tmp_path / "tmpdir"
    disk.mkdir()
    tmpdir.mkdir()
    site = disk / "site"
    build = [sys.executable, "-m", "build_scripts", "build", "--source", str(ROOT / "tests" / "fixtures" / "other-country"),
             "--site-dir", str(site)]
    script = (f'mount -t tmpfs -o size=1m tmpfs "{disk}" && cp -a "{old}" "{site}" && cd "{ROOT}" || exit 99\n'
              f'{shlex.join(build)}\necho "status=$?"\nfind "{disk}" | sort\ncat "{site}/index.html"')
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, TMPDIR=str(tmpdir)))
    out = done.stdout.splitlines()
    assert "status=1" in out, done.stderr
    said = [line for line in done.stderr.splitlines() if not re.fullmatch(r".+ \(\d+\.\ds\)", line)]
    assert len(said) == 2 and "Traceback" not in done.stderr, said
    assert said[0].startswith("error: ") and "No space left on device" in said[0]
    assert said[1] == f"build failed: 1 error; {site} is unchanged"
    listed = out[out.index("status=1") + 1:]
    assert listed == [str(disk), str(site), f"{site}/{MARKER}", f"{site}/data", f"{site}/data/clauses.json",
                      f"{site}/index.html", "the published site"]  # no staging folder left, the old site whole
    assert [p.name for p in tmpdir.iterdir() if p.name.startswith("build_scripts")] == []
