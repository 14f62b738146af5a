"""The daily 2021-2024 timeline of Finland and Sweden through the CLI, beside the
bare import time of the dependencies, in the same environment.

Run:  python benchmarks/bench_timeline.py [--runs N]   (prints figures; not a test)
The goal (issue #2): the timeline takes at most 3x the bare import time.
"""

from __future__ import annotations

import argparse
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


def timed(cmd: list[str], runs: int) -> list[float]:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)  # warm the file cache
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        out.append(time.perf_counter() - start)
    return out


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
    rows = subprocess.run(TIMELINE, capture_output=True, text=True, check=True).stdout.count("\n") - 1
    t, i = timed(TIMELINE, runs), timed(IMPORTS, runs)
    print(f"daily timeline, 2 countries x 1461 days = {rows} rows, {runs} runs each")
    print(f"  timeline via CLI:              median {statistics.median(t):.3f} s  (min {min(t):.3f})")
    print(f"  import click, yaml, durable:   median {statistics.median(i):.3f} s  (min {min(i):.3f})")
    print(f"  ratio (median):                {statistics.median(t) / statistics.median(i):.2f}x   (goal: <= 3x)")


if __name__ == "__main__":
    main()
