"""The in-process parts of bench_timeline.py and bench_sweep.py in CPU time (``time.process_time``),
for comparing two versions on a shared machine, where wall-clock figures swing with the neighbours.

Run:  python benchmarks/bench_cpu.py   (from the repository root; prints figures; not a test)

1. The daily 2021-2024 timeline of Finland and Sweden (2 x 1461 days) through ``Assessor.timeline``,
   a fresh assessor each run (loading excluded): minimum and median of 7 runs.
2. ``sweep.monte_carlo`` on ``LocalExecutor(1)`` with bench_sweep's model (weekly, Finland and
   Sweden, the bundled uncertainty), 400 samples = 800 sample-timelines, after a warm-up: best and
   median of 3 runs, in sample-timelines per CPU-second (bench_sweep's (a), without the wait).
Run it interleaved with the other version's copy (same machine, same minutes) and compare.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_sweep  # noqa: E402 (the sweep benchmark's model, beside this file)

from assessor import sweep  # noqa: E402
from assessor.assess import Assessor, dates_between  # noqa: E402


def main() -> None:
    days = dates_between(dt.date(2021, 1, 1), dt.date(2024, 12, 31), "day")
    runs = []
    for _ in range(7):
        a = Assessor.load()
        start = time.process_time()
        for country in ("finland", "sweden"):
            for _ in a.timeline(country, days):
                pass
        runs.append(time.process_time() - start)
    m = bench_sweep.model()
    sweep.monte_carlo(m, 20, sweep.LocalExecutor(1))  # warm-up: imports, the first engine
    rates = []
    for _ in range(3):
        start = time.process_time()
        sweep.monte_carlo(m, 400, sweep.LocalExecutor(1))
        rates.append(800 / (time.process_time() - start))
    print(f"timeline, 2 x {len(days)} days, CPU: min {min(runs) * 1000:.0f} ms, median {statistics.median(runs) * 1000:.0f} ms")
    print(f"sweep (a), CPU time: best {max(rates):.0f}, median {statistics.median(rates):.0f} sample-timelines/s")


if __name__ == "__main__":
    main()
