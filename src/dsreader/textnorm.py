"""One canonical form for every string the tool reads, so offsets never drift.

Articles are normalised once on load; every later offset (removed spans,
sentences, entities, annotations) refers to the normalised string.
"""

from __future__ import annotations

import re
import unicodedata

# ANSI/VT escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST), other ESC x,
# and the 8-bit C1 CSI introducer.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]        # CSI
  | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?  # OSC, terminated by BEL or ST
  | \x1b[PX^_][^\x1b]*(?:\x1b\\)?  # DCS, SOS, PM, APC
  | \x1b[@-Z\\-_]                  # two-character sequences
  | \x9b[0-?]*[ -/]*[@-~]          # 8-bit CSI
    """,
    re.VERBOSE,
)
# Every space-like character becomes a plain space (NBSP, ideographic space, thin spaces...).
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Zero-width characters and BOMs carry no text and confuse wrapping and matching.
# Bidi embedding/override/isolate controls can make a terminal show text reordered.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
# Remaining C0/C1 controls (newline is kept), and Unicode line/paragraph separators.
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def normalize_text(text: str) -> str:
    """NFC, plain spaces, LF line ends, and no control characters or escape sequences."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    text = _ESCAPES.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)


def display_safe(text: str) -> str:
    """Make any string (article, comment, file name) safe to print on a terminal."""
    return normalize_text(text)
