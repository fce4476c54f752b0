"""The live preview's warm worker: `python -m build_scripts.cli.preview PATHS_JSON`, driven by serve.py.

A preview rebuild used to be a whole build in a fresh process: interpreter, OpenCC, jieba, templates and
MkDocs loaded again, both editions rendered by MkDocs from nothing (≈12 s under load for a one-word edit).
This process stays up between rebuilds instead. Each rebuild still runs the whole generate() (every
statement, link and page, as a build does), then:

- writes the generated Markdown into a docs directory it keeps, touching only files whose text changed;
- builds each edition with MkDocs in this process into an output directory it keeps: a dirty build (only
  pages whose Markdown changed are rendered again) when the edition's config — navigation included — and its
  set of pages are what the last successful build of it had, else a full one;
- adds what every build adds (data files, root page, sitemap: build.finish, no offline zip);
- copies into the served site directory only the files that differ from it, and deletes those gone.

The served site then equals what `build(offline_zip=False)` gives for the same inputs (tests/test_serve.py).
Code is not reloaded here: serve.py starts a new worker when anything but the source changes (build_scripts/,
overrides/, mkdocs.yml), so edited code, templates and OpenCC dictionaries always take effect.

Protocol: one line "build" on stdin → one JSON line on stdout ({"ok": true, "summary": …} or {"ok": false,
"error": …}); end of stdin → exit. Everything else the build prints goes to stderr.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
import traceback
from pathlib import Path

from ..build import finish, generate
from ..engines import ENGINE
from ..engines.base import write_editions
from ..errors import BuildError
from ..publish.output import MARKER, check_site_dir, private_dir, write_marker
from ..publish.write import write_generated
from ..settings import Paths, Settings, resolve


class Preview:
    """The worker's state between rebuilds: its own docs, configs and output, and what the last build left."""

    def __init__(self, settings: Settings, private: Path) -> None:
        self.site = settings.paths.site  # the served directory
        self.paths = dataclasses.replace(settings.paths, docs=private / "docs", work=private / "work", site=private / "out")
        self.settings = dataclasses.replace(settings, paths=self.paths)
        self.configs: dict[str, str] = {}  # lang → config text of its last successful MkDocs build
        self.pages: dict[str, frozenset[str]] = {}  # lang → docs files of that build
        self.synced: dict[str, tuple[int, int]] = {}  # out file → (mtime_ns, size) when last copied to the site

    def build(self) -> dict:
        """One rebuild; the served site changes only once every edition built. Returns what it did, with times."""
        t0, cpu0 = time.perf_counter(), time.process_time()
        site = generate(self.settings)  # every input checked before anything is written
        epoch = self.settings.build_epoch(max(s.date for s in site.statements))  # the sitemaps' dates, as a build's
        check_site_dir(self.site, self.paths.source, self.paths.mkdocs_yml.parent)
        docs = site.docs()
        changed = write_generated(self.paths.docs, docs)
        texts = ENGINE.prepare(self.settings, site)  # what the engine reads beside the docs, per edition
        out = self.paths.site
        out.mkdir(parents=True, exist_ok=True)
        t1, kinds, pages = time.perf_counter(), {}, {}
        for lang in texts:
            pages[lang] = frozenset(rel for rel in docs if rel.startswith(f"{lang}/"))
            kinds[lang] = "dirty" if self.configs.get(lang) == texts[lang] and self.pages.get(lang) == pages[lang] else "full"
            self.configs.pop(lang, None)  # until it has built: a failed build of it is followed by a full one
        write_editions(ENGINE, [(self.settings, lang, out / lang, epoch, kinds[lang] == "dirty", True) for lang in texts])
        for lang in texts:
            self.configs[lang], self.pages[lang] = texts[lang], pages[lang]
        finish(site, out, b"", self.settings.site_url)
        t2 = time.perf_counter()
        copied = self._sync(out)
        return {"generate": round(t1 - t0, 3), "mkdocs": round(t2 - t1, 3), "sync": round(time.perf_counter() - t2, 3),
                "cpu": round(time.process_time() - cpu0, 3), "markdown_changed": len(changed), "files_copied": copied,
                "editions": kinds}

    def _sync(self, out: Path) -> int:
        """Make the site directory hold exactly out's files; only files that changed are written (atomically).

        The site's marker lists, while files are copied and deleted, everything the site may hold (what it held and
        what is coming), then exactly what it holds: stopped at any point, the site is still one a build replaces."""
        copied, seen = 0, set()
        self.site.mkdir(parents=True, exist_ok=True)
        files = {path.relative_to(out).as_posix(): path for path in sorted(out.rglob("*")) if path.is_file()}
        files.pop(MARKER, None)
        write_marker(self.site, also=frozenset(files))
        for rel, path in files.items():
            seen.add(rel)
            st = path.stat()
            target = self.site / rel
            if self.synced.get(rel) == (st.st_mtime_ns, st.st_size) and target.is_file():
                continue
            data = path.read_bytes()
            if not target.is_file() or target.stat().st_size != len(data) or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(f".{target.name}.preview-{os.getpid()}")
                tmp.write_bytes(data)
                os.replace(tmp, target)
                copied += 1
            self.synced[rel] = (st.st_mtime_ns, st.st_size)
        for path in sorted(self.site.rglob("*"), reverse=True):  # deepest first, so emptied folders go too
            rel = path.relative_to(self.site).as_posix()
            if path.is_file() and rel not in seen and rel != MARKER:
                path.unlink()
                self.synced.pop(rel, None)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        write_marker(self.site)
        return copied


def serve_requests(preview: Preview, requests, replies) -> None:
    for line in requests:
        if line.strip() != "build":
            continue
        try:
            reply = {"ok": True, "summary": preview.build()}
        except BuildError as e:
            reply = {"ok": False, "error": str(e)}
        except OSError as e:  # the disk full, a folder not writable: one line, as the build says it
            reply = {"ok": False, "error": f"error: {e}"}
        except Exception:  # a bug in the generator: reported like a failed build, the worker stays up
            reply = {"ok": False, "error": traceback.format_exc()}
        replies.write(json.dumps(reply, ensure_ascii=False) + "\n")
        replies.flush()


def main(fields: str) -> int:
    settings = resolve(Paths(**{k: Path(v) for k, v in json.loads(fields).items()}))  # the environment serve started in
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")  # the protocol's own channel
    os.dup2(2, 1)  # anything else printed (jieba, MkDocs, a stray print) goes to stderr
    with private_dir() as private:
        serve_requests(Preview(settings, private), sys.stdin, replies)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
