"""Escaping for every context a string from source/ lands in: one function per context.

Raw text is copied from web pages, and a tampered page must never be able to
add markup to ours. Every string that comes from source/ (statement text,
title, place, leaders, headline, topic names and terms, provenance) goes
through exactly one of these on its way into an output file. Trusted strings
written by the project itself (template text, anchors, slugs) need none.
"""

from __future__ import annotations

import html
import json
import re
import string
from urllib.parse import quote

_PUNCT = frozenset(string.punctuation)
# What YAML, XML 1.0 and HTML refuse or treat specially: C0/C1 controls (tab excepted), DEL, lone surrogates,
# and the noncharacters U+FFFE/U+FFFF. JSON's \\u escapes are valid in YAML's double-quoted strings.
_YAML_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")
_MD_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# escape.markdown's table: every ASCII punctuation mark and every character _MD_CONTROL matches, as an entity
_MD_ENTITIES = {c: f"&#{c};" for c in [*map(ord, _PUNCT), *range(0x00, 0x09), *range(0x0a, 0x20), 0x7f, 0x85, 0x2028, 0x2029]}
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def markdown(text: str) -> str:
    """Markdown body text (and inline HTML in Markdown): every ASCII punctuation mark as an entity.

    Entities are literal in Markdown and HTML alike, so `*`, `[x](…)`, `<script>`,
    `{#id}`, `{{ }}` and `|` show as themselves and add no element, attribute or
    link. Safe in a Markdown table cell too, since `|` is escaped; line breaks and
    other controls become entities too, so they cannot end a table row or a heading.
    """
    return text.translate(_MD_ENTITIES)  # one pass in C: the per-character generator was ≈10 % of rendering


def html_text(text: str) -> str:
    """HTML element content."""
    return html.escape(text, quote=False)


def html_attr(text: str) -> str:
    """An HTML attribute value in double or single quotes."""
    return html.escape(text, quote=True)


def html_attr_dq(text: str) -> str:
    """An HTML attribute value in double quotes: as html_attr, but an apostrophe is left as it is."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def nav_title(text: str) -> str:
    """A navigation title: MkDocs prints nav titles into HTML unescaped."""
    return html.escape(text, quote=True)


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (front matter, generated configs); controls and noncharacters as \\u escapes."""
    quoted = json.dumps(str(text), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def yaml_json(value: object) -> str:
    """A front matter value as JSON, which YAML reads as a flow collection: strings escaped as yaml_string's."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def data_json(value: object) -> str:
    """A value as the data files write it (data/clauses.json): JSON, keys in their order, characters as themselves.
    Not markup-safe: in a page, escape it for where it goes (markdown)."""
    return json.dumps(value, ensure_ascii=False)


def script_json(value: object) -> str:
    """JSON to embed in a <script> element (JSON-LD, inline data): no `</script>`, `<!--` or line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # one str.replace per character, each a scan in C: ten times faster than str.translate's per-character lookups
    # on Chinese text (0.5 s of a warm ×10 build), which was itself faster than a generator per character
    for unsafe, escaped in _SCRIPT_UNSAFE.items():
        if unsafe in text:
            text = text.replace(unsafe, escaped)
    return text


def js_string(text: str) -> str:
    """A JavaScript string literal, quotes included, safe inside a <script> element."""
    return script_json(str(text))


def xml_text(text: str) -> str:
    """XML 1.0 character data or attribute value (Atom feed); characters XML cannot hold are refused."""
    bad = _XML_INVALID.search(text)
    if bad:
        raise ValueError(f"character U+{ord(bad.group()):04X} at {bad.start()} cannot be written in XML: {text[:40]!r}")
    return html.escape(text, quote=True)


def url(text: str) -> str:
    """An address for any context (attribute, script, XML, JSON, sitemap, robots): every character outside
    RFC 3986's unreserved and delimiter characters — quotes, spaces, angle brackets, backslashes, controls, and
    `&` and `'`, which attributes and scripts treat specially — percent-encoded as UTF-8. A valid address has
    none of these (settings.py checks), so it comes back as it was."""
    return quote(text, safe=_URL_SAFE)


_URL_SAFE = "%:/?#[]@!$()*+,;="  # with quote's letters, digits and -._~: the characters an address is made of


_BIBTEX_SPECIAL = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "%": "\\%", "&": "\\&", "$": "\\$", "#": "\\#",
                   "_": "\\_", "^": "\\^{}", "~": "\\~{}"}


def bibtex(text: str) -> str:
    """A BibTeX field value inside braces: TeX specials escaped, line breaks as spaces."""
    flat = re.sub(r"\s*[\r\n]+\s*", " ", text)
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in flat)


def ris(text: str) -> str:
    """An RIS field value: one line, no control characters (a line break would start a new tag)."""
    return re.sub(r"\s+", " ", _YAML_UNSAFE.sub(" ", text)).strip()
