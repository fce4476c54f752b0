"""source/ read whole, once, into one frozen Source that every later stage takes: no stage finds its own files.

`read_inputs` reads the statements (with manifest.toml) and topics.toml first, every error of both in one report,
then mkdocs.yml's editions, the files a corpus may lack (aliases, names, synonyms, published URLs),
and derives each statement's provenance from the manifest it already read. Every file goes through the one reader
of files.py. The search's tables (aliases, names, synonyms, words that are no names) are handed on as text: search/
parses them, checked against the corpus's Simplified text that only the conversion makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError, SourceErrors
from ..model import Corpus, LinkParams, ManifestEntry, Statement, Topic
from .files import optional_text, regular_file_error
from .parse import parse_statements
from .provenance import Provenance, corpus_provenance
from .published_urls import FILE as PUBLISHED
from .published_urls import PublishedPair, read_published
from .siteconfig import SiteConfig, load_site_config
from .topics import read_topics

# The search's tables, read here and parsed by search/ (aliases.py, names.py, synonyms.py, entities.py).
ALIASES, NAMES, SYNONYMS, NOT_NAMES = "aliases.toml", "names.toml", "synonyms.tsv", "names-not-entities.tsv"


@dataclass(frozen=True)
class Source:
    """Everything the build reads: source/ and mkdocs.yml's editions, checked."""

    corpus: Corpus
    statements: tuple[Statement, ...]  # in slug order
    topics: tuple[Topic, ...]
    params: LinkParams  # the see-also thresholds of topics.toml
    config: SiteConfig  # mkdocs.yml's editions
    published: tuple[PublishedPair, ...]  # published.urls: compare addresses to keep serving
    provenance: dict[str, Provenance]  # per statement slug, from the manifest and the raw text
    aliases: str | None  # the text of each search table; None where the corpus has no such file
    names: str | None
    synonyms: str | None
    not_names: str | None


def read_inputs(source_dir: Path, mkdocs_yml: Path) -> Source:
    """The Source, or the first errors found: the statements' and topics' all at once (SourceErrors), then those of
    mkdocs.yml (BuildError) and of each further file."""
    entries, corpus, statements, topics, params = _statements_and_topics(source_dir)
    texts = {name: optional_text(source_dir, name) for name in (ALIASES, NAMES, SYNONYMS, NOT_NAMES)}
    config = load_site_config(mkdocs_yml)
    published = read_published(optional_text(source_dir, PUBLISHED), [e.lang for e in config.editions], statements)
    return Source(corpus, tuple(statements), topics, params, config, published, corpus_provenance(entries, statements),
                  texts[ALIASES], texts[NAMES], texts[SYNONYMS], texts[NOT_NAMES])


def _statements_and_topics(source_dir: Path) -> tuple[dict[tuple[str, int], ManifestEntry], Corpus, list[Statement],
                                                      tuple[Topic, ...], LinkParams]:
    """Statements and topics, or every error of both in one SourceErrors (manifest's, raw files', topics.toml's)."""
    errors: list[SourceError] = []
    manifest = source_dir / "manifest.toml"
    refused = regular_file_error(manifest, source_dir, manifest.name) if manifest.exists() or manifest.is_symlink() else None
    read = None
    if refused:
        errors.append(refused)
    else:
        try:
            read = parse_statements(source_dir)
        except SourceErrors as e:
            errors += e.errors
    topics = read_topics(source_dir / "topics.toml")
    errors += topics.errors
    if errors or read is None:
        raise SourceErrors(errors)
    return read[0].entries, read[0].corpus, read[1], topics.topics, topics.params
