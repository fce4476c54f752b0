"""Ctrl-C (SIGINT) and SIGTERM (a CI cancel, `kill`): one interrupt, raised as KeyboardInterrupt in the main thread,
or held back while a step runs that must not stop halfway.

The command line installs the handler first thing (build_scripts/__main__.py, before its heavy imports), so a
signal at any moment of a run is an interrupt the CLI reports in one line, never a traceback or a silent death.
`deferred()` holds signals back across a step that stopping halfway would make a lie of — the switch to the new
site, then the removal of the run's temporary folders — and raises the interrupt when the step is done. What a
run did before it was interrupted is the caller's to say (output.Outcome), not this module's.

Only stdlib imports here: this module is loaded before anything heavy.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)
Handlers = dict[int, object]

INTERRUPTED = 130
_depth = 0  # how many deferred() blocks the main thread is in
_caught: list[int] = []  # signals that came inside them
_ended = False  # the program has said its last line: a signal now changes nothing and is dropped
_at_once: bytes | None = None  # the line to print before exiting at once (the program's imports: nothing done yet)
_raised: int = signal.SIGINT  # the signal the handler last raised as KeyboardInterrupt


def _handler(signum: int, frame: FrameType | None) -> None:
    global _raised
    if _ended:
        return
    if _at_once is not None:  # no exception through half-run imports: it would meet their __del__ and wrappers
        os.write(2, _at_once)
        os._exit(INTERRUPTED)
    if _depth:
        _caught.append(signum)
        return
    _raised = signum
    raise KeyboardInterrupt


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """Python runs the handler at whatever Python code comes next, and some of that runs outside the program's flow
    — a finaliser, a weakref callback, an at-fork callback (logging's, as MkDocs's edition is forked) — where an
    exception cannot be raised: Python prints it as "Exception ignored" and goes on, and the run would finish as if
    never interrupted. Such an interrupt is sent again, from a thread, so the handler runs again in the main thread,
    most likely back in the program's flow (if not, this happens again). A bare thread: threading's waits for it
    to start, and the signal would come inside that wait, in here; this one can send it only once the main thread
    lets go of the interpreter, long after this hook has returned."""
    if issubclass(unraisable.exc_type, KeyboardInterrupt) and _handler in map(signal.getsignal, SIGNALS):
        try:
            _thread.start_new_thread(os.kill, (os.getpid(), _raised))
        except RuntimeError:  # the interpreter shutting down starts no thread: nothing is left to interrupt
            pass
    else:
        _hook_replaced(unraisable)


_hook_replaced = sys.unraisablehook


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def install(at_once: str | None = None) -> Handlers:
    """SIGINT and SIGTERM raise KeyboardInterrupt from now on (main thread only); the handlers replaced, for
    restore(). A signal ignored by whoever started the process (`nohup`, a background job) stays ignored.

    at_once: instead, print this line and exit 130 at once — for a program's imports, before it has done anything
    (an exception raised in the middle of an import meets `__del__` methods and wrappers of half-made objects:
    tracebacks, and an exit by SIGINT). The next install() without it turns this off."""
    global _at_once
    if not _main_thread():
        return {}
    _at_once = f"{at_once}\n".encode() if at_once else None
    if sys.unraisablehook is not _unraisable:  # for good: it changes nothing once the handler is gone (restore())
        global _hook_replaced
        _hook_replaced, sys.unraisablehook = sys.unraisablehook, _unraisable
    previous: Handlers = {}
    for signum in SIGNALS:
        current = signal.getsignal(signum)
        if current is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, _handler)
    return previous


def restore(previous: Handlers) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]  # what getsignal gave back


def end() -> None:
    """The program's outcome is decided, about to be said: signals from now until it exits are ignored — no
    traceback and no second line after the last one, and no death by the signal while the interpreter shuts down
    (it resets a Python-level handler to the default then, but leaves an ignored signal ignored). A signal before
    it takes effect (at its own first line, even) is an interrupt as any other: the outcome is not said yet.
    Called before the last line is printed, and again at the very end. For the command line run as a program
    only."""
    global _ended
    _ended = True
    if _main_thread():
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_IGN)


@contextlib.contextmanager
def deferred(raise_after: bool = True) -> Iterator[Callable[[], bool]]:
    """Signals are recorded, not raised, inside the block; the block may ask whether one came (the callable it
    gets). On leaving, one that came is raised as KeyboardInterrupt (unless raise_after is False, or the block
    ends with an exception of its own, which already stops the run). Nested blocks defer to the outermost.
    Outside the main thread, where no signal is delivered, it changes nothing."""
    global _depth
    if not _main_thread():
        yield lambda: False
        return
    previous = install() if _depth == 0 else {}  # a library caller (a test) never installed the handler
    _depth += 1
    try:
        yield lambda: bool(_caught)
    finally:
        _depth -= 1
        if _depth == 0:
            restore(previous)
            came, _caught[:] = bool(_caught), []
            if came and raise_after and sys.exc_info()[0] is None:  # else an exception already stops the run
                raise KeyboardInterrupt
