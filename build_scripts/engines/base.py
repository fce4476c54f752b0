"""What the build asks of a static-site engine: Sphinx's Builder as model (sphinx/builders/__init__.py).

The driver (build.py), the live preview (cli/preview.py) and the render stage's theme words go through this
interface and never name an adapter's own functions, so a second engine (Zensical, say) is one more subclass
handed the same plain-data Site. The order of a build:

1. `theme_texts`: the theme's own interface words, in Simplified, which the render stage converts into each
   edition's script like every other string (render/interface.py) — before the Site exists;
2. `prepare`: once the docs are written, whatever the engine reads beside them (MkDocs: a config per edition);
3. `write`: every edition built into out/<lang>/ (`write_edition`: one, in this process; `write_editions` runs
   every edition at once, each other one in a forked copy of this process);
4. `finish`: what the engine's output needs once every edition is built (MkDocs: the 404 pages).
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import signal
import traceback
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from pathlib import Path

from .. import cache
from ..errors import BuildError
from ..publish import interrupt
from ..settings import Settings
from ..site import Site

Progress = Callable[[str, str], None]  # (stage, what it produced)


class Engine(ABC):
    """One static-site engine and its theme."""

    @abstractmethod
    def theme_texts(self) -> Mapping[str, str]:
        """The theme's interface words a reader sees, in Simplified, by the theme's own keys."""

    @abstractmethod
    def prepare(self, settings: Settings, site: Site) -> dict[str, str]:
        """Write what the engine reads beside the docs under settings.paths.work; return each edition's (lang →
        text): an edition whose text and set of pages are unchanged may be rebuilt incrementally."""

    @abstractmethod
    def write(self, settings: Settings, site: Site, out: Path, epoch: str, quiet: bool, progress: Progress) -> None:
        """Every edition of the Site, its docs under settings.paths.docs/<lang> and prepared, built into out/<lang>/.
        epoch is SOURCE_DATE_EPOCH for the dates the engine stamps; quiet hides the engine's own log."""

    @abstractmethod
    def write_edition(self, settings: Settings, lang: str, out: Path, epoch: str, incremental: bool,
                      quiet: bool = True) -> None:
        """One prepared edition built in this process into out; incremental (the live preview): only the pages whose
        docs changed are built again; quiet hides the engine's own log."""

    @abstractmethod
    def finish(self, site: Site, out: Path, site_url: str) -> None:
        """What the engine's output in out needs once every edition is built."""


Job = tuple[Settings, str, Path, str, bool, bool]  # write_edition's arguments: settings, lang, out, epoch, incremental, quiet


def write_editions(engine: Engine, jobs: list[Job]) -> None:
    """engine.write_edition(*job) for every job at once: the first in this process, each other one in a forked copy
    of it. A fork starts at once with the engine's modules, the theme and the compiled templates already loaded,
    where a new process would import and compile them again (≈0.2 s of CPU an edition, a tenth of a build).
    Every job ends before the first failure is raised; if this process is interrupted at any point, the copies not
    yet waited for are stopped and waited for before the interrupt goes on, so none writes on into a folder the
    caller removes."""
    forks = hasattr(os, "fork") and (os.cpu_count() or 1) > 1
    if forks:  # what this process holds moves out of the collector's reach, so no collection in a copy touches (and
        gc.freeze()  # so copies) the pages it shares with this one: the way Python's gc docs give to fork without exec
    children: list[tuple[int, int]] = []  # (pid, the pipe it reports on) of each copy not yet waited for
    errors: list[str] = []
    os_errors: list[OSError] = []
    try:
        for job in jobs[1:] if forks else []:
            # forked and listed at once: an interrupt never finds a copy the list misses, and never runs in the
            # fork's own callbacks (logging's lock), where Python could not raise it
            with interrupt.deferred():
                children.append(_fork(engine, job))
        for job in jobs[:1] if forks else jobs:
            try:
                engine.write_edition(*job)
            except BuildError as e:
                errors.append(str(e))
        while children:
            report = _read_to_end(children[0][1])  # until the copy ends, interruptible
            with interrupt.deferred():  # waited for and unlisted at once: never stopped or closed twice
                pid, read = children.pop(0)
                os.close(read)
                _, status = os.waitpid(pid, 0)
            if report.startswith(OS_ERROR):
                os_errors.append(OSError(*json.loads(report[len(OS_ERROR):])))
            elif status != 0:
                errors.append(report or f"an edition's build ended with status {os.waitstatus_to_exitcode(status)}")
    except BaseException:
        with interrupt.deferred():
            for pid, read in children:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(read)
        raise
    finally:
        gc.unfreeze()
    if os_errors:  # the disk full, a folder not writable: the caller reports it as it would in this process
        raise os_errors[0]
    if errors:
        raise BuildError("\n".join(errors))


def _read_to_end(fd: int) -> str:
    """What a copy writes on its pipe, until it closes it by ending (nothing, when it succeeds)."""
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


OS_ERROR = "OSError "  # how a copy reports one: this, then [errno, strerror, filename, None, filename2] as JSON


def _fork(engine: Engine, job: Job) -> tuple[int, int]:
    """A forked copy running one job: (its pid, the pipe it reports a failure on). Called in a deferred() block,
    which the copy never leaves (it ends in os._exit): a signal that reaches it too (Ctrl-C reaches the whole
    process group) is recorded, never raised; the parent, interrupted, stops it."""
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    status = 1  # the copy: build, report a failure on the pipe, leave without running the parent's exit code
    try:
        os.close(read)
        _die_with_parent(parent)
        engine.write_edition(*job)
        cache.STORE.flush()  # what it compiled, for the next build (os._exit runs no atexit)
        status = 0
    except OSError as e:
        os.write(write, (OS_ERROR + json.dumps([e.errno, e.strerror, e.filename, None, e.filename2])).encode("utf-8"))
    except BaseException as e:  # any other failure, reported to the parent as text
        os.write(write, (str(e) if isinstance(e, BuildError) else traceback.format_exc()).encode("utf-8"))
    finally:
        os._exit(status)


def _die_with_parent(parent: int) -> None:
    """Killed with the process that forked it (Linux: PR_SET_PDEATHSIG), so a build killed with -9 leaves no copy
    writing on into the staging folder the next run removes. A parent killed between the fork and the prctl sends no
    signal, and the copy would build on (seen on a loaded machine): a copy whose parent is already gone ends here."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)
