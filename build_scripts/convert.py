"""Simplified → an edition's script with OpenCC, through the project's own phrase dictionary.

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

PHRASE_DIR = Path(__file__).parent / "opencc"
STOCK_DIR = Path(opencc.__file__).parent / "clib" / "share" / "opencc"

Convert = Callable[[str], str]
T = TypeVar("T")


def identity(text: str) -> str:
    return text


def read_phrases(config: str) -> list[tuple[str, str]]:
    """The project's fixes for one OpenCC config: `simplified<TAB>converted`, # comments."""
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
            raise BuildError(f"{path}:{lineno}:1: expected 'simplified<TAB>converted', found {raw!r}")
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


def convert_statement(statement: Statement, convert: Convert) -> Statement:
    """The same statement in another script; anchors, dates and structure unchanged."""
    if convert is identity:
        return statement
    blocks = tuple(
        _map_text(b, convert, ("label", "number_text", "title") if isinstance(b, Heading) else ("label", "number_text", "body"))
        for b in statement.blocks
    )
    converted = _map_text(statement, convert, ("title", "place", "dateline", "lead", "signature", "source_note",
                                                  "visiting", "receiving", "headline"))
    return dataclasses.replace(converted, blocks=blocks, pieces=())
