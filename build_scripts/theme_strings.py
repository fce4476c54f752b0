"""Material's interface strings in an edition's script.

Material ships zh-Hant strings, but they mix in Simplified characters (找到 1 个…)
and mainland terms; we convert its Simplified strings with the edition's own
converter instead, so the theme speaks the same script as the text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import material

from .convert import Convert
from .ui_words import ui_words

SOURCE = Path(material.__file__).parent / "templates" / "partials" / "languages" / "zh.html"
ENTRY = re.compile(r'^\s*"([^"]+)":\s*"((?:[^"\\]|\\.)*)",?\s*$', re.M)
# Values that are not words a reader sees.
UNTRANSLATED = {"language", "direction", "search.config.lang", "search.config.pipeline", "search.config.separator"}


def theme_strings(lang: str, convert: Convert) -> dict[str, str]:
    strings = {key: json.loads(f'"{value}"') for key, value in ENTRY.findall(SOURCE.read_text(encoding="utf-8"))}
    words = ui_words(lang)  # 搜索 → 搜尋 and the like: Taiwan usage for the interface only
    converted = {k: v if k in UNTRANSLATED else words(convert(v)) for k, v in strings.items()}
    converted["language"] = lang
    return converted
