"""What a corpus calls itself: its site name and description, in Chinese and in English, from the [corpus] table
of its own manifest.toml — given there (name, description, english_name, english_parties, id) or derived from
the parties and the document type. mkdocs.yml names no corpus, so one generator builds any pair's statements.

The derived Chinese name:

1. The parties are grouped by their first character, in the manifest's order. A group is one state listed
   under its successive names (尼泊尔联邦民主共和国 and 尼泊尔王国) and is called by its first-listed name.
2. Two or more states: each state's first character, in the manifest's order, then the document type — the
   usual short form of a pair of states: 中华人民共和国 + 法兰西共和国, 联合声明 → 中法联合声明;
   中华人民共和国 + 尼泊尔联邦民主共和国 + 尼泊尔王国 → 中尼….
3. One state (a single party, or parties that all begin with one character, such as 中华人民共和国 and
   中非共和国, which their first characters cannot tell apart): the full names joined by 和, then the document
   type: 中华人民共和国和中非共和国联合公报.
4. The document type is [corpus] document_type, or 联合文件 (joint documents) when the manifest gives none
   (a corpus of several kinds, such as 联合公报 and 联合声明).

Where a state's formal name does not begin with the character of its usual short form (大韩民国 is 韩,
大不列颠及北爱尔兰联合王国 英, 阿拉伯埃及共和国 埃), rule 2 gives an unusual name: give `name` in the manifest.

The derived description: the states' names (rule 1) joined by 和, the document type, 全文，逐条可链接, then,
with more than one edition, the editions' names (as mkdocs.yml lists them: A与B, A、B与C) and 对照, and 。:
中华人民共和国和法兰西共和国联合声明全文，逐条可链接，简体与繁體对照。

In English: english_name as given, else the document type in English, capitalised (Joint statements), and
"of" with english_parties when they are given; the description names english_parties, or else the states'
Chinese names: "The joint statements of … in Chinese, every clause at a permanent link, in Simplified and
Traditional characters."

Everything is derived in Simplified characters: a name, description, party or document type the manifest
writes in Traditional is brought to Simplified first (to_simplified), and each edition converts the result
into its own script, as it does every text the project writes; so the 繁體 edition shows Traditional and the
简体 edition Simplified whichever script the manifest used.

The feed's URNs (when the published address is unknown) use [corpus] id, or "corpus-" and 12 hex digits of
the SHA-256 of the derived or given name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Convert, Corpus
from ..text.script import TRADITIONAL, script_of

DEFAULT_DOCUMENT_TYPE = "联合文件"  # joint documents: a corpus that names no one document type
ENGLISH_DOCUMENT_TYPES = {  # head.DOCUMENT_TYPES in English, plural; any other type is "documents"
    "联合声明": "joint statements", "联合公报": "joint communiqués", "联合新闻公报": "joint press communiqués",
    "联合新闻声明": "joint press statements", "联合新闻稿": "joint press releases", "联合宣言": "joint declarations",
    "联合文件": "joint documents", "行动计划": "action plans",
}


@dataclass(frozen=True)
class CorpusNames:
    name: str  # the site name, in Simplified: each edition converts it
    description: str  # the site description, in Simplified
    english_name: str  # the root page's title and heading, beside the name
    english_description: str  # the root page's description
    english_documents: str  # the document type in English, plural: joint statements
    english_parties: str  # the states in English (or their Chinese names), joined: A and B, A, B and C
    feed_id: str  # ASCII: the feed's URNs when the published address is unknown (urn:<feed_id>:<lang>)


def corpus_names(corpus: Corpus, editions: Sequence[str], to_simplified: Convert) -> CorpusNames:
    """The corpus's names (see the module's docstring for the rule); `editions` are the editions' names."""
    def simplified(text: str) -> str:
        return to_simplified(text) if script_of(text) == TRADITIONAL else text

    parties = [simplified(p) for p in corpus.parties]
    document_type = simplified(corpus.document_type) if corpus.document_type else DEFAULT_DOCUMENT_TYPE
    states = _states(parties)
    short = "".join(s[0] for s in states) if len(states) > 1 else "和".join(parties)
    name = simplified(corpus.name) if corpus.name else short + document_type
    compared = f"，{'、'.join(editions[:-1])}与{editions[-1]}对照" if len(editions) > 1 else ""
    described = "和".join(states if len(states) > 1 else parties)
    description = simplified(corpus.description) if corpus.description else (
        f"{described}{document_type}全文，逐条可链接{compared}。")
    documents = ENGLISH_DOCUMENT_TYPES.get(document_type, "documents")
    english = _and(corpus.english_parties or (states if len(states) > 1 else parties))
    english_name = corpus.english_name or documents[0].upper() + documents[1:] + (
        f" of {english}" if corpus.english_parties else "")
    english_description = (f"The {documents} of {english} in Chinese, every clause at a permanent link, "
                           f"in Simplified and Traditional characters.")
    feed_id = corpus.id or "corpus-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return CorpusNames(name, description, english_name, english_description, documents, english, feed_id)


def _states(parties: Sequence[str]) -> list[str]:
    """Each state's first-listed name: parties that begin with the same character are one state (rule 1)."""
    firsts: dict[str, str] = {}
    for party in parties:
        firsts.setdefault(party[0], party)
    return list(firsts.values())


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
