"""Review mode: one final label per claim that two or more annotators labelled.

Disagreements come first; each claim shows every annotator's label, comment and
evidence. One key records the reviewer's decision (stored apart from the
annotators' own labels, with who decided and when); `u` undoes it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ..session import ReviewItem, sentences_word
from ..textnorm import display_safe
from .common import KeyBar, host, safe
from .keys import keys
from .styles import LABEL_NAMES, TAG_STYLES, tag


class ReviewScreen(Screen):
    BINDINGS = [
        Binding(keys("v"), "decide('verified')", "verified"),
        Binding(keys("d"), "decide('disputed')", "disputed"),
        Binding(keys("o"), "decide('opinion')", "opinion"),
        Binding(keys("s"), "decide('skip')", "skip"),
        Binding(keys("x"), "decide('')", "take back"),
        Binding(keys("u"), "undo", "undo"),
        Binding("ctrl+r", "redo", "redo", show=False),
        Binding(keys("j") + ",down", "move(1)", "next claim"),
        Binding(keys("k") + ",up", "move(-1)", "previous claim", show=False),
        Binding(keys("n"), "next_open", "next undecided", show=False),
        Binding(keys("q") + ",escape", "app.pop_screen", "back"),
        Binding("question_mark", "app.push_screen('help')", "help"),
    ]
    DEFAULT_CSS = """
    #review-head { height: auto; max-height: 2; padding: 0 1; background: $boost; }
    #review-body { height: 1fr; padding: 0 1; }
    #review-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: list[ReviewItem] = []
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Static(id="review-head")
        with VerticalScroll(id="review-body"):
            yield Static(id="review-item")
        yield Static(id="review-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.index = self._next_open(-1, wrap=True) or 0
        self.show()

    def store_changed(self) -> None:
        self.reload()
        self.show()

    def reload(self) -> None:
        """Read the items again, staying on the same claim."""
        key = self.items[self.index].key if self.items else None
        app = host(self)
        # The library's order first, then the articles its filter hides: every claim.
        ids = list(app.order) + [e.doc.id for e in app.entries if e.doc.id not in app.order]
        self.items = app.session.review_items(ids)
        keys_now = [i.key for i in self.items]
        self.index = (
            keys_now.index(key) if key in keys_now else min(self.index, len(self.items) - 1)
        )
        self.index = max(0, self.index)

    @property
    def item(self) -> ReviewItem | None:
        return self.items[self.index] if self.items else None

    def status(self, message: str, severity: str = "information") -> None:
        style = {"error": "bold red", "warning": "yellow"}.get(severity, "")
        self.query_one("#review-status", Static).update(Text(display_safe(message), style=style))

    def show(self) -> None:
        app = host(self)
        decided = sum(i.decision is not None for i in self.items)
        split = sum(i.disagreement for i in self.items)
        head = Text()
        head.append("review", style="bold")
        head.append(" · ")
        head.append(display_safe(app.annotator), style="bold cyan")
        head.append(
            f" · {len(self.items)} claims with 2+ labels · {split} disagree · {decided} decided"
        )
        self.query_one("#review-head", Static).update(head)
        body = Text()
        item = self.item
        if item is None:
            body.append(
                "Nothing to review: no claim has labels from two or more annotators yet.",
                style="italic",
            )
            self.query_one("#review-item", Static).update(body)
            return
        body.append(f"claim {self.index + 1}/{len(self.items)} · ")
        if item.disagreement:
            body.append("DISAGREEMENT", style="bold reverse")
        else:
            body.append("all agree", style="bold")
        body.append(f" · {sentences_word(item.first, item.last)} of ")
        body.append_text(safe(item.doc.title, "(untitled)"))
        body.append("\n\n")
        body.append_text(safe(item.text))
        body.append("\n\n")
        for who, record in item.labels.items():
            label = record["label"]
            body.append(tag(label, False), style=TAG_STYLES[label])
            body.append(f" {LABEL_NAMES[label]:<12}", style="bold")
            body.append(display_safe(who), style="cyan")
            if record.get("comment"):
                body.append("  comment: ")
                body.append(display_safe(record["comment"]), style="italic")
            if record.get("evidence"):
                body.append("  evidence: ")
                body.append(display_safe(record["evidence"]), style="underline")
            body.append("\n")
        body.append("\ndecision: ", style="bold")
        decision = item.decision
        if decision is None:
            body.append("none yet (v d o s)", style="italic")
        else:
            body.append(tag(decision["label"], False), style=TAG_STYLES[decision["label"]])
            body.append(f" {LABEL_NAMES[decision['label']]}", style="bold")
            body.append(f" by {display_safe(decision.get('reviewer') or '?')}")
            body.append(f" at {display_safe(decision.get('decided_at') or '?')}", style="dim")
        self.query_one("#review-item", Static).update(body)

    # --- actions -------------------------------------------------------------------

    def action_decide(self, label: str) -> None:
        item = self.item
        if item is None:
            self.status("nothing to review")
            return
        outcome = host(self).session.decide(item, label or None)
        host(self).store.wait_saved()  # a decision is said to be saved once on the disk
        self.status(outcome.message, outcome.severity)
        if outcome.changed and label:
            nxt = self._next_open(self.index, wrap=True)
            if nxt is not None:
                self.index = nxt
            else:
                self.status(f"{outcome.message} · every claim is decided")
        self.show()

    def _step(self, undo: bool) -> None:
        session = host(self).session
        outcome = session.undo() if undo else session.redo()
        host(self).store.wait_saved()
        self.status(outcome.message, outcome.severity)
        self.reload()
        self.show()

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def action_move(self, delta: int) -> None:
        if self.items:
            self.index = max(0, min(len(self.items) - 1, self.index + delta))
            self.show()

    def _next_open(self, after: int, wrap: bool) -> int | None:
        n = len(self.items)
        order = list(range(after + 1, n)) + (list(range(0, after + 1)) if wrap else [])
        return next((i for i in order if self.items[i].decision is None), None)

    def action_next_open(self) -> None:
        nxt = self._next_open(self.index, wrap=True)
        if nxt is None:
            self.status("every claim is decided")
        else:
            self.index = nxt
            self.show()
