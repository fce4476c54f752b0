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
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.meta
import material
import yaml
from mkdocs.commands.build import build as build_site
from mkdocs.config import load_config

from .. import cache
from ..errors import BuildError
from ..publish.compact import compact_edition
from ..read.siteconfig import CJK, read_config
from ..render import warm
from ..render.feed import FEED_NAME
from ..render.nav import NOT_IN_NAV
from ..settings import Settings
from ..site import EditionOutput, Site
from ..text import escape
from .base import Engine, Progress, write_editions

HOOKS = Path(__file__).with_name("mkdocs_hooks.py")  # named in every edition's config (edition_config)
ENTRY_TEMPLATES = ("main.html", "404.html", "sitemap.xml")  # what MkDocs renders: every page, the 404 page, the sitemap


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


def build_in_process(config_path: Path, out_dir: Path, dirty: bool, epoch: str, quiet: bool = True) -> None:
    """One edition built by MkDocs in this process: `mkdocs build --strict` of the edition's config, without the
    command line's process (engines/base.write_editions runs every edition at once, the others in forked copies).

    dirty=True is MkDocs's own `--dirty`: only pages whose Markdown is newer than their HTML are rendered again,
    theme files newer than their copy copied again; navigation and every other page are left as they were, so
    the caller (the live preview) asks for it only when the config (navigation included) and the set of pages
    are unchanged. Any warning but MkDocs's notice that the build is dirty fails the build, as --strict does; an
    OSError (the disk full, a folder not writable) is raised as it is. epoch is SOURCE_DATE_EPOCH while MkDocs
    runs, where it reads the sitemap dates. quiet=False prints MkDocs's log on stderr too (`build --verbose`).
    """
    logger = logging.getLogger("mkdocs")
    caught = _Warnings()
    shown = logging.StreamHandler(sys.stderr)
    shown.setFormatter(logging.Formatter(f"{config_path.stem}: %(levelname)-7s -  %(message)s"))
    handlers = [caught] if quiet else [caught, shown]
    level = logger.level
    if not quiet:
        logger.setLevel(logging.INFO)  # as MkDocs's command line does
    for handler in handlers:
        logger.addHandler(handler)  # the only handlers on MkDocs's loggers: nothing printed unless asked
    try:
        with _environment(SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1"):
            config = load_config(config_file=str(config_path), site_dir=str(out_dir), strict=False)
            build_site(config, dirty=dirty)
    except OSError:
        raise
    except Exception as e:  # MkDocs's Abort, a template error, a Markdown extension's error: all fail the build
        raise BuildError(f"mkdocs build failed for {config_path.name}: {e}\n" + "\n".join(caught.messages)) from e
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
        logger.setLevel(level)
    if caught.messages:
        raise BuildError(f"mkdocs build --strict failed for {config_path.name}:\n" + "\n".join(caught.messages))
    drop_unused_assets(out_dir)
    compact_edition(out_dir)


def compile_theme(config_path: Path) -> list[str]:
    """Compile, into render/warm.THEME, the theme's templates MkDocs will render and every template they extend,
    include or import by name; return their names. Called before the editions' builds fork (write_editions), so
    the copies find them compiled: each would otherwise compile the same ones again (≈0.2 s of CPU an edition
    when the disk cache is empty). A template named by a variable is compiled where it is used, as before; one
    this Environment cannot compile is left to the build, which reports it as MkDocs does."""
    with _environment(NO_MKDOCS_2_WARNING="1"):
        config = load_config(config_file=str(config_path), strict=False)
    env = config.theme.get_env()
    env.bytecode_cache = warm.THEME  # as mkdocs_hooks.on_env sets it in the build's own Environment
    done: list[str] = []
    todo = list(ENTRY_TEMPLATES)
    while todo:
        name = todo.pop(0)
        if name in done:
            continue
        try:
            env.get_template(name)
            source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]  # a theme's env has a loader
        except jinja2.TemplateError:
            continue
        done.append(name)
        todo += cache.memo("jinja.references", [source], functools.partial(_references, env, source), list, list)
    return done


def _references(env: jinja2.Environment, source: str) -> list[str]:
    """The templates a template's source names in extends, include and import (parsing it again: kept on disk)."""
    return [n for n in jinja2.meta.find_referenced_templates(env.parse(source)) if n]


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """These variables set while MkDocs runs, as they were after (a build in a test's process leaves none behind)."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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

    def prepare(self, settings: Settings, site: Site) -> dict[str, str]:
        texts = config_texts(settings, site)
        write_configs(settings, texts)
        return texts

    def write(self, settings: Settings, site: Site, out: Path, epoch: str, quiet: bool, progress: Progress) -> None:
        langs = [o.edition.lang for o in site.editions]
        if len(langs) > 1:
            compile_theme(config_path(settings, langs[0]))
        write_editions(self, [(settings, lang, out / lang, epoch, False, quiet) for lang in langs])
        progress("mkdocs", ", ".join(f"{lang} {sum(1 for _ in (out / lang).rglob('*.html'))} HTML pages" for lang in langs))

    def write_edition(self, settings: Settings, lang: str, out: Path, epoch: str, incremental: bool,
                      quiet: bool = True) -> None:
        build_in_process(config_path(settings, lang), out, incremental, epoch, quiet)

    def finish(self, site: Site, out: Path, site_url: str) -> None:
        place_404_pages(out, [o.edition.lang for o in site.editions], site_url)
