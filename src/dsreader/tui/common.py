"""What the screens share: an article's entry, safe text, the key bar."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from ..analysis import Document
from ..article import CleanArticle
from ..textnorm import display_safe


def safe(text: str | None, fallback: str = "—") -> Text:
    """Untrusted text as a Text object: never parsed as markup, escapes removed."""
    return Text(display_safe(text)) if text else Text(fallback, style="dim")


@dataclass
class Entry:
    article: CleanArticle
    doc: Document


class KeyBar(Static):
    """The footer: the screen's important keys as one line of text.

    Textual's Footer builds a widget per key and rebuilds them on every focus
    change, which was most of the time it took to open an article.
    """

    DEFAULT_CSS = "KeyBar { dock: bottom; height: 1; background: $panel; color: $text-muted; }"

    def on_mount(self) -> None:
        bar = Text(no_wrap=True, overflow="ellipsis")
        for binding in self.screen.BINDINGS:
            if isinstance(binding, Binding) and binding.show:
                bar.append(
                    f" {binding.key.split(',')[0].replace('slash', '/').replace('question_mark', '?')} ",
                    style="bold reverse",
                )
                bar.append(f" {binding.description} ")
        bar.append(" ^p ", style="bold reverse")
        bar.append(" palette")
        self.update(bar)
