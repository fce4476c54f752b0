"""The offline download: the published build of both editions, rewritten for file://, as one deterministic zip."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .. import cache
from ..text import escape
from .archive import zip_entries
from .starttags import start_tags

# The offline package is the published build itself, rewritten for file:// — not two more MkDocs runs.
# From file:// a link to a directory opens a listing, not the page, so every relative link to a directory
# gets its index.html; pages keep their published paths (statements/<slug>/index.html). Search needs nothing
# more: its index is a script (search/index.js) the page injects, which file:// allows where fetch is refused.
# The links are found where an HTML parser (html.parser) finds start tags (starttags.py), whatever their quoting:
# text, comments, scripts and styles are never touched, and a serializer that changes its quotes changes nothing here. Only the
# addresses are replaced, in place: the rest of the page stays byte for byte as the engine wrote it.
URL_ATTRS = ("href", "src")
TAG_ATTRS = (*URL_ATTRS, "rel", "http-equiv")  # what a start tag that changes holds
# One attribute inside a start tag that the parser found, in any of HTML's three quotings.
ATTR = re.compile(r"""(?<=[\s"'])([A-Za-z][^\s/>"'=]*)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
REFRESH = re.compile(r"(\d+\s*;\s*url=)(.*)", re.I | re.S)  # a redirect page's <meta http-equiv="refresh"> (compare_page.py)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LEFT_OUT = {"404.html", "sitemap.xml", "sitemap.xml.gz"}  # no use from file://
ZIP_SIZE_SLOT = "ZIPSIZESLOT"  # the downloads page is built before the zip exists; filled in afterwards
ZIP_LINK_SLOT = "ZIPLINKSLOT"  # the zip's own row: a link online, the copy the reader holds inside the zip
FALLBACK_FOLDER = "offline-site"


def folder_name(*names: str) -> str:
    """The zip's one top-level folder: the first of the names (the site's English name, its feed id) that gives an
    ASCII slug, so unpacking makes one folder named after the site, never files strewn in the current one."""
    for name in names:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64].strip("-")
        if slug:
            return slug
    return FALLBACK_FOLDER


def zip_link(zip_name: str, online: bool, site_url: str, convert) -> str:
    """The downloads page's cell for the zip, as HTML: online the file itself; inside the zip, which cannot hold
    itself, it says so, and links the published copy when the site's address is known."""
    if online:
        return f'<a href="../../downloads/{zip_name}" download>{zip_name}</a>'
    held = escape.html_text(convert("（即您正在阅读的这一份）"))
    if not site_url:
        return f"{zip_name}{held}"
    return f'<a href="{escape.html_attr(escape.url(site_url + "downloads/" + zip_name))}">{zip_name}</a>{held}'


def file_url(url: str) -> str:
    """A relative link that works from file://: a directory gets its index.html; anything else unchanged."""
    if not url or url.startswith(("#", "/")) or SCHEME.match(url):
        return url
    path, tail = re.fullmatch(r"([^?#]*)(.*)", url, re.DOTALL).groups()  # type: ignore[union-attr]  # always matches
    if path.endswith("/"):
        return f"{path}index.html{tail}"
    if path in (".", "..") or path.endswith(("/.", "/..")):
        return f"{path}/index.html{tail}"
    return url


def file_html(html: str, fill: dict[str, str]) -> str:
    """A published page, readable from file://: directory links completed, slots filled, no alternates."""
    out, done = [], 0
    for start, end, new in cache.memo("offline.edits", [html], partial(_edits, html), list, lambda kept: kept):
        out += [html[done:start], new]
        done = end
    html = "".join(out) + html[done:]
    for slot, text in fill.items():
        html = html.replace(slot, text)
    return html


def _edits(html: str) -> list[tuple[int, int, str]]:
    """What file:// needs changed in a page: (start, end, new text) of each start tag, in order.

    Parsing a page is most of the zip's cost and a pure function of the page, so the edits are kept on disk by
    the page's text (cache.py): a page the engine wrote as before is not parsed again. The feed's
    <link rel="alternate"> goes, with the white space before it: of no use from file://, and Material would fetch
    a sitemap.xml beside it, which file:// refuses (a console error on every page)."""
    edits = []
    for start, end, tag, attrs in start_tags(html, TAG_ATTRS):
        if tag == "link" and attrs.get("rel") == "alternate":
            edits.append((len(html[:start].rstrip()), end, ""))
        else:
            new = _file_tag(html[start:end], tag, attrs)
            if new != html[start:end]:
                edits.append((start, end, new))
    return edits


def _file_tag(text: str, tag: str, attrs: dict[str, str | None]) -> str:
    """One start tag with its links completed for file:// (file_url), every other character as it was."""
    refresh = tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh"

    def value(m: re.Match[str]) -> str:
        name, quoted = m.group(1).lower(), m.group(3)
        if name not in URL_ATTRS and not (refresh and name == "content"):
            return m.group(0)
        quote = quoted[0] if quoted[0] in "\"'" else ""
        raw = quoted[1:-1] if quote else quoted
        new = file_url(raw) if name in URL_ATTRS else REFRESH.sub(lambda r: r.group(1) + file_url(r.group(2)), raw)
        return f"{m.group(1)}{m.group(2)}{quote}{new}{quote}"

    return ATTR.sub(value, text)


def offline_zip(site: Path, langs: list[str], extras: dict[str, bytes], epoch: int,
                fill: dict[str, dict[str, str]], folder: str) -> bytes:
    """The zip of every edition under site/, rewritten for file://, plus the extras (data, root index.html), all in
    one top-level folder."""
    entries: dict[str, Callable[[], bytes]] = {f"{folder}/{rel}": partial(bytes, data) for rel, data in extras.items()}
    for lang in langs:
        root = site / lang
        for path in root.rglob("*"):
            rel = path.relative_to(root).as_posix()
            if not path.is_file() or rel in LEFT_OUT:
                continue
            page = partial(_page, path, fill[lang])
            entries[f"{folder}/{lang}/{rel}"] = page if path.suffix == ".html" else path.read_bytes
    return zip_entries(entries, epoch)


def _page(path: Path, fill: dict[str, str]) -> bytes:
    return file_html(path.read_text(encoding="utf-8"), fill).encode("utf-8")


def fill_slot(edition: Path, fill: dict[str, str]) -> None:
    """Put the values of the slots into the built downloads page."""
    path = edition / "downloads" / "index.html"
    if path.exists():
        text = path.read_text(encoding="utf-8")
        for slot, value in fill.items():
            text = text.replace(slot, value)
        path.write_text(text, encoding="utf-8")
