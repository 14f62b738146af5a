"""`assessor import acled` on synthetic ACLED exports of growing size: rows per second and the
child process's peak RSS, to show that memory stays bounded as the file grows.

Run:  python benchmarks/bench_import.py [--rows 1000000] [--share 0.05]   (prints figures; not a test)

The file is synthetic (current ACLED column layout, ACLED Codebook 2023): a share of the rows
(``--share``) is for Estonia, the rest spread over other countries; Estonia's rows mix the
Strategic developments, Battles and Protests types, with Russian and Estonian actors, so the
run maps, marks duplicates and lists unmapped rows as a real one does.  Each size is imported in
a fresh child process (``python -m assessor import acled``); its peak RSS is the ``ru_maxrss``
that ``os.wait4`` reports for that child alone (Linux: KiB).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
           "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
           "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
           "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
OTHERS = ["Ukraine", "Syria", "Mexico", "India", "Nigeria", "Brazil", "Myanmar", "Sudan", "Yemen", "Pakistan"]
TYPES = [("Strategic developments", "Strategic developments", "Other"),
         ("Strategic developments", "Strategic developments", "Disrupted weapons use"),
         ("Political violence", "Battles", "Armed clash"),
         ("Demonstrations", "Protests", "Peaceful protest"),
         ("Strategic developments", "Strategic developments", "Arrests")]
ACTORS = ["Military Forces of Russia (2000-)", "Police Forces of Russia (2000-)", "Protesters (Estonia)",
          "Unidentified Armed Group (Estonia)"]


def generate(path: Path, rows: int, share: float, seed: int = 1) -> None:
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for i in range(rows):
            est = rng.random() < share
            country = "Estonia" if est else OTHERS[i % len(OTHERS)]
            dis, et, sub = TYPES[i % len(TYPES)]
            day = f"{2018 + i % 8}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            w.writerow([f"{country[:3].upper()}{i}", day, day[:4], str(1 + i % 3), dis, et, sub,
                        ACTORS[i % len(ACTORS)], "", "8", "Civilians (Estonia)" if i % 2 else "", "", "7", "87", "",
                        "233", "Europe", country, "Ida-Virumaa", "", "", "Narva", "59.37", "28.19", "1",
                        "Synthetic Source", "National", f"Synthetic benchmark row {i}, not a real event.", str(i % 3),
                        "", "1733097600"])


def run_child(csv_path: Path, out: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB, Linux) of one import in a fresh child process (os.wait4's rusage)."""
    cmd = [sys.executable, "-m", "assessor", "import", "acled", str(csv_path), "--country", "estonia",
           "-o", str(out), "--force", "-q"]
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"import failed ({child.returncode}): {child.stderr.read().decode() if child.stderr else ''}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--share", type=float, default=0.05, help="share of the rows that are Estonia's")
    args = ap.parse_args()
    sizes = sorted({min(10_000, args.rows), min(100_000, args.rows), args.rows})
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; this process's own peak RSS {base / 1024:.0f} MiB")
    print(f"{'rows':>10} {'file MiB':>9} {'seconds':>8} {'rows/s':>9} {'peak RSS MiB':>13} {'candidates MiB':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            f = Path(tmp) / f"acled-{n}.csv"
            generate(f, n, args.share)
            out = Path(tmp) / f"cand-{n}.yaml"
            seconds, rss = run_child(f, out)
            print(f"{n:>10,} {f.stat().st_size / 2**20:>9.1f} {seconds:>8.2f} {n / seconds:>9,.0f} {rss / 1024:>13.1f} "
                  f"{out.stat().st_size / 2**20:>15.1f}")
            f.unlink()


if __name__ == "__main__":
    main()
