"""What a reader can take away: one HTML file per statement, the clause data as JSON and CSV."""

from __future__ import annotations

import jinja2

from ..model import Statement
from ..text import escape
from .pages import signature_rows


def statement_html(statement: Statement, lang: str, parties: tuple[str, ...], site_name: str,
                   env: jinja2.Environment, view=None) -> bytes:
    """A self-contained page: styles inline, no script, every clause at its anchor, made to print.

    With the edition's view it also says where the text comes from and gives the published address in full.
    """
    base = view.base_url if view is not None else ""
    html = env.get_template("statement.html.j2").render(
        s=statement, lang=lang, site_name=site_name, signature=signature_rows(statement.signature, parties),
        source=view.source_line(statement) if view is not None else (),
        size=view.size(statement) if view is not None else f"{len(statement.clauses)}",
        online=f"{base}{lang}/statements/{statement.slug}/" if base else "")
    return html.encode("utf-8")


def clauses_json(records: list[dict]) -> bytes:
    """A JSON array with one clause per line: a line is a whole clause to grep or diff, and the C encoder writes
    it (`indent` would run json's pure-Python encoder: 1.4 s of a ×100 build)."""
    lines = ",\n".join(escape.data_json(r) for r in records)
    return f"[\n{lines}\n]\n".encode()


def clauses_csv(records: list[dict], langs: list[str]) -> bytes:
    """One row per clause; `see_also` as `statement#anchor` joined by spaces. UTF-8 with a BOM for spreadsheets, so a
    spreadsheet opens it at once: every cell it would run as a formula is neutralised (csv_cell)."""
    fields = ["statement", "anchor", *(f"{k}_{lang}" for k in ("label", "text", "url") for lang in langs), "see_also",
              "source_urls", "publisher", "posted", "source_kind", "source_script"]
    rows = [fields]
    for r in records:
        row = {"statement": r["statement"], "anchor": r["anchor"],
               "see_also": " ".join(f"{t['statement']}#{t['anchor']}" for t in r["see_also"])}
        source = r.get("source") or {}
        row.update({"source_urls": " ".join(source.get("source_urls") or []), "publisher": source.get("publisher") or "",
                    "posted": source.get("posted") or "", "source_kind": source.get("kind") or "",
                    "source_script": r["source_script"]})
        for key in ("label", "text", "url"):
            row.update({f"{key}_{lang}": r[key][lang] for lang in langs})
        rows.append([row[f] for f in fields])
    return ("\ufeff" + "".join(",".join(map(csv_cell, row)) + "\n" for row in rows)).encode("utf-8")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what Excel, LibreOffice and Sheets read as the start of a formula


def csv_cell(value: str) -> str:
    """One CSV cell (RFC 4180: in double quotes, its quotes doubled, when it holds a comma, a quote or a line break).

    A cell beginning with =, +, -, @, a tab or a carriage return is a formula to a spreadsheet, which runs it when
    the file is opened (=HYPERLINK(…), =cmd|…). Following OWASP's CSV-injection guidance it is written with a
    single quote before it, in double quotes: the spreadsheet shows the text with the quote, as text. clauses.json
    carries every text exactly as published (the data page says so)."""
    if value.startswith(FORMULA_START):
        return '"' + ("'" + value).replace('"', '""') + '"'
    return '"' + value.replace('"', '""') + '"' if any(ch in value for ch in ',"\n\r') else value


def human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"
