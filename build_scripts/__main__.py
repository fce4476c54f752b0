"""Build the joint-statements site: python -m build_scripts build|check|serve [options]."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .build import Paths, build, generate
from .errors import BuildError
from .serve import serve

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("build", "parse, convert, render and build every edition into the site directory"),
                            ("check", "parse and render in memory; write nothing"),
                            ("serve", "build, serve the site on 127.0.0.1 and rebuild when an input changes")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("--source", type=Path, default=ROOT / "source", help="raw statements and manifest.toml (default: source/)")
        if name == "serve":
            cmd.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
        if name in ("build", "serve"):
            cmd.add_argument("--site-dir", type=Path, default=ROOT / "site", help="where the built site goes (default: site/)")
        if name == "build":
            cmd.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)
    paths = Paths.at(ROOT, args.source.resolve(), getattr(args, "site_dir", ROOT / "site").resolve())
    started = time.perf_counter()
    try:
        if args.command == "serve":
            serve(paths, args.port)
        elif args.command == "check":
            _, _, statements, _ = generate(paths)
            print(f"ok: {len(statements)} statements, {sum(len(s.clauses) for s in statements)} clauses")
        else:
            records = build(paths, quiet=args.quiet)
            if not args.quiet:
                print(f"built {paths.site}: {len(records)} clauses in {time.perf_counter() - started:.1f}s")
    except BuildError as e:
        print(f"error: {e}" if "\n" not in str(e) else f"errors:\n{e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
