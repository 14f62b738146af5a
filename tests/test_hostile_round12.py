"""Hostile input, twelfth round (2026-12-07): the known defects earlier rounds left open (tls:// schedulers,
non-regular paths given to validate, a treaty's country among its own partners, -o into a --profiles folder,
acts of a state before it existed, YAML aliases, the backtest table's long ids, rules in flow style, FIFOs in a
project file), then new doors.

Each test here failed before the fix it names, except the other-side checks beside them (a valid input that
still works the same).
"""

from __future__ import annotations

import pytest
from hostile_common import one_line_error

# --------------------------------------------------------------------------- 1. a tls:// scheduler address


@pytest.mark.parametrize("where", ["option", "project", "user"])
def test_a_tls_scheduler_without_dask_tls_settings_is_one_located_message(in_dir, run, monkeypatch, where):
    """`--scheduler tls://HOST:PORT` (the help names the form) reached Dask's client without TLS settings and
    came back as 'cannot reach the Dask scheduler at ...: TypeError: TLS expects a `ssl_context` argument',
    also from a project file's or the user's config's scheduler.  Said before any connection now: the address,
    where it was given, and the settings it needs; exit 2."""
    pytest.importorskip("distributed")
    for key in [k for k in __import__("os").environ if k.startswith("DASK_")]:
        monkeypatch.delenv(key)
    address = "tls://127.0.0.1:1"  # nothing listens there: the old path said 'Connection refused' or the TypeError
    args = ["assess", "estonia", "--samples", "2"]
    if where == "option":
        args += ["--scheduler", address]
        said = f"--scheduler '{address}' is a tls:// address"
    elif where == "project":
        (in_dir / "assessor.toml").write_text(f'scheduler = "{address}"\n', encoding="utf-8")
        args += ["--scheduler", "project"]
        said = f"assessor.toml:1: scheduler '{address}' is a tls:// address"
    else:
        (in_dir / "user-config" / "assessor").mkdir(parents=True)
        (in_dir / "user-config" / "assessor" / "config.toml").write_text(f'scheduler = "{address}"\n',
                                                                          encoding="utf-8")
        said = f"config.toml:1: scheduler '{address}' is a tls:// address"
    _, err = run(*args, code=2)
    one_line_error(err)
    assert said in err and "distributed.comm.tls.ca-file" in err and "TypeError" not in err, err
