"""A statement in an edition's script with OpenCC, through the project's own phrase dictionaries.

The source script is the truth. A statement received in Simplified is shown as
received in the Simplified edition and converted (s2tw …) for the others; one
received in Traditional is shown as received in the edition of its script
(zh-Hant) and the Simplified edition is derived with t2s — never s2tw over
Traditional text. Labels, and metadata the manifest gives (written in
Simplified), follow the edition's own converter whatever the statement's script.

OpenCC converts phrase by phrase and gets some phrases of this corpus wrong.
The fixes live in build_scripts/opencc/<config>.txt, loaded ahead of OpenCC's
stock dictionaries both for segmentation and for conversion, so a fixed phrase
is cut and converted as one unit — no string is post-edited.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

import opencc

from .errors import BuildError
from .model import Heading, Statement
from .script import SIMPLIFIED, paragraph_script, text_script

PHRASE_DIR = Path(__file__).parent / "opencc"
STOCK_DIR = Path(opencc.__file__).parent / "clib" / "share" / "opencc"

TO_SIMPLIFIED = "t2s"  # derives the Simplified edition of a statement received in Traditional characters
Convert = Callable[[str], str]
T = TypeVar("T")


def identity(text: str) -> str:
    return text


def read_phrases(config: str) -> list[tuple[str, str]]:
    """The project's fixes for one OpenCC config: `source<TAB>converted`, # comments."""
    path = PHRASE_DIR / f"{config}.txt"
    if not path.exists():
        return []
    pairs = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(parts):
            raise BuildError(f"{path}:{lineno}:1: expected 'source<TAB>converted', found {raw!r}")
        pairs.append((parts[0], parts[1]))
    return pairs


def _absolute(node: object) -> None:
    """Point the stock config's dictionaries at the installed package (OpenCC resolves names oddly)."""
    if isinstance(node, dict):
        if node.get("type") == "ocd2":
            node["file"] = str(STOCK_DIR / node["file"])
        for value in node.values():
            _absolute(value)
    elif isinstance(node, list):
        for value in node:
            _absolute(value)


def write_config(config: str, work_dir: Path) -> Path:
    """A copy of OpenCC's stock `config` with the project's phrases placed first."""
    stock = STOCK_DIR / f"{config}.json"
    if not stock.exists():
        raise BuildError(f"unknown OpenCC config {config!r}: expected one of {sorted(p.stem for p in STOCK_DIR.glob('*.json'))}")
    data = json.loads(stock.read_text(encoding="utf-8"))
    _absolute(data)
    work_dir.mkdir(parents=True, exist_ok=True)
    phrases = work_dir / f"{config}-project.txt"
    phrases.write_text("".join(f"{s}\t{t}\n" for s, t in read_phrases(config)), encoding="utf-8")
    project = {"type": "text", "file": str(phrases)}
    if "segmentation" in data:  # newer configs (t2s) have none: the conversion group itself matches phrases
        segmentation = data["segmentation"]["dict"]
        if segmentation["type"] != "group":
            data["segmentation"]["dict"] = segmentation = {"type": "group", "dicts": [segmentation]}
        segmentation["dicts"].insert(0, project)
    first = data["conversion_chain"][0]["dict"]
    if first["type"] != "group":
        data["conversion_chain"][0]["dict"] = first = {"type": "group", "dicts": [first]}
    first["dicts"].insert(0, project)
    path = work_dir / f"{config}-project.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@cache
def converter(config: str | None, work_dir: Path) -> Convert:
    """A text converter for an edition: identity for the source script."""
    if config is None:
        return identity
    engine = opencc.OpenCC(str(write_config(config, work_dir)))
    return engine.convert


def _map_text(obj: T, convert: Convert, fields: tuple[str, ...]) -> T:
    return dataclasses.replace(obj, **{name: convert(getattr(obj, name)) for name in fields})  # type: ignore[type-var]


def convert_statement(statement: Statement, convert: Convert, labels: Convert | None = None) -> Statement:
    """The same statement in another script; anchors, dates and structure unchanged.

    `convert` is applied to the statement's own text, `labels` (default: the same) to what the project writes in
    Simplified: clause labels, and the title, place and timeline texts when they come from the manifest.
    """
    labels = labels or convert
    if convert is identity and labels is identity:
        return statement
    blocks = tuple(
        dataclasses.replace(_map_text(b, convert, ("number_text", "title") if isinstance(b, Heading) else
                                      ("number_text", "body")), label=labels(b.label))
        for b in statement.blocks
    )
    own = ["dateline", "lead", "signature", "source_note", "agency_line"]
    written = ["visiting", "receiving", "headline"]
    (own if statement.title_from == "text" else written).extend(("title", "document_type"))
    (own if statement.place_from == "text" else written).append("place")
    converted = _map_text(_map_text(statement, convert, tuple(own)), labels, tuple(written))
    return dataclasses.replace(converted, blocks=blocks, pieces=())


def into_edition(lang: str, labels: Convert, to_simplified: Convert, script: Callable[[str], str]) -> Convert:
    """Text into an edition's script, each text from the script it is written in (`script` says which): text in
    the edition's own script as received, Simplified through the edition's converter (`labels`), Traditional into
    Simplified first (t2s), then on through `labels` for an edition that is not Traditional itself."""
    def convert(text: str) -> str:
        written = script(text)
        if written == SIMPLIFIED:
            return labels(text)
        if lang == written:
            return text
        simplified = to_simplified(text)
        return simplified if labels is identity else labels(simplified)
    return convert


def edition_statement(statement: Statement, lang: str, labels: Convert, to_simplified: Convert) -> Statement:
    """The statement as an edition shows it: `labels` converts Simplified into the edition's script (OpenCC's
    config behind the project's phrases), `to_simplified` derives Simplified from Traditional (t2s behind the
    project's phrases). Each paragraph is converted from its own script (a copy may mix them: paragraph_script),
    and what the manifest and the project write from the script it is written in (text_script)."""
    own = into_edition(lang, labels, to_simplified, lambda text: paragraph_script(text, statement.script))
    written = into_edition(lang, labels, to_simplified, text_script)
    converted = convert_statement(statement, own, written)
    return statement if converted == statement else converted  # nothing to convert: the statement as parsed
