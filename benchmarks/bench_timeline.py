"""The daily 2021-2024 timeline of Finland and Sweden through the CLI, beside the
bare import time of the dependencies, in the same environment.

Run:  python benchmarks/bench_timeline.py [--runs N]   (prints figures; not a test)
The goal (issue #2): the timeline takes at most 3x the bare import time.  The two commands run in
turn, run by run, and each run's CPU time is read beside its wall time: on a shared machine the
wall-time ratio swings with the load (2.2x-4.3x measured in one afternoon), the CPU ratio far less.
To compare trees side by side: PYTHONPATH=<tree> python benchmarks/bench_timeline.py (the CLI is
run from the tree this process imports).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TIMELINE = [sys.executable, "-m", "assessor", "timeline", "finland", "sweden",
            "--from", "2021-01-01", "--to", "2024-12-31", "--step", "day", "--format", "csv"]
# The bare imports. On Python 3.13 durable-rules' C module imports only once assessor's
# one-function shim is loaded (see assessor/_pyeval_shim.c), as assessor.engine.durable does;
# the shim is the installed one (a source checkout on sys.path has no built copy).
IMPORTS = [sys.executable, "-c", """
import glob, sys
import click, yaml
if sys.version_info >= (3, 13):
    import ctypes
    shims = [f for p in sys.path if p for f in sorted(glob.glob(p + "/assessor/_pyeval_shim.*.so"))]
    ctypes.CDLL(shims[0], mode=ctypes.RTLD_GLOBAL)
import durable.engine
"""]


def run_once(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """One run: wall seconds and the child's CPU seconds (user + system, from wait4), which a
    busy machine disturbs far less than wall time."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def timed(runs: int, cwd: Path) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """The two commands in turn, run by run (not all of one, then all of the other), so that a
    change in the machine's load falls on both alike."""
    run_once(TIMELINE, cwd), run_once(IMPORTS, cwd)  # warm the file cache
    t, i = [], []
    for _ in range(runs):
        t.append(run_once(TIMELINE, cwd))
        i.append(run_once(IMPORTS, cwd))
    return t, i


def compile_sources() -> None:
    """Byte-compile assessor as ``pip install`` does: an editable checkout run with
    PYTHONDONTWRITEBYTECODE would otherwise recompile every module on every run,
    while the dependencies it is compared with come precompiled."""
    import assessor

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(assessor.__file__).parent)], check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=20)
    runs = ap.parse_args().runs
    compile_sources()
    import assessor

    # `python -m assessor` puts its working directory first on sys.path: run it from the tree this
    # process imports (PYTHONPATH or the install), so that the tree measured is the one named
    tree = Path(assessor.__file__).resolve().parent.parent
    rows = subprocess.run(TIMELINE, capture_output=True, text=True, check=True, cwd=tree).stdout.count("\n") - 1
    t, i = timed(runs, tree)
    med = {name: [statistics.median(x[k] for x in rows_) for k in (0, 1)] for name, rows_ in (("t", t), ("i", i))}
    print(f"daily timeline, 2 countries x 1461 days = {rows} rows, {runs} runs each, in turn ({tree})")
    print(f"  timeline via CLI:              median {med['t'][0]:.3f} s  (min {min(x[0] for x in t):.3f})"
          f"  CPU {med['t'][1]:.3f} s")
    print(f"  import click, yaml, durable:   median {med['i'][0]:.3f} s  (min {min(x[0] for x in i):.3f})"
          f"  CPU {med['i'][1]:.3f} s")
    print(f"  ratio (median):                {med['t'][0] / med['i'][0]:.2f}x wall, "
          f"{med['t'][1] / med['i'][1]:.2f}x CPU   (goal: <= 3x)")


if __name__ == "__main__":
    main()
