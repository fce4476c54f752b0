"""The pipeline: source/ → statements → editions → docs/ Markdown → MkDocs → site/.

Everything is gathered and checked before anything is written; the site is
built into a temporary directory and swapped in only when every edition built,
so a failed build leaves the previous site/ as it was.
"""

from __future__ import annotations

import calendar
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml

from . import provenance as prov
from .convert import Convert, convert_statement, converter
from .downloads import clauses_csv, clauses_json, human_size, statement_html
from .errors import BuildError
from .feed import FEED_NAME, atom
from .link import Ref, link, load_topics
from .model import Corpus, Statement
from .offline import zip_tree
from .parse import parse_corpus
from .render import Edition as EditionView
from .render import Page, compare_slug, download_pages, environment, pages
from .search import query_map, query_script, recut_site_indexes
from .siteconfig import Edition, SiteConfig, _Loader, load_site_config
from .theme_strings import theme_strings
from .ui_words import ui_words
from .write import write_generated

QUERY_MAP = "assets/javascripts/query-map.js"  # written per edition after MkDocs builds it; mkdocs.yml loads it
IFRAME_WORKER = "assets/javascripts/iframe-worker-shim.js"  # the offline edition's search worker polyfill
ZIP_NAME = "offline-site.zip"
OG_LOCALES = {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW", "zh-HK": "zh_HK"}  # Open Graph wants language_TERRITORY
CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff]")
Progress = Callable[[str, str], None]  # (stage, what it produced), called as each stage ends; the CLI times them


def no_progress(stage: str, summary: str) -> None:
    """The default: library callers and tests print nothing."""


@dataclass(frozen=True)
class Paths:
    mkdocs_yml: Path  # the base config; theme overrides are found relative to it
    source: Path  # raw statements and manifest.toml
    site: Path  # the built site, replaced whole on success
    docs: Path  # generated Markdown, one folder per edition
    work: Path  # per-edition MkDocs configs, OpenCC configs, staging

    @classmethod
    def at(cls, root: Path, source: Path | None = None, site: Path | None = None) -> Paths:
        return cls(root / "mkdocs.yml", source or root / "source", site or root / "site", root / "docs", root / "build")


@dataclass(frozen=True)
class EditionOutput:
    edition: Edition
    convert: Convert
    view: EditionView
    pages: list[Page]
    env: jinja2.Environment

    @property
    def statements(self) -> list[Statement]:
        return self.view.statements


def generate(paths: Paths, progress: Progress = no_progress) -> tuple[Corpus, SiteConfig, list[Statement], list[EditionOutput]]:
    """Parse, link, convert and render every edition in memory."""
    corpus, statements = parse_corpus(paths.source)
    progress("parse", f"{len(statements)} statements, {sum(len(s.clauses) for s in statements)} clauses")
    topics, params = load_topics(paths.source / "topics.toml")
    linking = link(statements, topics, params)  # on the source text, so every edition links alike
    progress("link", f"{sum(map(len, linking.links.values()))} see-also links, {len(topics)} topics")
    site = load_site_config(paths.mkdocs_yml)
    origins = prov.corpus_provenance(paths.source, statements)
    outputs = []
    for edition in site.editions:
        convert = converter(edition.opencc, paths.work / "opencc")
        view = EditionView(
            statements=[convert_statement(s, convert) for s in statements],
            topics=tuple(dataclasses.replace(t, name=convert(t.name), terms=tuple(map(convert, t.terms))) for t in topics),
            linking=linking,
            parties=tuple(convert(p) for p in corpus.parties),
            site_name=convert(site.site_name),
            site_description=ui_words(edition.lang)(convert(site.site_description)),
            convert=convert,
            lang=edition.lang, source=statements, base_url=prov.site_url(),
            provenance={k: prov.converted(v, convert) for k, v in origins.items()},
        )
        env = environment(convert, ui_words(edition.lang))
        outputs.append(EditionOutput(edition, convert, view, pages(view, env), env))
        progress(f"render {edition.lang}", f"{len(outputs[-1].pages)} pages")
    return corpus, site, statements, outputs


def _convert_tree(node: object, convert: Convert) -> object:
    if isinstance(node, str):
        return convert(node) if CJK.search(node) else node
    if isinstance(node, list):
        return [_convert_tree(v, convert) for v in node]
    if isinstance(node, dict):
        return {k: _convert_tree(v, convert) for k, v in node.items()}
    return node


def edition_config(paths: Paths, site: SiteConfig, out: EditionOutput, outputs: list[EditionOutput],
                   offline: bool = False) -> dict:
    """The edition's MkDocs config: INHERITs mkdocs.yml, converting every string a reader can see."""
    base = yaml.load(paths.mkdocs_yml.read_text(encoding="utf-8-sig"), Loader=_Loader)
    lang, convert = out.edition.lang, out.convert
    config: dict = {"INHERIT": os.path.relpath(paths.mkdocs_yml, paths.work)}
    for key, value in base.items():
        if key not in ("extra", "INHERIT") and CJK.search(json.dumps(value, ensure_ascii=False, default=str)):
            config[key] = _convert_tree(value, convert)
    if os.environ.get("SITE_URL"):  # the published address (the Pages workflow sets it): canonical URLs, 404 page
        config["site_url"] = f"{os.environ['SITE_URL'].rstrip('/')}/{lang}/"
    config["docs_dir"] = os.path.relpath(paths.docs / lang, paths.work)
    config["site_dir"] = os.path.relpath(paths.site / lang, paths.work)
    theme = config.setdefault("theme", dict(base.get("theme") or {}))
    theme["language"] = lang
    if "custom_dir" in theme:  # relative to the config file, which now lives in build/
        theme["custom_dir"] = os.path.relpath(paths.mkdocs_yml.parent / theme["custom_dir"], paths.work)
    statements = [{f"{s.slug} {s.place}": f"statements/{s.slug}.md"} for s in out.statements]
    topics = ["topics/index.md"] + [{t.name: f"topics/{t.slug}.md"} for t in out.view.topics]
    config["nav"] = [{convert("首页"): "index.md"}, {convert("联合声明"): statements}, {convert("时间线"): "timeline.md"},
                     {convert("话题"): topics}, {convert("如何引用"): "cite.md"}]
    config["nav"] += [{convert("下载"): "downloads/index.md"}, {convert("数据说明"): "data/index.md"}]
    words = ui_words(lang)  # the interface's own words in the edition's usage (數據 → 資料): section titles only
    config["nav"] = [{words(k): v for k, v in item.items()} for item in config["nav"]]
    if "site_description" in config:
        config["site_description"] = words(config["site_description"])
    config["not_in_nav"] = "/compare/\n"  # reached from the see-also links, too many for the navigation
    if offline:  # readable from file://: .html links, the search index inlined, the worker polyfill vendored
        config["plugins"] = [*(base.get("plugins") or []), "offline"]
        config.pop("site_url", None)
    config["extra"] = {
        "edition": lang,
        "og_locale": OG_LOCALES.get(lang, lang.replace("-", "_")),
        "ui": {"switch_label": convert("版本")},
        "edition_names": {o.edition.lang: convert(o.edition.name) for o in outputs},
        "theme_strings": theme_strings(lang, convert),
        "footer": prov.footer(out.statements, lambda text: ui_words(lang)(convert(text))),
        "feed": FEED_NAME,
        "published": prov.site_url(),  # absolute alternates and copied links, even from the offline zip
    }
    if offline:
        config["extra"]["polyfills"] = [IFRAME_WORKER]
    return config


def clause_records(statements: list[Statement], outputs: list[EditionOutput]) -> list[dict]:
    """site/data/clauses.json: one object per clause, text and label in every edition."""
    records = []
    for i, s in enumerate(statements):
        for j, clause in enumerate(s.clauses):
            per = {o.edition.lang: o.statements[i].clauses[j] for o in outputs}
            records.append({
                "statement": s.slug,
                "anchor": clause.anchor,
                "label": {lang: c.label for lang, c in per.items()},
                "text": {lang: c.text for lang, c in per.items()},
                "url": {lang: f"{lang}/statements/{s.slug}/#{clause.anchor}" for lang in per},
                "see_also": [_see_also_record(Ref(s.slug, clause.anchor), link, outputs)
                             for link in outputs[0].view.linking.links.get(Ref(s.slug, clause.anchor), ())],
            })
    return records


def _see_also_record(ref: Ref, link, outputs: list[EditionOutput]) -> dict:
    compare = compare_slug(ref, link.target) if link.compare else None
    return {
        "statement": link.target.statement,
        "anchor": link.target.anchor,
        "similarity": link.score,
        "topics": list(link.topics),
        "compare": {o.edition.lang: f"{o.edition.lang}/compare/{compare}/" for o in outputs} if compare else None,
    }


def _root_index(site: SiteConfig, outputs: list[EditionOutput], offline: bool) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
                             undefined=jinja2.StrictUndefined, autoescape=True, keep_trailing_newline=True)
    editions = [{"lang": o.edition.lang, "name": o.edition.name, "title": o.convert(site.site_name)} for o in outputs]
    return env.get_template("root.html.j2").render(editions=editions, index="index.html" if offline else "")


def _source_date_epoch(statements: list[Statement]) -> str:
    """Dates MkDocs stamps into the sitemap come from the source, never the clock."""
    latest = max(s.date for s in statements)
    return os.environ.get("SOURCE_DATE_EPOCH") or str(calendar.timegm(latest.timetuple()))


def run_mkdocs(config_path: Path, out_dir: Path, epoch: str, quiet: bool) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_path), "-d", str(out_dir)]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"mkdocs build --strict failed for {config_path.name}:\n{result.stdout}{result.stderr}")
    if not quiet:
        sys.stderr.write(result.stderr)


def _extras(records: list[dict], outputs: list[EditionOutput]) -> dict[str, bytes]:
    """Files beside the editions: the clause data and one standalone HTML file per statement and edition."""
    langs = [o.edition.lang for o in outputs]
    files = {"data/clauses.json": clauses_json(records), "data/clauses.csv": clauses_csv(records, langs)}
    for o in outputs:
        for s in o.statements:
            files[f"downloads/{o.edition.lang}/{s.slug}.html"] = statement_html(
                s, o.edition.lang, o.view.parties, o.view.site_name, o.env, o.view)
        files[f"{o.edition.lang}/{FEED_NAME}"] = atom(o.statements, o.view.provenance, o.edition.lang, o.view.site_name,
                                                      {s.slug: o.view.description(s) for s in o.statements}, prov.site_url())
    return files


def _iframe_worker_shim(paths: Paths) -> str:
    """The polyfill that lets search run from file://, vendored from the pinned npm package (never a CDN)."""
    shim = paths.mkdocs_yml.parent / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if not shim.exists():
        raise BuildError(f"{shim} is missing: run `npm ci` (make site does) to install the pinned iframe-worker")
    return shim.read_text(encoding="utf-8")


def _build_editions(paths: Paths, site: SiteConfig, outputs: list[EditionOutput], out: Path, offline: bool,
                    downloads: dict, epoch: str, quiet: bool, progress: Progress = no_progress) -> None:
    """Write every edition's Markdown and build it with MkDocs into out/<lang>/."""
    files = {f"{o.edition.lang}/{p.path}": p.content for o in outputs for p in o.pages}
    editions = {o.edition.lang: o.statements for o in outputs}
    shim = _iframe_worker_shim(paths)
    for o in outputs:
        lang = o.edition.lang
        files[f"{lang}/{IFRAME_WORKER}"] = shim
        files.update({f"{lang}/{p.path}": p.content for p in download_pages(o.view, o.env, lang, **downloads)})
    write_generated(paths.docs, files)
    progress("write", f"{len(files)} files in {paths.docs}")
    paths.work.mkdir(parents=True, exist_ok=True)
    for o in outputs:
        name = f"mkdocs.{o.edition.lang}{'.offline' if offline else ''}.yml"
        config = edition_config(paths, site, o, outputs, offline)
        (paths.work / name).write_text("# generated by build_scripts: do not edit\n"
                                       + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        run_mkdocs(paths.work / name, out / o.edition.lang, epoch, quiet)
        html = sum(1 for _ in (out / o.edition.lang).rglob("*.html"))
        progress(f"mkdocs {o.edition.lang}{' offline' if offline else ''}", f"{html} HTML pages in {out / o.edition.lang}")
    # The index's word cuts come from the source text, in every edition; then each edition's query helper.
    vocab = recut_site_indexes(out / outputs[0].edition.lang, [out / o.edition.lang for o in outputs[1:]])
    for o in outputs:
        script = query_script(query_map(outputs[0].statements, editions, o.edition.lang), vocab[out / o.edition.lang])
        (out / o.edition.lang / QUERY_MAP).write_text(script, encoding="utf-8")
    progress(f"search{' offline' if offline else ''}", f"{len(outputs)} indexes cut like the source text")


def _write_files(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)


def build(paths: Paths, quiet: bool = False, progress: Progress = no_progress, offline_zip: bool = True) -> list[dict]:
    """Both editions, the offline zip and the data, built aside and swapped into paths.site at the end.

    offline_zip=False (the live preview) skips the offline pass: the downloads page then has no zip.
    """
    _, site, statements, outputs = generate(paths, progress)
    records = clause_records(statements, outputs)
    prov.add_to_records(records, outputs[0].view.provenance)
    extras = _extras(records, outputs)
    sizes = {rel: human_size(len(data)) for rel, data in extras.items()}
    example = next(r for r in records if r["see_also"])
    epoch = _source_date_epoch(statements)
    offline = paths.work / "offline"
    shutil.rmtree(offline, ignore_errors=True)
    downloads = {"sizes": sizes, "zip_name": ZIP_NAME, "zip_size": "", "example": example}
    archive = b""
    if offline_zip:
        _build_editions(paths, site, outputs, offline, True, downloads, epoch, quiet, progress)
        _write_files(offline, {**extras, "index.html": _root_index(site, outputs, offline=True).encode("utf-8")})
        archive = zip_tree(offline, int(epoch))
        progress("zip", f"{ZIP_NAME}, {human_size(len(archive))}")
    staging = paths.site.with_name(paths.site.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        downloads["zip_size"] = human_size(len(archive)) if archive else "—"
        _build_editions(paths, site, outputs, staging, False, downloads, epoch, quiet, progress)
        zipped = {f"downloads/{ZIP_NAME}": archive} if archive else {}
        _write_files(staging, {**extras, **zipped, "index.html": _root_index(site, outputs, offline=False).encode("utf-8")})
        _place_404_pages(staging, [o.edition.lang for o in outputs])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # the published site/ was never touched
        raise
    _swap(staging, paths.site)
    progress("publish", f"{len(records)} clauses, {paths.site}")
    return records


def _place_404_pages(staging: Path, langs: list[str]) -> None:
    """MkDocs links a 404 page from the site root, so it is right only when it knows the published address.

    With SITE_URL (the Pages build) every edition keeps its 404 page and the first
    one is also served at /404.html, which is the page GitHub Pages shows for any
    missing path. Without it the pages' links would point at /assets/… and
    /topics/… instead of /zh-Hans/…; a local build has no server that would show
    them, so they are left out rather than published broken.
    """
    if os.environ.get("SITE_URL"):
        base = urlsplit(os.environ["SITE_URL"]).path.rstrip("/") + "/"
        html = (staging / langs[0] / "404.html").read_text(encoding="utf-8")
        # GitHub Pages shows this one page for every missing path: send a reader lost under another
        # edition's prefix to that edition's own 404 page.
        jump = "".join(f'if(p.indexOf("{base}{lang}/")===0)location.replace("{base}{lang}/404.html");' for lang in langs[1:])
        html = html.replace("</head>", f"<script>(function(){{var p=location.pathname;{jump}}})();</script>\n</head>", 1)
        (staging / "404.html").write_text(html, encoding="utf-8")
        return
    for lang in langs:
        (staging / lang / "404.html").unlink()


def _swap(new: Path, site: Path) -> None:
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)
