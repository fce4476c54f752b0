"""What the generator needs from mkdocs.yml: the editions, and the strings in it a reader may see (which every
edition shows in its own script). The site's name and description are the corpus's own (naming.py, from the
source's manifest.toml), so mkdocs.yml names no corpus."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import BuildError

CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff]")  # a string holding these is words a reader sees, not a setting


@dataclass(frozen=True)
class Edition:
    lang: str  # BCP 47 tag, also the edition's URL prefix: zh-Hans, zh-Hant
    name: str  # as the switcher shows it, in the edition's own script
    opencc: str | None  # OpenCC config deriving it from the Simplified source; None for the source itself


@dataclass(frozen=True)
class SiteConfig:
    editions: tuple[Edition, ...]
    texts: tuple[str, ...] = ()  # every string of mkdocs.yml outside `extra` holding CJK: the render stage converts them


def _texts(node: object) -> list[str]:
    if isinstance(node, str):
        return [node] if CJK.search(node) else []
    if isinstance(node, list):
        return [t for v in node for t in _texts(v)]
    if isinstance(node, dict):
        return [t for v in node.values() for t in _texts(v)]
    return []


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV or !!python/name; we read only plain keys."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict:
    """mkdocs.yml as plain data (the engine adapter reads the rest of it: theme, extensions …)."""
    return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)


def load_site_config(path: Path) -> SiteConfig:
    try:
        data = read_config(path)
    except yaml.YAMLError as e:
        raise BuildError(f"{path}: not valid YAML: {e}") from None
    editions = (data.get("extra") or {}).get("editions") or []
    if not editions or editions[0].get("opencc") is not None:
        raise BuildError(f"{path}: extra.editions must list the source edition first, "
                         f"e.g. - {{lang: zh-Hans, name: 简体, opencc: null}}")
    try:
        parsed = tuple(Edition(e["lang"], e["name"], e.get("opencc")) for e in editions)
    except (KeyError, TypeError):
        raise BuildError(f"{path}: each of extra.editions needs lang and name, e.g. "
                         f"- {{lang: zh-Hant, name: 繁體, opencc: s2tw}}") from None
    texts = [t for key, value in data.items() if key not in ("extra", "INHERIT") for t in _texts(value)]
    return SiteConfig(parsed, tuple(dict.fromkeys(texts)))
