"""Backtest: would the scores have warned before force was used?

For a file of dated onsets of force (see :mod:`assessor.backtest.outcomes` for
the definition) the backtest scores every covered day of every country with
only the record as it was known that day — derive never reads an event after
the date it is asked about, and events marked ``public: false`` are dropped —
labels each day by whether an onset follows within the horizon, and measures
the model and naive baselines on the same days: pooled and within-country
ROC AUC, average precision, precision at fixed recall, lead times at every
level, the onset rate per level, the Brier score of the rule set's declared
level→probability map, each with a cluster bootstrap over countries.

- :mod:`~assessor.backtest.outcomes` — the outcome definition and its file;
- :mod:`~assessor.backtest.metrics` — metrics as plain functions over arrays;
- :mod:`~assessor.backtest.baselines` — the naive baselines;
- :mod:`~assessor.backtest.run` — one run, as a JSON-ready dict;
- :mod:`assessor.render.backtest` — the text report (render stays below every stage).

The method and how to read it: docs/backtest-method.md.
"""

from __future__ import annotations

from assessor.backtest.metrics import auc
from assessor.backtest.outcomes import Onset, Outcomes, among, default_path, load_outcomes
from assessor.backtest.run import FEW_RESAMPLES, HORIZON_DAYS, LEADS, RESAMPLES, Options, knowable, run

__all__ = ["FEW_RESAMPLES", "HORIZON_DAYS", "LEADS", "RESAMPLES", "Onset", "Options", "Outcomes", "among", "auc",
           "default_path", "knowable", "load_outcomes", "run"]
