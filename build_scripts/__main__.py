"""Build the joint-statements site: python -m build_scripts build|check|serve|explain [options].

Exit status: 0 on success; 1 when an input is wrong or the build failed, after
printing every error found as path:line:column: message; 2 on bad usage (a
--site-dir the build may not replace included); 130 when interrupted (Ctrl-C,
SIGTERM), after one line saying whether the site was replaced.
"""

from __future__ import annotations

import sys

from .publish import interrupt

if __name__ == "__main__":  # run as a program: a signal from here on is an interrupt, reported in one line
    interrupt.install(at_once="interrupted: nothing was changed")  # during the imports (~1 s): nothing done yet
from .settings import SettingError, source_date_epoch

if __name__ == "__main__":
    try:  # before the imports below: numpy reads SOURCE_DATE_EPOCH as scipy loads it, and a value that is not a
        source_date_epoch()  # number would end the run in a traceback
    except SettingError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
try:
    import argparse
    import dataclasses
    import datetime as dt
    import os
    import time
    from collections.abc import Callable
    from pathlib import Path
    from typing import TextIO

    from .build import build, generate, no_progress
    from .cli.add import add
    from .cli.serve import serve
    from .errors import BuildError, SourceError, SourceErrors
    from .model import Statement
    from .publish.output import Outcome, UnsafeSiteDir, check_site_dir, private_dir
    from .read.explain import explain_file
    from .settings import Paths, Settings, resolve
except KeyboardInterrupt:  # during the imports, as a library's (a test's): nothing was read or written yet
    if __name__ != "__main__":
        raise
    interrupt.end()
    print("interrupted: nothing was changed", file=sys.stderr)
    sys.exit(interrupt.INTERRUPTED)

ROOT = Path(__file__).resolve().parent.parent
ProgressHook = Callable[[str, str], None]  # (stage, what it produced), called as each stage ends
EXIT_STATUS = ("exit status: 0 on success, 1 on bad input or a failed build (every error is printed), 2 on bad usage "
               "(a --site-dir that is not a site this tool built, nor empty or missing, included), 130 when interrupted")
COMMANDS = (
    ("build", "parse, convert, render and build every edition into the site directory (what `make site` runs)"),
    ("check", "parse, link, convert and render in memory to validate the source; write nothing"),
    ("serve", "build, serve the site on 127.0.0.1 and rebuild when an input changes"),
    ("explain", "show how each statement of one raw file is read: head pieces, date, place, counts, anchors"),
    ("add", "read a page copy, explain it, and add it to the source folder as received, with a manifest entry for "
            "what the text lacks"),
)


class Progress:
    """One line per pipeline stage on stderr: what it produced and how long it took."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.last = time.perf_counter()

    def __call__(self, stage: str, summary: str) -> None:
        now = time.perf_counter()
        print(f"{stage:<14} {summary} ({now - self.last:.1f}s)", file=self.stream, flush=True)
        self.last = now


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__.split("\n")[0], epilog=EXIT_STATUS)
    sub = top.add_subparsers(dest="command", required=True, metavar="{build,check,serve,explain,add}")
    for name, help_text in COMMANDS:
        cmd = sub.add_parser(name, help=help_text, description=help_text, epilog=EXIT_STATUS)
        if name in ("explain", "add"):
            cmd.add_argument("file", type=Path, help="a raw statement file (.txt)" if name == "explain" else
                             "a page copy as received (a .txt of what was copied from the page)")
        if name == "add":
            cmd.add_argument("--date", type=_date, help="the statement's date, YYYY-MM-DD, where the text has none")
            cmd.add_argument("--place", help="where it was issued, where the text does not say")
            cmd.add_argument("--title", help="its title, where the text prints none")
            for key, what in (("starts", "the first characters of the document's first line, where the page's evidence "
                                         "leaves it open"), ("ends", "… of its last paragraph"),
                              ("outside", "… of a line that is the page's, not the document's (repeatable)"),
                              ("clause-number", "… of a paragraph whose near-miss number is its clause number "
                                                "(repeatable)")):
                cmd.add_argument(f"--{key}", action="append" if key in ("outside", "clause-number") else "store",
                                 metavar="QUOTE", help=what)
        cmd.add_argument("--source", type=Path, default=None if name == "explain" else ROOT / "source", metavar="DIR",
                         help="the raw statements (*.txt), manifest.toml and topics.toml (default: source/)")
        if name in ("build", "serve"):
            cmd.add_argument("--site-dir", type=Path, default=ROOT / "site", metavar="DIR",
                             help="where the built site goes, replaced whole only when every edition built; only a directory this "
                                  "tool built (its marker lists every file in it), or an empty or missing one, is ever "
                                  "replaced (default: site/)")
        if name == "serve":
            cmd.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
        if name in ("build", "check"):
            cmd.add_argument("-q", "--quiet", action="store_true",
                             help="print nothing but errors (default: one line per stage, with counts and time)")
        if name == "build":
            cmd.add_argument("-v", "--verbose", action="store_true", help="also print MkDocs's own log")
    return top


def main(argv: list[str] | None = None) -> int:
    """The command line; a signal at any moment of it is reported in one line that says what happened, exit 130."""
    outcome = Outcome()
    left = ["nothing was changed"] * 2  # what an interrupt leaves, [before the switch, after it], as the run goes on
    previous: interrupt.Handlers = {}
    try:  # until here, a program's signal still ends it at once (its imports' handler)
        previous = interrupt.install()
        return _main(argv, outcome, left)
    except KeyboardInterrupt:
        with interrupt.deferred(raise_after=False):  # the one line, whole, and nothing after it
            _decided()
            print(f"interrupted: {left[outcome.replaced]}", file=sys.stderr)
        return interrupt.INTERRUPTED
    finally:
        if __name__ == "__main__":
            interrupt.end()  # nothing to interrupt any more: no traceback between here and the process's exit
        else:
            interrupt.restore(previous)


def _main(argv: list[str] | None, outcome: Outcome, left: list[str]) -> int:
    cli = parser()
    args = cli.parse_args(argv)
    if args.command in ("explain", "add") and not args.file.is_file():
        cli.error(f"{args.file}: not a file")
    if args.command == "explain":  # the manifest beside the file, unless --source says otherwise
        args.source = args.source or args.file.parent
    if not args.source.is_dir():
        cli.error(f"--source {args.source}: not a directory")
    site = Path(os.path.abspath(getattr(args, "site_dir", ROOT / "site")))  # not resolved: a symlink is refused
    paths = Paths.at(ROOT, args.source.resolve(), site)
    progress = None if getattr(args, "quiet", True) else Progress(sys.stderr)
    left[:] = [{"check": "nothing was written", "explain": "nothing was written", "add": f"{_shown(paths.source)} is unchanged",
                "serve": f"stopped serving {_shown(paths.site)}"}.get(args.command, f"{_shown(paths.site)} is unchanged"),
               f"{_shown(paths.site)} was already replaced by the new build"]
    started = time.perf_counter()
    try:
        if args.command in ("build", "serve"):
            check_site_dir(paths.site, paths.source, ROOT)
    except UnsafeSiteDir as e:
        cli.error(str(e))
    try:
        # SITE_URL, REPO_URL, SOURCE_DATE_EPOCH, resolved once: wrong ones stop the run before any work
        settings = resolve(paths) if args.command in ("build", "check", "serve") else Settings(paths)
        if args.command == "serve":
            serve(paths, args.port)
        elif args.command == "explain":
            text = explain_file(args.file, paths.source)
            _decided()
            print(text, end="")
        elif args.command == "add":
            quotes = {key: value if isinstance(value, str) else tuple(value)
                      for key, value in (("starts", args.starts), ("ends", args.ends), ("outside", args.outside),
                                         ("clause_numbers", args.clause_number)) if value}
            text = add(args.file, paths.source, args.date, args.place, args.title, quotes)
            _decided()
            print(text, end="")
        elif args.command == "check":
            statements = check(settings, progress)
            _decided()
            if progress:
                print(f"ok: {len(statements)} statements, {sum(len(s.clauses) for s in statements)} clauses")
        else:
            records = build(settings, quiet=not args.verbose, progress=progress or no_progress, outcome=outcome)
            _decided()  # the site is replaced: said in the last line, whatever comes after it
            if progress:
                print(f"built {_shown(paths.site)}: {len(records)} clauses in {time.perf_counter() - started:.1f}s")
    except SourceErrors as e:
        _decided()
        for error in e.errors:
            print(_located(error, paths.source), file=sys.stderr)
        _failed(args.command, len(e.errors), paths, outcome)
        return 1
    except UnsafeSiteDir as e:  # the site directory changed into something else while the build ran
        _decided()
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BuildError as e:
        _decided()
        print(_located(e, paths.source) if isinstance(e, SourceError) else f"error: {e}", file=sys.stderr)
        _failed(args.command, 1, paths, outcome)
        return 1
    except OSError as e:  # the disk is full, a folder is not writable: no traceback, the site is as it was
        _decided()
        print(f"error: {e}", file=sys.stderr)
        _failed(args.command, 1, paths, outcome)
        return 1
    return 0


def _decided() -> None:
    """The outcome is decided, about to be said: a signal from here on changes nothing — no traceback, no second
    line after it (interrupt.end). Run as a program only: a library caller (a test) keeps its own handlers."""
    if __name__ == "__main__":
        interrupt.end()


def check(where: Paths | Settings, progress: ProgressHook | None = None) -> list[Statement]:
    """Everything `build` does before writing, in memory; OpenCC's config files go to a folder removed after."""
    settings = resolve(where)
    with private_dir("check") as work:
        site = generate(dataclasses.replace(settings, paths=dataclasses.replace(settings.paths, work=work)),
                        progress or no_progress, report_names=True)
    return list(site.statements)


def _failed(command: str, count: int, paths: Paths, outcome: Outcome) -> None:
    errors = f"{count} error{'s' if count != 1 else ''}"
    site = f"{_shown(paths.site)} {'was already replaced by the new build' if outcome.replaced else 'is unchanged'}"
    left = ("nothing was written" if command in ("check", "explain") else f"{_shown(paths.source)} is unchanged"
            if command == "add" else site)
    print(f"{command} failed: {errors}; {left}", file=sys.stderr)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a date such as 2010-03-21") from None


def _located(error: SourceError, source: Path) -> str:
    """The error with its path as the user can open it: under --source, relative to the working directory."""
    return str(dataclasses.replace(error, path=_shown(source / error.path)))


def _shown(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


if __name__ == "__main__":
    status = main()
    if status == interrupt.INTERRUPTED:  # at once: a KeyboardInterrupt that went through C code on its way would
        sys.stdout.flush()  # make the interpreter end by SIGINT instead of exiting 130
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
