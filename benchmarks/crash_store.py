"""Crash harness: kill label writers at random and count acknowledged labels lost.

Eight writer processes share one database. Each saves labels on its own claims and
prints a line only after `put()`/`delete()` returned (what the screen would call
"saved"); some also fold. The harness SIGKILLs a random writer at a random moment,
starts a new one in its place, and at the end compares the last acknowledged state of
every claim with what a fresh reader finds. Prints one JSON line.

Usage: python benchmarks/crash_store.py [--kills 200] [--writers 8]
"""

from __future__ import annotations

import argparse
import json
import random
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dsreader.store import AnnotationStore, record_key

WRITER = """
import random, sys
from dsreader.store import AnnotationStore
db, who, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
store = AnnotationStore(db, lock_timeout=60)
print("ready", flush=True)
while True:
    slot = rng.randrange(200)
    key = (f"a{slot % 7}", slot * 10, slot * 10 + 9, who)
    if rng.random() < 0.15:
        print("del", slot, flush=True)
        store.delete(key)
    else:
        label = rng.choice(["verified", "disputed", "opinion", "skip"])
        print("put", slot, label, flush=True)
        store.put({"article_id": key[0], "start": key[1], "end": key[2], "text": "t",
                   "annotator": who, "label": label, "comment": "x" * rng.randrange(300)})
    print("ok", flush=True)
    if rng.random() < 0.02:
        store.fold()
"""


def start(db: Path, who: str, seed: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), who, str(seed)],
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def drain(proc: subprocess.Popen, who: str, state: dict, in_flight: dict) -> None:
    """Apply every operation the writer acknowledged ("ok") before it died; the one it
    had started but not acknowledged may or may not have landed."""
    assert proc.stdout is not None
    pending = None
    while select.select([proc.stdout], [], [], 0)[0]:
        line = proc.stdout.readline()
        if not line:
            break
        if not line.endswith("\n"):
            break  # cut short by the kill: never acknowledged
        if line.strip() == "ok":
            if pending is not None:
                key, label = pending
                if label is None:
                    state.pop(key, None)
                else:
                    state[key] = label
            pending = None
            continue
        op, slot, *label = line.split()
        key = (f"a{int(slot) % 7}", int(slot) * 10, int(slot) * 10 + 9, who)
        pending = (key, label[0] if op == "put" else None)
    if pending is not None:
        in_flight[pending[0]] = pending[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    opts = parser.parse_args()
    rng = random.Random(opts.seed)
    state: dict = {}
    in_flight: dict = {}  # claim -> the unacknowledged outcome it may also show
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "db.json"
        names = [f"w{n}" for n in range(opts.writers)]
        writers = {who: start(db, who, rng.randrange(10**9)) for who in names}
        for _ in range(opts.kills):
            time.sleep(rng.uniform(0.0, 0.05))
            who = rng.choice(names)
            proc = writers[who]
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            drain(proc, who, state, in_flight)
            writers[who] = start(db, who, rng.randrange(10**9))
        for who, proc in writers.items():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            drain(proc, who, state, in_flight)
        found = {record_key(r): r["label"] for r in AnnotationStore(db, read_only=True).all()}

    def allowed(key: tuple) -> set:
        outcomes = {state.get(key)}
        if key in in_flight:
            outcomes.add(in_flight[key])
        return outcomes

    lost = sum(1 for key in state if key not in found and None not in allowed(key))
    wrong = sum(1 for key in found if key in state and found[key] not in allowed(key))
    resurrected = sum(1 for key in found if key not in state and found[key] not in allowed(key))
    print(
        json.dumps(
            {
                "kills": opts.kills,
                "writers": opts.writers,
                "claims_acknowledged": len(state),
                "lost": lost,
                "wrong_label": wrong,
                "deleted_but_back": resurrected,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )
    sys.exit(1 if lost or wrong or resurrected else 0)


if __name__ == "__main__":
    main()
