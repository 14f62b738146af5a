"""The backtest as text (see assessor.backtest): what was used, then every metric beside the baselines'."""

from __future__ import annotations

from assessor.render.safe import Cells as _Cells
from assessor.render.safe import one_line, terminal
from assessor.render.safe import width as _fit_width
from assessor.score import plural_words

ID_WIDTH = 30  # the widest country column: a longer id is shortened in it, and listed whole below the tables


def _width(ids) -> int:
    """The country column's width: the longest id shown, at least 13 (the columns read as before for short ids),
    at most :data:`ID_WIDTH` (a longer id is shortened, see :class:`assessor.render.safe.Cells`)."""
    return _fit_width(ids, 13, ID_WIDTH)


def _n(x, fmt: str = ".3f") -> str:
    return "n/a" if x is None else format(x, fmt)


def _ci(m: dict | None, signed: bool = False) -> str:
    """A value and its interval; ``signed``: a difference, shown with its sign."""
    if not m:
        return "n/a"
    if m["value"] is None:
        return "n/a"
    f = "+.3f" if signed else ".3f"
    if m["low"] is None:
        return f"{m['value']:{f}}"
    return f"{m['value']:{f}} [{m['low']:.3f}, {m['high']:.3f}]"


def _pct(x) -> str:
    return "n/a" if x is None else f"{x:.2%}"


def text(doc: dict) -> str:
    d = doc["definition"]
    war = d.get("onset_level") == "war"
    what = "war (--onset-level war: invasions and armed conflicts; lesser force measured)" if war else "force"
    rs = doc["ruleset"]  # named as assess names it: a backtest of edited rules must not read as the release's
    lines = [terminal(f"backtest of {rs['name']} {rs['version']} (sha256:{rs['sha256'][:12]}): onsets of {what} within "
                      f"{d['horizon_days']} day{'s' * (d['horizon_days'] != 1)}"
                      + (f", days from {d['split_date']} on" if d["split_date"] else "")
                      + (", each country up to its first onset (a diagnostic)" if d.get("before_first_onset") else "")
                      + (f", each record from its day {d['burn_in_days'] + 1} on (--burn-in: a diagnostic)"
                         if d.get("burn_in_days") else "")),
             # one line whatever the file's name: a newline in it started a line of its own, read as the report's
             one_line(f"outcomes: {doc['outcomes_file'] or '(given in code)'}"), ""]
    lines.append("countries used (onsets; evaluated days; days followed by an onset):")
    w = _width(c["country"] for c in doc["countries"])
    cell = _Cells()
    for c in doc["countries"]:
        extra = "" if c["listed"] else "  (not in the outcomes file: counted as quiet, --include-unlisted)"
        hidden = plural_words(f"; {c['hidden_events']} event(s) not public at the time left out") if c["hidden_events"] else ""
        lines.append(terminal(f"  {cell(c['country'], w)} {c['onsets']:>2}  {c['days']:>6}  {c['onset_days']:>5}{hidden}{extra}"))
    excluded = [u for u in doc["unlisted"] if u["treated"] == "excluded"]
    if excluded:
        lines.append(terminal("not in the outcomes file, left out (list them under 'quiet' once their record is "
                              "checked, or use --include-unlisted): " + ", ".join(u["country"] for u in excluded)))
    ex = doc["excluded_days"]
    strict = ", a ceasefire not yet ended" if d.get("ceasefire_in_use") else ""
    in_use = (f"a war already going on{strict}, or a war onset in the last {d['aftermath_days']} days" if war else
              f"force already in use (fighting going on{strict}, an attack or an onset in the last {d['aftermath_days']} days)")
    lines += [plural_words(
        f"left out: {ex['force_in_use']} country-day(s) with {in_use}; {ex['censored']} day(s) whose horizon runs past "
        f"the end of the record" + (f"; {ex['before_split']} day(s) before the split date" if d["split_date"] else "")
        + (f"; {ex['after_first_onset']} day(s) from each country's first onset on (--before-first-onset: a "
           "diagnostic, its later onsets not evaluated)" if d.get("before_first_onset") else "")
        + (f"; {ex['burn_in']} day(s) in each record's first {d['burn_in_days']} (--burn-in: a diagnostic)"
           if d.get("burn_in_days") else "")),
              ""]
    if doc["onsets"]:
        lines.append(_onsets(doc, cell))
    if doc["lead_summary"]:
        lines.append("onsets beginning a new episode preceded by each level within the horizon "
                     "(median days: first crossing / unbroken run):")
        for r in doc["lead_summary"]:
            lines.append(terminal(f"  {cell(r['level'], 10)} {r['reached']:>3} of {r['onsets']:<3}  "
                                  f"{_n(r['median_first_crossing'], '.0f'):>5} / {_n(r['median_unbroken'], '.0f')}"))
        lines.append("")
    days = doc["days"]
    lines.append(f"evaluated: {days['evaluated']} country-days, {days['onset_days']} followed by an onset "
                 f"(base rate {_pct(days['base_rate'])})")
    b = doc["days_at_bounds"]
    lines.append(f"at a bound of the scale: {b['at_min'] + b['at_max']} of {b['covered_days']} covered country-days "
                 f"({_pct(b['share'])}; {b['at_min']} at {b['min']:g}, {b['at_max']} at {b['max']:g}; force in use "
                 "included)")
    fa = doc["false_alarms"]
    lines.append(terminal(f"false alarms: {fa['days_at_or_above_alarm']} of {fa['quiet_days']} quiet days at "
                          f"{d['alarm_level']} or above ({_pct(fa['share'])})"))
    lines.append("")
    lines.append(_reliability(doc, cell))
    lines.append("")
    lines.append(_table(doc, cell))
    lines += cell.note()
    return "\n".join(lines) + "\n"


def _onsets(doc: dict, cell: _Cells) -> str:
    leads = sorted(int(k) for k in doc["onsets"][0]["before"])
    w = _width(o["country"] for o in doc["onsets"])
    head = f"{'onset':<11} {'country':<{w}} {'kind':<15}" + "".join(f"{str(k) + 'd before':>17}" for k in leads)
    levels = list(doc["onsets"][0]["leads"])
    lines = [head]
    for o in doc["onsets"]:
        cells = []
        for k in leads:
            v = o["before"][str(k)]
            cells.append(f"{'—':>17}" if v is None else f"{v['score']:>7.1f} {cell(v['level'], 9)}")
        cont = f"  (continues {o['continues']})" if o["continues"] else ""
        lines.append(terminal(f"{o['date']:<11} {cell(o['country'], w)} {o['kind']:<15}" + "".join(cells) + cont))
    lines += ["", "lead times, days before the onset: first day at the level or above within the horizon / "
                  "unbroken run up to the eve (— not reached)",
              terminal(f"{'onset':<11} {'country':<{w}}" + "".join(cell(lv, 15, right=True) for lv in levels))]
    for o in doc["onsets"]:
        cells = []
        for lv in levels:
            x = o["leads"][lv]
            first = "—" if x["first_crossing"] is None else str(x["first_crossing"])
            cells.append(f"{first + ' / ' + str(x['unbroken']):>15}")
        lines.append(terminal(f"{o['date']:<11} {cell(o['country'], w)}" + "".join(cells)))
    return "\n".join(lines) + "\n"


def _reliability(doc: dict, cell: _Cells) -> str:
    lines = [f"{'level':<10} {'days':>7} {'onset':>6} {'countries':>9} {'observed':>9} {'declared':>9}"]
    for r in doc["reliability"]:
        lines.append(terminal(f"{cell(r['level'], 10)} {r['days']:>7} {r['onset_days']:>6} {r['onset_countries']:>9} "
                              f"{_pct(r['rate']):>9} {_pct(r['declared']):>9}"))
    lines.append("(onset: days followed by an onset within the horizon; countries: how many countries those days "
                 "come from)")
    held = doc.get("reliability_order") or {}
    if held.get("all") is not None:
        pairs = ", ".join(f"{k.replace('<', ' < ')} {_pct(v)}" for k, v in held["pairs"].items())
        lines.append(terminal(f"rising with every level in {_pct(held['all'])} of the resamples "
                              f"({pairs})"))
    m = doc["model"]
    if doc["forecast"] is None:
        lines.append("Brier score: n/a (the rule set declares no 'forecast' map in its header)")
    elif m:
        lines.append(f"Brier score {_n(m['brier'], '.4f')} against {_n(m['brier_base_rate'], '.4f')} for the base "
                     f"rate; skill {_ci(m.get('brier_skill'))} (above 0: better than the base rate)")
        if m.get("brier_skill_prior_corrected") and m.get("prior_correction_factor") is not None:
            # (no factor when the days hold no onset or nothing else: there is no base rate to carry the map to)
            lines.append(f"with prior correction (the map's population rate, {_pct(doc['forecast']['population_rate'])} "
                         f"over the horizon, carried to these days' base rate: odds "
                         f"x{_n(m['prior_correction_factor'], '.2f')}): skill {_ci(m['brier_skill_prior_corrected'])}")
        if m.get("brier_skill_out_of_country"):
            others = "other states' records" if doc["definition"].get("cluster") == "state" else "other countries"
            lines.append(f"the levels calibrated out of country (each country's days forecast with the onset rate of "
                         f"their level in the {others}, against their base rate): skill "
                         f"{_ci(m['brier_skill_out_of_country'])}")
    return "\n".join(lines)


def _table(doc: dict, cell: _Cells) -> str:
    m = doc["model"]
    if m is None:
        return "no evaluated days: nothing to measure"
    d = doc["definition"]
    recalls = list(m["precision_at_recall"])
    head = (f"{'':<38} {'pooled AUC':>22} {'within-country AUC':>22} {'mean of countries':>22} {'avg precision':>22}"
            + "".join(f"{'P@R' + r:>8}" for r in recalls))
    ix = doc.get("indices") or {}
    rows = ([("model (score)", m)] + [(f"{name} index", ix[name]) for name in ("structural", "warning") if ix.get(name)]
            + [(b["description"], b) for b in doc["baselines"].values()])
    if d["resamples"]:
        n = d.get("clusters", 0)
        unit = (f"state{'s' * (n != 1)}, a state's records drawn together" if d.get("cluster", "state") == "state"
                else f"record{'s' * (n != 1)}, each drawn alone (--cluster record)")
        said = (f"discrimination, {d['interval']:.0%} intervals from {d['resamples']} cluster-bootstrap resamples over "
                f"{n} {unit} (seed {d['seed']})")
    else:  # point estimates only: nothing was resampled, so no interval is shown or implied
        said = "discrimination, point estimates: no intervals (--resamples 0)"
    lines = [said, head]
    for name, b in rows:
        lines.append(terminal(f"{name[:38]:<38} {_ci(b['auc']):>22} {_ci(b['stratified_auc']):>22} "
                              f"{_ci(b['mean_country_auc']):>22} {_ci(b['average_precision']):>22}"
                              + "".join(f"{_n(b['precision_at_recall'][r]):>8}" for r in recalls)))
    diffs = [(b["description"], b["difference"]) for b in doc["baselines"].values() if b.get("difference")]
    if diffs:
        lines += ["", "model minus each baseline, paired (the same resamples; an interval above 0: "
                      "the model ranks better)", f"{'':<38} {'pooled AUC':>22} {'within-country AUC':>22}"]
        lines += [terminal(f"{name[:38]:<38} {_ci(dd['auc'], signed=True):>22} "
                           f"{_ci(dd['stratified_auc'], signed=True):>22}") for name, dd in diffs]
    with_both = {k: v for k, v in m["per_country_auc"].items() if v is not None}
    others = [k for k, v in m["per_country_auc"].items() if v is None]
    lines += ["", "within-country AUC per country (model), where the country has both onset days and quiet days:"]
    w = _width(with_both)
    lines += [terminal(f"  {cell(k, w)} {_n(v)}") for k, v in with_both.items()]
    if others:
        lines.append(terminal(f"  one class only (no onset day, or no quiet day, evaluated): {', '.join(others)}"))
    return "\n".join(lines)
