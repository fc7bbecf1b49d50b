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
from fractions import Fraction
from itertools import combinations
from operator import itemgetter, methodcaller

from .store import ALL_LABELS

ClaimKey = tuple[str, int, int]
LabelCounts = tuple[int, ...]  # per unit: how many coders gave each value


def claim_key(record: Mapping) -> ClaimKey:
    return (record["article_id"], int(record["start"]), int(record["end"]))


def by_claim(records: Iterable[Mapping]) -> dict[ClaimKey, dict[str, str]]:
    """Each claim's label per annotator."""
    claims: dict[ClaimKey, dict[str, str]] = defaultdict(dict)
    for r in records:
        claims[claim_key(r)][r["annotator"]] = r["label"]
    return dict(claims)


def _kappa(table: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa from the counts of each (first label, second label)."""
    n = sum(table.values())
    if n == 0:
        return None
    observed = sum(k for (a, b), k in table.items() if a == b) / n
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    for (a, b), k in table.items():
        first[a] += k
        second[b] += k
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa for two annotators' labels on the same items."""
    return _kappa(Counter(pairs))


def _alpha(units: Mapping[LabelCounts, int]) -> float | None:
    """Krippendorff's alpha (nominal) from how many units have each vector of value
    counts: units with the same counts add the same to the coincidence matrix, so a
    million units cost as much as their few distinct vectors. Exact fractions, then
    rounded once."""
    width = len(next(iter(units), ()))
    coincidence = [[Fraction(0)] * width for _ in range(width)]
    for counts, times in units.items():
        m = sum(counts)
        if m < 2:
            continue
        for c, nc in enumerate(counts):
            if nc:
                for k, nk in enumerate(counts):
                    pairs = nc * (nc - 1) if c == k else nc * nk
                    if pairs:
                        coincidence[c][k] += Fraction(pairs * times, m - 1)
    totals = [sum(row) for row in coincidence]
    n = sum(totals)
    if n <= 1:
        return None
    disagree = sum(coincidence[c][k] for c in range(width) for k in range(width) if c != k)
    expected = sum(totals[c] * totals[k] for c in range(width) for k in range(width) if c != k)
    if expected == 0:
        return None
    return float(1 - (n - 1) * disagree / expected)


def krippendorff_alpha(units: Iterable[Iterable[str]]) -> float | None:
    """Krippendorff's alpha, nominal, from each unit's values (any number of coders).

    Units with fewer than two values cannot be paired and are left out, as in
    Krippendorff's definition.
    """
    units = [list(u) for u in units]
    values = sorted({v for u in units for v in u}, key=str)
    position = {v: i for i, v in enumerate(values)}
    vectors: Counter[LabelCounts] = Counter()
    for unit in units:
        counts = [0] * len(values)
        for v in unit:
            counts[position[v]] += 1
        vectors[tuple(counts)] += 1
    return _alpha(vectors) if values else None


def confusion(
    claims: Mapping[ClaimKey, Mapping[str, str]], first: str, second: str
) -> dict[str, dict[str, int]]:
    """Rows: the first annotator's label; columns: the second's; shared claims only."""
    table = {a: dict.fromkeys(ALL_LABELS, 0) for a in ALL_LABELS}
    for labels in claims.values():
        if first in labels and second in labels:
            table[labels[first]][labels[second]] += 1
    return table


class _Coded:
    """Each annotator's label on every claim as one byte per claim (0: none), and as
    big integers with a bit per claim and label: how many claims two annotators share
    with a given pair of labels is one `&` and one `bit_count`, with no loop over
    the claims in Python."""

    def __init__(self, records: list[Mapping], annotators: list[str]) -> None:
        keys = map(itemgetter("article_id", "start", "end"), records)
        index: dict = {}
        claim_of = [index.setdefault(k, len(index)) for k in keys]
        self.claims = len(index)
        code = {label: i + 1 for i, label in enumerate(ALL_LABELS)}
        rows = {a: bytearray(self.claims) for a in annotators}
        for who, c, label in zip(
            map(itemgetter("annotator"), records),
            claim_of,
            map(itemgetter("label"), records),
            strict=True,
        ):
            rows[who][c] = code[label]  # a second record of the same claim: the last wins
        self.rows = rows
        self._masks: dict[tuple[str, int], int] = {}

    def mask(self, who: str, code: int) -> int:
        """Bit 8·i set where `who` gave the label with this code to claim i."""
        found = self._masks.get((who, code))
        if found is None:
            keep = bytes(int(b == code) for b in range(256))
            found = int.from_bytes(self.rows[who].translate(keep), "little")
            self._masks[(who, code)] = found
        return found

    def table(self, a: str, b: str) -> dict[tuple[str, str], int]:
        """How many claims got label x from a and y from b, for every (x, y) seen."""
        out = {}
        for i, x in enumerate(ALL_LABELS, 1):
            first = self.mask(a, i)
            if first:
                for j, y in enumerate(ALL_LABELS, 1):
                    both = (first & self.mask(b, j)).bit_count()
                    if both:
                        out[(x, y)] = both
        return out

    def vectors(self) -> Counter[LabelCounts]:
        """How many claims have each vector of label counts (coders per label)."""
        if len(self.rows) < 256:  # a byte per claim holds every count: add them as integers
            sums = []
            for i in range(1, len(ALL_LABELS) + 1):
                total = sum(self.mask(who, i) for who in self.rows)
                sums.append(total.to_bytes(self.claims, "little"))
            return Counter(zip(*sums, strict=True))
        counts = [[0] * len(ALL_LABELS) for _ in range(self.claims)]
        for row in self.rows.values():
            for c, v in enumerate(row):
                if v:
                    counts[c][v - 1] += 1
        return Counter(map(tuple, counts))


def _nested(counts: Mapping[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    """{(key, label): n} as each key's counts per label plus its total, keys in order."""
    out: dict[str, Counter] = defaultdict(Counter)
    for (key, label), n in counts.items():
        out[key][label] += n
    return {
        k: {**dict.fromkeys(ALL_LABELS, 0), **v, "total": sum(v.values())} for k, v in out.items()
    }


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
    Counted with C-level passes over the records (a million of them at scale).
    """
    sources = sources or {}
    records = list(records)
    labels = list(map(methodcaller("get", "label"), records))
    comments_only = labels.count(None)
    if comments_only:
        records = [r for r, label in zip(records, labels, strict=True) if label is not None]
        labels = [label for label in labels if label is not None]
    reviews = [r for r in reviews if r.get("label") is not None]
    who = list(map(itemgetter("annotator"), records))
    by_annotator = Counter(zip(who, labels, strict=True))
    by_article = Counter(zip(map(itemgetter("article_id"), records), labels, strict=True))
    by_source: Counter[tuple[str, str]] = Counter()
    for (article, label), n in by_article.items():
        by_source[(sources.get(article) or "(unknown)", label)] += n
    annotators = sorted(set(who))
    coded = _Coded(records, annotators)
    tables = {(a, b): coded.table(a, b) for a, b in combinations(annotators, 2)}
    pairs = []
    for (a, b), table in tables.items():
        items = sum(table.values())
        agreed = sum(n for (x, y), n in table.items() if x == y)
        pairs.append(
            {
                "annotators": [a, b],
                "items": items,
                "observed": agreed / items if items else None,
                "kappa": _kappa(table),
            }
        )
    vectors = coded.vectors()
    multi = {v: n for v, n in vectors.items() if sum(v) >= 2}
    if pair is None and pairs:
        best = max(pairs, key=lambda p: p["items"])
        pair = tuple(best["annotators"]) if best["items"] else None
    label_counts = Counter(labels)
    return {
        "annotations": len(records),
        "claims": coded.claims,
        "annotators": annotators,
        "comments_only": comments_only,
        "by_label": {label: label_counts[label] for label in ALL_LABELS},
        "reviewed": {
            "claims": len(reviews),
            "by_label": {label: sum(r["label"] == label for r in reviews) for label in ALL_LABELS},
            "reviewers": sorted({r.get("reviewer") or "" for r in reviews} - {""}),
        },
        "by_annotator": _nested(by_annotator),
        "by_article": _nested(by_article),
        "by_source": _nested(by_source),
        "multi_annotated": sum(multi.values()),
        "agreement": {
            "pairs": pairs,
            "alpha": {
                "value": _alpha(multi) if multi else None,
                "items": sum(multi.values()),
                "annotators": len(annotators),
            },
        },
        "confusion": ({"annotators": list(pair), "matrix": _matrix(coded, pair)} if pair else None),
    }


def _matrix(coded: _Coded, pair: tuple[str, str]) -> dict[str, dict[str, int]]:
    """The confusion table of two annotators (either may have no labels at all)."""
    table = {a: dict.fromkeys(ALL_LABELS, 0) for a in ALL_LABELS}
    if all(name in coded.rows for name in pair):
        for (x, y), n in coded.table(*pair).items():
            table[x][y] = n
    return table
