"""Measuring one build: stage times, CPU, memory, output sizes, stock Material on the same Markdown, preview.

Each function here runs in a child process of bench.run (one per multiplier), so one size's caches and
memory never flatter or burden the next. Memory is sampled with psutil: the build process and every process
below it (an edition's MkDocs run in a forked copy of the build), summed per sample (Sampler: PSS while a copy
runs).
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_S = 0.1
STATEMENT = "2022-11-02"  # a real statement: in every corpus, since copy 0 is the real corpus


class Sampler(threading.Thread):
    """Memory of this process, of its descendants, and of both together, sampled every SAMPLE_S.

    While the build has no child process, its resident memory (RSS). While it has (an edition's MkDocs run in a
    forked copy of the build: engines/base.write_editions), the proportional set size (PSS) of each: a forked copy
    shares the build's pages until either writes them, and RSS would count every shared page twice. PSS counts a
    page shared by two processes half in each, so the sum is the memory the tree holds. Reading PSS costs a few ms
    per process: the thread's own CPU (`spent`) is taken out of the build's by build_stages."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.peaks = self._zero()
        self.spent = 0.0  # this thread's CPU seconds so far

    def _zero(self) -> dict[str, int]:
        return {"self": self.proc.memory_info().rss, "children": 0, "total": self.proc.memory_info().rss}

    def _sample(self) -> tuple[int, int] | None:
        """(this process, its descendants) now, or None when a descendant ended while they were read: a forked copy
        that ends gives the pages it shared back to this process, whose PSS then counts them whole after the copy's
        counted half of them (a ×100 build once read 1,337 MB for 1,004)."""
        children = self.proc.children(recursive=True)
        if not children:
            return self.proc.memory_info().rss, 0
        try:
            kids = sum(child.memory_full_info().pss for child in children)
            mine = self.proc.memory_full_info().pss
            if any(child.status() == psutil.STATUS_ZOMBIE for child in children):
                return None
        except psutil.Error:  # one finished before it was read, or since
            return None
        return mine, kids

    def reset(self) -> dict[str, int]:
        """The peaks since the last reset; start again from now."""
        with self.lock:
            peaks, self.peaks = self.peaks, self._zero()
        return peaks

    def run(self) -> None:
        while not self.stop.wait(SAMPLE_S):
            sample = self._sample()
            if sample is None:
                continue
            mine, kids = sample
            with self.lock:
                self.peaks = {"self": max(self.peaks["self"], mine), "children": max(self.peaks["children"], kids),
                              "total": max(self.peaks["total"], mine + kids)}
                self.spent = time.thread_time()


def cpu_seconds() -> tuple[float, float]:
    """(this process, its finished children) user + system CPU seconds."""
    t = psutil.Process().cpu_times()
    return t.user + t.system, t.children_user + t.children_system


def bench_paths(base: Path, source: Path):
    """Like tests.conftest.tmp_paths: the repo's mkdocs.yml, everything written under base."""
    from build_scripts.settings import Paths

    return Paths(ROOT / "mkdocs.yml", source, base / "site", base / "docs", base / "work")


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def build_stages(paths, label: str) -> dict:
    """One full build with the progress hook: per stage wall seconds, CPU and memory peaks. The first stage is the
    import of the generator (what of it this process has not imported yet: all of it in the warm build's process;
    the cold build's process has imported the parser for writing the corpus). The sampler's own CPU is left out."""
    stages: list[dict] = []
    sampler = Sampler()
    sampler.start()
    sampler.reset()
    start, cpu0 = time.perf_counter(), cpu_seconds()
    last = [start, *cpu0, 0.0]

    def hook(stage: str, summary: str) -> None:
        now, (me, kids), spent = time.perf_counter(), cpu_seconds(), sampler.spent
        stages.append({"stage": stage, "seconds": now - last[0], "summary": summary,
                       "cpu_self": me - last[1] - (spent - last[3]), "cpu_children": kids - last[2],
                       "peak": sampler.reset()})
        sys.stderr.write(f"  {label:6} {stage:16} {now - last[0]:8.2f} s  {summary}\n")
        last[:] = [time.perf_counter(), *cpu_seconds(), sampler.spent]  # the hook's own cost (printing) is left out

    from build_scripts.build import build

    hook("import", "build_scripts.build")
    records = build(paths, quiet=True, progress=hook)
    total, cpu1, spent = time.perf_counter() - start, cpu_seconds(), sampler.spent
    sampler.stop.set()
    sampler.join()
    return {"stages": stages, "total": total, "records": len(records), "cpu_self": cpu1[0] - cpu0[0] - spent,
            "cpu_children": cpu1[1] - cpu0[1], "load": os.getloadavg(),
            "peak_total": max(s["peak"]["total"] for s in stages),
            "peak_self": max(s["peak"]["self"] for s in stages),
            "peak_children": max(s["peak"]["children"] for s in stages)}


def stock_config(paths, site, lang: str, docs: Path, out: Path) -> dict:
    """Stock Material on our generated Markdown of one edition (the Site's docs, written to docs): same pages,
    navigation and Markdown extensions; no overrides, no extra CSS/JS, no strict validation, jieba hidden."""
    from build_scripts.render.nav import NOT_IN_NAV

    edition = next(o for o in site.editions if o.edition.lang == lang)
    base = yaml.safe_load((paths.mkdocs_yml).read_text(encoding="utf-8"))
    return {"site_name": "stock", "docs_dir": str(docs), "site_dir": str(out), "use_directory_urls": True,
            "theme": {"name": "material", "language": "zh", "font": False, "features": base["theme"].get("features", [])},
            "markdown_extensions": base.get("markdown_extensions", []), "plugins": base.get("plugins", ["search"]),
            "nav": edition.nav, "not_in_nav": NOT_IN_NAV}


# Stock Material with jieba hidden: its search plugin cuts Chinese with jieba whenever it can import it; the
# target compares against stock builds without it (our own build runs no MkDocs search plugin at all).
MKDOCS_WITHOUT_JIEBA = "import sys; sys.modules['jieba'] = None; sys.argv[0] = 'mkdocs'; from mkdocs.__main__ import cli; cli()"


def stock_builds(paths, langs: list[str], work: Path) -> dict:
    """Two stock Material builds (one per edition), one after the other, timed and CPU-counted.

    The generated Markdown comes from the Site (build() keeps its docs in a private directory)."""
    from build_scripts.build import generate
    from build_scripts.publish.write import write_generated

    site = generate(paths)
    out = {}
    for lang in langs:
        config, docs = work / f"stock.{lang}.yml", work / "stock-docs" / lang
        write_generated(docs, site.docs(lang))
        config.write_text(yaml.safe_dump(stock_config(paths, site, lang, docs, work / f"stock-{lang}"), allow_unicode=True),
                          encoding="utf-8")
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1667347200")
        cpu0, t = cpu_seconds()[1], time.perf_counter()
        subprocess.run([sys.executable, "-c", MKDOCS_WITHOUT_JIEBA, "build", "-q", "-f", str(config)], env=env,
                       check=True)
        out[lang] = {"seconds": time.perf_counter() - t, "cpu": cpu_seconds()[1] - cpu0,
                     "site_bytes": tree_bytes(work / f"stock-{lang}")}
        shutil.rmtree(work / f"stock-{lang}")
    return out


def link_stats(source: Path) -> dict:
    """See-also list lengths, from the linker on this corpus (the same as the build's)."""
    from build_scripts.link.linker import link
    from build_scripts.read.parse import parse_corpus
    from build_scripts.read.topics import load_topics

    _, statements = parse_corpus(source)
    topics, params = load_topics(source / "topics.toml")
    lengths = [len(v) for v in link(statements, topics, params).links.values()]
    return {"links": sum(lengths), "max_per_clause": max(lengths, default=0), "cap": params.max_links,
            "mean_per_linked_clause": sum(lengths) / max(1, len(lengths)), "statements": len(statements)}


def site_stats(site: Path, langs: list[str]) -> dict:
    from build_scripts.build import ZIP_NAME

    stats: dict = {"site_bytes": tree_bytes(site), "zip_bytes": (site / "downloads" / ZIP_NAME).stat().st_size,
                   "pages": {}, "html_bytes": {}, "statement_html": {}, "index_bytes": {},
                   "compare_pages": sum(1 for _ in (site / langs[0] / "compare").glob("*/index.html"))}
    for lang in langs:
        html = list((site / lang).rglob("*.html"))
        stats["pages"][lang] = len(html)
        stats["html_bytes"][lang] = sum(p.stat().st_size for p in html)
        data = (site / lang / "statements" / STATEMENT / "index.html").read_bytes()
        stats["statement_html"][lang] = [len(data), len(gzip.compress(data, 9))]
        index = site / lang / "search" / "index.js"  # 0 if the index moved: the row then reads 0 kB, not a crash
        stats["index_bytes"][lang] = index.stat().st_size if index.is_file() else 0
        stats.setdefault("index_gzip_bytes", {})[lang] = len(gzip.compress(index.read_bytes(), 9)) if index.is_file() else 0
    stats["search_time"] = search_time(site / langs[0] / "search" / "index.js")
    return stats


def search_time(index: Path) -> dict:
    """Time from a query to its results in the site's engine under Node, over tests/search_tuning.json."""
    import json
    import subprocess

    if not index.is_file():
        return {}
    out = subprocess.run(["node", str(ROOT / "tools" / "search_time.js"),
                          str(ROOT / "overrides" / "assets" / "javascripts" / "search-client.js"), str(index),
                          str(ROOT / "tests" / "search_tuning.json")], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def use_cache(base: Path) -> None:
    """The build's disk cache (build_scripts/cache.py) in base: empty for the first build of a corpus, so that build
    computes everything, as a build on a fresh machine does; the warm build (warm_build) finds it filled."""
    from build_scripts import cache

    cache.STORE = cache.Store(base / "cache" / "cache.sqlite3")


def measure(multiplier: int, base: Path) -> dict:
    """Write the ×multiplier corpus, build it (the disk cache empty), build it with stock Material, and describe what
    came out."""
    from build_scripts import cache

    from .synth import write_corpus

    source = base / "source"
    clauses = write_corpus(ROOT / "source", source, multiplier)
    paths = bench_paths(base, source)
    use_cache(base)
    run = build_stages(paths, f"×{multiplier}")
    cache.STORE.flush()  # what the build computed, for the warm build
    langs = sorted(p.name for p in paths.site.iterdir() if (p / "search").is_dir())
    run.update(multiplier=multiplier, clauses=clauses, **site_stats(paths.site, langs), **link_stats(source))
    run["stock"] = stock_builds(paths, langs, base)
    sys.stderr.write(f"  ×{multiplier:<5} stock Material: " + ", ".join(f"{k} {v['seconds']:.2f} s"
                                                                       for k, v in run["stock"].items()) + "\n")
    return run


def warm_build(base: Path) -> dict:
    """The corpus measure() built, built again by a new process with the disk cache that build filled: what a
    maintainer's second `make site` costs (the first build's numbers are the cold ones)."""
    use_cache(base)
    paths = bench_paths(base / "warm", base / "source")
    try:
        return build_stages(paths, "warm")
    finally:
        shutil.rmtree(base / "warm", ignore_errors=True)


PREVIEW_MARK = "预览校验"  # Han text the preview measurement inserts into a clause of the real corpus
PREVIEW_EDITS = 3  # edits measured one after the other; the target is judged on their median


def preview_latency(base: Path, timeout_s: float = 180) -> dict:
    """`make serve` as a reader uses it: the statement page open in Chromium, a raw statement edited; seconds
    until the edit is on the page (the watcher notices, the warm worker rebuilds, the page reloads itself)."""
    from playwright.sync_api import sync_playwright

    from build_scripts.cli import serve

    source = base / "source"
    shutil.rmtree(base, ignore_errors=True)
    shutil.copytree(ROOT / "source", source)
    paths = bench_paths(base, source)
    t = time.perf_counter()
    running = serve.start(paths, 0)
    first = time.perf_counter() - t
    url = f"http://127.0.0.1:{running.port}/zh-Hans/statements/{STATEMENT}/"
    raw = next(p for p in sorted(source.glob("*.txt")) if "2022年11月" in p.read_text(encoding="utf-8"))
    seconds, rebuilds = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            page = browser.new_page()
            page.goto(url)
            for i in range(PREVIEW_EDITS):
                mark = f"{PREVIEW_MARK}{'一二三四五六七八九'[i]}"
                lines = raw.read_text(encoding="utf-8").split("\n")
                at = next(n for n, line in enumerate(lines) if "2022年11月" in line)
                lines[at] = lines[at].replace("双方重申", "双方重申" + mark, 1)
                page.wait_for_timeout(1500)  # the reload script has seen the current build and waits for the next
                t = time.perf_counter()
                raw.write_text("\n".join(lines), encoding="utf-8")
                page.wait_for_function(f"document.body && document.body.innerText.includes({mark!r})",
                                       timeout=timeout_s * 1000, polling=50)
                seconds.append(time.perf_counter() - t)
                rebuilds.append(serve_summary(running.server))
            browser.close()
    finally:
        running.close()
    return {"first_build": first, "edits": seconds, "edit_to_browser": sorted(seconds)[len(seconds) // 2],
            "rebuilds": rebuilds, "debounce": 0.1, "reload": "long poll"}


def serve_summary(server) -> dict:
    """The warm worker's report on its last rebuild (times, CPU, what it rebuilt), as the server's handler holds it."""
    return dict(server.RequestHandlerClass.args[0].last)
