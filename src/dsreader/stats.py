"""Label counts and inter-annotator agreement, as pure functions over store records.

A claim is identified by (article id, start, end): two annotators agree or disagree
on a claim only when they labelled the same span. Agreement figures are `None`
when they are undefined (no shared items, or a single label used everywhere, where
the chance agreement is 1 and kappa/alpha divide by zero); the item counts say why.
`skip` ("not a claim") is a label like the others; a record with only a comment
(label None) is not a label and is counted apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations

from .store import ALL_LABELS

ClaimKey = tuple[str, int, int]


def claim_key(record: Mapping) -> ClaimKey:
    return (record["article_id"], int(record["start"]), int(record["end"]))


def by_claim(records: Iterable[Mapping]) -> dict[ClaimKey, dict[str, str]]:
    """Each claim's label per annotator."""
    claims: dict[ClaimKey, dict[str, str]] = defaultdict(dict)
    for r in records:
        claims[claim_key(r)][r["annotator"]] = r["label"]
    return dict(claims)


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa for two annotators' labels on the same items."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Iterable[Iterable[str]]) -> float | None:
    """Krippendorff's alpha, nominal, from each unit's values (any number of coders).

    Units with fewer than two values cannot be paired and are left out, as in
    Krippendorff's definition.
    """
    coincidence: Counter[tuple[str, str]] = Counter()
    for unit in units:
        values = list(unit)
        m = len(values)
        if m < 2:
            continue
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    coincidence[(a, b)] += 1 / (m - 1)
    totals: Counter[str] = Counter()
    for (a, _), weight in coincidence.items():
        totals[a] += weight
    n = sum(totals.values())
    if n <= 1:
        return None
    disagree = sum(w for (a, b), w in coincidence.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b)
    if expected == 0:
        return None
    return 1 - (n - 1) * disagree / expected


def confusion(
    claims: Mapping[ClaimKey, Mapping[str, str]], first: str, second: str
) -> dict[str, dict[str, int]]:
    """Rows: the first annotator's label; columns: the second's; shared claims only."""
    table = {a: dict.fromkeys(ALL_LABELS, 0) for a in ALL_LABELS}
    for labels in claims.values():
        if first in labels and second in labels:
            table[labels[first]][labels[second]] += 1
    return table


def summarize(
    records: list[Mapping],
    sources: Mapping[str, str | None] | None = None,
    pair: tuple[str, str] | None = None,
    reviews: Iterable[Mapping] = (),
) -> dict:
    """Everything `dsreader stats` and the stats screen show, as one JSON-ready dict.

    `sources` maps article ids to their source (articles not in the corpus count
    as unknown); `pair` picks the confusion table's annotators, by default the pair
    sharing the most claims; `reviews` are the review decisions (one per claim).
    """
    sources = sources or {}
    comments_only = sum(r.get("label") is None for r in records)
    records = [r for r in records if r.get("label") is not None]
    reviews = [r for r in reviews if r.get("label") is not None]
    claims = by_claim(records)
    annotators = sorted({r["annotator"] for r in records})

    def tally(key) -> dict[str, dict[str, int]]:
        out: dict[str, Counter] = defaultdict(Counter)
        for r in records:
            out[key(r)][r["label"]] += 1
        return {
            k: {**dict.fromkeys(ALL_LABELS, 0), **v, "total": sum(v.values())}
            for k, v in out.items()
        }

    pairs = []
    for a, b in combinations(annotators, 2):
        shared = [(ls[a], ls[b]) for ls in claims.values() if a in ls and b in ls]
        pairs.append(
            {
                "annotators": [a, b],
                "items": len(shared),
                "observed": (sum(x == y for x, y in shared) / len(shared)) if shared else None,
                "kappa": cohen_kappa(shared),
            }
        )
    multi = [ls for ls in claims.values() if len(ls) >= 2]
    if pair is None and pairs:
        best = max(pairs, key=lambda p: p["items"])
        pair = tuple(best["annotators"]) if best["items"] else None
    return {
        "annotations": len(records),
        "claims": len(claims),
        "annotators": annotators,
        "comments_only": comments_only,
        "by_label": {label: sum(r["label"] == label for r in records) for label in ALL_LABELS},
        "reviewed": {
            "claims": len(reviews),
            "by_label": {label: sum(r["label"] == label for r in reviews) for label in ALL_LABELS},
            "reviewers": sorted({r.get("reviewer") or "" for r in reviews} - {""}),
        },
        "by_annotator": tally(lambda r: r["annotator"]),
        "by_article": tally(lambda r: r["article_id"]),
        "by_source": tally(lambda r: sources.get(r["article_id"]) or "(unknown)"),
        "multi_annotated": len(multi),
        "agreement": {
            "pairs": pairs,
            "alpha": {
                "value": krippendorff_alpha(ls.values() for ls in multi),
                "items": len(multi),
                "annotators": len(annotators),
            },
        },
        "confusion": (
            {"annotators": list(pair), "matrix": confusion(claims, *pair)} if pair else None
        ),
    }
