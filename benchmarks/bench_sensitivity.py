"""Peak memory of ``assessor sensitivity`` at the default size, with the usual inputs and with 10x as many.

Each run is a child process (``--jobs 1``: the whole run in that one process), and its peak resident
set size is read from ``getrusage`` when it ends.  The 10x case adds synthetic threat events inside the
period through a scenario and gives every threat an uncertain date through an uncertainty wildcard
(the pattern of issue 20: a scenario adding many events, an uncertainty wildcard): the events are
made up for the benchmark and never leave it.

    python benchmarks/bench_sensitivity.py            # prints both runs side by side and their ratio

Target (issue 20): the ratio of the peaks below 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

PERIOD = ("--from", "2022-01-01", "--to", "2022-12-31", "--step", "month")
CHILD = """
import resource, sys
from assessor.cli import main
sys.argv = ["assessor", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)  # KiB on Linux
sys.exit(code)
"""


def run(args: list[str], out: Path) -> tuple[int, int]:
    """(peak RSS in KiB, acting inputs) of one sensitivity run."""
    done = subprocess.run([sys.executable, "-c", CHILD, "sensitivity", "finland", *PERIOD, "--method", "morris",
                           "--jobs", "1", "--format", "json", "-o", str(out), *args],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the run failed:\n{done.stderr}")
    rss = int(done.stderr.strip().splitlines()[-1])
    doc = json.loads(out.read_text())
    first = doc[0] if isinstance(doc, list) else doc
    return rss, sum(1 for i in first["inputs"] if i["acts_on_period"])


def scenario(n: int) -> str:
    changes = "\n".join(
        f"""  - profile: finland
    add: {{date: 2022-{1 + k % 12:02d}-{1 + k % 28:02d}, kind: threat, actor: Russia, type: statement, severity: 1,
          weighs_days: 30, summary: "Synthetic benchmark event {k}.",
          source: {{publisher: "assessor benchmark", title: "synthetic {k}", date: 2022-01-01}}}}"""
        for k in range(n))
    return f"name: benchmark inputs\nchanges:\n{changes}\n"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="assessor-bench-") as tmp:
        d = Path(tmp)
        base_rss, base_inputs = run([], d / "base.json")
        # about ten times the inputs: the added threats, plus the wildcard on the threats already there
        (d / "sc.yaml").write_text(scenario(9 * base_inputs - 12))
        (d / "unc.yaml").write_text("name: every threat's date\nevents:\n  - event: {kind: threat}\n    days: 3\n")
        many_rss, many_inputs = run(["--scenario", str(d / "sc.yaml"), "--uncertainty", str(d / "unc.yaml")],
                                    d / "many.json")
    print(f"{'case':<26}{'acting inputs':>14}{'peak RSS (MiB)':>16}")
    print(f"{'default size, usual':<26}{base_inputs:>14}{base_rss / 1024:>16.1f}")
    print(f"{'default size, ~10x inputs':<26}{many_inputs:>14}{many_rss / 1024:>16.1f}")
    print(f"ratio of peaks: {many_rss / base_rss:.2f} (inputs x{many_inputs / base_inputs:.1f}; target < 2)")


if __name__ == "__main__":
    main()
