"""The app's pop-up screens: help, comment box, split-or-replace question, statistics,
export progress.

Kept out of `app` so that start-up does not build them; they load on first use.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, ProgressBar, Select, Static

from ..analysis import analyze
from ..textnorm import display_safe
from .common import host
from .keys import KOREAN, keys


class SkippedScreen(ModalScreen):
    """Every file the loader skipped, with its reason (empty, binary, duplicate…)."""

    BINDINGS = [Binding(keys("escape", "q", "w"), "app.pop_screen", "close")]
    DEFAULT_CSS = "SkippedScreen { align: center middle; } #skipped-box { width: 100%; max-width: 100; max-height: 100%; height: auto; border: round $warning; background: $panel; padding: 0 1; }"

    def __init__(self, skipped: list[str]) -> None:
        super().__init__()
        self.skipped = skipped

    def compose(self) -> ComposeResult:
        text = Text()
        count = len(self.skipped)
        text.append(f"{count} file{'s' if count != 1 else ''} skipped", style="bold")
        text.append("  (Escape closes)\n", style="dim")
        for line in self.skipped or ["none: every file was read"]:
            text.append("\n• ")
            text.append(display_safe(line))
        with VerticalScroll(id="skipped-box"):
            yield Static(text)


class HelpScreen(ModalScreen):
    BINDINGS = [Binding(keys("escape", "q", "question_mark"), "app.pop_screen", "close")]
    DEFAULT_CSS = "HelpScreen { align: center middle; } #help-box { width: 100%; max-width: 86; max-height: 100%; height: auto; border: round $accent; background: $panel; padding: 0 1; }"

    ROWS = [
        ("Words", ""),
        ("sentence", "what the analyzer splits an article into; the unit of progress"),
        ("claim", "one or more consecutive sentences that get one answer (J K extend)"),
        ("label", "one annotator's answer on a claim: verified, disputed, opinion, skip"),
        ("Reading", ""),
        ("j k / ↓ ↑", "next / previous sentence"),
        ("g G", "first / last sentence"),
        ("PgDn Space PgUp", "scroll a page; the cursor comes along"),
        ("J K (shift)", "extend the claim over the next / previous sentence"),
        ("] [", "next / previous article in the library's sort and filter"),
        ("e", "entity panel"),
        ("r", "raw view: removed text struck through (no labelling there)"),
        ("/ > <", "search, next / previous hit"),
        ("Labelling", ""),
        ("v d o", "label verified / disputed / opinion"),
        ("s", "skip: not a claim (headline, bullet, caption); counts as done"),
        ("x", "clear the label (a comment stays)"),
        ("u / ctrl+r", "undo / redo"),
        ("c", "comment (and evidence) on the claim; needs no label"),
        ("n", "next unlabelled sentence; at the end, the next unfinished article"),
        ("a", "show / hide other annotators' labels"),
        ("m", "next disagreement (with others' labels shown)"),
        ("Escape", "cancel the selection; close the panel; back"),
        ("Library and review", ""),
        ("Enter", "open the article"),
        ("s f /", "sort / only unfinished / filter (source: state: type:)"),
        ("w", "files the loader skipped, each with its reason"),
        ("R", "review: one final label per claim annotators disagree on"),
        ("S", "statistics and agreement"),
        ("q Escape", "back, then quit"),
        ("ctrl+p", "command palette: every action, review and export"),
    ]

    def compose(self) -> ComposeResult:
        twins = ", ".join(f"{KOREAN[k]}={k}" for k in "jkvdosxcn")
        text = Text(f"Keys (the Korean layout works too: {twins} …)\n", style="bold")
        for key, action in self.ROWS:
            if not action:
                text.append(f"\n{key}\n", style="bold underline")
                continue
            text.append(f"{key:<16}", style="bold cyan")
            text.append(action + "\n")
        yield VerticalScroll(Static(text, id="help"), id="help-box")


class CommentScreen(ModalScreen[tuple[str, str] | None]):
    BINDINGS = [Binding("escape", "cancel", "cancel")]
    DEFAULT_CSS = "CommentScreen { align: center middle; } #box { width: 70; height: auto; border: round $accent; background: $panel; padding: 0 1; }"

    def __init__(self, claim: str, comment: str, evidence: str) -> None:
        super().__init__()
        self.claim, self.comment, self.evidence = claim, comment, evidence

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(Text(display_safe(self.claim)[:200], style="italic"))
            yield Input(
                self.comment, placeholder="comment (Enter to save, Esc to cancel)", id="comment"
            )
            yield Input(self.evidence, placeholder="evidence: URL or reference", id="evidence")

    @on(Input.Submitted)
    def save(self) -> None:
        self.dismiss(
            (self.query_one("#comment", Input).value, self.query_one("#evidence", Input).value)
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConflictScreen(ModalScreen[str | None]):
    """A label or clear would change another claim: split it, replace it, or cancel."""

    BINDINGS = [
        Binding(keys("s"), "choose('split')", "split"),
        Binding(keys("r"), "choose('replace')", "replace"),
        Binding(keys("c") + ",escape", "choose('cancel')", "cancel"),
    ]
    DEFAULT_CSS = "ConflictScreen { align: center middle; } #conflict { width: 70; height: auto; border: round $warning; background: $panel; padding: 0 1; }"

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        text = Text(display_safe(self.question) + "\n\n")
        for key, what in (
            ("s", "split: the other claim keeps its sentences outside this one"),
            ("r", "replace: the other claim goes"),
            ("c / Esc", "cancel: nothing changes"),
        ):
            text.append(f"{key:<9}", style="bold cyan")
            text.append(what + "\n")
        yield Static(text, id="conflict")

    def action_choose(self, choice: str) -> None:
        self.dismiss(None if choice == "cancel" else choice)


class StatsScreen(ModalScreen):
    """Label counts and agreement, the same figures as `dsreader stats`; `p` steps the
    confusion table through the pairs of annotators."""

    BINDINGS = [
        Binding(keys("escape", "q") + ",S", "app.pop_screen", "close"),
        Binding(keys("p"), "next_pair", "next pair"),
    ]
    DEFAULT_CSS = "StatsScreen { align: center middle; } #stats { width: 100%; max-width: 110; height: 100%; border: round $accent; background: $panel; padding: 0 1; }"

    def __init__(self) -> None:
        super().__init__()
        self.pair: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Static(Text("p: confusion table for the next pair · Esc: close", style="dim"))
            yield Static(self._figures_view(), id="figures")

    def _figures_view(self):
        from ..stats import summarize
        from ..stats_view import render

        app = host(self)
        app.store.refresh()
        self.figures = summarize(
            app.store.all(), sources={e.doc.id: e.doc.source for e in app.entries}, pair=self.pair
        )
        titles = {e.doc.id: e.doc.title for e in app.entries}
        return render(self.figures, titles, me=app.annotator)

    def action_next_pair(self) -> None:
        pairs = [tuple(p["annotators"]) for p in self.figures["agreement"]["pairs"]]
        if not pairs:
            return
        shown = self.figures["confusion"]
        current = tuple(shown["annotators"]) if shown else pairs[-1]
        self.pair = pairs[(pairs.index(current) + 1) % len(pairs)]
        self.query_one("#figures", Static).update(self._figures_view())


class ExportScreen(ModalScreen):
    """Export from the app. With a format, every label is written at once; without one,
    a form first offers the command line's filters and the installed formats. A
    progress bar shows while the file is written; the screen closes itself when done."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]
    DEFAULT_CSS = "ExportScreen { align: center middle; } #export { width: 60; height: auto; border: round $accent; background: $panel; padding: 0 1; } #export Select, #export Input { margin: 0 0 1 0; } #export-error { color: $error; }"
    MODES = (
        ("every label", ""),
        ("agreed", "agreed"),
        ("adjudicated", "adjudicated"),
        ("reviewed", "reviewed"),
    )

    def __init__(self, fmt: str | None = None) -> None:
        super().__init__()
        self.fmt = fmt
        self.filters: dict = {}

    def compose(self) -> ComposeResult:
        from ..export import available_formats
        from ..store import ALL_LABELS

        with Vertical(id="export"):
            if self.fmt is None:
                yield Static(Text("Export labels (Enter to start, Esc to cancel)", style="bold"))
                formats = available_formats()
                yield Select(
                    [(f, f) for f in formats], value=formats[0], allow_blank=False, id="fmt"
                )
                yield Select(
                    [(label, label) for label in ALL_LABELS],
                    prompt="every label",
                    id="label-filter",
                )
                yield Input(placeholder="annotators, comma-separated (blank: all)", id="annotators")
                yield Select(self.MODES, value="", allow_blank=False, id="mode")
                yield Static(Text(""), id="export-error")
                yield Button("Export", id="start", variant="primary")
            yield Static(Text(f"exporting {self.fmt or ''}…"), id="status")
            yield ProgressBar(id="bar", show_eta=False)

    def on_mount(self) -> None:
        if self.fmt is None:
            self.query_one("#status").display = False
            self.query_one("#bar").display = False
            self.query_one("#start", Button).focus()
        else:
            self.run_export()

    def action_cancel(self) -> None:
        if self.fmt is None or not self.query_one("#bar").display:
            self.dismiss()

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def start(self) -> None:
        """Check the form as the command line does (an unknown name is an error), then export."""
        app = host(self)
        names = [
            n.strip() for n in self.query_one("#annotators", Input).value.split(",") if n.strip()
        ]
        known = {r["annotator"] for r in app.store.all()} | {
            r.get("reviewer") for r in app.store.reviews()
        }
        unknown = [n for n in names if n not in known]
        if unknown:
            self.query_one("#export-error", Static).update(
                Text(f"no annotator named '{unknown[0]}'")
            )
            return
        label = self.query_one("#label-filter", Select).value
        mode = self.query_one("#mode", Select).value
        self.fmt = str(self.query_one("#fmt", Select).value)
        self.filters = {
            "annotators": names,
            "labels": [label] if isinstance(label, str) else [],
            **({mode: True} if mode else {}),
        }
        for widget in self.query(
            "#export > Select, #export > Input, #export > Button, #export-error"
        ):
            widget.display = False
        status = self.query_one("#status", Static)
        status.update(Text(f"exporting {self.fmt}…"))
        status.display = True
        self.query_one("#bar").display = True
        self.run_export()

    @work(thread=True, exclusive=True, group="export")
    def run_export(self) -> None:
        from .. import export as exporting
        from .shelf import bring_back

        app = host(self)
        bar = self.query_one(ProgressBar)
        folder = app.store.path.parent / "exports"
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = folder / exporting.default_name(self.fmt, stamp)
        try:
            if self.fmt not in exporting.available_formats():
                raise exporting.ExportError(exporting.missing_extra(self.fmt))
            docs = {}
            for e in list(app.entries):
                article, doc = e.article, e.doc
                if article is None and e.key:  # put away: brought back, not kept
                    article, doc = bring_back(e) or (None, doc)
                if doc.analyzed:
                    docs[doc.id] = doc
                elif article is not None:
                    docs[doc.id] = analyze(article)
            records = app.call_from_thread(app.store.all)  # the store is the main thread's
            reviews = app.call_from_thread(app.store.reviews)
            rows, summary = exporting.dataset(records, docs, reviews=reviews, **self.filters)
            app.call_from_thread(bar.update, total=max(1, len(rows)))
            written = exporting.export(
                rows,
                self.fmt,
                target,
                progress=lambda n: app.call_from_thread(bar.update, progress=n),
            )
            written.notes.update(summary.notes)
            message, severity = f"{written.line()} to {target}", "information"
        except (exporting.ExportError, OSError) as exc:
            message, severity = f"export failed: {exc}", "error"
        app.call_from_thread(self.dismiss)
        app.call_from_thread(
            app.notify, display_safe(message), severity=severity, timeout=8, markup=False
        )
