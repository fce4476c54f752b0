"""Reading page copies against a person's reading of them: the checks shared by tests/test_pages.py (the
fixtures in tests/fixtures/pages/) and tools/heldout.py (the held-out set, never tuned on).

A case is a folder: page.txt as a user pasted it, manifest.toml with only what a user writes before reading
any output ([corpus]), expected.toml with the correct reading (title, date, place, script, every block's
anchor and first characters, furniture that must never be published, facts the text lacks under [known]).
"""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.errors import SourceErrors
from build_scripts.model import Clause, Statement
from build_scripts.read.parse import parse_corpus


@dataclass
class Outcome:
    case: str
    verdict: str  # as-published | with-manifest | refused | misread | refused-as-expected
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def expected(case: Path) -> dict:
    return tomllib.loads((case / "expected.toml").read_text(encoding="utf-8"))


def read_case(case: Path, work: Path, known: bool) -> Statement:
    """The statement the generator reads from the case, with the [known] facts added to its manifest entry."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    shutil.copyfile(case / "page.txt", work / "page.txt")
    manifest = (case / "manifest.toml").read_text(encoding="utf-8")
    facts = expected(case).get("known", {})
    if known and facts:
        manifest += '\n[[statement]]\nfile = "page.txt"\n'
        for key, value in facts.items():
            manifest += f"{key} = {value}\n" if key == "date" else f"{key} = {value!r}\n".replace("'", '"')
    (work / "manifest.toml").write_text(manifest, encoding="utf-8")
    [statement] = parse_corpus(work)[1]
    return statement


def published(s: Statement) -> str:
    """Every string of the statement that reaches a page."""
    parts = [s.title, s.dateline, s.lead, s.signature, s.source_note, s.agency_line, s.place]
    parts += [b.text for b in s.blocks] + [getattr(b, "english", "") for b in s.blocks]
    return "\n".join(parts)


def compare(s: Statement, want: dict) -> list[str]:
    """What the reading gets wrong, as one line each (empty: read right)."""
    problems = []
    for key in ("title", "place", "script"):
        if key in want and getattr(s, key) != want[key]:
            problems.append(f"{key}: read {getattr(s, key)!r}, expected {want[key]!r}")
    if "date" in want and s.date.isoformat() != str(want["date"]):
        problems.append(f"date: read {s.date}, expected {want['date']}")
    got = [(b.anchor, "clause" if isinstance(b, Clause) else "heading", b.text) for b in s.blocks]
    blocks = want.get("block", [])
    if [a for a, _, _ in got] != [b["anchor"] for b in blocks]:
        problems.append(f"anchors: read {[a for a, _, _ in got]}, expected {[b['anchor'] for b in blocks]}")
    else:
        for (anchor, kind, text), b in zip(got, blocks, strict=True):
            if not text.startswith(b["starts"]):
                problems.append(f"{anchor}: starts {text[:12]!r}, expected {b['starts']!r}")
            if b.get("kind", "clause") != kind:
                problems.append(f"{anchor}: read as a {kind}, expected a {b.get('kind', 'clause')}")
            if b.get("english") and isinstance(s.blocks[[x[0] for x in got].index(anchor)], Clause):
                clause = s.blocks[[x[0] for x in got].index(anchor)]
                if not getattr(clause, "english", ""):
                    problems.append(f"{anchor}: its English text is missing")
    if "signature" in want and bool(s.signature) != bool(want["signature"]):
        problems.append(f"signature: read {s.signature!r}, expected {'one' if want['signature'] else 'none'}")
    shown = published(s)
    problems += [f"furniture published: {bad!r}" for bad in want.get("must_not_publish", []) if bad in shown]
    return problems


def evaluate(case: Path, work: Path) -> Outcome:
    want = expected(case)
    refuse = want.get("outcome", "build") == "refuse"
    errors: list[str] = []
    for known in (False, True):
        if known and not want.get("known"):
            break
        try:
            s = read_case(case, work, known)
        except SourceErrors as e:
            errors = [str(x) for x in e.errors]
            continue
        if refuse:
            return Outcome(case.name, "misread", ["built a statement that should have been refused"])
        problems = compare(s, want)
        if problems:
            return Outcome(case.name, "misread", problems)
        return Outcome(case.name, "with-manifest" if known else "as-published")
    if refuse:
        mention = want.get("error_mentions")
        if mention and not any(mention in e for e in errors):
            return Outcome(case.name, "refused", [f"the error does not name {mention!r}"], errors)
        return Outcome(case.name, "refused-as-expected", errors=errors)
    return Outcome(case.name, "refused", errors=errors)
