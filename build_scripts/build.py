"""The pipeline: source/ → statements → editions → a Site (site.py) → docs/ Markdown → the engine, through its
interface (engines/base.py; engines/mkdocs.py: MkDocs + Material) → site/.

Everything is gathered and checked before anything is written; the site is
built into a temporary directory and swapped in only when every edition built,
so a failed build leaves the previous site/ as it was.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe

from .convert.converter import TO_SIMPLIFIED, converter, edition_statement, identity, into_edition
from .convert.ui_words import ui_words
from .engines import ENGINE
from .link.linker import Linking, link
from .model import Convert, Ref, Statement
from .publish.offline import ZIP_LINK_SLOT, ZIP_SIZE_SLOT, fill_slot, folder_name, offline_zip, zip_link
from .publish.output import Outcome, check_site_dir, private_dir, publish, staging_dir
from .publish.sitemap import sitemap_files
from .publish.write import write_generated
from .read import provenance as prov
from .read.naming import CorpusNames, corpus_names
from .read.siteconfig import Edition
from .read.source import Source, read_inputs
from .render import warm
from .render.downloads import clauses_csv, clauses_json, human_size, statement_html
from .render.feed import FEED_NAME, atom
from .render.interface import interface
from .render.nav import edition_nav
from .render.pages import TEMPLATES, Page, download_pages, environment, pages
from .render.view import EditionView, compare_url
from .search import entities
from .search.aliases import load_aliases
from .search.client import search_files
from .search.names import Name, load_names
from .search.synonyms import load_synonyms
from .settings import Paths, Settings, resolve
from .site import EditionOutput, Nav, Site, ZipCells
from .text import escape, segment
from .text.script import SIMPLIFIED, keep_conversions, release_conversions, stock, text_script

ZIP_NAME = "offline-site.zip"
Progress = Callable[[str, str], None]  # (stage, what it produced), called as each stage ends; the CLI times them


def no_progress(stage: str, summary: str) -> None:
    """The default: library callers and tests print nothing."""


ConvertFor = Callable[[Edition], Convert]  # an edition → the function that converts text into its script


def opencc_converters(work: Path) -> ConvertFor:
    """The build's conversion: each edition's OpenCC config behind the project's phrases (configs written in work)."""
    return lambda edition: converter(edition.opencc, work)


@dataclass(frozen=True)
class Rendered:
    """One edition as the render stage holds it: with its converter, templates and view, which the Site leaves out."""

    edition: Edition
    convert: Convert  # text into this edition's script
    view: EditionView  # what its templates were given: statements, topics, links, all in its script
    env: jinja2.Environment  # its templates (the standalone HTML downloads are rendered with them too)
    pages: tuple[Page, ...]  # its pages but the downloads and data pages, which need every edition's files
    nav: Nav

    @property
    def statements(self) -> list[Statement]:
        return self.view.statements


@dataclass(frozen=True)
class Rendering:
    """What generate() renders before it makes the plain Site: every edition with its machinery, and the search's
    tables. Tests that look into a view (citations, comparisons) take it from here."""

    settings: Settings
    source: Source
    names: CorpusNames
    editions: tuple[Rendered, ...]
    aliases: tuple[tuple[str, ...], ...]
    latin_names: tuple[Name, ...]
    synonyms: tuple[tuple[str, str], ...]


def generate(where: Paths | Settings, progress: Progress = no_progress, convert_for: ConvertFor | None = None,
             report_names: bool = False) -> Site:
    """Parse, link, convert and render every edition in memory: the whole Site, written nowhere yet.

    Bare Paths are completed from the environment (settings.resolve: a wrong SITE_URL, REPO_URL or
    SOURCE_DATE_EPOCH stops the run before any work); the command line resolves its Settings itself.
    convert_for gives each edition its converter (default: opencc_converters); the
    conversion audit passes one that records every string the build converts.
    """
    site = assemble(render(where, progress, convert_for, report_names), progress)
    keep_conversions()  # every text is converted by now: the tables go to the disk cache with this run's results
    return site


def render(where: Paths | Settings, progress: Progress = no_progress, convert_for: ConvertFor | None = None,
           report_names: bool = False) -> Rendering:
    """Read source/ once, link on the Simplified text, and render each edition's pages."""
    settings = resolve(where)
    paths = settings.paths
    convert_for = convert_for or opencc_converters(paths.work / "opencc")
    source = read_inputs(paths.source, paths.mkdocs_yml)  # source/ read once; the statements' errors in one report
    corpus, statements, topics = source.corpus, list(source.statements), source.topics
    progress("parse", f"{len(statements)} statements, {sum(len(s.clauses) for s in statements)} clauses"
             + "".join(f"; {s.source}: {n} lines of the page outside the document dropped (explain lists them)"
                       for s in statements if (n := sum(1 for p in s.pieces if p.kind == "outside"))))
    to_simplified = converter(TO_SIMPLIFIED, paths.work / "opencc")
    # on the Simplified text (as received, or derived from Traditional), so every edition links alike
    simplified = [edition_statement(s, SIMPLIFIED, identity, to_simplified) for s in statements]
    linking = link(simplified, topics, source.params)
    aliases = load_aliases(source.aliases)  # checked here, so `check` reports a bad alias before anything is written
    corpus_text = "\n".join(c.text for s in simplified for c in s.clauses)
    latin_names = load_names(source.names, corpus_text)
    synonyms = load_synonyms(source.synonyms, corpus_text)  # reviewed near-synonyms (search/synonyms.py)
    not_names = entities.load_not_names(source.not_names)  # parsed in every run: a bad line stops `check` too
    # `check` reports names no table covers: jieba's tagger takes 0.2 s here but grows with the corpus (130 s at
    # 100×), so a build leaves it to `check` and to the completeness test
    if report_names:
        texts = [c.text for s in simplified for c in s.clauses]
        progress("names", entities.summary(entities.uncovered(texts, entities.table_terms(latin_names, aliases),
                                                              not_names)))
    progress("link", f"{sum(map(len, linking.links.values()))} see-also links, {len(topics)} topics")
    site = source.config
    names = corpus_names(corpus, [e.name for e in site.editions], to_simplified)  # the corpus's own, not mkdocs.yml's
    outputs = []
    for edition in site.editions:
        outputs.append(_render_edition(edition, convert_for(edition), to_simplified, source, linking, simplified, names,
                                       settings.site_url))
        progress(f"render {edition.lang}", f"{len(outputs[-1].pages)} pages")
    return Rendering(settings, source, names, tuple(outputs), aliases, latin_names, synonyms)


def _render_edition(edition: Edition, convert: Convert, to_simplified: Convert, source: Source, linking: Linking,
                    simplified: list[Statement], names: CorpusNames, site_url: str) -> Rendered:
    """One edition's view, templates, pages and navigation, every string in its script."""
    written = into_edition(edition.lang, convert, to_simplified, text_script)  # manifest text, in either script
    view = EditionView(
        statements=[edition_statement(s, edition.lang, convert, to_simplified) for s in source.statements],
        topics=tuple(dataclasses.replace(t, name=convert(t.name), terms=tuple(map(convert, t.terms)))
                     for t in source.topics),
        linking=linking,
        parties=tuple(written(p) for p in source.corpus.parties),
        site_name=convert(names.name),
        site_description=ui_words(edition.lang)(convert(names.description)),
        convert=convert,
        lang=edition.lang, source=simplified, base_url=site_url,
        provenance={k: prov.converted(v, convert) for k, v in source.provenance.items()},
        published=tuple((p.earlier, p.later) for p in source.published if p.lang == edition.lang),
    )
    words = ui_words(edition.lang)  # the interface's own words in the edition's usage (數據 → 資料)
    env = environment(convert, [(e.lang, e.name) for e in source.config.editions], edition.lang, words)
    env.bytecode_cache = warm.TEMPLATES  # compiled once per process (the live preview's worker rebuilds often)
    nav = [{words(k): v for k, v in item.items()} for item in edition_nav(view.statements, convert)]
    return Rendered(edition, convert, view, env, tuple(pages(view, env)), nav)


def assemble(rendering: Rendering, progress: Progress = no_progress) -> Site:
    """The plain-data Site: what needs every edition (the data files, downloads, search index, root page) rendered,
    and each edition's interface words computed, so no converter or template environment goes further."""
    outputs, names, settings = rendering.editions, rendering.names, rendering.settings
    statements = rendering.source.statements
    records = clause_records(statements, outputs)
    prov.add_to_records(records, outputs[0].view.provenance)
    extras = _extras(records, outputs, names.feed_id, settings.site_url)
    # The downloads page lists every file with its size; the zip's size is a slot filled once the zip is made.
    sizes = {rel: human_size(len(data)) for rel, data in extras.items()}
    example = next((r for r in records if r["see_also"]), records[0])  # a lone statement has no see-also
    folder = folder_name(names.english_name, names.feed_id)  # the offline zip unpacks into one folder of this name
    # The search index of every edition, cut from the source text, as files its docs carry (search/client.py)
    search = search_files({o.edition.lang: o.statements for o in outputs}, {o.edition.lang: o.convert for o in outputs},
                          rendering.aliases, rendering.latin_names, rendering.source.topics, rendering.synonyms,
                          {o.edition.lang: stock(o.edition.opencc) for o in outputs})
    progress("search", f"{len(search)} search index files, {len(extras)} data files")
    root = {kind: _root_index(names, outputs, offline=kind == "offline") for kind in ("online", "offline")}
    editions = tuple(_edition_output(o, rendering, sizes, example, folder) for o in outputs)
    return Site(rendering.source.corpus, rendering.source.config, statements, editions, tuple(records), extras, search,
                root, folder)


def _edition_output(o: Rendered, rendering: Rendering, sizes: dict[str, str], example: dict, folder: str
                    ) -> EditionOutput:
    """One edition as plain data: its pages with the downloads and data pages, and the words around them."""
    settings, config = rendering.settings, rendering.source.config
    downloads = download_pages(o.view, o.env, o.edition.lang, sizes=sizes, zip_name=ZIP_NAME, zip_size=ZIP_SIZE_SLOT,
                               example=example, zip_link=ZIP_LINK_SLOT, folder=folder)
    words = interface(o.edition.lang, o.convert, ui_words(o.edition.lang), o.view.site_name, o.view.site_description,
                      config.editions, o.statements, settings.repo_url, ENGINE.theme_texts(), config.texts)
    cells = ZipCells(zip_link(ZIP_NAME, True, "", o.convert), zip_link(ZIP_NAME, False, settings.site_url, o.convert),
                     o.convert("本文件"))
    return EditionOutput(o.edition, tuple(o.statements), o.pages + tuple(downloads), o.nav, words, cells)


def clause_records(statements: Sequence[Statement], outputs: Sequence[Rendered]) -> list[dict]:
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


def _see_also_record(ref: Ref, link, outputs: Sequence[Rendered]) -> dict:
    compare = compare_url(ref, link.target) if link.compare else None
    return {
        "statement": link.target.statement,
        "anchor": link.target.anchor,
        "similarity": link.score,
        "topics": list(link.topics),
        "compare": {o.edition.lang: f"{o.edition.lang}/{compare}" for o in outputs} if compare else None,
    }


def _root_index(names: CorpusNames, outputs: Sequence[Rendered], offline: bool) -> str:
    """The site root: the corpus's name in every edition's script, its English name and description."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             undefined=jinja2.StrictUndefined, autoescape=True, keep_trailing_newline=True)
    env.filters["text"] = lambda text: markupsafe.Markup(escape.html_text(text))  # an apostrophe as it is
    env.filters["attr"] = lambda text: markupsafe.Markup(escape.html_attr_dq(text))
    editions = [{"lang": o.edition.lang, "name": o.edition.name, "title": o.convert(names.name)} for o in outputs]
    return env.get_template("root.html.j2").render(editions=editions, index="index.html" if offline else "",
                                                   names=names)


def _extras(records: list[dict], outputs: Sequence[Rendered], feed_id: str, site_url: str) -> dict[str, bytes]:
    """Files beside the editions: the clause data and one standalone HTML file per statement and edition."""
    langs = [o.edition.lang for o in outputs]
    files = {"data/clauses.json": clauses_json(records), "data/clauses.csv": clauses_csv(records, langs)}
    for o in outputs:
        for s in o.statements:
            files[f"downloads/{o.edition.lang}/{s.slug}.html"] = statement_html(
                s, o.edition.lang, o.view.parties, o.view.site_name, o.env, o.view)
        files[f"{o.edition.lang}/{FEED_NAME}"] = atom(o.statements, o.view.provenance, o.edition.lang, o.view.site_name,
                                                      {s.slug: o.view.description(s) for s in o.statements}, site_url,
                                                      feed_id)
    return files


def _build_editions(settings: Settings, site: Site, out: Path, epoch: str, quiet: bool,
                    progress: Progress = no_progress) -> None:
    """Write every edition's Markdown under paths.docs and build it with the engine into out/<lang>/."""
    files = site.docs()
    write_generated(settings.paths.docs, files)
    progress("write", f"{len(files)} files in {settings.paths.docs}")
    ENGINE.prepare(settings, site)
    ENGINE.write(settings, site, out, epoch, quiet, progress)


def _write_files(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)


def build(where: Paths | Settings, quiet: bool = False, progress: Progress = no_progress, offline_zip: bool = True,
          outcome: Outcome | None = None) -> list[dict]:
    """Both editions, the offline zip and the data, built aside and swapped into paths.site at the end.

    The site directory is checked first (publish/output.py: only a site this generator made, or an empty or missing
    folder, is replaced). docs/ and the MkDocs configs go to a private directory of this build alone, so two
    builds never mix; it and the staging folder are removed however the build ends, and if it is killed, by the
    next run. offline_zip=False (the live preview) skips the offline package: the downloads page then has no zip.
    outcome.replaced says, however the build ends, whether the site was switched (output.publish).
    Bare Paths are completed from the environment (settings.resolve), before anything is checked or written.
    """
    settings = resolve(where)
    paths = settings.paths
    repo = paths.mkdocs_yml.parent
    check_site_dir(paths.site, paths.source, repo)
    with private_dir() as private, staging_dir(paths.site) as staging:
        private_paths = dataclasses.replace(paths, docs=private / "docs", work=private / "work")
        records = _build_into(dataclasses.replace(settings, paths=private_paths), staging, quiet, progress, offline_zip)
        publish(staging, paths.site, paths.source, repo, outcome)
    progress("publish", f"{len(records)} clauses, {paths.site}")
    return records


def _build_into(settings: Settings, staging: Path, quiet: bool, progress: Progress, offline_zip: bool) -> list[dict]:
    site = generate(settings, progress)
    release_conversions()  # the Site is plain data: nothing is converted or cut from here on
    segment.release()
    return_freed_memory()
    epoch = settings.build_epoch(max(s.date for s in site.statements))
    _build_editions(settings, site, staging, epoch, quiet, progress)
    archive = _offline_package(site, staging, epoch, progress) if offline_zip else b""
    finish(site, staging, archive, settings.site_url)
    return list(site.records)


def return_freed_memory() -> None:
    """Give the heap's free pages back to the system before the engine runs (glibc's malloc_trim; elsewhere nothing).

    What making the Site needed and let go of, glibc keeps for reuse, and the engine's builds, one in this process
    and one in a forked copy of it, then start from that high-water mark: at ×100 the build held 835 MB once its Site
    was made and 667 MB trimmed, and the `mkdocs` stage's peak (both processes, PSS) fell from 963 to 882 MB."""
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own C library
    except (OSError, AttributeError):  # no glibc (macOS, musl): its allocator gives memory back its own way
        return
    trim(0)


def finish(site: Site, staging: Path, archive: bytes, site_url: str) -> None:
    """What a build adds to the engine's output in staging: the zip's size, data files, root page, 404, sitemap."""
    for o in site.editions:  # a preview build makes no zip: its name, unlinked
        fill_slot(staging / o.edition.lang, {ZIP_SIZE_SLOT: human_size(len(archive)) if archive else "—",
                                             ZIP_LINK_SLOT: o.zip_cells.link if archive else ZIP_NAME})
    zipped = {f"downloads/{ZIP_NAME}": archive} if archive else {}
    _write_files(staging, {**site.data, **zipped, "index.html": site.root["online"].encode("utf-8")})
    ENGINE.finish(site, staging, site_url)
    _write_files(staging, sitemap_files(site, site_url))


def _offline_package(site: Site, staging: Path, epoch: str, progress: Progress) -> bytes:
    """The offline zip, derived from the published build in staging (build_scripts.offline)."""
    outputs = site.editions
    files = {**site.data, "index.html": site.root["offline"].encode("utf-8")}
    # the zip's own downloads page: it cannot hold the zip, so it names the copy the reader has
    fill = {o.edition.lang: {ZIP_SIZE_SLOT: o.zip_cells.this_copy, ZIP_LINK_SLOT: o.zip_cells.published_link}
            for o in outputs}
    archive = offline_zip(staging, [o.edition.lang for o in outputs], files, int(epoch), fill, site.offline_folder)
    progress("zip", f"{ZIP_NAME}, {human_size(len(archive))}")
    return archive
