"""Monte Carlo sweeps: throughput on one and two local workers and on a two-worker Dask
cluster, measured side by side in one run; then the peak memory of ``assessor sweep``
writing output much larger than that memory.

Run:  python benchmarks/bench_sweep.py [--quick] [--samples N] [--rounds N] [--mem-samples N]
      (prints figures; not a test; Linux only: CPU and memory are read from /proc.  About 5 minutes;
      --quick about 30 s, noisier.)

1. Throughput, in sample-timelines/s: one country's weekly 2021-2024 timeline in one sample
   (Finland and Sweden, so N samples = 2N sample-timelines), with the model ``assessor sweep``
   builds (bundled rules, profiles and default uncertainty), ``sweep.monte_carlo`` timed on
     (a) ``LocalExecutor(1)``, in this process, after a small warm-up run (imports, first engine);
     (b) ``LocalExecutor(2)``, two forked processes: pool start-up and task traffic included;
     (c) ``DaskExecutor`` on a local cluster (``dask scheduler`` and two ``dask worker --nworkers 1
         --nthreads 1``, subprocesses, always stopped): scatter and task traffic included; cluster
         start-up, client connection and the workers' first import of assessor (a warm-up on
         another seed, so the engine is still built in the timed run) not.
   In interleaved rounds (default 3), the best of each counts.  Each run also shows the cores it
   kept busy and those other processes kept busy meanwhile (/proc/stat): on a shared machine a
   low ratio with "others" near 1 is the neighbours, not the sweep.
   Goals (issue): (a) >= 200/s; (b)/(a) >= 1.7; (c)/(b) >= 0.75; every run gives equal bands.
2. Memory of ``assessor sweep finland sweden ... --jobs 2 --format csv -o FILE`` at N and 10xN
   samples (default 1000 and 10000), at ``--samples 1`` (the baseline: interpreter, libraries,
   engine; one task, so it runs in-process and starts no workers) and at ``--samples 2`` (the
   smallest run that starts the two workers).  The process tree is polled every 20 ms; "summed"
   adds up each process's own peak RSS (VmHWM: the kernel's high-water mark, so no peak is
   missed between polls; shared pages count once per process, so an upper bound of what the tree
   held at once); "largest" is the largest single process's (what ``ru_maxrss`` would give,
   which cannot be used as is: a child's is raised to the forking parent's size, this script's).
   Goals: output bytes / (peak above baseline) >= 10 for the 10xN run (the summed peak above the
   --samples 2 run's is the fair measure: the same processes, less their fixed cost; the others
   are shown beside it); peak flat (within 10 %) from N to 10xN.  As the peak is flat, the ratio
   grows with N: the sample count from which it reaches 10 is printed too.  Output files go to a
   temporary folder, deleted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from assessor import sweep
from assessor.assess import dates_between
from assessor.cli.common import load_assessor, uncertain_inputs

BIN = Path(sys.executable).parent
SEED = 0
HZ = os.sysconf("SC_CLK_TCK")


def model(seed: int = SEED) -> sweep.Model:
    """The model ``assessor sweep finland sweden --from 2021-01-01 --to 2024-12-31 --step week`` builds
    (the bundled rules, profiles and default uncertainty; a project file, if one is found, as the CLI would)."""
    a = load_assessor()
    profiles = a.countries(["finland", "sweden"])
    inputs, _ = uncertain_inputs(a, profiles)
    dates = dates_between(dt.date(2021, 1, 1), dt.date(2024, 12, 31), "week")
    return sweep.Model(a.ruleset, tuple(profiles), tuple(inputs), tuple(dates), seed)


def _busy() -> float:
    """CPU seconds the whole machine has spent busy so far (all cores; idle and I/O wait left out)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return (sum(v) - v[3] - v[4]) / HZ


def _ours(roots: tuple[int, ...]) -> float:
    """CPU seconds used so far by this process, its reaped children (a pool's workers, once it is shut
    down), and the process trees of ``roots`` (the Dask cluster), with their reaped children."""
    t = os.times()
    total = t.user + t.system + t.children_user + t.children_system
    for pid in (p for root in roots for p in _tree(root)):
        try:
            with open(f"/proc/{pid}/stat") as f:
                total += sum(int(x) for x in f.read().rsplit(")", 1)[1].split()[11:15]) / HZ
        except (OSError, ValueError):
            pass
    return total


@dataclass
class Timing:
    seconds: float
    bands: list
    cpu: float  # cores this benchmark's processes kept busy (the executor's workers, the parent, the cluster)
    others: float  # cores other processes kept busy meanwhile: the machine may be doing other work


def timed(m: sweep.Model, samples: int, ex: sweep.Executor, roots: tuple[int, ...] = ()) -> Timing:
    busy, ours, start = _busy(), _ours(roots), time.perf_counter()
    bands = sweep.monte_carlo(m, samples, ex)
    elapsed = time.perf_counter() - start
    used = _ours(roots) - ours
    return Timing(elapsed, bands, used / elapsed, max(0.0, _busy() - busy - used) / elapsed)


# --------------------------------------------------------------------------- a local Dask cluster


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """``dask scheduler`` and two single-threaded ``dask worker`` processes on this machine."""

    def __init__(self, workers: int = 2):
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.workers = workers
        self.procs: list[subprocess.Popen] = []
        self.log = tempfile.TemporaryFile()

    def _start(self, *args: str) -> None:
        self.procs.append(subprocess.Popen([str(BIN / "dask"), *args, "--no-dashboard"], stdout=self.log,
                                           stderr=subprocess.STDOUT, start_new_session=True))

    def __enter__(self) -> Cluster:
        try:
            self._start("scheduler", "--host", "127.0.0.1", "--port", str(self.port))
            for _ in range(self.workers):
                self._start("worker", self.address, "--nworkers", "1", "--nthreads", "1")
            from distributed import Client

            with Client(self.address, timeout=60, set_as_default=False) as c:
                c.wait_for_workers(self.workers, timeout=120)
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, *exc) -> None:
        for p in reversed(self.procs):  # workers (and their nannies) first, the scheduler last
            if p.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGTERM)  # its own session: the worker process under its nanny too
        for p in reversed(self.procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        self.procs.clear()
        if exc and exc[0] is not None:
            self.log.seek(0)
            sys.stderr.write(self.log.read().decode(errors="replace")[-4000:])
        self.log.close()


# --------------------------------------------------------------------------- 1. throughput


def throughput(samples: int, rounds: int) -> None:
    m = model()
    timelines = samples * len(m.profiles)
    sweep.monte_carlo(m, 20, sweep.LocalExecutor(1))  # warm-up: imports, the first engine
    runs: dict[str, list[Timing]] = {"a": [], "b": [], "c": []}
    for _ in range(rounds):  # interleaved, so that a busy spell on the machine does not fall on one executor only
        runs["a"].append(timed(m, samples, sweep.LocalExecutor(1)))
        with sweep.LocalExecutor(2) as ex:
            runs["b"].append(timed(m, samples, ex))
        with Cluster(2) as cluster, sweep.DaskExecutor(cluster.address) as ex:
            sweep.monte_carlo(model(SEED + 1), 4, ex)  # the workers import assessor (another model: the engine is rebuilt)
            runs["c"].append(timed(m, samples, ex, tuple(p.pid for p in cluster.procs)))
    best = {k: timelines / min(t.seconds for t in v) for k, v in runs.items()}
    first = runs["a"][0].bands
    same = all(t.bands == first for v in runs.values() for t in v)

    def verdict(good: bool) -> str:
        return "PASS" if good else "FAIL"

    print(f"Monte Carlo: finland + sweden, weekly 2021-01-01..2024-12-31 ({len(m.dates)} dates), {len(m.inputs)} uncertain "
          f"inputs, {samples} samples = {timelines} sample-timelines; {os.cpu_count()} cores; best of {rounds} interleaved "
          "round(s)")
    print("  each round: rate (seconds; cores this run kept busy / cores other processes kept busy meanwhile)")
    labels = {"a": "(a) one local worker (in-process)", "b": "(b) two local workers (forked)",
              "c": "(c) Dask, 2 workers x 1 thread (local)"}
    for k, label in labels.items():
        each = "  ".join(f"{timelines / t.seconds:6.1f} ({t.seconds:5.2f} s; {t.cpu:4.2f}/{t.others:4.2f})" for t in runs[k])
        goal = f"   goal >= 200   {verdict(best[k] >= 200)}" if k == "a" else ""
        print(f"  {label:<40} best {best[k]:6.1f} sample-timelines/s{goal}\n      rounds: {each}")
    r_ba, r_cb = best["b"] / best["a"], best["c"] / best["b"]
    print(f"  two workers / one worker   (b)/(a):        {r_ba:5.2f}x   goal >= 1.70   {verdict(r_ba >= 1.7)}")
    print(f"  Dask / two local workers   (c)/(b):        {r_cb:5.2f}x   goal >= 0.75   {verdict(r_cb >= 0.75)}")
    print(f"  bands identical across every run:          {'yes' if same else 'NO'} ({len(first)} bands each)   "
          f"{verdict(same)}")


# --------------------------------------------------------------------------- 2. peak memory


def _kids(pid: int) -> list[int]:
    """A process's children, from /proc/PID/task/*/children (cheap), else by scanning every process's parent."""
    try:
        out = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out.extend(int(x) for x in f.read().split())
        return out
    except FileNotFoundError:
        if not os.path.exists(f"/proc/{pid}"):
            return []
    except OSError:
        return []
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return kids


def _tree(root: int) -> list[int]:
    """``root`` and all its descendants, now."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(_kids(pid))
    return out


def _rss_hwm(pid: int) -> tuple[int, int]:
    """A process's resident set size now and its peak so far (VmRSS, VmHWM), in bytes; zeros once it is gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, hwm


@dataclass
class Run:
    samples: int
    output: int = 0  # bytes written
    summed: int = 0  # sum over the tree's processes of each one's own peak RSS (VmHWM)
    largest: int = 0  # the largest single process's peak RSS
    together: int = 0  # the largest summed RSS seen at one poll
    processes: int = 0
    seconds: float = 0.0


def sweep_cli(samples: int, out: Path) -> Run:
    """Run ``assessor sweep`` to ``out``, polling its process tree's memory every 20 ms."""
    cmd = [str(BIN / "assessor"), "sweep", "finland", "sweden", "--from", "2021-01-01", "--to", "2024-12-31",
           "--step", "week", "--samples", str(samples), "--jobs", "2", "--format", "csv", "-o", str(out)]
    run, hwm = Run(samples), {}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)  # returns once exec has happened
        while True:
            now = 0
            for pid in _tree(proc.pid):
                rss, peak = _rss_hwm(pid)
                now += rss
                hwm[pid] = max(hwm.get(pid, 0), peak)
            run.together = max(run.together, now)
            if proc.poll() is not None:
                break
            time.sleep(0.02)
        run.seconds = time.perf_counter() - start
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.read().decode(errors='replace')}")
    run.output, run.summed, run.largest, run.processes = out.stat().st_size, sum(hwm.values()), max(hwm.values()), len(hwm)
    return run


def memory(n: int) -> None:
    mb = 1024 * 1024
    tmp = Path(tempfile.mkdtemp(prefix="bench_sweep_"))
    try:
        runs = {}
        for samples in (1, 2, n, 10 * n):
            out = tmp / f"sweep_{samples}.csv"
            runs[samples] = sweep_cli(samples, out)
            out.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base, started, small, big = runs[1], runs[2], runs[n], runs[10 * n]

    print("assessor sweep finland sweden, weekly 2021-2024, --jobs 2, csv to a file; memory from /proc every 20 ms:")
    print("  summed = each process's own peak RSS (VmHWM) added up over the CLI and its workers (an upper bound);")
    print("  largest = the largest single process's peak RSS; at-once = the largest summed RSS seen at one poll")
    print(f"  {'samples':>8} {'procs':>5} {'output':>11} {'summed':>9} {'above base':>10} {'largest':>9} {'above base':>10} "
          f"{'at-once':>9} {'time':>7}")
    for r in runs.values():
        print(f"  {r.samples:>8} {r.processes:>5} {r.output / mb:8.1f} MB {r.summed / mb:6.1f} MB "
              f"{(r.summed - base.summed) / mb:7.1f} MB {r.largest / mb:6.1f} MB {(r.largest - base.largest) / mb:7.1f} MB "
              f"{r.together / mb:6.1f} MB {r.seconds:6.1f} s")

    per_sample = big.output / big.samples
    print(f"  output / peak above the baseline, {big.samples} samples ({big.output:,} bytes, {per_sample:,.0f} per sample; "
          "goal >= 10; * = the fair measure: the sweep's whole tree, less the same tree's fixed cost):")
    for label, used in (("* summed, baseline --samples 2 (the CLI and its 2 workers started)", big.summed - started.summed),
                        ("  summed, baseline --samples 1 (in-process, no workers)", big.summed - base.summed),
                        ("  largest process, baseline --samples 1", big.largest - base.largest)):
        ratio, ok = (big.output / used, big.output / used >= 10) if used > 0 else (float("inf"), True)
        print(f"    {label:<68} {used / mb:5.1f} MB {ratio:6.1f}x   {'PASS' if ok else 'FAIL'}"
              f"   (10x from ~{10 * used / per_sample:,.0f} samples, memory being flat)")
    print(f"  peak flat from {small.samples} to {big.samples} samples (within 10 %):")
    for label, a, b in (("summed", small.summed, big.summed), ("largest process", small.largest, big.largest)):
        growth = (b - a) / a
        print(f"    {label:<68} {a / mb:5.1f} -> {b / mb:.1f} MB ({growth:+.1%})   {'PASS' if abs(growth) <= 0.10 else 'FAIL'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer samples (200 and 100/1000): a shorter, noisier run")
    ap.add_argument("--samples", type=int, help="Monte Carlo samples for the throughput runs [default: 2000]")
    ap.add_argument("--rounds", type=int, help="interleaved throughput rounds; the best counts [default: 3, --quick 1]")
    ap.add_argument("--mem-samples", type=int, help="N for the memory runs (N and 10xN) [default: 1000]")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-throughput", action="store_true")
    args = ap.parse_args()
    if not args.skip_throughput:
        throughput(args.samples or (200 if args.quick else 2000), args.rounds or (1 if args.quick else 3))
    if not args.skip_memory:
        memory(args.mem_samples or (100 if args.quick else 1000))


if __name__ == "__main__":
    main()
