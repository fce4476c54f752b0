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
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml

from . import provenance as prov
from .aliases import load_aliases
from .convert import TO_SIMPLIFIED, Convert, converter, edition_statement, identity
from .downloads import clauses_csv, clauses_json, human_size, statement_html
from .errors import BuildError
from .feed import FEED_NAME, atom
from .hreflang import sitemap_files
from .link import Ref, link
from .model import Corpus, Statement
from .nav import NOT_IN_NAV, edition_nav
from .offline import ZIP_SIZE_SLOT, fill_slot, offline_zip, run_in_parallel
from .output import check_site_dir, private_dir, publish, staging_dir
from .render import Edition as EditionView
from .render import Page, compare_slug, download_pages, environment, pages
from .script import SIMPLIFIED
from .search import search_files, ui_strings
from .siteconfig import Edition, SiteConfig, _Loader, load_site_config
from .sources import read_source
from .theme_strings import theme_strings
from .ui_words import ui_words
from .write import write_generated

ZIP_NAME = "offline-site.zip"
OG_LOCALES = {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW", "zh-HK": "zh_HK"}  # Open Graph wants language_TERRITORY
CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff]")
EPOCH_RANGE = (0, 2**32 - 1)  # what MkDocs's gzip sitemap can stamp (struct "<L"): 1970 to 2106
Progress = Callable[[str, str], None]  # (stage, what it produced), called as each stage ends; the CLI times them


def no_progress(stage: str, summary: str) -> None:
    """The default: library callers and tests print nothing."""


@dataclass(frozen=True)
class Paths:
    mkdocs_yml: Path  # the base config; theme overrides are found relative to it
    source: Path  # raw statements and manifest.toml
    site: Path  # the built site, replaced whole on success
    docs: Path  # generated Markdown, one folder per edition (build() uses a private one of its own)
    work: Path  # per-edition MkDocs configs, OpenCC configs (build() uses a private one of its own)

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


ConvertFor = Callable[[Edition], Convert]  # an edition → the function that converts text into its script


def opencc_converters(work: Path) -> ConvertFor:
    """The build's conversion: each edition's OpenCC config behind the project's phrases (configs written in work)."""
    return lambda edition: converter(edition.opencc, work)


def generate(paths: Paths, progress: Progress = no_progress, convert_for: ConvertFor | None = None,
             ) -> tuple[Corpus, SiteConfig, list[Statement], list[EditionOutput]]:
    """Parse, link, convert and render every edition in memory.

    convert_for gives each edition its converter (default: opencc_converters); the
    conversion audit passes one that records every string the build converts.
    """
    convert_for = convert_for or opencc_converters(paths.work / "opencc")
    corpus, statements, topics, params = read_source(paths.source)  # every input's errors in one report
    progress("parse", f"{len(statements)} statements, {sum(len(s.clauses) for s in statements)} clauses")
    to_simplified = converter(TO_SIMPLIFIED, paths.work / "opencc")
    # on the Simplified text (as received, or derived from Traditional), so every edition links alike
    simplified = [edition_statement(s, SIMPLIFIED, identity, to_simplified) for s in statements]
    linking = link(simplified, topics, params)
    load_aliases(paths.source)  # checked here, so `check` reports a bad alias before anything is written
    progress("link", f"{sum(map(len, linking.links.values()))} see-also links, {len(topics)} topics")
    site = load_site_config(paths.mkdocs_yml)
    origins = prov.corpus_provenance(paths.source, statements)
    outputs = []
    for edition in site.editions:
        convert = convert_for(edition)
        view = EditionView(
            statements=[edition_statement(s, edition.lang, convert, to_simplified) for s in statements],
            topics=tuple(dataclasses.replace(t, name=convert(t.name), terms=tuple(map(convert, t.terms))) for t in topics),
            linking=linking,
            parties=tuple(convert(p) for p in corpus.parties),
            site_name=convert(site.site_name),
            site_description=ui_words(edition.lang)(convert(site.site_description)),
            convert=convert,
            lang=edition.lang, source=simplified, base_url=prov.site_url(),
            provenance={k: prov.converted(v, convert) for k, v in origins.items()},
        )
        env = environment(convert, [(e.lang, e.name) for e in site.editions], edition.lang, ui_words(edition.lang))
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


def edition_config(paths: Paths, site: SiteConfig, out: EditionOutput, outputs: list[EditionOutput]) -> dict:
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
    words = ui_words(lang)  # the interface's own words in the edition's usage (數據 → 資料): section titles only
    config["nav"] = [{words(k): v for k, v in item.items()} for item in edition_nav(out.statements, convert)]
    if "site_description" in config:
        config["site_description"] = words(config["site_description"])
    config["not_in_nav"] = NOT_IN_NAV
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
    config["extra"]["search_ui"] = ui_strings(lambda text: words(convert(text)))
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
                "source_script": s.script,
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
    epoch = min(max(calendar.timegm(latest.timetuple()), EPOCH_RANGE[0]), EPOCH_RANGE[1])  # a 1950s corpus stamps 1970
    return os.environ.get("SOURCE_DATE_EPOCH") or str(epoch)


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


def _build_editions(paths: Paths, site: SiteConfig, outputs: list[EditionOutput], out: Path, downloads: dict,
                    epoch: str, quiet: bool, progress: Progress = no_progress) -> None:
    """Write every edition's Markdown and build it with MkDocs into out/<lang>/, the editions in parallel."""
    files = {f"{o.edition.lang}/{p.path}": p.content for o in outputs for p in o.pages}
    editions = {o.edition.lang: o.statements for o in outputs}
    for o in outputs:
        lang = o.edition.lang
        files.update({f"{lang}/{p.path}": p.content for p in download_pages(o.view, o.env, lang, **downloads)})
    # The search index of every edition, cut from the source text, as files MkDocs copies (search.py)
    files.update(search_files(editions, {o.edition.lang: o.convert for o in outputs}, load_aliases(paths.source)))
    write_generated(paths.docs, files)
    progress("write", f"{len(files)} files in {paths.docs}")
    paths.work.mkdir(parents=True, exist_ok=True)
    jobs: list[tuple[Path, Path]] = []
    for o in outputs:
        name = f"mkdocs.{o.edition.lang}.yml"
        config = edition_config(paths, site, o, outputs)
        (paths.work / name).write_text("# generated by build_scripts: do not edit\n"
                                       + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        jobs.append((paths.work / name, out / o.edition.lang))
    run_in_parallel(lambda job: run_mkdocs(job[0], job[1], epoch, quiet), jobs)
    html = {o.edition.lang: sum(1 for _ in (out / o.edition.lang).rglob("*.html")) for o in outputs}
    progress("mkdocs", ", ".join(f"{lang} {n} HTML pages" for lang, n in html.items()))


def _write_files(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)


def build(paths: Paths, quiet: bool = False, progress: Progress = no_progress, offline_zip: bool = True) -> list[dict]:
    """Both editions, the offline zip and the data, built aside and swapped into paths.site at the end.

    The site directory is checked first (output.py: only a site this generator made, or an empty or missing
    folder, is replaced). docs/ and the MkDocs configs go to a private directory of this build alone, so two
    builds never mix and a killed one leaves nothing the next must clean. offline_zip=False (the live preview)
    skips the offline package: the downloads page then has no zip.
    """
    repo = paths.mkdocs_yml.parent
    check_site_dir(paths.site, paths.source, repo)
    with private_dir() as private, staging_dir(paths.site) as staging:
        paths = dataclasses.replace(paths, docs=private / "docs", work=private / "work")
        records = _build_into(paths, staging, quiet, progress, offline_zip)
        publish(staging, paths.site, paths.source, repo)
    progress("publish", f"{len(records)} clauses, {paths.site}")
    return records


def _build_into(paths: Paths, staging: Path, quiet: bool, progress: Progress, offline_zip: bool) -> list[dict]:
    _, site, statements, outputs = generate(paths, progress)
    records = clause_records(statements, outputs)
    prov.add_to_records(records, outputs[0].view.provenance)
    extras = _extras(records, outputs)
    sizes = {rel: human_size(len(data)) for rel, data in extras.items()}
    example = next((r for r in records if r["see_also"]), records[0])  # a lone statement has no see-also
    epoch = _source_date_epoch(statements)
    downloads = {"sizes": sizes, "zip_name": ZIP_NAME, "zip_size": ZIP_SIZE_SLOT, "example": example}
    _build_editions(paths, site, outputs, staging, downloads, epoch, quiet, progress)
    archive = _offline_package(site, outputs, staging, extras, epoch, progress) if offline_zip else b""
    for o in outputs:
        fill_slot(staging / o.edition.lang, {ZIP_SIZE_SLOT: human_size(len(archive)) if archive else "—"})
    zipped = {f"downloads/{ZIP_NAME}": archive} if archive else {}
    _write_files(staging, {**extras, **zipped, "index.html": _root_index(site, outputs, offline=False).encode("utf-8")})
    _place_404_pages(staging, [o.edition.lang for o in outputs])
    _write_files(staging, sitemap_files(staging, [o.edition.lang for o in outputs], os.environ.get("SITE_URL")))
    return records


def _offline_package(site: SiteConfig, outputs: list[EditionOutput], staging: Path, extras: dict[str, bytes],
                     epoch: str, progress: Progress) -> bytes:
    """The offline zip, derived from the published build in staging (build_scripts.offline)."""
    files = {**extras, "index.html": _root_index(site, outputs, offline=True).encode("utf-8")}
    fill = {o.edition.lang: {ZIP_SIZE_SLOT: o.convert("本文件")} for o in outputs}  # the zip's own downloads page
    archive = offline_zip(staging, [o.edition.lang for o in outputs], files, int(epoch), fill)
    progress("zip", f"{ZIP_NAME}, {human_size(len(archive))}")
    return archive


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
