"""Per-sample rows of ``assessor sweep``: CSV, JSON Lines or Parquet, written as they come.

Each writer takes an iterator of ``(country, date, sample, score, structural, warning, level, covered)`` and
a ``write(bytes)`` function (Parquet: a binary file object), and never holds
more than one block of rows: a sweep's output may be far larger than memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from assessor.render.safe import csv_cell, json_text

Row = tuple  # (country, date, sample, score, structural, warning, level, covered)
BLOCK = 16_384  # rows per block (and per Parquet row group)

# timeline's names, in its order ('covered': the date lies inside the record's checked period, as timeline writes it)
HEADER = ("country", "date", "sample", "score", "structural", "warning", "level", "covered")


def _blocks(rows: Iterable[Row]) -> Iterator[list[Row]]:
    block: list[Row] = []
    for r in rows:
        block.append(r)
        if len(block) >= BLOCK:
            yield block
            block = []
    if block:
        yield block


def csv(rows: Iterable[Row], write: Callable[[bytes], object], scenario: str | None = None) -> None:
    import csv as csv_mod
    import io

    # rows made under scenarios: a last column names them on every row
    tail = () if scenario is None else (csv_cell(scenario),)
    write((",".join(HEADER + ("scenario",) * bool(tail)) + "\n").encode())
    for block in _blocks(rows):
        buf = io.StringIO()
        w = csv_mod.writer(buf, lineterminator="\n")
        w.writerows((csv_cell(c), d.isoformat(), s, x, st, wn, csv_cell(lv), "true" if cv else "false", *tail)
                    for c, d, s, x, st, wn, lv, cv in block)
        write(buf.getvalue().encode())


def jsonl(rows: Iterable[Row], write: Callable[[bytes], object], scenario: str | None = None) -> None:
    dumps = json.dumps
    extra = {} if scenario is None else {"scenario": scenario}
    for block in _blocks(rows):
        # json_text: C1, bidi and line separators as \\u escapes (one record per line, inert on a terminal)
        write("".join(json_text(dumps({"country": c, "date": d.isoformat(), "sample": s, "score": x, "structural": st,
                                       "warning": wn, "level": lv, "covered": cv, **extra}, ensure_ascii=False)) + "\n"
                      for c, d, s, x, st, wn, lv, cv in block).encode())


def parquet(rows: Iterable[Row], sink, scenario: str | None = None) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        from assessor.errors import AssessorError

        # asked for by --format parquet or by an output named .parquet: the message names neither option alone
        raise AssessorError("Parquet output (--format parquet, or -o FILE.parquet) needs pyarrow: "
                            "pip install 'assessor[parquet]'") from None
    schema = pa.schema([("country", pa.string()), ("date", pa.date32()), ("sample", pa.int64()),
                        ("score", pa.float64()), ("structural", pa.float64()), ("warning", pa.float64()),
                        ("level", pa.string()), ("covered", pa.bool_())]
                       + ([("scenario", pa.string())] if scenario is not None else []))
    with pq.ParquetWriter(sink, schema, compression="zstd") as w:
        for block in _blocks(rows):
            cols = list(zip(*block))
            if scenario is not None:
                cols.append((scenario,) * len(block))
            w.write_table(pa.Table.from_arrays([pa.array(col, type=f.type) for col, f in zip(cols, schema)],
                                               schema=schema))


def writer(fmt: str, scenario: str | None = None):
    """The writer of ``fmt``; with ``scenario`` (the names of the scenarios the rows were made under), each row
    names it in a last field ``scenario``."""
    write = {"csv": csv, "jsonl": jsonl, "parquet": parquet}[fmt]
    if scenario is None:
        return write
    return lambda rows, sink: write(rows, sink, scenario)
