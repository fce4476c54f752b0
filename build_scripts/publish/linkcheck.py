"""Every internal link and anchor of a built site resolves: python -m build_scripts.publish.linkcheck [SITE]."""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..render.compare_page import serves  # compare/#<pair>: the fragment names a pair in the view's data, not an id

SKIP_SCHEMES = ("http", "https", "mailto", "javascript", "data", "tel")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag in ("a", "link") and "href" in a and a.get("rel") not in ("stylesheet", "icon"):
            self.links.append(a["href"])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    parts = urlsplit(href)
    if parts.scheme in SKIP_SCHEMES or parts.netloc:
        return None
    base = site if parts.path.startswith("/") else page.parent
    path = (base / unquote(parts.path.lstrip("/"))) if parts.path else page
    if path.is_dir() or parts.path.endswith("/"):
        path = path / "index.html"
    return path.resolve(), parts.fragment


def broken_links(site: Path) -> list[str]:
    """`page: href (what is wrong)` for every internal link that does not resolve."""
    site = site.resolve()
    pages = {p.resolve(): _parse(p) for p in sorted(site.rglob("*.html"))}
    problems = []
    for path, page in pages.items():
        for href in page.links:
            target = _target(site, path, href)
            if target is None:
                continue
            file, fragment = target
            where = f"{path.relative_to(site)}: {href}"
            if not file.exists() or site not in file.parents:
                problems.append(f"{where} (no such file)")
            elif fragment and file in pages and fragment not in pages[file].ids and not serves(file, fragment):
                problems.append(f"{where} (no anchor #{fragment})")
    return problems


def main(argv: list[str] | None = None) -> int:
    site = Path((argv or sys.argv[1:] or ["site"])[0])
    problems = broken_links(site)
    print("\n".join(problems) or f"ok: no broken internal link in {site}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
