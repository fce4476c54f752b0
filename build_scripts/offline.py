"""The offline download: the published build of both editions, rewritten for file://, as one deterministic zip."""

from __future__ import annotations

import io
import json
import os
import re
import time
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path


def zip_tree(root: Path, epoch: int) -> bytes:
    """Every file under root, in sorted order, stamped with the source date: same input, same bytes."""
    return zip_entries({p.relative_to(root).as_posix(): p.read_bytes for p in root.rglob("*") if p.is_file()}, epoch)


def zip_entries(entries: dict[str, Callable[[], bytes]], epoch: int) -> bytes:
    """A zip of name → contents (read one at a time), in sorted order, stamped with the source date."""
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name]())
    return out.getvalue()


def run_in_parallel(run: Callable[[object], None], jobs: Iterable[object]) -> None:
    """run(job) for every job, as many at once as there are cores (each job is an MkDocs subprocess, so threads
    suffice); every job finishes before the first failure is raised."""
    jobs = list(jobs)
    with ThreadPoolExecutor(max_workers=max(1, min(len(jobs), os.cpu_count() or 1))) as pool:
        futures = [pool.submit(run, job) for job in jobs]
    for future in futures:
        future.result()


# The offline package is the published build itself, rewritten for file:// — not two more MkDocs runs.
# From file:// a link to a directory opens a listing, not the page, so every relative link to a directory
# gets its index.html; the search index is inlined as a script (a page cannot fetch JSON from file://), and
# the iframe-worker polyfill lets Material's search worker run there. What Material's offline plugin does
# with use_directory_urls: false, but pages keep their published paths (statements/<slug>/index.html).
ATTR_URL = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LEFT_OUT = {"404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"}  # no use from file://
ZIP_SIZE_SLOT = "ZIPSIZESLOT"  # the downloads page is built before the zip exists; filled in afterwards


def file_url(url: str) -> str:
    """A relative link that works from file://: a directory gets its index.html; anything else unchanged."""
    if not url or url.startswith(("#", "/")) or SCHEME.match(url):
        return url
    path, tail = re.match(r"([^?#]*)(.*)", url, re.DOTALL).groups()
    if path.endswith("/"):
        return f"{path}index.html{tail}"
    if path in (".", "..") or path.endswith(("/.", "/..")):
        return f"{path}/index.html{tail}"
    return url


def file_html(html: str, depth: int, polyfill: str, fill: dict[str, str]) -> str:
    """A published page, readable from file://: directory links completed, the worker polyfill loaded."""
    html = ATTR_URL.sub(lambda m: m.group(1) + file_url(m.group(2)) + m.group(3), html)
    script = f'<script src="{"../" * depth}{polyfill}"></script>'
    html = html.replace("</head>", script + "</head>", 1)
    for slot, text in fill.items():
        html = html.replace(slot, text)
    return html


def file_index(data: str, fill: dict[str, str]) -> str:
    """The search index as the script Material's search loads from file://, its locations completed."""
    index = json.loads(data)
    for doc in index["docs"]:
        loc = doc["location"]
        doc["location"] = "index.html" + loc if not loc or loc.startswith("#") else file_url(loc)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    for slot, value in fill.items():
        text = text.replace(slot, value)
    return f"var __index = {text}"


def offline_zip(site: Path, langs: list[str], extras: dict[str, bytes], epoch: int, polyfill: str,
                fill: dict[str, dict[str, str]]) -> bytes:
    """The zip of every edition under site/, rewritten for file://, plus the extras (data, root index.html)."""
    entries: dict[str, Callable[[], bytes]] = {rel: partial(bytes, data) for rel, data in extras.items()}
    for lang in langs:
        root = site / lang
        for path in root.rglob("*"):
            rel = path.relative_to(root).as_posix()
            if not path.is_file() or rel in LEFT_OUT:
                continue
            page = partial(_page, path, rel.count("/"), polyfill, fill[lang])
            entries[f"{lang}/{rel}"] = page if path.suffix == ".html" else path.read_bytes
        index = root / "search" / "search_index.json"
        if index.exists():
            entries[f"{lang}/search/search_index.js"] = partial(_index, index, fill[lang])
    return zip_entries(entries, epoch)


def _page(path: Path, depth: int, polyfill: str, fill: dict[str, str]) -> bytes:
    return file_html(path.read_text(encoding="utf-8"), depth, polyfill, fill).encode("utf-8")


def _index(path: Path, fill: dict[str, str]) -> bytes:
    return file_index(path.read_text(encoding="utf-8"), fill).encode("utf-8")


def fill_slot(edition: Path, fill: dict[str, str]) -> None:
    """Put the values of the slots into the built downloads page and the search index."""
    for path in (edition / "downloads" / "index.html", edition / "search" / "search_index.json"):
        if path.exists():
            text = path.read_text(encoding="utf-8")
            for slot, value in fill.items():
                text = text.replace(slot, value)
            path.write_text(text, encoding="utf-8")
