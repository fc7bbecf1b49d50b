"""Colours and text styles of the reader, chosen to stay legible everywhere.

Every cue has a form that needs no colour: entity types differ by bold, underline
and italic; a label is a tag in the text itself (`[V]`, `[D]`, `[O]`, `[S]`, a `*`
when the claim has a comment). Colours are exact RGB values, never the terminal's
named colours, so their contrast can be checked (tests/test_tui.py computes the WCAG
ratio of each pair in 24-bit, 256- and 16-colour terminals and under NO_COLOR, where
Textual turns each colour into a grey of the same brightness). The sentence tints
are shown in 24-bit colour only: downgraded to 256 colours they change hue or lose
contrast, and the tags already say everything the tints do.
"""

from __future__ import annotations

from rich.style import Style

from ..session import LETTERS

BACKGROUND = "#121212"  # the reader pane's background in Textual's default theme
TEXT = "#e0e0e0"

ENTITY_STYLES = {
    "PERSON": Style(color="#ff87ff", bold=True),
    "ORG": Style(color="#5fd7ff", underline=True),
    "LOC": Style(color="#87d787", italic=True),
    "PRODUCT": Style(color="#ffd75f", bold=True, underline=True),
    "MONEY": Style(color="#ffaf5f", underline=True),
    "PERCENT": Style(color="#ff8787", underline=True),
    "DATE": Style(color="#87afff", italic=True),
    "QUANTITY": Style(color="#afafff", italic=True, underline=True),
}

# The tag before a labelled claim: black on a light colour, bold.
TAG_COLOURS = {
    "verified": "#87d787",
    "disputed": "#ff8787",
    "opinion": "#ffd75f",
    "skip": "#bcbcbc",
    None: "#87afff",  # a comment without a label
}
TAG_STYLES = {
    label: Style(color="#000000", bgcolor=bg, bold=True) for label, bg in TAG_COLOURS.items()
}

# A dark tint behind a labelled sentence's text (24-bit colour only).
TINTS = {
    "verified": "#1a3320",
    "disputed": "#3a1a1a",
    "opinion": "#302a0a",
    "skip": "#262626",
}
TINT_STYLES = {label: Style(bgcolor=bg) for label, bg in TINTS.items()}

CURSOR_STYLE = Style(reverse=True)  # the claim the next label goes to
HIT_STYLE = Style(color="#000000", bgcolor="#ff87ff", bold=True)
REMOVED_STYLE = Style(strike=True, color="#ff8787")
REASON_STYLE = Style(italic=True, color="#ffd75f")

LABEL_NAMES = {
    "verified": "verified",
    "disputed": "disputed",
    "opinion": "opinion",
    "skip": "not a claim",
}


def tag(label: str | None, commented: bool) -> str:
    """`[V]`, `[D*]` (a comment on it), `[*]` (a comment, no label)."""
    letter = LETTERS.get(label, "") if label else ""
    return f"[{letter}{'*' if commented else ''}]"
