"""The stats figures as Rich renderables: the same view in `dsreader stats` and the app."""

from __future__ import annotations

from collections.abc import Mapping

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .store import ALL_LABELS as LABELS
from .textnorm import display_safe

LABEL_COLOURS = {"verified": "green", "disputed": "red", "opinion": "yellow", "skip": "blue"}
BAR_WIDTH = 24


def _bar(counts: Mapping[str, int], scale: int) -> Text:
    """A stacked bar, one colour and letter per label, so it reads in 16 colours too."""
    bar = Text()
    for label in LABELS:
        n = counts.get(label, 0)
        cells = round(BAR_WIDTH * n / scale) if scale else 0
        if n and not cells:
            cells = 1
        bar.append(label[0].upper() * cells, style=f"bold {LABEL_COLOURS[label]} reverse")
    return bar


def _tally(title: str, rows: Mapping[str, Mapping[str, int]], names: Mapping[str, str]) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    table.add_column(title.split()[-1], overflow="ellipsis", no_wrap=True, max_width=28)
    for label in LABELS:
        table.add_column(label[0].upper(), justify="right")
    table.add_column("all", justify="right")
    table.add_column("", no_wrap=True)
    scale = max((r["total"] for r in rows.values()), default=0)
    for key, counts in sorted(rows.items(), key=lambda kv: -kv[1]["total"]):
        table.add_row(
            Text(display_safe(names.get(key) or key)),
            *(str(counts.get(label, 0)) for label in LABELS),
            str(counts["total"]),
            _bar(counts, scale),
        )
    return table


def _figure(value: float | None) -> Text:
    return Text("undefined", style="dim") if value is None else Text(f"{value:.3f}")


def render(
    figures: Mapping, titles: Mapping[str, str | None], me: str | None = None
) -> RenderableType:
    """Counts per label/annotator/source/article, agreement, and the confusion table."""
    parts: list[RenderableType] = []
    head = Text()
    head.append(f"{figures['annotations']} labels", style="bold")
    head.append(
        f" on {figures['claims']} claims by {len(figures['annotators'])} annotators · "
        f"{figures['multi_annotated']} claims labelled by two or more"
    )
    reviewed = figures.get("reviewed") or {}
    if reviewed.get("claims"):
        head.append(
            f" · {reviewed['claims']} claims decided in review"
            f" by {', '.join(map(display_safe, reviewed['reviewers'])) or 'unknown'}"
        )
    if figures.get("comments_only"):
        head.append(f" · {figures['comments_only']} comments without a label")
    parts.append(head)
    parts.append(_bar(figures["by_label"], max(1, figures["annotations"])))
    parts.append(
        Text(
            "  ".join(
                f"{label[0].upper()} {label} {figures['by_label'][label]}" for label in LABELS
            )
        )
    )
    who = {a: f"{a} (you)" if a == me else a for a in figures["annotators"]}
    parts.append(_tally("per annotator", figures["by_annotator"], who))
    parts.append(_tally("per source", figures["by_source"], {}))
    names = {k: f"{k} {titles.get(k) or ''}" for k in figures["by_article"]}
    parts.append(_tally("per article", figures["by_article"], names))

    agreement = Table(
        title="agreement (same claim span)",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        pad_edge=False,
    )
    agreement.add_column("annotators")
    agreement.add_column("claims", justify="right")
    agreement.add_column("observed", justify="right")
    agreement.add_column("Cohen's κ", justify="right")
    for pair in figures["agreement"]["pairs"]:
        agreement.add_row(
            Text(display_safe(" × ".join(pair["annotators"]))),
            str(pair["items"]),
            _figure(pair["observed"]),
            _figure(pair["kappa"]),
        )
    alpha = figures["agreement"]["alpha"]
    agreement.add_row(
        Text("all (Krippendorff's α, nominal)", style="bold"),
        str(alpha["items"]),
        "",
        _figure(alpha["value"]),
    )
    parts.append(agreement)

    confusion = figures.get("confusion")
    if confusion:
        a, b = (display_safe(n) for n in confusion["annotators"])
        table = Table(
            title=f"confusion: rows {a}, columns {b}",
            box=box.SIMPLE_HEAD,
            title_justify="left",
            pad_edge=False,
        )
        table.add_column("")
        for label in LABELS:
            table.add_column(label, justify="right")
        for label in LABELS:
            row = confusion["matrix"][label]
            table.add_row(
                label, *(Text(str(row[c]), style="bold" if c == label else "") for c in LABELS)
            )
        parts.append(table)
    elif len(figures["annotators"]) < 2:
        parts.append(Text("Agreement needs two annotators labelling the same claims.", style="dim"))
    return Group(*parts)
