"""What a build costs as the corpus grows: python -m bench.run [--multipliers 1 10 100] [--out bench/results.md].

A benchmark, not a timed test (`make bench`). For each multiplier it writes a
synthetic corpus (bench/synth.py: 1× is the real corpus byte for byte, every
further copy has new dates and mutated clause texts), builds it with the real
pipeline — build_scripts.build.build, MkDocs --strict and all — into a temporary
directory, and records per stage the wall time and the peak memory. Each
multiplier builds in a fresh child process, so one size's caches and memory
never flatter or burden the next.

Then it measures what a reader downloads for a statement page of the real
corpus against a plain MkDocs Material page of the same text, profiles the
generator's own stages, checks the targets of the issue and writes the report
(`--out`, bench/results.md by default) — only once everything has run.

Stage times come from the build's `progress` hook: a stage's time is the time
since the previous call (the first stage starts when build() is called), so
work done between two hooks, such as assembling the clause data before the
first `write`, counts towards the later stage.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gzip
import html.parser
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_S = 0.05
STATEMENT = "2022-11-02"  # the statement whose page the reader's download is measured on
TARGET_SHARE = 0.10  # the generator's own stages, of the whole build on the real corpus
TARGET_GROWTH = 1.2  # time ratio ≤ this × clause ratio
TARGET_PAGE = 1.10  # our page beyond its text ≤ this × Material's baseline beyond the same text
TARGET_INDEX = 1_000_000  # bytes, one edition's search index on the real corpus

# The progress hook's stage names, as the issue names them. Conversion to 繁體 has no stage of its own: it
# happens inside `render <lang>` (each statement converted, then the templates rendered with the converter).
ISSUE_STAGES = {
    "parse": "parse",
    "link": "link",
    "render": "convert + render",
    "write": "write docs/",
    "mkdocs offline": "offline package (MkDocs)",
    "search offline": "offline package (search)",
    "zip": "offline package (zip)",
    "mkdocs": "MkDocs",
    "search": "search index recut",
    "publish": "publish",
}


def issue_stage(stage: str) -> str:
    words = stage.split()
    if words[0] == "mkdocs":
        return f"MkDocs {words[1]}" + (" (offline package)" if words[-1] == "offline" else "")
    if words[0] == "render":
        return f"convert + render {words[1]}"
    key = " ".join(w for w in words if not w.startswith("zh-"))
    return ISSUE_STAGES.get(key, stage)


def is_mkdocs(stage: str) -> bool:
    return stage.startswith("mkdocs ")


# ---------------------------------------------------------------------------------------------- memory sampling


def _rss(pid: int | str) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _children(parent: int) -> list[int]:
    """Our child processes: a scan of /proc (this kernel has no /proc/<pid>/task/<tid>/children)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            found.append(int(entry.name))
    return found


class Sampler(threading.Thread):
    """RSS of this process and of its children (the MkDocs builds), sampled every SAMPLE_S; peaks since reset().

    /proc is scanned for children only every SCAN_S and only while no child is known, so that sampling costs
    next to nothing while a build runs.
    """

    SCAN_S = 0.5

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.pid = os.getpid()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.self_peak, self.child_peak = _rss(self.pid), 0

    def reset(self) -> tuple[int, int]:
        """The peaks since the last reset; start again from now."""
        with self.lock:
            peaks = (self.self_peak, self.child_peak)
            self.self_peak, self.child_peak = _rss(self.pid), 0
        return peaks

    def run(self) -> None:
        children: list[int] = []
        last_scan = 0.0
        while not self.stop.wait(SAMPLE_S):
            rss = [_rss(pid) for pid in children]
            children = [pid for pid, n in zip(children, rss, strict=True) if n]  # a finished child reads as 0
            if not children and time.monotonic() - last_scan >= self.SCAN_S:
                children, last_scan = _children(self.pid), time.monotonic()
                rss = [_rss(pid) for pid in children]
            mine = _rss(self.pid)
            with self.lock:
                self.self_peak = max(self.self_peak, mine)
                self.child_peak = max(self.child_peak, sum(rss))


# ---------------------------------------------------------------------------------------------- one multiplier


def bench_paths(base: Path, source: Path):
    """Like tests.conftest.tmp_paths: the repo's mkdocs.yml, everything written under base."""
    from build_scripts.build import Paths

    return Paths(ROOT / "mkdocs.yml", source, base / "site", base / "docs", base / "work")


def _tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def measure(multiplier: int, base: Path) -> dict:
    """Write the corpus, build it with the progress hook, and describe what came out. Runs in a child process."""
    from build_scripts.build import ZIP_NAME, build
    from build_scripts.convert import convert_statement, converter
    from build_scripts.parse import parse_corpus
    from build_scripts.siteconfig import load_site_config

    from .synth import write_corpus

    source = base / "source"
    t = time.perf_counter()
    clauses = write_corpus(ROOT / "source", source, multiplier)
    synth_s = time.perf_counter() - t
    paths = bench_paths(base, source)
    stages: list[dict] = []
    sampler = Sampler()
    sampler.start()
    last = [time.perf_counter()]

    def cpu() -> tuple[float, float]:
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime

    def hook(stage: str, summary: str) -> None:
        now = time.perf_counter()
        self_peak, child_peak = sampler.reset()
        used = cpu()
        me, kids = used[0] - last_cpu[0], used[1] - last_cpu[1]
        last_cpu[:] = used
        stages.append({
            "stage": stage, "seconds": now - last[0], "summary": summary, "cpu_self": me, "cpu_children": kids,
            "self_peak": self_peak, "child_peak": child_peak,
            "maxrss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        })
        sys.stderr.write(f"  ×{multiplier:<4} {stage:24} {now - last[0]:8.2f} s  {summary}\n")
        last[0] = time.perf_counter()  # the hook's own cost (printing) is left out
        last_cpu[:] = cpu()

    sampler.reset()
    last_cpu = list(cpu())
    cpu0 = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    last[0] = start = time.perf_counter()
    records = build(paths, quiet=True, progress=hook)
    total = time.perf_counter() - start
    cpu1 = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    load = os.getloadavg()
    sampler.stop.set()
    sampler.join()

    # Conversion, timed on its own (the build does it inside `render <lang>`): a fresh converter per edition,
    # then every statement converted. Measured after the build, outside its timings.
    _, statements = parse_corpus(source)
    convert_s = {}
    for edition in load_site_config(paths.mkdocs_yml).editions:
        converter.cache_clear()
        t = time.perf_counter()
        conv = converter(edition.opencc, paths.work / "opencc")
        for s in statements:
            convert_statement(s, conv)
        convert_s[edition.lang] = time.perf_counter() - t

    site = paths.site
    langs = sorted(p.name for p in site.iterdir() if p.is_dir() and (p / "search").is_dir())
    indexes = {lang: site / lang / "search" / "search_index.json" for lang in langs}
    return {
        "multiplier": multiplier,
        "clauses": clauses,
        "records": len(records),
        "statements": len(statements),
        "synth_seconds": synth_s,
        "stages": stages,
        "total": total,
        "cpu_self": cpu1[0].ru_utime + cpu1[0].ru_stime - cpu0[0].ru_utime - cpu0[0].ru_stime,
        "cpu_children": cpu1[1].ru_utime + cpu1[1].ru_stime - cpu0[1].ru_utime - cpu0[1].ru_stime,
        "load": load,
        "convert_seconds": convert_s,
        "pages": {lang: sum(1 for _ in (site / lang).rglob("*.html")) for lang in langs},
        "site_bytes": _tree_bytes(site),
        "zip_bytes": (site / "downloads" / ZIP_NAME).stat().st_size,
        "index_bytes": {lang: p.stat().st_size for lang, p in indexes.items()},
        "index_gzip": {lang: len(gzip.compress(p.read_bytes(), 9)) for lang, p in indexes.items()},
        "maxrss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def profile_generator(base: Path, top: int = 30) -> str:
    """cProfile of a build of the real corpus with the MkDocs subprocesses left out of the profile. Runs in a child."""
    import build_scripts.build as b

    profiler = cProfile.Profile()
    run_mkdocs = b.run_mkdocs

    def unprofiled(*args, **kwargs):  # MkDocs is another process: waiting for it is not the generator's time
        profiler.disable()
        try:
            return run_mkdocs(*args, **kwargs)
        finally:
            profiler.enable()

    b.run_mkdocs = unprofiled
    try:
        profiler.enable()
        b.build(bench_paths(base, ROOT / "source"), quiet=True)
        profiler.disable()
    finally:
        b.run_mkdocs = run_mkdocs
    # build() and _build_editions() were on the stack while the profiler was off: their cumulative times are wrong.
    return _top(profiler, top, r"^(?!.*build\.py:\d+\((build|_build_editions)\))")


def profile_generate(base: Path, multiplier: int, top: int = 30) -> str:
    """cProfile of parse, link and convert + render (build_scripts.build.generate) on the ×multiplier corpus. In a child."""
    from build_scripts.build import generate

    from .synth import write_corpus

    source = base / "source"
    write_corpus(ROOT / "source", source, multiplier)
    profiler = cProfile.Profile()
    profiler.enable()
    generate(bench_paths(base, source))
    profiler.disable()
    return _top(profiler, top)


def _top(profiler: cProfile.Profile, top: int, *restrictions: str) -> str:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(*restrictions, top)
    text = out.getvalue()
    text = text.replace(str(ROOT / ".venv" / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages") + "/",
                        "site-packages/").replace(str(ROOT) + "/", "").replace(sys.base_prefix + "/", "")
    return "\n".join(line.rstrip() for line in text.strip().splitlines() if line.strip())


def child(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.run --child")
    p.add_argument("--child", choices=["build", "profile", "generate"], required=True)
    p.add_argument("--multiplier", type=int, default=1)
    p.add_argument("--dir", type=Path, required=True)
    p.add_argument("--json", type=Path, required=True)
    a = p.parse_args(argv)
    if a.child == "build":
        result = measure(a.multiplier, a.dir)
    elif a.child == "profile":
        result = {"profile": profile_generator(a.dir)}
    else:
        result = {"profile": profile_generate(a.dir, a.multiplier)}
    a.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def site_stats(site: Path) -> dict:
    """HTML bytes per page, and the real statement page's HTML (it is in every corpus: copy 0 is the real one)."""
    stats: dict = {"html_bytes": {}, "statement_html": {},
                   "compare_pages": sum(1 for p in (site / "zh-Hans" / "compare").glob("*/index.html"))}
    for lang in ("zh-Hans", "zh-Hant"):
        stats["html_bytes"][lang] = sum(p.stat().st_size for p in (site / lang).rglob("*.html"))
        data = (site / lang / "statements" / STATEMENT / "index.html").read_bytes()
        stats["statement_html"][lang] = [len(data), len(gzip.compress(data, 9))]
    return stats


def in_child(kind: str, base: Path, multiplier: int = 1, reuse: bool = False) -> dict:
    out = base / "result.json"
    if reuse and out.exists():
        sys.stderr.write(f"reusing {out}\n")
        return json.loads(out.read_text(encoding="utf-8"))
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    cmd = [sys.executable, "-m", "bench.run", "--child", kind, "--multiplier", str(multiplier), "--dir", str(base),
           "--json", str(out)]
    subprocess.run(cmd, cwd=ROOT, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------- reader's download


class _Assets(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").split()
        if tag == "link" and "stylesheet" in rel:
            self.found.append(("CSS", a["href"]))
        elif tag == "link" and "icon" in rel:
            self.found.append(("icon", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("JS", a["src"]))


def _worker_assets(site_root: Path, edition: Path) -> list[tuple[str, Path]]:
    """What Material's search worker loads: itself, lunr's language support for the index's languages, and the index."""
    workers = sorted((edition / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    index = edition / "search" / "search_index.json"
    langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    lunr = edition / "assets" / "javascripts" / "lunr"
    extra = []  # the worker's own rule (setupSearchLanguages): stemmer support, then one file per non-English language
    for lang in langs:
        if lang == "ja":
            extra.append(lunr / "tinyseg.js")
        if lang in ("hi", "th"):
            extra.append(lunr / "wordcut.js")
        if lang != "en":
            extra.append(lunr / "min" / f"lunr.{lang}.min.js")
    if len(langs) > 1:
        extra.append(lunr / "min" / "lunr.multi.min.js")
    if extra:
        extra.insert(0, lunr / "min" / "lunr.stemmer.support.min.js")
    return [("search worker", w) for w in workers] + [("search worker", p) for p in extra] + [("search index", index)]


def page_download(site_root: Path, page: Path, edition: Path) -> dict:
    """Bytes of a page and of everything it loads from the site, raw and gzip -9; external URLs listed apart."""
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    page_url = "/" + page.relative_to(site_root).as_posix()
    files: list[tuple[str, Path]] = [("HTML", page)]
    external = []
    for kind, url in parser.found:
        if urlsplit(url).scheme or url.startswith("//"):
            external.append(url)
            continue
        target = site_root / urlsplit(urljoin(page_url, url)).path.lstrip("/")
        if not target.is_file():
            raise SystemExit(f"{page} loads {url}, which is not in the site")
        files.append((kind, target))
    files += _worker_assets(site_root, edition)
    rows = []
    seen = set()
    for kind, path in files:
        if path in seen:
            continue
        seen.add(path)
        data = path.read_bytes()
        rows.append({"kind": kind, "file": path.relative_to(site_root).as_posix(), "bytes": len(data),
                     "gzip": len(gzip.compress(data, 9))})
    index_lang = json.loads((edition / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["lang"]
    return {"files": rows, "external": external, "index_lang": index_lang}


# Regions of a page's HTML, cut out in this order (a later one is looked for in what the earlier ones left).
REGIONS = (
    ("see also and topics under each clause", "div", r'<div class="clause-aids"'),
    ("copy-link and copy-citation buttons", "div", r'<div class="clause-tools"'),
    ("clause labels (headings with permalinks)", "h2", r'<h2 class="clause-label"'),
    ("site navigation (left sidebar; holds a copy of the table of contents)", "div",
     r'<div class="md-sidebar md-sidebar--primary"'),
    ("table of contents (right sidebar)", "div", r'<div class="md-sidebar md-sidebar--secondary"'),
    ("header (title, edition switch, palette toggle, search box)", "header", r"<header"),
    ("footer (previous / next)", "footer", r"<footer"),
    ("inline SVG icons elsewhere", "svg", r"<svg"),
    ("inline scripts (config, theme strings)", "script", r"<script"),
)


def _cut_elements(text: str, start: str, tag: str) -> tuple[str, int]:
    """Cut every element opening with the regex `start` (same-name tags nested inside balanced): the rest, bytes cut."""
    opening, closing = re.compile(rf"<{tag}\b"), f"</{tag}>"
    out, cut, pos = [], 0, 0
    for m in re.finditer(start, text):
        if m.start() < pos:
            continue
        depth, i = 0, m.start()
        while True:
            o, c = opening.search(text, i), text.find(closing, i)
            if c < 0:
                raise ValueError(f"unclosed <{tag}>")
            if o and o.start() < c:
                depth, i = depth + 1, o.end()
            else:
                depth, i = depth - 1, c + len(closing)
                if depth == 0:
                    break
        out.append(text[pos:m.start()])
        cut += len(text[m.start():i].encode("utf-8"))
        pos = i
    out.append(text[pos:])
    return "".join(out), cut


def html_breakdown(page: Path, text_bytes: int) -> list[tuple[str, int]]:
    """Where a page's HTML bytes go: the regions above, the statement's own text, and the rest."""
    html_text = page.read_text(encoding="utf-8")
    total = len(html_text.encode("utf-8"))
    rows = []
    for name, tag, start in REGIONS:
        html_text, n = _cut_elements(html_text, start, tag)
        rows.append((name, n))
    rest = len(html_text.encode("utf-8"))
    rows += [("the statement's clause text", text_bytes),
             ("everything else (head, page heading, markup around the text)", rest - text_bytes)]
    assert sum(n for _, n in rows) == total
    return rows


BASELINE_YML = """\
site_name: {site_name}
theme:
  name: material
  language: zh
{font}plugins:
  - search
"""


def baseline_site(base: Path, title: str, paragraphs: list[str], font: bool) -> Path:
    """A plain MkDocs Material site: one page, the statement's title and clauses as Markdown paragraphs."""
    shutil.rmtree(base, ignore_errors=True)
    (base / "docs").mkdir(parents=True)
    (base / "mkdocs.yml").write_text(BASELINE_YML.format(site_name="基线", font="" if font else "  font: false\n"),
                                     encoding="utf-8")
    (base / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (base / "docs" / "statement.md").write_text(f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1667347200")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(base / "mkdocs.yml"),
                    "-d", str(base / "site")], env=env, check=True)
    return base / "site"


def reader_download(ours: Path, tmp: Path) -> dict:
    """Our statement page (both editions) and Material's baseline page of the same text, as shipped and without web fonts."""
    from build_scripts.parse import parse_corpus

    _, statements = parse_corpus(ROOT / "source")
    statement = next(s for s in statements if s.slug == STATEMENT)
    paragraphs = [c.text for c in statement.clauses]
    text = "".join(paragraphs).encode("utf-8")
    result = {"statement": STATEMENT, "title": statement.title, "clauses": len(paragraphs),
              "text_bytes": len(text), "text_gzip": len(gzip.compress(text, 9)), "pages": {}}
    for lang in ("zh-Hans", "zh-Hant"):
        page = ours / lang / "statements" / STATEMENT / "index.html"
        result["pages"][f"ours {lang}"] = page_download(ours, page, ours / lang)
    for name, font in (("Material baseline, as shipped", True), ("Material baseline, font: false", False)):
        site = baseline_site(tmp / ("baseline-font" if font else "baseline"), statement.title, paragraphs, font)
        result["pages"][name] = page_download(site, site / "statement" / "index.html", site)
        result["breakdown " + name] = html_breakdown(site / "statement" / "index.html", len(text))
    result["breakdown ours zh-Hans"] = html_breakdown(ours / "zh-Hans" / "statements" / STATEMENT / "index.html", len(text))
    return result


# ---------------------------------------------------------------------------------------------- report


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(), "mkdocs": metadata.version("mkdocs"),
        "material": metadata.version("mkdocs-material"), "date": when.strftime("%Y-%m-%d %H:%M UTC"),
        "date_from": "SOURCE_DATE_EPOCH" if epoch else "the run",
    }


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e5 else f"{n / 1e3:,.1f} kB"


def kb(n: float) -> str:
    return f"{n / 1e3:,.1f}"


def secs(s: float) -> str:
    return f"{s:,.2f}"


def generator_seconds(run: dict) -> float:
    return sum(s["seconds"] for s in run["stages"] if not is_mkdocs(s["stage"]))


def mkdocs_peak(run: dict) -> int:
    return max(s["child_peak"] for s in run["stages"] if is_mkdocs(s["stage"]))


def grouped(run: dict) -> dict[str, dict]:
    """Stages as the issue names them, summed over repeats (write and search run once per build kind)."""
    out: dict[str, dict] = {}
    for s in run["stages"]:
        g = out.setdefault(issue_stage(s["stage"]), {"seconds": 0.0, "cpu": 0.0, "peak": 0, "mkdocs": is_mkdocs(s["stage"])})
        g["seconds"] += s["seconds"]
        g["cpu"] += s["cpu_children"] if is_mkdocs(s["stage"]) else s["cpu_self"]
        g["peak"] = max(g["peak"], s["child_peak"] if is_mkdocs(s["stage"]) else s["self_peak"])
    return out


def stage_table(runs: list[dict]) -> list[str]:
    head = "| stage (issue's name) | progress stage | " + " | ".join(f"×{r['multiplier']} s | ×{r['multiplier']} peak MB"
                                                                   for r in runs) + " |"
    lines = [head, "|" + "---|" * 2 + "---:|" * (2 * len(runs))]
    order = [s["stage"] for s in runs[0]["stages"]]
    for i, stage in enumerate(order):
        cells = []
        for r in runs:
            s = r["stages"][i]
            assert s["stage"] == stage, (s["stage"], stage)
            peak = s["child_peak"] if is_mkdocs(stage) else s["self_peak"]
            cells += [secs(s["seconds"]), f"{peak / 1e6:,.0f}"]
        lines.append(f"| {issue_stage(stage)} | `{stage}` | " + " | ".join(cells) + " |")
    cells = []
    for r in runs:
        cells += [f"**{secs(r['total'])}**", f"{max(r['stages'][-1]['maxrss_self'], mkdocs_peak(r)) / 1e6:,.0f}"]
    lines.append("| **whole build** | | " + " | ".join(cells) + " |")
    cells = []
    for r in runs:
        cells += [secs(generator_seconds(r)), f"{r['stages'][-1]['maxrss_self'] / 1e6:,.0f}"]
    lines.append("| of which the generator (all but MkDocs) | | " + " | ".join(cells) + " |")
    cells = []
    for r in runs:
        cells += [secs(r["total"] - generator_seconds(r)), f"{mkdocs_peak(r) / 1e6:,.0f}"]
    lines.append("| of which MkDocs (4 builds) | | " + " | ".join(cells) + " |")
    cells = []
    for r in runs:
        cells += [f"{secs(r['cpu_self'])} + {secs(r['cpu_children'])}", ""]
    lines.append("| CPU seconds (user + sys): build process + MkDocs processes | | " + " | ".join(cells) + " |")
    cells = []
    for r in runs:
        cells += ["; ".join(f"{k} {secs(v)}" for k, v in r["convert_seconds"].items()), ""]
    lines.append("| convert alone, timed apart (inside convert + render) | | " + " | ".join(cells) + " |")
    return lines


def size_table(runs: list[dict]) -> list[str]:
    langs = sorted(runs[0]["pages"])
    lines = ["| | " + " | ".join(f"×{r['multiplier']}" for r in runs) + " |", "|---|" + "---:|" * len(runs)]

    def row(name: str, f) -> None:
        lines.append(f"| {name} | " + " | ".join(f(r) for r in runs) + " |")

    row("statements", lambda r: f"{r['statements']:,}")
    row("clauses", lambda r: f"{r['clauses']:,}")
    row("see-also links (each direction counted)", lambda r: next((m.group(1) for st in r["stages"] if st["stage"] == "link"
                                          for m in [re.match(r"([\d,]+) see-also links", st["summary"])] if m), "?"))
    row("compare pages per edition (among the HTML pages)", lambda r: f"{r['compare_pages']:,}")
    for lang in langs:
        row(f"HTML pages, {lang}", lambda r, lang=lang: f"{r['pages'][lang]:,}")
    for lang in langs:
        row(f"mean HTML page, {lang}", lambda r, lang=lang: f"{kb(r['html_bytes'][lang] / r['pages'][lang])} kB")
    for lang in langs:
        row(f"the {STATEMENT} page's HTML, {lang} (gzip -9)",
            lambda r, lang=lang: f"{kb(r['statement_html'][lang][0])} kB ({kb(r['statement_html'][lang][1])} kB)")
    row("site/ (everything published)", lambda r: mb(r["site_bytes"]))
    row("offline-site.zip", lambda r: mb(r["zip_bytes"]))
    for lang in langs:
        row(f"search index {lang} (gzip -9)", lambda r, lang=lang: f"{mb(r['index_bytes'][lang])} ({mb(r['index_gzip'][lang])})")
    def per_page(r: dict, lang: str) -> str:
        seconds = next(st["seconds"] for st in r["stages"] if st["stage"] == f"mkdocs {lang}")
        return f"{1000 * seconds / r['pages'][lang]:.1f}"

    for lang in langs:
        row(f"MkDocs ms per HTML page, {lang} (online build)", lambda r, lang=lang: per_page(r, lang))
    row("whole build (s)", lambda r: secs(r["total"]))
    row("generator's share of the build", lambda r: f"{generator_seconds(r) / r['total']:.1%}")
    return lines


def growth(runs: list[dict]) -> tuple[list[str], dict]:
    """Ratios between the two largest multipliers: per issue stage and in all, against the clause ratio."""
    a, b = runs[-2], runs[-1]
    clause_ratio = b["clauses"] / a["clauses"]
    limit = TARGET_GROWTH * clause_ratio
    ga, gb = grouped(a), grouped(b)
    lines = [f"| stage | ×{a['multiplier']} s | ×{b['multiplier']} s | time ratio | ÷ clause ratio ({clause_ratio:g}) | "
             f"≤ {limit:g}? | ×{a['multiplier']} CPU s | ×{b['multiplier']} CPU s | CPU ratio |",
             "|---|---:|---:|---:|---:|:---:|---:|---:|---:|"]
    flagged = []

    def ratio(x: float, y: float) -> float:
        return y / x if x > 0 else float("inf")

    for name in ga:
        ra = ratio(ga[name]["seconds"], gb[name]["seconds"])
        ok = ra <= limit
        if not ok:
            flagged.append(name)
        lines.append(f"| {name} | {secs(ga[name]['seconds'])} | {secs(gb[name]['seconds'])} | {ra:.2f} | "
                     f"{ra / clause_ratio:.2f} | {'yes' if ok else '**no**'} | {secs(ga[name]['cpu'])} | "
                     f"{secs(gb[name]['cpu'])} | {ratio(ga[name]['cpu'], gb[name]['cpu']):.2f} |")
    total_ratio = b["total"] / a["total"]
    cpu_a, cpu_b = a["cpu_self"] + a["cpu_children"], b["cpu_self"] + b["cpu_children"]
    lines.append(f"| **whole build** | {secs(a['total'])} | {secs(b['total'])} | {total_ratio:.2f} | "
                 f"{total_ratio / clause_ratio:.2f} | {'yes' if total_ratio <= limit else '**no**'} | {secs(cpu_a)} | "
                 f"{secs(cpu_b)} | {ratio(cpu_a, cpu_b):.2f} |")
    return lines, {"clause_ratio": clause_ratio, "total_ratio": total_ratio, "limit": limit, "flagged": flagged,
                   "ok": total_ratio <= limit and not flagged, "from": a["multiplier"], "to": b["multiplier"]}


def growth_note(a: dict, b: dict) -> str:
    """What grew with what: pages, page size and MkDocs time per page, between two sizes."""
    lang = sorted(a["pages"])[0]
    pages = b["pages"][lang] / a["pages"][lang]
    mean = (b["html_bytes"][lang] / b["pages"][lang]) / (a["html_bytes"][lang] / a["pages"][lang])
    per_page = [next(st["seconds"] for st in r["stages"] if st["stage"] == f"mkdocs {lang}") / r["pages"][lang] for r in (a, b)]
    return (f"Between ×{a['multiplier']} and ×{b['multiplier']} ({lang}): statements ×{b['statements'] / a['statements']:g}, "
            f"clauses ×{b['clauses'] / a['clauses']:g}, HTML pages ×{pages:.2f} (compare pages: "
            f"{a['compare_pages']:,} → {b['compare_pages']:,}), the mean HTML page ×{mean:.2f} "
            f"({kb(a['html_bytes'][lang] / a['pages'][lang])} → {kb(b['html_bytes'][lang] / b['pages'][lang])} kB), "
            f"MkDocs time per page ×{per_page[1] / per_page[0]:.2f}, "
            f"all HTML ×{b['html_bytes'][lang] / a['html_bytes'][lang]:.2f}. "
            "Every page carries the navigation, which lists every statement, so a page's size and MkDocs's time for "
            "it grow with the number of statements: the site's HTML grows as pages × statements.")


def download_tables(dl: dict) -> tuple[list[str], dict]:
    names = list(dl["pages"])
    kinds = ["HTML", "CSS", "JS", "icon", "search worker", "search index"]
    lines = ["| what | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]

    def total(name: str, keep, field: str) -> int:
        return sum(f[field] for f in dl["pages"][name]["files"] if keep(f["kind"]))

    for kind in kinds:
        cells = []
        for n in names:
            files = [f for f in dl["pages"][n]["files"] if f["kind"] == kind]
            cells.append(f"{kb(sum(f['bytes'] for f in files))} ({kb(sum(f['gzip'] for f in files))}) in {len(files)}")
        lines.append(f"| {kind}, kB raw (gzip -9) in files | " + " | ".join(cells) + " |")
    on_load = lambda k: k not in ("search worker", "search index")  # noqa: E731
    everything = lambda k: True  # noqa: E731
    summary: dict = {}
    for label, keep in (("on load", on_load), ("on load + first search", everything)):
        cells = [f"**{kb(total(n, keep, 'bytes'))}** ({kb(total(n, keep, 'gzip'))})" for n in names]
        lines.append(f"| **{label}**, kB | " + " | ".join(cells) + " |")
        beyond = {n: (total(n, keep, "bytes") - dl["text_bytes"], total(n, keep, "gzip") - dl["text_gzip"]) for n in names}
        cells = [f"{kb(raw)} ({kb(gz)})" for raw, gz in beyond.values()]
        lines.append(f"| {label}, beyond the statement's own text, kB | " + " | ".join(cells) + " |")
        summary[label] = beyond
    lines.append("| search index language (lunr) | " + " | ".join(", ".join(dl["pages"][n]["index_lang"]) for n in names) + " |")
    external = [", ".join(dl["pages"][n]["external"]) or "none" for n in names]
    lines.append("| requests to other hosts | " + " | ".join(external) + " |")
    return lines, summary


def ratio_table(summary: dict) -> tuple[list[str], dict]:
    lines = ["| ours beyond text ÷ baseline beyond text | vs Material as shipped | vs Material, font: false |",
             "|---|---:|---:|"]
    verdict = {}
    for label, beyond in summary.items():
        for lang in ("zh-Hans", "zh-Hant"):
            ours = beyond[f"ours {lang}"]
            cells = []
            for base in ("Material baseline, as shipped", "Material baseline, font: false"):
                raw, gz = ours[0] / beyond[base][0], ours[1] / beyond[base][1]
                verdict[(label, lang, base)] = (raw, gz)
                cells.append(f"{raw:.2f} ({gz:.2f} gzip)")
            lines.append(f"| {lang}, {label} | " + " | ".join(cells) + " |")
    return lines, verdict


def report(runs: list[dict], dl: dict, profile: str | None, profile_big: str | None, mach: dict,
           args: argparse.Namespace) -> str:
    first = runs[0]
    share = generator_seconds(first) / first["total"]
    growth_lines, g = growth(runs) if len(runs) >= 2 else ([], None)
    dl_lines, summary = download_tables(dl)
    ratio_lines, verdict = ratio_table(summary)
    index_max = max(first["index_bytes"].values())
    page_load = max(v[0] for (label, _, base), v in verdict.items()
                    if label == "on load" and base == "Material baseline, font: false")
    page_search = max(v[0] for (label, _, base), v in verdict.items()
                      if label == "on load + first search" and base == "Material baseline, font: false")
    mults = " ".join(str(r["multiplier"]) for r in runs)
    out = [
        "# Build cost benchmark",
        "",
        f"Generated by `make bench` (`python -m bench.run --multipliers {mults}`); do not edit by hand — run it again.",
        "",
        "## Machine",
        "",
        f"- CPU: {mach['cpu']}, {mach['cores']} cores; memory {mach['memory'] / 2**30:.1f} GiB; {mach['os']}",
        f"- Python {mach['python']}, MkDocs {mach['mkdocs']}, mkdocs-material {mach['material']}",
        f"- Run on {mach['date']} (date from {mach['date_from']}). Load average (1, 5, 15 min) as each build ended: "
        + "; ".join(f"×{r['multiplier']} {', '.join(f'{x:.2f}' for x in r['load'])}" for r in runs)
        + f" on {mach['cores']} cores — other work on the machine stretches wall times (compare the CPU seconds row)",
        "",
        "## Targets",
        "",
        "| target | measured | met? |",
        "|---|---|:---:|",
        f"| generator's own stages < {TARGET_SHARE:.0%} of the build, real corpus (×{first['multiplier']}) | "
        f"{share:.1%} ({secs(generator_seconds(first))} s of {secs(first['total'])} s) | "
        f"{'yes' if share < TARGET_SHARE else '**no**'} |",
    ]
    if g:
        out.append(f"| ×{g['from']} → ×{g['to']}: build time ratio ≤ {TARGET_GROWTH} × clause ratio ({g['limit']:g}), "
                   f"no stage above it | time ratio {g['total_ratio']:.2f} for clause ratio {g['clause_ratio']:g}"
                   f"{'; stages above: ' + ', '.join(g['flagged']) if g['flagged'] else '; no stage above'} | "
                   f"{'yes' if g['ok'] else '**no**'} |")
    out += [
        f"| statement page ≤ {TARGET_PAGE:.2f} × Material's baseline beyond its own text (uncompressed, worse edition, "
        f"vs font: false) | on load {page_load:.2f}; on load + first search {page_search:.2f} | "
        f"{'yes' if page_load <= TARGET_PAGE else '**no**'} on load; "
        f"{'yes' if page_search <= TARGET_PAGE else '**no**'} with search |",
        f"| one edition's search index < 1 MB, real corpus | {mb(index_max)} | {'yes' if index_max < TARGET_INDEX else '**no**'} |",
        "",
        "## Time and peak memory per stage",
        "",
        "Seconds are wall time between the build's `progress` calls. Stages run in order; `write` and `search` run "
        "once for the offline package and once for the published site. Conversion to 繁體 has no stage of its own: "
        "it happens inside `render <lang>` (statements converted, then templates rendered with the converter); the "
        "row *convert alone* times it apart, after the build.",
        "",
        "Peak MB: for the generator's stages, the build process's resident memory (RSS), the highest sample "
        f"(every {SAMPLE_S * 1000:.0f} ms) during the stage — it includes whatever earlier stages still hold. For "
        "MkDocs stages, the RSS of the `mkdocs build` child process, the highest sample during the stage. "
        "*Whole build* gives the larger of the build process's exact high-water mark (getrusage RUSAGE_SELF, "
        "the row *of which the generator*) and the largest sampled MkDocs process (the row *of which MkDocs*). "
        "RUSAGE_CHILDREN is not used: on Linux a child's high-water mark starts from its parent's RSS when it is "
        "spawned, so it reports the build process's own size rather than MkDocs's. Each multiplier builds in a "
        "fresh process.",
        "",
        *stage_table(runs),
        "",
        "## Size",
        "",
        *size_table(runs),
        "",
    ]
    if g:
        out += [f"## Growth from ×{g['from']} to ×{g['to']}", "",
                f"Issue stages summed over their progress stages; the target is a time ratio ≤ {TARGET_GROWTH} × "
                f"the clause ratio = {g['limit']:g}, judged on wall time. Stages under a second are dominated by noise "
                "and fixed costs. CPU seconds (the build process's for its own stages, the MkDocs process's for "
                "MkDocs) are less disturbed by other work on the machine: a wall-time ratio well above the CPU ratio "
                "points at contention rather than at the algorithm.",
                "", *growth_lines, "", growth_note(runs[-2], runs[-1]), ""]
    out += [
        "## What a reader downloads for a statement page",
        "",
        f"The {dl['statement']} statement ({dl['clauses']} clauses; its clause text is {kb(dl['text_bytes'])} kB, "
        f"{kb(dl['text_gzip'])} kB gzip -9) on the real corpus's site, against a plain MkDocs Material site (its own "
        "`mkdocs.yml`: theme material, language zh, the search plugin, default features) with one page holding the "
        "same title and clauses as Markdown paragraphs, built as Material ships it and with `font: false`. Counted: "
        "the page's HTML, every stylesheet, script and icon it links, and — when the reader searches — Material's "
        "search worker, the lunr language files it imports for the index's language (zh) and the edition's search "
        "index (`query-map.js`, our search helper, is loaded by the page itself). Our index holds the whole "
        "corpus; the baseline's only its two pages. External requests are listed, not counted.",
        "",
        *dl_lines,
        "",
        *ratio_lines,
        "",
        "Where the HTML of the page goes (bytes; regions cut out in this order, so each counts once):",
        "",
        "| region | ours zh-Hans | Material baseline, font: false |",
        "|---|---:|---:|",
        *[f"| {name} | {kb(n)} kB | {kb(b)} kB |" for (name, n), (_, b) in
          zip(dl["breakdown ours zh-Hans"], dl["breakdown Material baseline, font: false"], strict=True)],
        "",
        "Per file (ours zh-Hans, then the baseline with font: false):",
        "",
        "| file | kB | gzip -9 kB |",
        "|---|---:|---:|",
    ]
    for name in ("ours zh-Hans", "Material baseline, font: false"):
        for f in dl["pages"][name]["files"]:
            out.append(f"| {'ours' if name.startswith('ours') else 'baseline'}: {f['file']} | {kb(f['bytes'])} | {kb(f['gzip'])} |")
    if profile:
        out += ["", "## Profile of the generator's own stages (real corpus)", "",
                "cProfile of one build of the real corpus in one process, with the profiler switched off while "
                "MkDocs runs (a subprocess): the total is the generator's own time; below, the top functions by "
                "cumulative time (build() and _build_editions(), open while the profiler was off, are left out). "
                "Profiling slows Python code, so times are higher than in the table above.",
                "", "```", profile, "```"]
    if profile_big:
        out += ["", f"## Profile of parse, link and convert + render (×{runs[-1]['multiplier']})", "",
                f"cProfile of build_scripts.build.generate — parse, link, convert and render every edition in memory, "
                f"nothing written — on the ×{runs[-1]['multiplier']} corpus, top functions by cumulative time.",
                "", "```", profile_big, "```"]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    if "--child" in argv:
        return child(argv)
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--multipliers", type=int, nargs="+", default=[1, 10, 100])
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    p.add_argument("--keep", type=Path, help="build under this directory and keep it (default: a temporary one, removed)")
    p.add_argument("--reuse", action="store_true",
                   help="with --keep: take the measurements a previous run kept there instead of building again")
    p.add_argument("--profile", choices=["auto", "always", "never"], default="auto",
                   help="profile the generator on the real corpus when its share target is missed, and parse, link and "
                        "render on the largest corpus when one of them grows too fast (auto); always; or never")
    args = p.parse_args(argv)
    if args.reuse and args.keep is None:
        p.error("--reuse needs --keep DIR")
    if 1 not in args.multipliers:
        p.error("the multipliers must include 1: the real corpus is what the page and index targets are measured on")
    multipliers = sorted(set(args.multipliers))
    tmp = Path(tempfile.mkdtemp(prefix="bench-")) if args.keep is None else args.keep
    try:
        runs = []
        for m in multipliers:
            sys.stderr.write(f"×{m}: building in {tmp / f'x{m}'}\n")
            runs.append(in_child("build", tmp / f"x{m}", m, args.reuse))
            runs[-1].update(site_stats(tmp / f"x{m}" / "site"))
            sys.stderr.write(f"×{m}: {runs[-1]['clauses']} clauses, {secs(runs[-1]['total'])} s\n")
            if m != 1 and args.keep is None:
                shutil.rmtree(tmp / f"x{m}", ignore_errors=True)
        dl = reader_download(tmp / "x1" / "site", tmp / "download")
        share = generator_seconds(runs[0]) / runs[0]["total"]
        profile = None
        if args.profile == "always" or (args.profile == "auto" and share >= TARGET_SHARE):
            sys.stderr.write("profiling the generator on the real corpus\n")
            profile = in_child("profile", tmp / "profile", reuse=args.reuse)["profile"]
        in_process = ("parse", "link", "convert + render")
        flagged = growth(runs)[1]["flagged"] if len(runs) >= 2 else []
        profile_big = None
        if args.profile == "always" or (args.profile == "auto" and any(f.startswith(in_process) for f in flagged)):
            sys.stderr.write(f"profiling parse, link and convert + render on ×{multipliers[-1]}\n")
            profile_big = in_child("generate", tmp / "profile-generate", multipliers[-1], args.reuse)["profile"]
        text = report(runs, dl, profile, profile_big, machine(), args)
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    args.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
