"""Temporary files beside the file they will replace, named for whose they are.

`.<name>.tmp-<pid>-<random>`: an interrupted write (a crash, a kill, a full disk) is
told from one still running by its process id, so the next write removes only the
leftovers of writers that have ended, never a file another process is filling.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

TMP = ".tmp-"


def create_temp(target: Path) -> tuple[int, Path]:
    """A new file beside `target`, mode 0666 less the umask (mkstemp's is 0600)."""
    while True:
        tmp = target.with_name(f".{target.name}{TMP}{os.getpid()}-{secrets.token_hex(4)}")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue


def link_aside(target: Path) -> Path | None:
    """A second name for `target`'s file, as a temporary of it (removed as stale if
    this process dies): replacing `target` then frees nothing, and removing the name
    later frees the old file where its cost does not matter. None when the file
    system has no hard links."""
    while True:
        name = target.with_name(f".{target.name}{TMP}{os.getpid()}-{secrets.token_hex(4)}")
        try:
            os.link(target, name)
            return name
        except FileExistsError:
            continue
        except OSError:
            return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(targets: Iterable[Path], legacy: Iterable[str] = ()) -> int:
    """Remove temporaries of `targets` whose writer has ended, and files matching the
    `legacy` glob patterns (names older versions used, beside the first target)."""
    targets = list(targets)
    removed = 0
    stale = []
    for target in targets:
        for tmp in target.parent.glob(f".{target.name}{TMP}*"):
            pid = tmp.name.rsplit(TMP, 1)[-1].split("-")[0]
            if not (pid.isdigit() and _alive(int(pid))):
                stale.append(tmp)
    if targets:
        stale += [p for pattern in legacy for p in targets[0].parent.glob(pattern)]
    for tmp in stale:
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed += 1
    return removed
