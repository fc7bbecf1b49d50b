"""`json.loads` for a large TinyDB file, in slices, so that other threads run meanwhile.

`json.loads` holds the interpreter for the whole parse (0.75 s at 100,000 labels,
seconds at a million): the app opens its database in a worker, and its interface
would freeze all that time. This walks the file's two outer levels
(`{table: {id: record}}`) itself, decodes each record with the C decoder, and lets
other threads in every few thousand records. Anything of another shape, or not
valid, goes to one plain `json.loads` of the original input: same result, same
errors.
"""

from __future__ import annotations

import gc
import json
import re
import time
from collections.abc import Callable

_SPACE = re.compile(r"[ \t\n\r]*")
_scan = json.JSONDecoder().raw_decode


class _Shape(Exception):
    """Not the shape walked here: the plain parser decides."""


def loads(raw: bytes | str, every: int = 2000, pause: Callable[[], None] | None = None) -> object:
    """What `json.loads(raw)` returns; yields to other threads every `every` records
    (calls `pause` there, if given: a worker may wait while the interface is busy)."""
    collecting = gc.isenabled()
    gc.disable()  # a full collection over the new records would stop every thread
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return _tables(text, every, pause or _let_others_run)
    except (_Shape, ValueError):
        return json.loads(raw)
    finally:
        if collecting:
            gc.enable()


def _at(text: str, i: int) -> tuple[int, str]:
    """The position of the next non-blank character, and that character ('' at the end)."""
    i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
    return i, text[i : i + 1]


def _key(text: str, i: int) -> tuple[str, int, str]:
    """The member at i (`"key" :`): its key, and its value's position and first character."""
    key, i = _scan(text, i)
    i, c = _at(text, i)
    if c != ":":
        raise _Shape
    i, c = _at(text, i + 1)
    return key, i, c


def _after_member(text: str, i: int) -> tuple[int, str]:
    """Past a member's value at i: the next member ('"') or the object's end ('}')."""
    i, c = _at(text, i)
    if c == ",":
        i, c = _at(text, i + 1)
        if c != '"':
            raise _Shape
    elif c != "}":
        raise _Shape
    return i, c


def _let_others_run() -> None:
    time.sleep(0)


def _tables(text: str, every: int, pause: Callable[[], None]) -> dict:
    out: dict = {}
    i, c = _at(text, 0)
    if c != "{":
        raise _Shape
    i, c = _at(text, i + 1)
    count = 0
    while c != "}":
        if c != '"':
            raise _Shape
        name, i, c = _key(text, i)
        if c != "{":
            out[name], i = _scan(text, i)  # not a table: kept as it is
        else:
            table: dict = {}
            i, c = _at(text, i + 1)
            while c != "}":
                if c != '"':
                    raise _Shape
                key, i, _ = _key(text, i)
                table[key], i = _scan(text, i)
                count += 1
                if count % every == 0:
                    pause()  # lets the interface thread run
                i, c = _after_member(text, i)
            out[name] = table
            i += 1
        i, c = _after_member(text, i)
    if _at(text, i + 1)[1]:
        raise _Shape  # something after the object
    return out
