"""Report how the held-out page copies read: tests/heldout/<set>/<case>/ (written before the code they measure,
by someone who did not see it, and never tuned on). Prints one line per case and the counts per verdict:
as-published (reads right with only [corpus]), with-manifest (right once the facts the text lacks are given,
as `add --date/--place` would), refused-as-expected, refused, misread (must be 0). `make heldout` runs it.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pages import evaluate  # noqa: E402

VERDICTS = ("as-published", "with-manifest", "refused-as-expected", "refused", "misread")


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        for folder in sorted((ROOT / "tests" / "heldout").iterdir()):
            if not folder.is_dir():
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
