"""Copy a staging folder of real pages (one sub-folder per site, each page next to its
.gold.json) into tests/data/pages/, and print the provenance table of its README from
the SOURCES-*.tsv files and the gold files.

Usage: python scripts/sync_pages.py STAGING_DIR > /tmp/table.md
Only complete pages (the .gold.json exists) are copied; the seeds folder is kept.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

DEST = Path(__file__).resolve().parent.parent / "tests" / "data" / "pages"


def main() -> int:
    staging = Path(sys.argv[1])
    rows = []
    for gold in sorted(staging.glob("*/*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        pages = [p for p in gold.parent.glob(stem + ".*") if p != gold]
        if len(pages) != 1:
            continue
        site = gold.parent.name
        (DEST / site).mkdir(parents=True, exist_ok=True)
        shutil.copy2(pages[0], DEST / site / pages[0].name)
        shutil.copy2(gold, DEST / site / gold.name)
        g = json.loads(gold.read_text("utf-8"))
        prov = g.get("provenance") or {}
        commit = (prov.get("commit") or "-")[:12]
        url = prov.get("url") or "-"
        rows.append(
            f"| {site} | {pages[0].name} | {g.get('form', '-')} | {g.get('topic', '-')} | "
            f"{prov.get('repo') or '-'} | {prov.get('path') or '-'} | {commit} | {url} |"
        )
    for tsv in sorted(staging.glob("SOURCES-*.tsv")):
        shutil.copy2(tsv, DEST / tsv.name)
    print("| site | file | form | topic | repository | path | commit | original address |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"{len(rows)} pages copied", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
