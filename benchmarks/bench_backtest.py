"""The default backtest (``assessor backtest --format json --resamples 0``: every bundled record, every
covered day), from this tree and, side by side, from another checkout.

Run:  python benchmarks/bench_backtest.py [--runs N] [--against TREE]   (prints figures; not a test)
      e.g. ``git worktree add --detach /tmp/base HEAD~3`` then ``--against /tmp/base``.

The runs alternate between the trees, run by run, so a change in the machine's load falls on both
alike; each run's CPU time (user + system, from wait4) is read beside its wall time, and the two
JSON outputs are compared byte for byte (a speed-up must not change a figure).  ``--resamples 0``:
the cluster bootstrap's cost does not depend on the days evaluated, and would hide their cost.
Each tree runs from inside itself (``python -m`` puts the working directory first on sys.path) and
is byte-compiled first, as ``pip install`` would.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMAND = [sys.executable, "-m", "assessor", "backtest", "--format", "json", "--resamples", "0"]


def run_once(tree: Path) -> tuple[float, float, str]:
    """One run from ``tree``: wall seconds, CPU seconds, and the sha256 of its output."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    proc = subprocess.Popen(COMMAND, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=tree, env=env)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{tree}: {' '.join(COMMAND)} exited {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime, hashlib.sha256(out).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--against", type=Path, help="another checkout of assessor, run in turn with this one")
    args = ap.parse_args()
    here = Path(__file__).resolve().parent.parent
    trees = [here] + ([args.against.resolve()] if args.against else [])
    for tree in trees:
        if not (tree / "assessor" / "__init__.py").is_file():
            raise SystemExit(f"{tree}: not a checkout of assessor (no assessor/__init__.py)")
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "assessor")], check=True,
                       env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})
    for tree in trees:
        run_once(tree)  # warm the file cache
    runs: dict[Path, list[tuple[float, float, str]]] = {t: [] for t in trees}
    for _ in range(args.runs):
        for tree in trees:
            runs[tree].append(run_once(tree))
    print(f"assessor backtest --format json --resamples 0, {args.runs} runs per tree, in turn")
    med = {}
    for tree, rs in runs.items():
        med[tree] = (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs))
        shas = {r[2] for r in rs}
        print(f"  {tree}: median {med[tree][0]:.2f} s wall, {med[tree][1]:.2f} s CPU"
              f"  (min {min(r[0] for r in rs):.2f} s; output sha256 {'/'.join(s[:12] for s in sorted(shas))})")
    if len(trees) == 2:
        a, b = trees
        same = {r[2] for r in runs[a]} == {r[2] for r in runs[b]}
        print(f"  ratio this / other: {med[a][0] / med[b][0]:.2f}x wall, {med[a][1] / med[b][1]:.2f}x CPU;"
              f" outputs {'byte-identical' if same else 'DIFFER'}")


if __name__ == "__main__":
    main()
