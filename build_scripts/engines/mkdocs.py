"""The MkDocs + Material adapter (`MkDocs`, an Engine of base.py): a Site → one MkDocs config per edition →
`mkdocs build --strict`.

Everything that knows MkDocs or Material lives here: the per-edition config that
INHERITs mkdocs.yml and places the Site's words, Material's interface strings (which
the render stage converts), the MkDocs runs, and the fix-up of the 404 pages MkDocs
writes. The rest of the generator never imports mkdocs or material (tests/test_code.py
checks) and calls this module only through the Engine interface.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import material
import yaml
from mkdocs.commands.build import build as build_site
from mkdocs.config import load_config

from ..errors import BuildError
from ..publish import interrupt
from ..publish.compact import compact_edition
from ..read.siteconfig import CJK, read_config
from ..render.feed import FEED_NAME
from ..render.nav import NOT_IN_NAV
from ..settings import Settings
from ..site import EditionOutput, Site
from ..text import escape
from .base import Engine, Progress

J = TypeVar("J")
HOOKS = Path(__file__).with_name("mkdocs_hooks.py")  # named in every edition's config (edition_config)
PROJECT = Path(__file__).resolve().parents[2]  # the folder build_scripts is imported from, for the hooks


def _convert_tree(node: object, phrases: dict[str, str]) -> object:
    if isinstance(node, str):
        return phrases[node] if CJK.search(node) else node
    if isinstance(node, list):
        return [_convert_tree(v, phrases) for v in node]
    if isinstance(node, dict):
        return {k: _convert_tree(v, phrases) for k, v in node.items()}
    return node


def edition_config(settings: Settings, out: EditionOutput) -> dict:
    """The edition's MkDocs config: INHERITs mkdocs.yml, every string a reader can see in the edition's script (the
    Site's interface words: render/interface.py)."""
    paths = settings.paths
    base = read_config(paths.mkdocs_yml)
    lang, words = out.edition.lang, out.interface
    config: dict = {"INHERIT": os.path.relpath(paths.mkdocs_yml, paths.work)}
    for key, value in base.items():
        if key not in ("extra", "INHERIT") and CJK.search(json.dumps(value, ensure_ascii=False, default=str)):
            config[key] = _convert_tree(value, words.phrases)  # SiteConfig.texts, converted
    if settings.site_url:  # the published address (the Pages workflow sets it): canonical URLs, 404 page
        config["site_url"] = f"{settings.site_url}{lang}/"  # checked and escaped (settings.py): MkDocs prints it raw
    config["docs_dir"] = os.path.relpath(paths.docs / lang, paths.work)
    config["site_dir"] = os.path.relpath(paths.site / lang, paths.work)
    theme = config.setdefault("theme", dict(base.get("theme") or {}))
    theme["language"] = lang
    if "custom_dir" in theme:  # relative to the config file, which lives in the run's work folder
        theme["custom_dir"] = os.path.relpath(paths.mkdocs_yml.parent / theme["custom_dir"], paths.work)
    config["hooks"] = [os.path.relpath(HOOKS, paths.work)]
    config["nav"] = out.nav  # the Site's navigation (nav.edition_nav): source strings escaped there (nav_title)
    # The corpus's own name and description (read/naming.py), in the edition's script, never mkdocs.yml's. They come
    # from source/ and MkDocs prints them unescaped (<title>, meta content): escaped here, as nav titles are.
    config["site_name"] = escape.html_attr(words.site_name)
    config["site_description"] = escape.html_attr(words.site_description)
    config["not_in_nav"] = NOT_IN_NAV
    config["extra"] = {
        "edition": lang,
        "og_locale": words.og_locale,
        "ui": {"switch_label": words.switch_label, "clause_index": words.clause_index},
        "edition_names": words.edition_names,
        "theme_strings": theme_strings(lang, words.theme),
        "footer": words.footer,
        "feed": FEED_NAME,
        "published": settings.site_url,  # absolute alternates and copied links, even from the offline zip
        "search_ui": words.search_ui,
        "material_stylesheet": material_stylesheet(),  # overrides/main.html's styles block: no palette stylesheet
    }
    return config


@functools.cache
def material_stylesheet() -> str:
    """Material's main stylesheet, as its templates name it (by a hash of its content): the one file of the installed
    theme's assets/stylesheets/ named main.<hash>.min.css."""
    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    found = sorted(folder.glob("main.*.min.css"))
    if len(found) != 1:
        raise BuildError(f"{folder}: expected one main.<hash>.min.css in the installed Material theme, found "
                         f"{[p.name for p in found]}; overrides/main.html links it in place of Material's styles block")
    return f"assets/stylesheets/{found[0].name}"


# Material's interface strings in an edition's script. Material ships zh-Hant strings, but they mix in
# Simplified characters (找到 1 个…) and mainland terms; the render stage converts its Simplified strings with the
# edition's own converter instead (theme_texts → Interface.theme), so the theme speaks the same script as the text.
THEME_STRINGS = Path(material.__file__).parent / "templates" / "partials" / "languages" / "zh.html"
ENTRY = re.compile(r'^\s*"([^"]+)":\s*"((?:[^"\\]|\\.)*)",?\s*$', re.M)
# Values that are not words a reader sees.
UNTRANSLATED = {"language", "direction", "search.config.lang", "search.config.pipeline", "search.config.separator"}


@functools.cache
def _material_strings() -> dict[str, str]:
    return {key: json.loads(f'"{value}"') for key, value in ENTRY.findall(THEME_STRINGS.read_text(encoding="utf-8"))}


def theme_texts() -> dict[str, str]:
    """Material's strings a reader sees, in Simplified (key → text), for the render stage to convert."""
    return {k: v for k, v in _material_strings().items() if k not in UNTRANSLATED}


def theme_strings(lang: str, converted: dict[str, str]) -> dict[str, str]:
    """Material's strings for the edition: its settings as they are, its words as the Site converted them."""
    strings = {k: v if k in UNTRANSLATED else converted[k] for k, v in _material_strings().items()}
    strings["language"] = lang
    return strings


# MkDocs processes still running: an interrupted build stops them before its staging directory is removed,
# else one would go on writing into the directory being deleted and leave it behind.
_RUNNING: set[subprocess.Popen] = set()
_RUNNING_LOCK = threading.Lock()
# A MkDocs run that ends on an OSError (the disk full, a folder not writable) says so on one line of stderr after
# this mark, and exits with this status: the build reports the OSError itself, not MkDocs's traceback.
OS_ERROR_MARK = "build_scripts-os-error: "
OS_ERROR_STATUS = 75


def run_mkdocs(config_path: Path, out_dir: Path, epoch: str, quiet: bool, stop: threading.Event | None = None) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    argv = ["build", "--strict", "-f", str(config_path), "-d", str(out_dir)]
    with _RUNNING_LOCK:  # no new run once the build is stopping (stop is set under this lock)
        if stop is not None and stop.is_set():
            raise BuildError(f"mkdocs build for {config_path.name}: not started, the build is stopping")
        proc = _STARTED.pop() if _STARTED else _start(env)
        _RUNNING.add(proc)
    with proc:
        try:
            stdout, stderr = proc.communicate(json.dumps({"argv": argv, "env": env}) + "\n")
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(proc)
    if proc.returncode == OS_ERROR_STATUS and OS_ERROR_MARK in stderr:
        fields = json.loads(stderr.rsplit(OS_ERROR_MARK, 1)[1].splitlines()[0])
        raise OSError(fields["errno"], fields["strerror"], fields["filename"], None, fields["filename2"])
    if proc.returncode != 0:
        raise BuildError(f"mkdocs build --strict failed for {config_path.name}:\n{stdout}{stderr}")
    if not quiet:
        sys.stderr.write(stderr)


# A Python process that imports MkDocs, Material and the Markdown extensions, then waits for its command line
# and environment on stdin (one JSON line) and runs `mkdocs` with them: started while the generator works, so
# the imports (≈0.3 s a process) overlap with it on the other core. End of input: it exits without building.
# It dies with the build (PR_SET_PDEATHSIG, Linux): a build killed with -9 leaves no MkDocs writing on into the
# staging folder that the next run removes.
_STARTED_EARLY = """import json, os, sys
try:
    import ctypes, signal
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
except (OSError, AttributeError):
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit(0)
sys.path.insert(0, sys.argv[2])  # the project, for the config's hooks (mkdocs_hooks.py)
from mkdocs.__main__ import cli
import mkdocs.commands.build, mkdocs.config, mkdocs.structure.pages, mkdocs.utils.templates, material
import markdown, markdown.extensions.attr_list, markdown.extensions.md_in_html, markdown.extensions.tables
import markdown.extensions.toc
line = sys.stdin.readline()
if not line:
    sys.exit(0)
order = json.loads(line)
os.environ.clear()
os.environ.update(order["env"])
sys.argv = ["mkdocs", *order["argv"]]
try:
    cli()
except OSError as e:
    fields = {"errno": e.errno, "strerror": e.strerror, "filename": e.filename, "filename2": e.filename2}
    sys.stderr.write("\\n" + MARK + json.dumps(fields, default=str) + "\\n")
    sys.exit(STATUS)
""".replace("MARK", repr(OS_ERROR_MARK)).replace("STATUS", str(OS_ERROR_STATUS))
_STARTED: list[subprocess.Popen] = []


def _start(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _STARTED_EARLY, str(os.getpid()), str(PROJECT)], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@contextlib.contextmanager
def started_early(mkdocs_yml: Path) -> Iterator[None]:
    """One waiting MkDocs process per edition of mkdocs_yml, for run_mkdocs to use; those unused end on leaving."""
    try:
        count = len((read_config(mkdocs_yml).get("extra") or {}).get("editions") or [])
    except Exception:  # a broken config is reported by the build itself, with its own message
        count = 0
    procs = [_start(dict(os.environ, NO_MKDOCS_2_WARNING="1")) for _ in range(count)]
    with _RUNNING_LOCK:
        _STARTED.extend(procs)
    try:
        yield
    finally:
        with interrupt.deferred():  # each one waited for: none is left behind
            with _RUNNING_LOCK:
                unused = [p for p in procs if p in _STARTED]
                _STARTED[:] = [p for p in _STARTED if p not in unused]
            for proc in unused:
                proc.communicate("")  # end of input: it exits


def _stop_running(stop: threading.Event) -> None:
    with interrupt.deferred():  # every run stopped and waited for before the staging folder is removed
        with _RUNNING_LOCK:
            stop.set()
            running = list(_RUNNING)
        for proc in running:
            proc.terminate()
        for proc in running:
            proc.wait()


# Material's own search (lunr and its worker, 1.2 MB per edition): the site searches with its own client
# (build_scripts/search/client.py) and never starts Material's worker (no data-md-component="search" on any page).
MATERIAL_SEARCH_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")
# Material's source maps (bundle.*.min.js.map and the stylesheets', 1.1 MB an edition, a third of the offline zip) serve
# whoever debugs Material's own minified code, no reader. The bundle's last line still names its map: a browser reads
# that only with its developer tools open, and no page requests it (tests/test_requests.py fails on a failed request).
SOURCE_MAPS = "assets/**/*.map"


def config_texts(settings: Settings, site: Site) -> dict[str, str]:
    """Each edition's MkDocs config file (lang → YAML text), to be written as paths.work/mkdocs.<lang>.yml."""
    return {o.edition.lang: "# generated by build_scripts: do not edit\n"
            + yaml.safe_dump(edition_config(settings, o), allow_unicode=True, sort_keys=False)
            for o in site.editions}


def config_path(settings: Settings, lang: str) -> Path:
    return settings.paths.work / f"mkdocs.{lang}.yml"


def write_configs(settings: Settings, texts: dict[str, str]) -> None:
    """Each edition's config (config_texts) written under paths.work (a file left as it is when its text is
    unchanged: MkDocs's dirty build compares times)."""
    settings.paths.work.mkdir(parents=True, exist_ok=True)
    for lang, text in texts.items():
        path = config_path(settings, lang)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def run_in_parallel(run: Callable[[J], None], jobs: Iterable[J]) -> None:
    """run(job) for every job, as many at once as there are cores (each job is an MkDocs subprocess, so threads
    suffice); every job finishes before the first failure is raised."""
    todo = list(jobs)
    with ThreadPoolExecutor(max_workers=max(1, min(len(todo), os.cpu_count() or 1))) as pool:
        futures = [pool.submit(run, job) for job in todo]
    for future in futures:
        future.result()


def build_editions(settings: Settings, site: Site, out: Path, epoch: str, quiet: bool, progress: Progress) -> None:
    """Every edition of the Site, its docs already written under paths.docs/<lang> and its config under paths.work
    (write_configs), built into out/<lang>/ at once."""
    jobs = [(config_path(settings, o.edition.lang), out / o.edition.lang) for o in site.editions]
    stop = threading.Event()
    try:
        run_in_parallel(lambda job: run_mkdocs(job[0], job[1], epoch, quiet, stop), jobs)
    except BaseException:  # Ctrl-C, SIGTERM, or one edition failed: the other MkDocs runs stop too
        _stop_running(stop)
        raise
    for o in site.editions:
        drop_unused_assets(out / o.edition.lang)
        compact_edition(out / o.edition.lang)
    html = {o.edition.lang: sum(1 for _ in (out / o.edition.lang).rglob("*.html")) for o in site.editions}
    progress("mkdocs", ", ".join(f"{lang} {n} HTML pages" for lang, n in html.items()))


def drop_unused_assets(edition_out: Path) -> None:
    """What Material copies into every site that this one never uses: its search engine, its source maps."""
    for unused in MATERIAL_SEARCH_ASSETS:  # Material copies its search engine whether or not search is on
        shutil.rmtree(edition_out / unused, ignore_errors=True)
    for source_map in edition_out.glob(SOURCE_MAPS):
        source_map.unlink()


DIRTY_NOTICE = "A 'dirty' build is being performed"  # MkDocs warns on every dirty build: expected in the preview


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.getMessage().startswith(DIRTY_NOTICE):
            self.messages.append(f"{record.levelname}: {record.getMessage()}")


def build_in_process(config_path: Path, out_dir: Path, dirty: bool, epoch: str) -> None:
    """One edition built by MkDocs in this process, for the live preview's warm worker (build_scripts/cli/preview.py).

    dirty=True is MkDocs's own `--dirty`: only pages whose Markdown is newer than their HTML are rendered again,
    theme files newer than their copy copied again; navigation and every other page are left as they were, so
    the caller asks for it only when the config (navigation included) and the set of pages are unchanged. Any
    warning but MkDocs's notice that the build is dirty fails the build, as --strict does. epoch is put into this
    process's environment as SOURCE_DATE_EPOCH, where MkDocs reads the sitemap dates (a build's MkDocs
    subprocesses are given it the same way: run_mkdocs).
    """
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # as the build's MkDocs processes are started (run_mkdocs)
    logger = logging.getLogger("mkdocs")
    caught = _Warnings()
    logger.addHandler(caught)
    try:
        config = load_config(config_file=str(config_path), site_dir=str(out_dir), strict=False)
        build_site(config, dirty=dirty)
    except Exception as e:  # MkDocs's Abort, a template error, a Markdown extension's error: all fail the build
        raise BuildError(f"mkdocs build failed for {config_path.name}: {e}\n" + "\n".join(caught.messages)) from e
    finally:
        logger.removeHandler(caught)
    if caught.messages:
        raise BuildError(f"mkdocs build --strict failed for {config_path.name}:\n" + "\n".join(caught.messages))
    drop_unused_assets(out_dir)
    compact_edition(out_dir)


def place_404_pages(staging: Path, langs: list[str], site_url: str) -> None:
    """MkDocs links a 404 page from the site root, so it is right only when it knows the published address.

    With a site_url (SITE_URL: the Pages build) every edition keeps its 404 page and the first
    one is also served at /404.html, which is the page GitHub Pages shows for any
    missing path. Without it the pages' links would point at /assets/… and
    /topics/… instead of /zh-Hans/…; a local build has no server that would show
    them, so they are left out rather than published broken.
    """
    if site_url:
        base = urlsplit(site_url).path.rstrip("/") + "/"
        html = (staging / langs[0] / "404.html").read_text(encoding="utf-8")
        # GitHub Pages shows this one page for every missing path: send a reader lost under another
        # edition's prefix to that edition's own 404 page.
        jump = "".join(f"if(p.indexOf({escape.js_string(f'{base}{lang}/')})===0)"
                       f"location.replace({escape.js_string(f'{base}{lang}/404.html')});" for lang in langs[1:])
        html = html.replace("</head>", f"<script>(function(){{var p=location.pathname;{jump}}})();</script>\n</head>", 1)
        (staging / "404.html").write_text(html, encoding="utf-8")
        return
    for lang in langs:
        (staging / lang / "404.html").unlink()


class MkDocs(Engine):
    """MkDocs with Material: each edition one `mkdocs build --strict` of its own config."""

    def theme_texts(self) -> dict[str, str]:
        return theme_texts()

    @contextlib.contextmanager
    def started(self, settings: Settings) -> Iterator[None]:
        with started_early(settings.paths.mkdocs_yml):
            yield

    def prepare(self, settings: Settings, site: Site) -> dict[str, str]:
        texts = config_texts(settings, site)
        write_configs(settings, texts)
        return texts

    def write(self, settings: Settings, site: Site, out: Path, epoch: str, quiet: bool, progress: Progress) -> None:
        build_editions(settings, site, out, epoch, quiet, progress)

    def write_edition(self, settings: Settings, lang: str, out: Path, epoch: str, incremental: bool) -> None:
        build_in_process(config_path(settings, lang), out, incremental, epoch)

    def finish(self, site: Site, out: Path, site_url: str) -> None:
        place_404_pages(out, [o.edition.lang for o in site.editions], site_url)
