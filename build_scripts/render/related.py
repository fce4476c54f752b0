"""What a statement page loads on demand, so that its HTML does not grow with the corpus.

- statements/<slug>/related.js: every clause's see-also entries and topics, one file per statement and edition.
  clause-tools.js injects it as a <script> the first time a reader opens a clause's list (a <script>, not
  fetch: the offline zip is read from file://, where fetch fails). The page itself keeps only the counts.
- the clause kit: one JSON block per page with the copy controls' words and each citation style's text with
  slots for the clause (cite.LABEL_SLOT, cite.URL_SLOT), in place of buttons and citations under every clause.

Every string from source/ goes through escape.script_json and reaches the page by textContent, never as markup.
Addresses are relative to the edition's root; the script puts the page's path to the root in front.
"""

from __future__ import annotations

from ..model import Ref, Statement
from ..text import escape
from ..text.numerals import cn_date
from . import cite
from .view import EditionView, compare_url

CALLBACK = "clauseRelated"  # the function clause-tools.js defines before it loads a data file


def data_path(slug: str) -> str:
    """Where a statement's data file is, relative to the edition's root (and its docs_dir)."""
    return f"statements/{slug}/related.js"


def clause_entries(ed: EditionView, ref: Ref) -> dict:
    """One clause's topics ([address, name]) and see-also entries
    ([address, date and label, excerpt, shared topic names, shared wording, compare view's address or ""])."""
    topics = [[f"topics/{t.slug}/", t.name] for t in ed.topics_of(ref)]
    related = [[f"statements/{r.statement.slug}/#{r.clause.anchor}", f"{cn_date(r.statement.date)} {r.clause.label}",
                r.excerpt, [t.name for t in r.topics], r.link.wording,
                compare_url(ref, r.link.target) if r.compare else ""]
               for r in ed.see_also(ref)]
    return {"t": topics, "r": related}


def statement_data(ed: EditionView, s: Statement) -> dict[str, dict]:
    """anchor → entries, for the clauses that have any."""
    out = {}
    for c in s.clauses:
        entries = clause_entries(ed, Ref(s.slug, c.anchor))
        if entries["t"] or entries["r"]:
            out[c.anchor] = entries
    return out


def data_file(ed: EditionView, s: Statement) -> str | None:
    """The script text of a statement's data file; None when no clause has a list."""
    data = statement_data(ed, s)
    return f"{CALLBACK}({escape.script_json(data)});\n" if data else None


def kit(s: Statement, citation: cite.StatementCitation, words: dict[str, str]) -> dict:
    """The page's one clause kit (see the module's docstring); `words` come from the template, in the edition's script."""
    styles = [[key, cite.STYLES[key][1], text, misses] for key, (text, misses) in citation.templates.items()]
    return {"words": words, "styles": styles, "url": citation.url, "data": data_path(s.slug)}
