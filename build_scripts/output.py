"""The site directory: what a build may replace, where it builds, and how the new site takes the old one's place.

A build replaces --site-dir only if the generator made it (it holds MARKER, a
file every build writes), or it is empty or missing. Anything else — a file, a
folder with other files, the source folder, the repository, a folder holding
either — is refused before any work starts, and checked again just before the
switch. Nothing beside the site directory is touched except the build's own
staging directory, named `.<site>.build-<pid>-<random>` so it can never be a
user's folder.

The switch: the new site is built into the staging directory (a sibling, so on
the same filesystem), then exchanged with the old one in one renameat2(2)
RENAME_EXCHANGE call (Linux ≥ 3.15; ext4, xfs, btrfs, tmpfs): at every moment
the site path holds a whole site, old or new, and it stays a real directory (the
Pages upload, `serve` and people copying it see nothing unusual). Where the
exchange is unavailable the fallback is two renames with a moment of a few
microseconds without a site. A missing or empty site directory is replaced by
one rename(2), which is atomic.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

MARKER = ".build_scripts-site"
MARKER_TEXT = ("This directory was built by build_scripts (python -m build_scripts build).\n"
               "The next build replaces it whole: keep nothing of your own in it.\n")
# Sites built before the marker existed: exactly these top-level names, with data/clauses.json in them.
LEGACY_NAMES = frozenset({"index.html", "404.html", "data", "downloads", "zh-Hans", "zh-Hant"})
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class UnsafeSiteDir(OutputError):
    """--site-dir points at something the build must not replace (the CLI exits 2: a usage error)."""


def check_site_dir(site: Path, source: Path, repo: Path) -> None:
    """Raise UnsafeSiteDir unless `site` is missing, empty, or a site this generator built."""
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
    if site.is_dir() and not is_replaceable(site):
        others = sorted(p.name for p in site.iterdir())[:3]
        raise UnsafeSiteDir(f"--site-dir {shown}: holds files the generator did not make (such as "
                            f"{', '.join(map(repr, others))}) and no {MARKER} file; refusing to replace it. "
                            "Give an empty or new directory, or move the folder away yourself")


def is_replaceable(site: Path) -> bool:
    names = {p.name for p in site.iterdir()}
    if not names:
        return True
    marker = site / MARKER
    if marker.is_file() and not marker.is_symlink():
        return marker.read_text(encoding="utf-8", errors="replace") == MARKER_TEXT
    return names <= LEGACY_NAMES and (site / "data" / "clauses.json").is_file()


@contextlib.contextmanager
def private_dir() -> Iterator[Path]:
    """A fresh directory in the system's temporary folder, for this build alone, removed however the build ends.

    One left by a killed build (its process is gone) is removed by the next build.
    """
    tmp = Path(tempfile.gettempdir())
    _remove_dead(tmp, re.compile(r"build_scripts-build-(\d+)-[A-Za-z0-9_]+"))
    path = Path(tempfile.mkdtemp(prefix=f"build_scripts-build-{os.getpid()}-", dir=tmp))
    (path / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def staging_dir(site: Path) -> Iterator[Path]:
    """The new site's directory beside `site`, marked as ours; removed unless it was published."""
    site.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(site)
    path = Path(tempfile.mkdtemp(prefix=f".{site.name}.build-{os.getpid()}-", dir=site.parent))
    path.chmod(0o755)  # mkdtemp's 0700 would hide the published site from a web server running as another user
    (path / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)  # after publish() this holds the old site, or nothing


def remove_stale_staging(site: Path) -> list[Path]:
    """Staging directories of builds that were killed (their process is gone): ours to clean, nobody else's."""
    return _remove_dead(site.parent, re.compile(rf"\.{re.escape(site.name)}\.(?:build|old)-(\d+)-[A-Za-z0-9_]+"))


def _remove_dead(folder: Path, own: re.Pattern[str]) -> list[Path]:
    removed = []
    for path in folder.iterdir():
        m = own.fullmatch(path.name)
        if m and path.is_dir() and not path.is_symlink() and (path / MARKER).is_file() and not _alive(int(m[1])):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(staging: Path, site: Path, source: Path, repo: Path) -> None:
    """Put the staged site at `site`: checked again, then switched with no moment without a whole site."""
    with _locked(site.parent):  # builds publishing into one folder take turns; the checks below can't race
        check_site_dir(site, source, repo)
        if not site.exists():
            os.rename(staging, site)
        elif not exchange(staging, site):
            old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-{os.getpid()}-", dir=site.parent))
            (old / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # if killed now, the next build removes it
            os.rename(site, old / "site")
            os.rename(staging, site)
            shutil.rmtree(old, ignore_errors=True)


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
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, the exchange is still one call
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
