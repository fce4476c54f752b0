"""The site directory: what a build may replace, where it builds, and how the new site takes the old one's place;
and the temporary folders of every run, removed by the run, or by the next one once their run is gone.

Ownership. A build replaces --site-dir only if it is empty or missing, or holds
MARKER as a build wrote it. A build writes the marker last, listing every file of
the site, and a marked site that holds any other file is refused: it would be
deleted with the site. (A site built before the marker listed its files may hold
only names the generator writes.) Names alone never make a folder ours, however
site-like: a folder without the marker, a file, the source folder, the repository,
a folder holding either — all are refused before any work starts, and checked
again just before the switch.

The switch: the new site is built into a staging folder beside the site (so on
the same filesystem), then exchanged with the old one in one renameat2(2)
RENAME_EXCHANGE call (Linux ≥ 3.15; ext4, xfs, btrfs, tmpfs): at every moment the
site path holds a whole site, old or new, and it stays a real directory. Where the
exchange is unavailable the fallback is two renames with a moment of a few
microseconds without a site. A missing or empty site directory is replaced by one
rename(2), which is atomic. publish() is the one step that switches, and it says
whether it did (Outcome.replaced): what an interrupted build reports comes from
there, never from where the interrupt happened to land.

Temporary folders. Everything a run leaves in a temporary folder — the build's
staging folder `.<site>.build-<pid>-<random>` beside the site, its work folder
`build_scripts-build-<pid>-<random>`, `check`'s and `add`'s in the system's
temporary folder — is an owned_dir: the run holds an flock(2) on the folder for as
long as it lives (the kernel drops it when the process ends, however it ends), and
the folder holds OWNER. The run removes it on the way out with signals deferred,
OWNER last; a folder whose run was killed is removed by the next run that finds it
unlocked. The PID in the name is for people only: a run in another PID namespace
sharing the folder (a container) is alive for as long as it holds its lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from . import interrupt

try:
    import fcntl
except ImportError:  # not POSIX: no folder is locked (_lock, _locked)
    fcntl = None  # type: ignore[assignment]
FLOCK = fcntl is not None

MARKER = ".build_scripts-site"
MARKER_TEXT = ("This directory was built by build_scripts (python -m build_scripts build).\n"
               "The next build replaces it whole: keep nothing of your own in it.\n")
LISTING = "Its files, one a line (a build refuses to replace it while it holds any other):\n"
# What the generator writes, for a site built before the marker listed its files: anything in an edition's
# folder (zh-Hans, zh-Hant, zh-HK: the editions those builds had), and these names beside them.
_LANG = r"zh(?:-[A-Za-z0-9]{1,8})+"
WRITTEN_BEFORE_LISTS = re.compile(rf"index\.html|404\.html|sitemap\.xml|data/clauses\.(?:json|csv)|downloads/offline-site\.zip"
                                  rf"|downloads/{_LANG}/[^/]+\.html|{_LANG}/.+")
PREVIEW_TEMP = re.compile(r"(?:.*/)?\.[^/]+\.preview-\d+")  # serve's file being copied in (cli/preview.py), if it was killed
OWNER = ".build_scripts-run"
OWNER_TEXT = ("A build_scripts run works in this folder and holds an flock on it while it runs.\n"
              "The run removes it when it ends; if the run was killed, the next run does.\n")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class UnsafeSiteDir(OutputError):
    """--site-dir points at something the build must not replace (the CLI exits 2: a usage error)."""


@dataclass
class Outcome:
    """What a build did to the site directory: `replaced` from the moment the switch is done."""

    replaced: bool = False


def check_site_dir(site: Path, source: Path, repo: Path) -> None:
    """Raise UnsafeSiteDir unless `site` is missing, empty, or a site this generator built, holding nothing else."""
    shown = str(site)
    if site.is_symlink():
        raise UnsafeSiteDir(f"--site-dir {shown}: is a symbolic link; give the directory itself")
    if site.exists() and not site.is_dir():
        raise UnsafeSiteDir(f"--site-dir {shown}: is a file, not a directory; the build replaces only a "
                            "directory it made itself, or an empty or missing one")
    ancestor = site.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise UnsafeSiteDir(f"--site-dir {shown}: {ancestor} is a file, so no directory can be made under it")
    real, src, top = site.resolve(), source.resolve(), repo.resolve()
    if top.is_relative_to(real):
        raise UnsafeSiteDir(f"--site-dir {shown}: is the repository or holds it; give a directory such as site/")
    if real == src or src.is_relative_to(real) or real.is_relative_to(src):
        raise UnsafeSiteDir(f"--site-dir {shown}: is, holds or is inside the source folder {src}; "
                            "give a separate directory such as site/")
    if site.is_dir():
        others = not_written(site)
        if others:
            marked = _listed(site) is not None
            raise UnsafeSiteDir(f"--site-dir {shown}: holds files the generator did not make (such as "
                                f"{', '.join(map(repr, others[:3]))}) "
                                f"{'beside its site' if marked else f'and no {MARKER} file'}; refusing to replace it. "
                                "Give an empty or new directory, or move the folder or those files away yourself")


def not_written(site: Path) -> list[str]:
    """The files in `site` a build would delete without having written them: every file if it has no marker (or
    the marker is not one a build wrote); else those the marker does not list; sorted."""
    files = sorted(_files(site))
    listed = _listed(site)
    if listed is None:
        return files
    if listed == "before lists":
        return [f for f in files if f != MARKER and not WRITTEN_BEFORE_LISTS.fullmatch(f) and not PREVIEW_TEMP.fullmatch(f)]
    return [f for f in files if f != MARKER and f not in listed and not PREVIEW_TEMP.fullmatch(f)]


def _files(site: Path) -> Iterator[str]:
    """Every entry that is not a directory (files, symlinks — to a directory too —, FIFOs), relative, POSIX."""
    for folder, dirs, files in os.walk(site):
        rel = Path(folder).relative_to(site)
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            yield (rel / name).as_posix()


def _listed(site: Path) -> frozenset[str] | str | None:
    """The marker's list of files; "before lists" for a marker of a build that wrote none; None if no build's."""
    marker = site / MARKER
    try:
        if marker.is_symlink() or not marker.is_file():
            return None
        text = marker.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return None
    if text == MARKER_TEXT:
        return "before lists"
    if not text.startswith(MARKER_TEXT + LISTING):
        return None
    return frozenset(text[len(MARKER_TEXT + LISTING):].splitlines())


def write_marker(site: Path, also: frozenset[str] = frozenset()) -> None:
    """Mark `site` as built here, listing its files (and `also`: files about to be copied in), atomically."""
    files = sorted((set(_files(site)) | also) - {MARKER})
    text = MARKER_TEXT + LISTING + "".join(f"{f}\n" for f in files)
    temp = site / f"{MARKER}.preview-{os.getpid()}"
    temp.write_text(text, encoding="utf-8", errors="surrogateescape")
    os.replace(temp, site / MARKER)


# --- temporary folders, owned by the run that holds their lock ---

# Every family of run folder, by where it lives: the system's temporary folder, or beside the site.
TEMP_FAMILIES = re.compile(r"build_scripts-(?:build|check|add)-\d+-[A-Za-z0-9_]+")


def _beside(site: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(site.name)}\.build-\d+-[A-Za-z0-9_]+")


class _Owned:
    """A folder this run made and holds the lock of, for as long as the run lives."""

    def __init__(self, parent: Path, prefix: str) -> None:
        while True:
            path = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
            _lock(fd, blocking=True)  # a sweeping run may hold it for a moment: it removes only an empty folder
            try:
                (path / OWNER).write_text(OWNER_TEXT, encoding="utf-8")
            except FileNotFoundError:  # it did: this one is gone, make another
                os.close(fd)
                continue
            self.path, self.fd = path, fd
            return

    def remove(self) -> None:
        """Everything in it, OWNER last, then the folder itself; signals deferred. Idempotent."""
        if self.fd < 0:
            return
        with interrupt.deferred():
            _remove_owned(self.path)
            os.close(self.fd)
            self.fd = -1


@contextlib.contextmanager
def owned_dir(parent: Path, prefix: str, sweep: re.Pattern[str] = TEMP_FAMILIES) -> Iterator[Path]:
    """A fresh folder `<prefix><pid>-<random>` in `parent`, this run's alone, removed however the run ends; the
    folders of runs that are gone (their lock is free), of every family `sweep` matches, are removed first."""
    sweep_dead(parent, sweep)
    owned = None
    try:
        with interrupt.deferred():  # made whole, or not at all; a signal meanwhile is raised once it is ours to remove
            owned = _Owned(parent, prefix)
        yield owned.path
    finally:
        if owned:
            owned.remove()


def sweep_dead(parent: Path, family: re.Pattern[str]) -> list[Path]:
    """Remove the run folders in `parent` whose run is gone: named as `family` says, ours (OWNER in it, or empty:
    a folder whose removal stopped after OWNER) and unlocked. A folder a live run holds, in this PID namespace or
    any other, is locked; one without OWNER that holds anything is no run's folder, and never touched."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        if not family.fullmatch(entry.name):
            continue
        path = Path(entry.path)
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid():
                continue
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if not _lock(fd, blocking=False):
                continue  # its run is alive
            if not any(path.iterdir()):
                os.rmdir(path)
            elif (path / OWNER).is_file() and not (path / OWNER).is_symlink():
                with interrupt.deferred():
                    _remove_owned(path)
            else:
                continue
            removed.append(path)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _remove_owned(path: Path) -> None:
    """A run folder's content, then OWNER, then the folder: if this stops halfway, what is left is still marked."""
    with contextlib.suppress(OSError):
        for child in list(path.iterdir()):
            if child.name == OWNER:
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
        if [child.name for child in path.iterdir()] in ([OWNER], []):
            (path / OWNER).unlink(missing_ok=True)
            path.rmdir()


def _lock(fd: int, blocking: bool) -> bool:
    """flock(2) on an open folder: True if taken. Where flock is missing or fails, False for a sweeper (a folder
    whose owner cannot be known is kept) and True for the folder's maker (it can still work)."""
    if not FLOCK:
        return blocking
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except OSError:
        return blocking
    return True


def private_dir(kind: str = "build") -> contextlib.AbstractContextManager[Path]:
    """A run's own work folder in the system's temporary folder (docs, MkDocs and OpenCC configs)."""
    return owned_dir(Path(tempfile.gettempdir()), f"build_scripts-{kind}-")


@contextlib.contextmanager
def staging_dir(site: Path) -> Iterator[Path]:
    """The new site's folder: `new` inside a run folder beside `site`, marked as a site; publish() switches it in.

    The run folder holds the lock and OWNER; what publish() switches is the `new` folder inside it, so neither
    moves into the published site, and the old site comes back into the run folder, to be removed with it."""
    site.parent.mkdir(parents=True, exist_ok=True)
    with owned_dir(site.parent, f".{site.name}.build-", _beside(site)) as run:
        staging = run / "new"
        staging.mkdir(0o755)
        staging.chmod(0o755)  # whatever the umask: a web server running as another user reads the published site
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        yield staging


def publish(staging: Path, site: Path, source: Path, repo: Path, outcome: Outcome | None = None) -> None:
    """Put the staged site at `site`: listed, checked again, then switched with no moment without a whole site;
    the old site is removed. Signals are deferred throughout: one that comes before the switch stops the build
    with the site unchanged; one that comes after it is raised once the old site is removed, with
    outcome.replaced set, so what the build reports is what happened."""
    outcome = outcome or Outcome()
    with interrupt.deferred() as interrupted, _locked(site.parent):  # builds publishing into one folder take turns
        check_site_dir(site, source, repo)
        write_marker(staging)
        if interrupted():
            raise KeyboardInterrupt
        if not site.exists():
            os.rename(staging, site)
            outcome.replaced = True
        elif exchange(staging, site):
            outcome.replaced = True
        else:
            os.rename(site, staging.parent / "old")  # inside the run folder: if killed now, the next run removes it
            os.rename(staging, site)
            outcome.replaced = True
        _remove_owned_content(staging.parent)


def _remove_owned_content(run: Path) -> None:
    """The old site, now inside the run folder (as `new` after an exchange, or `old`)."""
    for name in ("new", "old"):
        shutil.rmtree(run / name, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically with renameat2(RENAME_EXCHANGE); False where the system can't."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """flock(2) on the folder itself: no lock file is created beside the site."""
    if not FLOCK:  # not POSIX: no lock, the exchange is still one call
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
