"""Sweeps: many timelines — Monte Carlo samples, sensitivity designs — in chunks, on workers.

A sweep is a :class:`Model` (the rule set, the profiles swept, the uncertain
inputs, the dates: everything a worker needs, pickled once) and a list of
tasks.  Each task is a chunk of samples over all the model's countries: one
sample is one possible world, so the rule weights it draws are the same for
every country, and each country's events are drawn from their own stream.  A
worker unpickles the model once, compiles its own engine from the rule set,
and returns the scores of its chunk as whole tenths.

Executors run tasks and give the results back **in task order**, whatever
order they finish in, holding at most a few chunks at a time: output written
as results arrive is byte-identical however many workers there are, and
memory does not grow with the number of samples.  :class:`LocalExecutor` runs
them in this process (one job) or in worker processes; :class:`DaskExecutor`
on a Dask distributed cluster.  Nothing else in assessor knows which one runs.

Randomness: sample ``s`` of seed ``S`` draws from Python's ``random.Random``
seeded with a hash of (S, s, what is drawn), and uses only ``random()``,
whose sequence Python guarantees across versions — so a seed gives the same
numbers on every machine, worker and chunking.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import os
import pickle
import random
import re
import time as _time
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from assessor import loader
from assessor.errors import AssessorError
from assessor.model import Profile, RuleSet
from assessor.uncertainty import Input, realise

MAX_SAMPLES = 10_000_000
# samples × countries × dates one Monte Carlo run (or sweep) may score: some half an hour on one core
# (RATE); beyond it a refusal before anything is drawn - 10 M samples of every day of a long record
# ran for days without a word, and a sweep wrote that many rows.
MAX_SAMPLED = 100_000_000
RATE = 50_000  # sampled assessments a second on one core (the development machine): for the estimate only


@dataclass(frozen=True)
class Model:
    """What every worker needs to score samples: picklable, and named by its hash."""

    ruleset: RuleSet
    profiles: tuple[Profile, ...]
    inputs: tuple[Input, ...]
    dates: tuple[_dt.date, ...]
    seed: int = 0
    indices: bool = False  # each row holds (score, structural, warning) per date: timelines and sweep rows, which
    # write them; Monte Carlo bands and sensitivity read the score alone and skip rounding the indices


    def payload(self) -> bytes:
        return pickle.dumps(self, protocol=4)

    def inputs_sha256(self, country: str | None = None) -> str:
        """A hash of the uncertain inputs and their ranges: which uncertainty a result was drawn from
        (with ``country``, those that act on its scores alone: see :meth:`inputs_of`)."""
        text = "\n".join(f"{i.key}\t{i.low!r}\t{i.high!r}\t{i.nominal!r}" for i in self.inputs_of(country))
        return hashlib.sha256(text.encode()).hexdigest()

    def inputs_of(self, country: str | None = None) -> tuple[Input, ...]:
        """The inputs that act on ``country``'s scores: the rules' points and its own events' (each
        country's events are drawn from a stream of their own, so another country in the same run
        changes nothing of its band, and its count and hash do not either); every input without one."""
        if country is None:
            return self.inputs
        return tuple(i for i in self.inputs if i.kind == "points" or i.target == country)


@dataclass(frozen=True)
class Task:
    """Samples ``start`` to ``stop`` (exclusive) of every country of the model; or, with
    ``points``, the given points of the unit cube (a sensitivity design) instead of random ones."""

    index: int
    start: int
    stop: int
    points: tuple[tuple[float, ...], ...] | None = None
    countries: tuple[str, ...] | None = None  # only these of the model's countries (None: all)


@dataclass
class Result:
    """Scores of one task, in whole tenths: ``scores[country][k]`` is sample ``start + k``'s timeline."""

    index: int
    start: int
    scores: dict[str, list[array]] = field(default_factory=dict)

    @property
    def samples(self) -> int:
        return len(next(iter(self.scores.values()), []))


def tasks_for(samples: int, chunk: int) -> list[Task]:
    return [Task(i, s, min(samples, s + chunk)) for i, s in enumerate(range(0, samples, chunk))]


class DesignTasks(Sequence):
    """The tasks of a design, each made when it is handed out: the design (a NumPy array, 8 bytes a
    cell) is the only copy in memory, never a second one as Python tuples of every point."""

    def __init__(self, points, chunk: int):
        self.points, self.chunk = points, max(1, chunk)
        self._n = -(-len(points) // self.chunk)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError(i)
        i %= self._n
        s = i * self.chunk
        rows = self.points[s:s + self.chunk]
        rows = rows.tolist() if hasattr(rows, "tolist") else rows
        return Task(i, s, min(len(self.points), s + self.chunk), tuple(tuple(map(float, p)) for p in rows))


def design_tasks(points, chunk: int) -> Sequence[Task]:
    return DesignTasks(points, chunk)


def chunk_size(samples: int, workers: int) -> int:
    """About eight chunks per worker (to keep every worker busy to the end), each of at most 64 samples."""
    return max(1, min(64, -(-samples // (max(1, workers) * 8))))


# --------------------------------------------------------------------------- one worker's share


def _rng(seed: int, sample: int, stream: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}:{sample}:{stream}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


class Runner:
    """Scores samples of one model; one per worker process, its engine built once."""

    def __init__(self, model: Model):
        from assessor.assess import Assessor

        self.model = model
        self.base = Assessor(model.ruleset, loader.ProfileSet({p.id: p for p in model.profiles}))
        self.rule_inputs = [k for k, i in enumerate(model.inputs) if i.kind == "points"]
        self.event_inputs = {p.id: [k for k, i in enumerate(model.inputs) if i.kind != "points" and i.target == p.id]
                             for p in model.profiles}

    def unit_point(self, sample: int) -> list[float]:
        """Sample ``sample``'s point of the unit cube: rule weights from one stream, each country's events from its own."""
        u = [0.0] * len(self.model.inputs)
        rng = _rng(self.model.seed, sample, "rules")
        for k in self.rule_inputs:
            u[k] = rng.random()
        for pid, ks in self.event_inputs.items():
            rng = _rng(self.model.seed, sample, "profile:" + pid)
            for k in ks:
                u[k] = rng.random()
        return u

    def scores(self, u: Sequence[float], countries: Sequence[str] | None = None) -> dict[str, array]:
        """Every country's timeline (tenths) at the point ``u`` (or only ``countries``')."""
        m = self.model
        chosen = [p for p in m.profiles if countries is None or p.id in countries]
        if m.inputs:
            ruleset, profiles = realise(m.ruleset, m.profiles, m.inputs, u)
            a = self.base.variant(ruleset, profiles)
        else:
            a, profiles = self.base, {p.id: p for p in m.profiles}
        if m.indices:  # (score, structural, warning) per date, one after the other
            return {p.id: array("i", [round(x * 10) for t in a.indexed_scores(profiles[p.id], m.dates) for x in t])
                    for p in chosen}  # a list, not a generator: a quarter faster for three numbers a date
        return {p.id: array("i", (round(x * 10) for x in a.scores(profiles[p.id], m.dates))) for p in chosen}

    def run(self, task: Task) -> Result:
        out = Result(task.index, task.start, {p.id: [] for p in self.model.profiles
                                              if task.countries is None or p.id in task.countries})
        for k in range(task.stop - task.start):
            u = task.points[k] if task.points is not None else self.unit_point(task.start + k)
            for pid, row in self.scores(u, task.countries).items():
                out.scores[pid].append(row)
        return out


_RUNNERS: dict[str, Runner] = {}


def run_task(payload_key: str, payload: bytes | None, task: Task) -> Result:
    """A worker's entry point: the model from its cache (or unpickled once), then the task."""
    runner = _RUNNERS.get(payload_key)
    if runner is None:
        if payload is None:
            raise AssessorError("a worker was given a task without its model")
        if hashlib.sha256(payload).hexdigest() != payload_key:
            raise AssessorError("a worker received a damaged model (its hash does not match)")
        _RUNNERS.clear()  # one model at a time: a long-lived worker does not accumulate engines
        runner = _RUNNERS[payload_key] = Runner(pickle.loads(payload))  # noqa: S301 - our own bytes, checked by hash
    return runner.run(task)


# --------------------------------------------------------------------------- executors


class Executor:
    """Runs a model's tasks and yields the results in task order, a bounded number in flight."""

    workers: int = 1

    def map(self, model: Model, tasks: Sequence[Task]) -> Iterator[Result]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _in_order(submit: Callable[[Task], object], wait_one: Callable[[list], tuple[object, Result]],
              tasks: Sequence[Task], window: int) -> Iterator[Result]:
    """Keep up to ``window`` tasks running or waiting; yield results in task order.

    A result that arrives early waits (and counts against the window, so
    memory stays bounded); the window is refilled after every hand-out, so
    every task is submitted exactly once.
    """
    pending: list = []
    waiting: dict[int, Result] = {}
    it = iter(tasks)
    next_index = tasks[0].index if tasks else 0
    while True:
        while next_index in waiting:
            yield waiting.pop(next_index)
            next_index += 1
        while len(pending) + len(waiting) < window:
            following = next(it, None)
            if following is None:
                break
            pending.append(submit(following))
        if not pending:
            if waiting:  # cannot happen: the next result is always running or waiting
                raise AssessorError(f"internal error: results {sorted(waiting)} arrived without result {next_index}")
            return
        done, result = wait_one(pending)
        pending.remove(done)
        waiting[result.index] = result


class LocalExecutor(Executor):
    """``jobs`` = 1: in this process.  More: that many worker processes (forked where the
    platform can, so they start in milliseconds; spawned elsewhere)."""

    def __init__(self, jobs: int | None = None):
        self.workers = max(1, min(jobs or cores(), cores()))  # never more processes than the machine has cores
        self._pool: Any = None

    def map(self, model: Model, tasks: Sequence[Task]) -> Iterator[Result]:
        payload = model.payload()
        key = hashlib.sha256(payload).hexdigest()
        if self.workers == 1 or len(tasks) <= 1:
            for t in tasks:
                yield run_task(key, payload, t)
            return
        import concurrent.futures as cf
        import multiprocessing as mp
        from concurrent.futures.process import BrokenProcessPool

        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        # never more processes than there are tasks: each would build an engine for nothing
        self._pool = pool = cf.ProcessPoolExecutor(min(self.workers, len(tasks)), mp_context=ctx, initializer=_init_worker,
                                                   initargs=(key, payload))

        def wait_one(pending):
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            f = min(done, key=lambda f: f.result().index)
            return f, f.result()

        try:
            yield from _in_order(lambda t: pool.submit(run_task, key, None, t), wait_one, tasks, self.workers * 3)
        except BrokenProcessPool:
            raise AssessorError("a worker process died (out of memory, or killed); try fewer --jobs") from None
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _init_worker(key: str, payload: bytes) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops the pool; workers do not print tracebacks
    run_task(key, payload, Task(-1, 0, 0))


SCHEDULER_TIMEOUT = 10.0  # seconds for connecting to a scheduler: TCP connect, handshake, registration, worker check
RESULT_TIMEOUT = 3600.0  # seconds a cluster may go without returning any result before the run is given up


class DaskExecutor(Executor):
    """Tasks on a Dask distributed cluster (``distributed`` installed: ``pip install 'assessor[dask]'``).

    The model goes to every worker once (scattered, broadcast); tasks name it by hash.

    A scheduler is a **trusted party**: its workers run assessor's code, and the
    client unpickles what they send back, so whoever controls the scheduler
    controls this process.  Its address therefore comes only from the user (the
    command line or their own configuration), never from a file found on disk.
    Everything that waits on it is bounded in time: connecting, handshake and
    registration together :data:`SCHEDULER_TIMEOUT`; then any result
    :data:`RESULT_TIMEOUT`.
    """

    def __init__(self, address: str, timeout: float | None = None, origin: str = "--scheduler"):
        try:
            from distributed import Client
        except ImportError:
            raise AssessorError("--scheduler needs Dask's distributed package: pip install 'assessor[dask]'") from None
        limit = SCHEDULER_TIMEOUT if timeout is None else timeout
        deadline = _time.monotonic() + limit
        scheme, host, port = parse_address(address)
        address = f"{scheme}://{host if ':' not in host else '[' + host + ']'}:{port}"
        if scheme == "tls":
            _check_tls_settings(address, origin)
        _check_reachable(scheme, host, port, limit, address)

        def connect():
            return Client(address, timeout=max(1.0, deadline - _time.monotonic()), set_as_default=True)

        self.client = _bounded(connect, deadline, address, "connect")  # distributed.wait needs it as default
        workers = self.client.scheduler_info()["workers"]
        self.workers = max(1, sum(w.get("nthreads", 1) for w in workers.values()))
        if not workers:
            self.client.close()
            raise AssessorError(f"the Dask scheduler at {address} has no workers")
        from assessor import __version__

        try:
            found = _bounded(lambda: self.client.run(_code_version), deadline, address, "check its workers")
        except AssessorError:
            self.client.close(timeout=1)
            raise
        except Exception as exc:  # noqa: BLE001 - a worker without assessor fails to import it
            self.client.close()
            raise AssessorError(f"the Dask workers at {address} cannot run assessor ({type(exc).__name__}: {exc}); "
                                "install the same assessor on every worker") from None
        mine = _code_version()
        other = sorted({str(v) for v in found.values() if v != mine})
        if other:
            self.client.close()
            raise AssessorError(f"the Dask workers at {address} run other code than this assessor {__version__} "
                                f"({', '.join(other)[:200]} vs {mine}): install the same version everywhere and "
                                "restart them")
        self.address = address

    def map(self, model: Model, tasks: Sequence[Task]) -> Iterator[Result]:
        from distributed import wait

        payload = model.payload()
        key = hashlib.sha256(payload).hexdigest()
        try:
            shared = self.client.scatter(payload, broadcast=True, hash=False, timeout=RESULT_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - a timeout or a lost scheduler
            raise AssessorError(f"cannot send the model to the Dask workers at {self.address}: "
                                f"{type(exc).__name__}: {exc}") from None

        def wait_one(pending):
            done = wait(pending, timeout=RESULT_TIMEOUT, return_when="FIRST_COMPLETED").done
            if not done:
                raise AssessorError(f"the Dask cluster at {self.address} returned no result for "
                                    f"{RESULT_TIMEOUT:g} s: given up")
            f = next(iter(done))
            result = f.result()
            if not isinstance(result, Result):
                raise AssessorError(f"the Dask cluster at {self.address} returned something that is not a result")
            return f, result

        yield from _in_order(lambda t: self.client.submit(run_task, key, shared, t, pure=False), wait_one, tasks,
                             self.workers * 3)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close(timeout=SCHEDULER_TIMEOUT)


def _bounded(fn: Callable[[], Any], deadline: float, address: str, what: str) -> Any:
    """``fn()`` in a helper thread, given up at ``deadline``: Dask's own client timeout does not cover
    the handshake, so a listener that accepts and never answers would otherwise hang the run forever."""
    import threading

    box: dict[str, Any] = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, name=f"assessor-dask-{what}", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - _time.monotonic()))
    if worker.is_alive():
        raise AssessorError(f"the Dask scheduler at {address} did not answer within {SCHEDULER_TIMEOUT:g} s "
                            f"(could not {what}): is it a Dask scheduler, and is it running?")
    if "error" in box:
        exc = box["error"]
        if isinstance(exc, AssessorError):
            raise exc
        if what == "connect" and not isinstance(exc, OSError):
            # it answered, in something other than Dask's protocol (an HTTP server's reply was read as a message
            # length: 'cannot reach …: MemoryError: Unable to allocate 3.07 EiB', a fault of this machine's, it read)
            raise AssessorError(f"the server at {address} answered, but not as a Dask scheduler does (its reply could "
                                f"not be read: {type(exc).__name__}): is it a Dask scheduler?") from None
        if what == "connect":
            raise AssessorError(f"cannot reach the Dask scheduler at {address}: {type(exc).__name__}: {exc}") from None
        raise exc
    return box["value"]


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST_NAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*")
SCHEMES = ("tcp", "tls")


# A host of numbers only, as the C library reads them (inet_aton): decimal, octal (a leading 0) or hex (0x) parts
# joined by dots.  0x7f.0.0.1 and 0x7f000001 passed as host names, then connected to 127.0.0.1.
_NUMBERS = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)(?:\.(?:0[xX][0-9a-fA-F]*|[0-9]+))*")


def parse_address(address: str, origin: str = "--scheduler") -> tuple[str, str, int]:
    """``scheme://host:port`` checked: scheme tcp or tls (none: tcp), a host name or IP address, a port 1-65535.

    ``origin`` says where the address came from in the message: the option, or a file's key."""
    import ipaddress

    bad = AssessorError(f"{origin} {_shown(address)} is not a scheduler address: give tcp://HOST:PORT or "
                        "tls://HOST:PORT (e.g. tcp://127.0.0.1:8786)")
    text = address.strip()
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "tcp", text
    if scheme.lower() not in SCHEMES:
        raise bad
    m = re.fullmatch(r"(\[[^\]]{1,60}\]|[^:/\[\]]{1,253}):([0-9]{1,5})", rest)
    if not m or not 0 < int(m.group(2)) < 65536:
        raise bad
    host = m.group(1)
    if host.startswith("["):
        try:
            host = str(ipaddress.IPv6Address(host[1:-1]))
        except ValueError:
            raise bad from None
    elif not _HOST_NAME.fullmatch(host):
        raise bad
    elif _NUMBERS.fullmatch(host):  # numbers and dots are an IPv4 address or nothing: 256.1.1.1 was looked up as a
        try:                         # host name; 127.1, 010.0.0.1 and 0x7f.0.0.1 by the C library's own short, octal
            host = str(ipaddress.IPv4Address(host))  # (010 is 8) and hex forms: four plain numbers only
        except ValueError:
            raise AssessorError(f"{origin} {_shown(address)} is not a scheduler address: write an IPv4 address as four "
                                "numbers 0-255 without leading zeros (e.g. tcp://127.0.0.1:8786); the short forms "
                                "(127.1), leading zeros (010 reads as octal 8) and hex (0x7f) are refused") from None
    return scheme.lower(), host, int(m.group(2))


def _check_tls_settings(address: str, origin: str = "--scheduler") -> None:
    """A tls:// address needs Dask's own TLS settings (a CA file, the client's certificate and key): without
    them Dask's client failed with a TypeError about an ``ssl_context`` shown as if the scheduler were
    unreachable.  Said plainly, before any connection, naming the settings to give."""
    try:
        from distributed.security import Security

        context = Security().get_connection_args("client").get("ssl_context")
    except Exception as exc:  # noqa: BLE001 - a certificate file Dask's config names that cannot be read
        raise AssessorError(f"{origin} {address!r}: Dask's TLS settings cannot be used: {type(exc).__name__}: "
                            f"{exc}") from None
    if context is None:
        raise AssessorError(f"{origin} {address!r} is a tls:// address, and Dask's configuration has no TLS settings "
                            "(distributed.comm.tls.ca-file, distributed.comm.tls.client.cert and .key): set them "
                            "(DASK_DISTRIBUTED__COMM__TLS__CA_FILE and the like), or give a tcp:// address")


def _shown(text: str) -> str:
    return repr(text if len(text) <= 100 else text[:100] + "…")


def _check_reachable(scheme: str, host: str, port: int, timeout: float, address: str) -> None:
    """Fail at once on a port that refuses connections (the Dask client would retry until its timeout),
    and, over plain TCP, on a listener that accepts but does not greet: a Dask server sends its
    handshake first."""
    import socket

    deadline = _time.monotonic() + timeout
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except TimeoutError:
        raise AssessorError(f"cannot reach the Dask scheduler at {address}: no answer within {timeout:g} s") from None
    except OSError as exc:
        raise AssessorError(f"cannot reach the Dask scheduler at {address}: {exc.strerror or exc}") from None
    with sock:
        if scheme != "tcp":
            return
        sock.settimeout(max(0.1, deadline - _time.monotonic()))
        try:
            greeting = sock.recv(1)
        except TimeoutError:
            raise AssessorError(f"the Dask scheduler at {address} did not answer within {timeout:g} s "
                                "(it accepted the connection but sent no handshake): is it a Dask scheduler?") from None
        except OSError as exc:
            raise AssessorError(f"cannot reach the Dask scheduler at {address}: {exc.strerror or exc}") from None
        if not greeting:
            raise AssessorError(f"the Dask scheduler at {address} closed the connection without a handshake")


def _code_version() -> str:
    """assessor's version and a hash of the modules a worker runs: a worker started before an
    upgrade (or an edit) would otherwise compute with other code."""
    from pathlib import Path

    from assessor import __version__

    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("sweep.py", "uncertainty.py", "assess.py", "derive.py", "score.py", "engine/durable.py"):
        digest.update((here / name).read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def executor(jobs: int | None = None, scheduler: str | None = None, origin: str = "--scheduler") -> Executor:
    """The executor the options ask for: a Dask cluster if ``scheduler`` is given (``origin``: where it was
    given, for the messages), else local processes."""
    return DaskExecutor(scheduler, origin=origin) if scheduler else LocalExecutor(jobs)


# --------------------------------------------------------------------------- Monte Carlo summaries


@dataclass(frozen=True)
class Band:
    """The distribution of one country's score on one date over the samples."""

    country: str
    date: _dt.date
    samples: int
    p5: float
    median: float
    p95: float
    counts: dict  # level name -> how many samples reached it, lowest level first
    inputs: int = 0  # how many uncertain inputs act on the country's scores (Model.inputs_of)
    inputs_sha256: str = ""  # and which (Model.inputs_sha256 of the country)

    @property
    def levels(self) -> dict[str, float]:
        """Level name → share of the samples, in ten-thousandths (as JSON and CSV show it): rounded
        by :func:`shares`, so the shares add up to exactly 1."""
        return {k: u / 10_000 for k, u in zip(self.counts, shares(list(self.counts.values()), 10_000))}

    def percents(self) -> dict[str, int]:
        """Level name → whole percent of the samples (as text shows it), adding up to exactly 100."""
        return dict(zip(self.counts, shares(list(self.counts.values()), 100)))


def shares(counts: Sequence[int], units: int) -> list[int]:
    """``counts`` as shares of ``units`` (100: percent) that add up to exactly ``units``, each less
    than one unit from the exact share: largest-remainder rounding — every share rounded down, then
    the units left over go one each to the largest remainders, ties to the earlier count (the lower
    level).  Rounding each share on its own can show 85 % + 16 %."""
    n = sum(counts)
    if n <= 0 or min(counts, default=0) < 0:
        raise ValueError("shares of no samples")
    out = [c * units // n for c in counts]
    left = units - sum(out)
    for i in sorted(range(len(counts)), key=lambda i: (-(counts[i] * units % n), i))[:left]:
        out[i] += 1
    return out


def quantile(counts: dict[int, int], n: int, q: float) -> float:
    """The ``q`` quantile of shown scores (tenths → score): the smallest value with at
    least ``q·n`` samples at or below it (the inverse of the empirical distribution)."""
    need = max(1, -(-round(q * n * 1_000_000) // 1_000_000))  # ceil(q·n), without float noise
    seen = 0
    for v in sorted(counts):
        seen += counts[v]
        if seen >= need:
            return v / 10 + 0.0
    raise ValueError("no samples")


class Summary:
    """Histograms of shown scores per country and date: exact quantiles in memory that
    does not grow with the number of samples (a score has at most a few thousand values)."""

    def __init__(self, model: Model):
        self.model = model
        self.n = 0
        self.counts: dict[str, list[dict[int, int]]] = {p.id: [{} for _ in model.dates] for p in model.profiles}

    def add(self, result: Result) -> None:
        for pid, rows in result.scores.items():
            hist = self.counts[pid]
            for row in rows:
                for k, v in enumerate(row):
                    h = hist[k]
                    h[v] = h.get(v, 0) + 1
        self.n += result.samples

    def bands(self) -> list[Band]:
        rs = self.model.ruleset
        names = [lv.name for lv in rs.levels]
        out = []
        for p in self.model.profiles:
            digest, n_inputs = self.model.inputs_sha256(p.id), len(self.model.inputs_of(p.id))
            for d, counts in zip(self.model.dates, self.counts[p.id]):
                by_level = dict.fromkeys(names, 0)
                for v, c in counts.items():
                    by_level[rs.level_of(v / 10)] += c
                out.append(Band(p.id, d, self.n, quantile(counts, self.n, 0.05), quantile(counts, self.n, 0.5),
                                quantile(counts, self.n, 0.95),
                                by_level, n_inputs, digest))
        return out


def check_samples(model: Model, samples: int) -> None:
    """Refuse ``samples`` outside 1..MAX_SAMPLES, or a run whose samples × countries × dates is above
    :data:`MAX_SAMPLED`: one line naming the product and what lowers it, before anything is drawn."""
    if not 1 <= samples <= MAX_SAMPLES:
        raise AssessorError(f"--samples must be between 1 and {MAX_SAMPLES:,}")
    n, d = len(model.profiles), len(model.dates)
    refuse_work(samples * n * d, MAX_SAMPLED, RATE,
                f"--samples {samples:,} × {n:,} {'country' if n == 1 else 'countries'} × {d:,} "
                f"{'date' if d == 1 else 'dates'}", "sampled assessments",
                "fewer --samples, a longer --step, a shorter period (--from/--to) or fewer countries")


def refuse_work(work: int, limit: int, rate: int, product: str, unit: str, remedies: str) -> None:
    """Refuse, before anything is drawn or scored, ``work`` (``unit``: what is counted) above ``limit``:
    one line naming the ``product`` that makes it, a lower bound on the time at ``rate`` a second on
    one core, and the ``remedies`` (Monte Carlo runs and sweeps here, sensitivity runs too)."""
    if work > limit:
        raise AssessorError(f"{product} make {work:,} {unit}, more than {limit:,} (at least {work / rate / 60:,.0f} "
                            f"minutes on one core): use {remedies}")


def monte_carlo(model: Model, samples: int, ex: Executor, progress=None) -> list[Band]:
    """Bands of every country and date of ``model`` over ``samples`` samples."""
    check_samples(model, samples)
    summary = Summary(model)
    for result in ex.map(model, tasks_for(samples, chunk_size(samples, ex.workers))):
        summary.add(result)
        if progress is not None:
            progress(result.samples)
    return summary.bands()


Row = tuple[str, _dt.date, int, float, float, float, str, bool]


def rows(model: Model, samples: int, ex: Executor, progress=None) -> Iterator[Row]:
    """Every sample's score on every date, as (country, date, sample, score, structural, warning, level,
    covered), sample by sample, as results arrive (in order): for output far larger than memory.  The indices
    are rounded as a timeline's (one decimal, half away from zero), so a sample without uncertain inputs
    gives the timeline's row; ``covered`` says, as the timeline's column does, whether the date lies inside
    the period the country's record was checked for (a row outside it was not marked, and read as any other).
    Too many rows (:func:`check_samples`) are refused when this is called, before a row is written."""
    check_samples(model, samples)
    return _rows(model, samples, ex, progress)


def _rows(model: Model, samples: int, ex: Executor, progress=None) -> Iterator[Row]:
    model = replace(model, indices=True)  # the rows write both indices: the workers compute them
    level_of = model.ruleset.level_of
    dates = model.dates
    covered = {p.id: [p.covers_from <= d <= p.covers_to for d in dates] for p in model.profiles}
    for result in ex.map(model, tasks_for(samples, chunk_size(samples, ex.workers))):
        n = result.samples
        for k in range(n):  # sample by sample, then country by country: the same order however the work was cut
            s = result.start + k
            for pid, chunk in result.scores.items():
                row = chunk[k]  # (score, structural, warning) per date, in tenths
                inside = covered[pid]
                for j, d in enumerate(dates):
                    score = row[3 * j] / 10 + 0.0
                    yield (pid, d, s, score, row[3 * j + 1] / 10 + 0.0, row[3 * j + 2] / 10 + 0.0, level_of(score),
                           inside[j])
        if progress is not None:
            progress(n)


def timelines(model: Model, ex: Executor) -> Iterator[tuple[str, array]]:
    """Each country's deterministic timeline (tenths), one task per country, in the model's order:
    a many-country timeline spread over the workers.  With ``model.indices`` each date gives three
    numbers in a row: score, structural and warning index."""
    if model.inputs:
        raise ValueError("a deterministic timeline has no uncertain inputs")
    tasks = [Task(i, 0, 1, None, (p.id,)) for i, p in enumerate(model.profiles)]
    for result in ex.map(model, tasks):
        for pid, rows in result.scores.items():
            yield pid, rows[0]


def evaluate_design(model: Model, points, ex: Executor,
                    progress=None) -> Iterator[dict[str, array]]:
    """Each design point's timelines (tenths) per country, in the design's order."""
    for result in ex.map(model, design_tasks(points, chunk_size(len(points), ex.workers))):
        n = result.samples
        for k in range(n):
            yield {pid: rows[k] for pid, rows in result.scores.items()}
        if progress is not None:
            progress(n)
