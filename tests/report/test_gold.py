"""Gold-file test of the seed report, in the manner of coverage.py's HTML tests.

The page is compared with tests/report/gold/turkiye-libya-defence-pact.html after
scrubbing what changes without the report changing: the toolkit version and the
lexicon version (a hash of the lexicon files). Anything else that differs is a
change to the report, or to an analyser's results, and should be looked at.

After a deliberate change, regenerate the gold file and review its diff:

    FRAMING_UPDATE_GOLD=1 .venv/bin/pytest tests/report/test_gold.py
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import framing
from framing.report import render_html

GOLD = Path(__file__).parent / "gold" / "turkiye-libya-defence-pact.html"


def scrub(html: str, data: dict) -> str:
    version = re.escape(data["toolkit"]["version"])
    html = re.sub(rf"framing {version}\b", "framing VERSION", html)
    html = re.sub(rf'"version":"{version}"', '"version":"VERSION"', html)
    lexicon = data["loaded"]["lexicon"]["version"]
    if lexicon:
        html = html.replace(lexicon, "LEXICON")
    return html


def test_seed_report_matches_the_gold_file(seed_path):
    audit = framing.analyze(seed_path)
    page = scrub(render_html(audit), audit.to_dict())
    if os.environ.get("FRAMING_UPDATE_GOLD"):
        GOLD.parent.mkdir(parents=True, exist_ok=True)
        GOLD.write_text(page, encoding="utf-8")
    expected = GOLD.read_text(encoding="utf-8")
    if page != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    page.splitlines(keepends=True),
                    "gold",
                    "now",
                    n=1,
                )
            )[:80]
        )
        raise AssertionError(
            "the seed report differs from the gold file; if the change is intended, run\n"
            "  FRAMING_UPDATE_GOLD=1 .venv/bin/pytest tests/report/test_gold.py\n"
            "and review the diff of tests/report/gold/.\n" + diff
        )


def test_scrub_leaves_no_volatile_value(seed_path):
    audit = framing.analyze(seed_path)
    data = audit.to_dict()
    page = scrub(render_html(audit), data)
    assert data["loaded"]["lexicon"]["version"] not in page
    assert f"framing {data['toolkit']['version']}" not in page
    assert "framing VERSION" in page and "LEXICON" in page
