"""Copy a staging folder of real pages (one sub-folder per site, each page next to its
.gold.json) into tests/data/pages/, and print the provenance table of its README from
the SOURCES-*.tsv files and the gold files.

Usage: python scripts/sync_pages.py STAGING_DIR > /tmp/table.md
Only complete pages (the .gold.json exists) are copied; the seeds folder is kept, and
the corrections listed in tests/data/pages/gold-fixes.json are applied again.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

DEST = Path(__file__).resolve().parent.parent / "tests" / "data" / "pages"


def apply_fixes() -> None:
    """Re-apply the corrections of tests/data/pages/gold-fixes.json after a copy."""
    fixes = DEST / "gold-fixes.json"
    if not fixes.exists():
        return
    for fix in json.loads(fixes.read_text("utf-8")):
        path = DEST / fix["gold"]
        if not path.exists():
            continue
        gold = json.loads(path.read_text("utf-8"))
        moved = [b for b in gold["body"] if b in fix.get("body_to_junk", [])]
        gold["body"] = [b for b in gold["body"] if b not in moved]
        gold["junk"] = gold["junk"] + [m for m in moved if m not in gold["junk"]]
        # Lines judged body after all stand before the lead (decks under the headline).
        raised = [j for j in gold["junk"] if j in fix.get("junk_to_body", [])]
        gold["junk"] = [j for j in gold["junk"] if j not in raised]
        gold["body"] = raised + [b for b in gold["body"] if b not in raised]
        known = {surface for surface, _ in gold["entities"]}
        gold["entities"] += [e for e in fix.get("entities_add", []) if e[0] not in known]
        for field, value in fix.get("metadata", {}).items():
            gold["metadata"][field] = value
        path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", "utf-8")


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
    apply_fixes()
    for tsv in sorted(staging.glob("SOURCES-*.tsv")):
        shutil.copy2(tsv, DEST / tsv.name)
    print("| site | file | form | topic | repository | path | commit | original address |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"{len(rows)} pages copied", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
