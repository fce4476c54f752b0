"""Report on the held-out sets in tests/heldout/ (written before the code they measure, by someone who did not see
it, and never tuned on).

Page copies (tests/heldout/set*/<case>/): one line per case and the counts per verdict: as-published (reads
right with only [corpus]), with-manifest (right once the facts the text lacks are given, as `add --date/--place`
would), refused-as-expected, refused, misread (must be 0).

Search (tests/heldout/search/*.json): recall, precision of the first R results and first-result relevance
per category, in both editions, on the index files of the built site (site/) and of its offline zip, run through
the site's own engine under Node (tools/search_eval.js). `make heldout` builds the site first.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pages import evaluate  # noqa: E402

VERDICTS = ("as-published", "with-manifest", "refused-as-expected", "refused", "misread")


def search_report(site: Path, work: Path) -> None:
    client = ROOT / "overrides" / "assets" / "javascripts" / "search-client.js"
    sources = {"online": [site / lang / "search" / "index.js" for lang in ("zh-Hans", "zh-Hant")]}
    with zipfile.ZipFile(site / "downloads" / "offline-site.zip") as z:
        names = [n for lang in ("zh-Hans", "zh-Hant") for n in z.namelist() if n.endswith(f"{lang}/search/index.js")]
        z.extractall(work / "zip", members=names)
        sources["offline zip"] = [work / "zip" / n for n in names]
    for queries in sorted((ROOT / "tests" / "heldout" / "search").glob("*.json")):
        runs = [(where, edition) for where in sources for edition in ("", "zh-Hans", "zh-Hant")]
        for where, edition in runs:  # each query in its own edition, then every query in each edition
            hans, hant = sources[where]
            out = subprocess.run(["node", str(ROOT / "tools" / "search_eval.js"), str(client), str(hans), str(hant),
                                  str(queries), edition], capture_output=True, text=True, check=True)
            label = f"{where}, {edition or 'own edition'}"
            for category, c in json.loads(out.stdout).items():
                print(f"search {queries.stem} ({label}) {category:<9} n={c['n']:>3} recall {c['recall']} "
                      f"precision {c['precision']} first {c['first']} no result {c['empty']}"
                      f" (of all {c['set_precision']})"
                      f" | all the dialog shows: recall {c['shown_recall']} precision {c['shown_precision']}"
                      f" (of all {c['shown_set_precision']}) first {c['shown_first']}"
                      + (f" shows nothing {c['shown_none']}" if category == "none" else "")
                      + (f" answered none {c['none_ok']}" if category == "none" else ""))


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        search_report(ROOT / "site", Path(work))
        for folder in sorted((ROOT / "tests" / "heldout").iterdir()):
            if not folder.is_dir() or not folder.name.startswith("set"):
                continue
            counts: Counter[str] = Counter()
            for case in sorted(p for p in folder.iterdir() if (p / "expected.toml").exists()):
                outcome = evaluate(case, Path(work) / folder.name / case.name)
                counts[outcome.verdict] += 1
                print(f"{folder.name}/{case.name}: {outcome.verdict}")
                for line in outcome.problems + outcome.errors[:2]:
                    print(f"    {line}")
            print(f"{folder.name}: " + ", ".join(f"{v} {counts[v]}" for v in VERDICTS) + f" (of {sum(counts.values())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
