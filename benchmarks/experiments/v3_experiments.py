"""Model-v3 prototype experiments on the backtest instrument (docs/research/model-v3-plan.md).

Run from the repository root:

    .venv/bin/python benchmarks/experiments/v3_experiments.py > benchmarks/experiments/results.md

Every variant is a function of one country-day's derived facts and fired rules' points (the
shipped rules 2.0.0, read-only), plus, for the warning index, the same country's earlier days.
Each is measured with the backtest's own metric code on exactly the days `assessor backtest`
evaluates (horizon 90, cluster bootstrap over countries, 1,000 resamples, seed 20261206).
Every constant below is declared from the literature or by round-number convention *before*
the run, and the tables print every variant tried, not only the best one.
"""

from __future__ import annotations

import datetime as _dt
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import v3table as T  # noqa: E402

from assessor.backtest import baselines  # noqa: E402
from assessor.backtest.run import knowable  # noqa: E402

# ---- rule groups of the shipped rule set (rules/*.yaml), by what they measure
FAST = ("threat-pressure", "severe-coercion", "forces-massed", "buildup-under-way", "exercise-under-way",
        "ultimatum", "intent-and-opportunity")  # acute: weigh while they last / fade within a year
FORCE = ("under-attack", "recent-attack")  # force in use: such days are left out of the metrics anyway
PROTECTION = ("collective-defence", "bilateral-defence-guarantee", "security-agreements",
              "nuclear-partner-agreement", "allied-forces-forward", "interim-assurances",
              "interim-nuclear-providers", "adversary-assurance")
LEGACY = ("unsettled-conflict", "repeat-conflict")

# The facts the fast rules read, with the shipped rules' weights (rules/threats.yaml, warning-signs.yaml):
# the anomaly a derive stage can compute without knowing the rules (see acute_baseline.py).
FAST_FACTS = {"threat_level": 1.2, "forces_massed_k": 0.15, "buildups_active": 8.0, "exercises_active": 6.0,
              "ultimatum": 8.0}
BASELINE_DAYS = 730  # "the country's trailing 2-year mean" (issue 16 item 3 / the brief)
RECENT_DAYS = 90  # the posture and threat window the rules already use (assessor/facts.py)
DAY = _dt.timedelta(days=1)


def squash(x: float, mid: float = 50.0, scale: float = 20.0) -> float:
    """A logistic squash to (0, 100), rounded like the shipped score (0.1): monotone, so rank
    metrics equal the unclamped sum's; scale 20 keeps 0..100 of the raw sum inside ~8..92."""
    return round(100.0 / (1.0 + math.exp(-(x - mid) / scale)), 1)


def trailing(values: np.ndarray, covered: np.ndarray, window: int, lag: int = 0) -> np.ndarray:
    """Mean of ``values`` over the covered days in [i-lag-window, i-lag) for each i (0 if none).
    A cumulative sum: O(1) per day, what an incremental derive would do along a timeline."""
    v = np.where(covered, values, 0.0)
    c = covered.astype(float)
    cv, cc = np.concatenate([[0.0], np.cumsum(v)]), np.concatenate([[0.0], np.cumsum(c)])
    n = len(values)
    i = np.arange(n)
    hi = np.clip(i - lag, 0, n)
    lo = np.clip(i - lag - window, 0, n)
    s, k = cv[hi] - cv[lo], cc[hi] - cc[lo]
    return np.where(k > 0, s / np.maximum(k, 1), 0.0)


def protection_once(f: dict) -> float:
    """Protection counted once per guarantor, at its strongest (prototype on today's facts).

    A defence guarantee (alliance membership, or a mutual defence treaty with a nuclear-weapon
    state) is the guarantee: −25 × credibility, nothing added for the same guarantor's lesser
    agreements or its forward forces (a tripwire signals the commitment it belongs to,
    Schelling 1966; deterrence-factors 18).  Without one, the strongest agreement counts once:
    the larger of −1 × rank and −1.5 × nuclear rank (cap 8), plus the interim bridge as today.
    Facts cannot yet say which agreement belongs to which guarantor; `max` is the closest
    reading of "at its strongest" they allow."""
    cred = float(f.get("guarantee_credibility", 1.0))
    pts = 0.0
    if f.get("status") == "member" or f.get("nuclear_agreement_rank", 0) >= 5:
        pts -= 25 * cred
    else:
        pts -= max(1.0 * min(f.get("agreement_rank", 0), 5), min(1.5 * f.get("nuclear_agreement_rank", 0), 8))
        if f.get("status") in ("applicant", "invited", "ratifying"):
            pts -= max(min(1.5 * f.get("interim_rank", 0), 4.5), min(2 * f.get("interim_nuclear", 0), 4))
    if f.get("adversary_assurance") and not f.get("assurance_broken"):
        pts -= 2
    return pts


def legacy_events(profile):
    """Per profile: ceasefire days of conflicts and days force was used (conflict starts of wars
    and occupations, established attacks), from the record as known (public events only)."""
    cease, force = [], []
    for e in profile.events:
        if e.kind == "conflict":
            if e.get("type") in ("armed_conflict", "occupation"):
                force.append(e.date)
            if e.get("ceasefire"):
                cease.append(e.get("ceasefire"))
        elif e.kind == "threat" and e.get("type") == "attack" and e.get("attribution", "established") == "established":
            force.append(e.date)
    return sorted(cease), sorted(force)


def legacy_weight(day, cease, force, half_life_years: float) -> float:
    """Weight of an unsettled conflict's legacy: halves every ``half_life_years`` since the
    latest of the last ceasefire and the last use of force (Fortna 2004: ceasefires are most
    fragile early; Hensel 1994: the last clash renews the rivalry)."""
    last = max([d for d in cease + force if d <= day], default=None)
    if last is None:
        return 1.0
    return 0.5 ** ((day - last).days / (365.25 * half_life_years))


def main() -> None:
    tab = T.build()
    a = tab.assessor
    rs = a.ruleset
    order = [lv.name for lv in rs.levels]
    assert rs.forecast is not None, "the rule set declares no level→probability map"
    declared = {n: rs.forecast.probability(n, T.HORIZON) for n in order}
    base = float(rs.base)

    by_c: dict[str, list[T.Day]] = defaultdict(list)
    for d in tab.days:
        by_c[d.country].append(d)
    views = {pid: knowable(a.profiles.profiles[pid]) for pid in by_c}

    # ---- per-day components, for all days (the trailing windows need the unevaluated ones)
    comp: dict[str, dict[str, np.ndarray]] = {}
    for pid, days in by_c.items():
        raw = np.array([T.raw(d, base) for d in days])
        fast = np.array([sum(d.points.get(r, 0.0) for r in FAST) for d in days])
        forcep = np.array([sum(d.points.get(r, 0.0) for r in FORCE) for d in days])
        prot = np.array([sum(d.points.get(r, 0.0) for r in PROTECTION) for d in days])
        leg = np.array([d.points.get("unsettled-conflict", 0.0) for d in days])
        once = np.array([protection_once(d.facts) for d in days])
        covered = np.array([d.status != "before" for d in days])
        cease, force = legacy_events(views[pid])
        lw = {h: np.array([legacy_weight(d.date, cease, force, h) for d in days]) for h in (2, 5, 10)}
        comp[pid] = dict(raw=raw, fast=fast, forcep=forcep, prot=prot, leg=leg, once=once, covered=covered,
                         struct=raw - fast - forcep, **{f"lw{h}": v for h, v in lw.items()})
        c = comp[pid]
        c["base730"] = trailing(fast, covered, BASELINE_DAYS, lag=0)  # own mean over the 2 years before
        c["anom"] = fast - c["base730"]
        c["mean90"] = trailing(fast, covered, RECENT_DAYS, lag=-1)  # mean over [d-89, d]
        c["fact_anom"] = sum(
            w * (x - trailing(x, covered, BASELINE_DAYS, lag=0))
            for fact, w in FAST_FACTS.items()
            for x in [np.array([float(d.facts.get(fact, 0) or 0) for d in days])])
        der = a.deriver(views[pid])  # baseline (c) exactly as the backtest computes it
        c["no_nato_us"] = np.array([baselines.no_nato_us_treaty(baselines.Day(d.date, d.facts, der, ())) for d in days])
        c["fact_anom_pos"] = sum(
            w * np.maximum(x - trailing(x, covered, BASELINE_DAYS, lag=0), 0)
            for fact, w in FAST_FACTS.items()
            for x in [np.array([float(d.facts.get(fact, 0) or 0) for d in days])])
        c["struct3"] = c["struct"] - c["prot"] + c["once"] - c["leg"] * (1 - c["lw5"])
        c["slow3"] = trailing(c["struct3"], covered, BASELINE_DAYS, lag=0)  # the structural index, made slow
        c["anom90"] = c["mean90"] - trailing(fast, covered, BASELINE_DAYS - RECENT_DAYS, lag=RECENT_DAYS)

    def series(fn):
        """A variant's value for every day: {country: array}."""
        return {pid: np.asarray(fn(comp[pid]), dtype=float) for pid in comp}

    def evaluated(vals):
        out = []
        for pid, days in by_c.items():
            out += [v for d, v in zip(days, vals[pid]) if d.status == "eval"]
        return np.array(out)

    ev = [d for pid in by_c for d in by_c[pid] if d.status == "eval"]
    clamp = lambda x: np.clip(np.round(x, 1), 0, 100)  # noqa: E731

    variants = {
        "E0 shipped (clamped 0..100)": series(lambda c: clamp(c["raw"])),
        "E1a unclamped sum": series(lambda c: c["raw"]),
        "E1b logistic squash (mid 50, scale 20)": series(lambda c: np.vectorize(squash)(c["raw"])),
        "E2a structural index alone (sum − fast − force rules)": series(lambda c: c["struct"]),
        "E2b acute index alone: fast points today": series(lambda c: c["fast"]),
        "E2c acute anomaly: today − own 2-year mean": series(lambda c: c["anom"]),
        "E2d acute anomaly: 90-day mean − prior 640-day mean": series(lambda c: c["anom90"]),
        "E2i acute anomaly from facts (Σ weight × (fact − own 2-year mean), no caps)": series(lambda c: c["fact_anom"]),
        "E2l positive part of the anomaly only (as rules with `gt: 0` and `per:` would read it)": series(
            lambda c: np.maximum(c["anom"], 0)),
        "E2m positive part of the fact anomaly (E2i), each fact's part ≥ 0": series(lambda c: c["fact_anom_pos"]),
        "E2e structural + acute anomaly (E2a + E2c)": series(lambda c: c["struct"] + c["anom"]),
        "E2f structural + acute today + anomaly": series(lambda c: c["struct"] + c["fast"] + c["anom"]),
        "E3a protection once (unclamped)": series(lambda c: c["raw"] - c["prot"] + c["once"]),
        "E3b protection once (clamped 0..100)": series(lambda c: clamp(c["raw"] - c["prot"] + c["once"])),
        "E4a legacy halves every 2 y (unclamped)": series(lambda c: c["raw"] - c["leg"] * (1 - c["lw2"])),
        "E4b legacy halves every 5 y (unclamped)": series(lambda c: c["raw"] - c["leg"] * (1 - c["lw5"])),
        "E4c legacy halves every 10 y (unclamped)": series(lambda c: c["raw"] - c["leg"] * (1 - c["lw10"])),
        **{f"E2g dial: structural v3 + {k:g} × anomaly (unclamped)": series(
            lambda c, k=k: c["struct"] - c["prot"] + c["once"] - c["leg"] * (1 - c["lw5"]) + k * c["anom"])
           for k in (0, 0.5, 1, 2, 4)},
        "E2h slow structural v3 (own 2-year mean) + anomaly": series(lambda c: c["slow3"] + c["anom"]),
        "E2j structural tier first, then anomaly (100 × level index of structural v3 + anomaly)": series(
            lambda c: 100 * np.array([rs.level_index(rs.level_of(x)) for x in c["struct3"]]) + c["anom"]),
        "E2k baseline (c) first, then anomaly (100 × [hostile border, no NATO/US treaty] + anomaly)": series(
            lambda c: 100 * c["no_nato_us"] + c["anom"]),
        "E5 all: protection once + legacy 5 y + anomaly, squashed": series(
            lambda c: np.vectorize(squash)(c["struct"] - c["prot"] + c["once"] - c["leg"] * (1 - c["lw5"])
                                           + c["fast"] + c["anom"])),
    }

    print("# Model-v3 prototype experiments: generated results\n")
    print("Generated by `benchmarks/experiments/v3_experiments.py` (read-only over rules 2.0.0 and the bundled "
          f"profiles and outcomes; horizon {T.HORIZON} days; 1,000 cluster-bootstrap resamples over countries, "
          f"seed {T.SEED}). {len(ev)} evaluated country-days, {sum(d.label for d in ev)} followed by an onset.\n")
    print("Levels: the shipped bands (low < 20 ≤ moderate < 40 ≤ elevated < 60 ≤ high < 80 ≤ critical) on each "
          "variant's own scale; Brier skill from the shipped declared map (0.2 / 0.7 / 2 / 6 / 15 %). "
          "For an index that is not on the 0–100 scale (E2b–E2d) the levels and Brier skill mean little; "
          "read its AUCs.\n")
    print(T.HEADER)
    results = {}
    for name, vals in variants.items():
        s = evaluated(vals)
        levels = [rs.level_of(x) for x in s]
        bounded = name.startswith(("E0", "E1b", "E3b", "E5"))
        r = T.measure(name, ev, s, levels, order, declared, bounds=(0.0, 100.0) if bounded else None)
        results[name] = (r, vals)
        print(T.row(r))
    # ---- two indices, one level: combinations declared before the run (no fitting)
    print("\nTwo indices, one level (the level index is the score; ties count half). Structural level: the "
          "shipped bands on structural v3 (E2g k = 0). M1: one level up per 8 points of acute anomaly (8 = one "
          "build-up or one ultimatum in the shipped rules), at most two. M2: the higher of the structural level "
          "and a warning level (anomaly ≥ 8 elevated, ≥ 16 high, ≥ 24 critical).\n")
    print(T.HEADER)
    for mname, comb in (("M1 structural level + anomaly steps", lambda sl, an: min(4, sl + min(2, int(max(an, 0) // 8)))),
                        ("M2 max(structural level, warning level)",
                         lambda sl, an: max(sl, 0 if an < 8 else 2 if an < 16 else 3 if an < 24 else 4))):
        li = []
        for pid, days in by_c.items():
            c = comp[pid]
            li += [comb(rs.level_index(rs.level_of(st)), an) for d, st, an in zip(days, c["struct3"], c["anom"])
                   if d.status == "eval"]
        levels = [order[i] for i in li]
        r = T.measure(mname, ev, li, levels, order, declared, bounds=None)
        results[mname] = (r, None)
        print(T.row(r))
    print()
    print("Within-country AUC per country (onset countries):\n")
    print("| variant | " + " | ".join(sorted(results["E0 shipped (clamped 0..100)"][0].per_country)) + " |")
    print("|---|" + "---|" * len(results["E0 shipped (clamped 0..100)"][0].per_country))
    for name, (r, _) in results.items():
        print(f"| {name} | " + " | ".join(T.fmt(r.per_country.get(k)) for k in sorted(r.per_country)) + " |")

    # ---- which rules rank a country's pre-onset days below its other days?
    print("\n## Per rule: within-country AUC of its points alone (evaluated days of the onset countries)\n")
    print("A rule constant within every onset country scores 0.5 (ties). Below 0.5: the rule gives more points "
          "to the days *not* followed by an onset — typically a fact that changes after an onset.\n")
    print("| rule | days fired (onset countries) | within-country AUC | AM | KW | PH | UA |\n|---|---|---|---|---|---|---|")
    onset_countries = sorted({d.country for d in ev if d.label})
    ev_on = [d for d in ev if d.country in onset_countries]
    for rule in sorted({r for d in ev_on for r in d.points}):
        pts = [d.points.get(rule, 0.0) for d in ev_on]
        if len(set(pts)) < 2:
            continue
        st = T.metrics.stratified_auc(pts, [d.label for d in ev_on], [d.country for d in ev_on])
        pc = " | ".join(T.fmt(st.per_group.get(k)) for k in onset_countries)
        print(f"| `{rule}` | {sum(1 for x in pts if x)} | {T.fmt(st.pooled_within)} | {pc} |")

    # ---- per onset: did the acute anomaly stand out before it?
    print("\n## Per onset: the acute anomaly (E2c) in the 30 days before, against the country's own evaluated days\n")
    print("| onset | max anomaly in the 30 days before | share of the country's evaluated days below that | "
          "shipped level the day before |\n|---|---|---|---|")
    from assessor.backtest.outcomes import load_outcomes
    for o in sorted(load_outcomes(None).onsets, key=lambda o: (o.country, o.date)):
        pid = a.profiles.resolve(o.country).id
        c, days = comp[pid], by_c[pid]
        idx = {d.date: i for i, d in enumerate(days)}
        before = [c["anom"][idx[o.date - k * DAY]] for k in range(1, 31) if (o.date - k * DAY) in idx]
        own = np.array([c["anom"][i] for i, d in enumerate(days) if d.status == "eval"])
        peak = max(before) if before else float("nan")
        eve = days[idx[o.date - DAY]].level if (o.date - DAY) in idx else "n/a"
        print(f"| {pid} {o.date} | {peak:+.1f} | {100 * np.mean(own < peak):.0f} % | {eve} |")

    # ---- saturation diagnostics
    print("\n## Saturation (shipped)\n")
    cov = [d for d in tab.days if d.status != "before"]
    at0 = [d for d in cov if d.score <= 0]
    at100 = [d for d in cov if d.score >= 100]
    evd = [d for d in cov if d.status == "eval"]
    print(f"- Covered country-days: {len(cov)}; at 0: {len(at0)} ({100 * len(at0) / len(cov):.1f} %); "
          f"at 100: {len(at100)} ({100 * len(at100) / len(cov):.1f} %).")
    print(f"- Evaluated days: {len(evd)}; at 0: {100 * np.mean([d.score <= 0 for d in evd]):.1f} %; "
          f"at 100: {100 * np.mean([d.score >= 100 for d in evd]):.1f} %.")
    c0 = Counter(d.country for d in at0)
    ccov = Counter(d.country for d in cov)
    print("- Share of each country's covered days at 0: " + ", ".join(
        f"{k} {100 * v / ccov[k]:.0f} %" for k, v in c0.most_common()) + ".")
    c100 = Counter((d.country, d.status) for d in at100)
    print("- Days at 100 by country and status: " + ", ".join(f"{k[0]} ({k[1]}) {v}" for k, v in c100.most_common()) + ".")
    raws0 = np.array([T.raw(d, base) for d in at0])
    if len(raws0):
        q = np.percentile(raws0, [0, 25, 50, 75, 100])
        print(f"- Unclamped sum on the days at 0: min {q[0]:.1f}, quartiles {q[1]:.1f} / {q[2]:.1f} / {q[3]:.1f}, "
              f"max {q[4]:.1f} ({len(set(np.round(raws0, 1)))} distinct values swallowed by the floor).")
    raws100 = np.array([T.raw(d, base) for d in at100])
    if len(raws100):
        q = np.percentile(raws100, [0, 50, 100])
        print(f"- Unclamped sum on the days at 100: min {q[0]:.1f}, median {q[1]:.1f}, max {q[2]:.1f}.")
    mean_pts: dict[str, float] = defaultdict(float)
    for d in at0:
        for r, p in d.points.items():
            mean_pts[r] += p / len(at0)
    print("- Mean points per rule on the days at 0 (base " + f"{base:g}): " + ", ".join(
        f"`{r}` {p:+.1f}" for r, p in sorted(mean_pts.items(), key=lambda kv: kv[1])) + ".")

    # ---- protection stacking: which rules fire together for a guaranteed state
    print("\n## Protection stacking (shipped)\n")
    stack: Counter = Counter()
    for d in cov:
        fired = tuple(sorted(r for r in d.points if r in PROTECTION))
        if len(fired) >= 2:
            stack[(fired, round(sum(d.points[r] for r in fired), 1))] += 1
    print("| protection rules firing together | points | covered days |\n|---|---|---|")
    for (fired, pts), n in stack.most_common(12):
        print(f"| {', '.join('`' + r + '`' for r in fired)} | {pts:+.1f} | {n} |")
    per_c = defaultdict(list)
    for d in cov:
        per_c[d.country].append(sum(d.points.get(r, 0.0) for r in PROTECTION) - protection_once(d.facts))
    print("\nMean protection removed by counting once (points, covered days): " + ", ".join(
        f"{k} {np.mean(v):+.1f}" for k, v in sorted(per_c.items()) if abs(np.mean(v)) >= 0.05) + ".")

    # ---- acceptance checks of issue 16 item 4 that are about single days
    print("\n## Issue 16 item 4 spot checks, per variant\n")
    print("| variant | UA 2021-04-15 / 2022-01-15 / 2022-02-15 (ordered?) | EE > DK, share of days 2022–2025 | "
          "AM 2025-08-09..27 mean (record ends 2025-08-27) vs 2022-09-01 | KR 2024: legacy points (mean) |\n"
          "|---|---|---|---|---|")

    def at(vals, pid, day):
        for d, v in zip(by_c[pid], vals[pid]):
            if d.date == day:
                return v
        return None

    for name, (_, vals) in results.items():
        if vals is None:
            continue
        ua = [at(vals, "ukraine", _dt.date.fromisoformat(x)) for x in ("2021-04-15", "2022-01-15", "2022-02-15")]
        ok = all(x is not None for x in ua) and ua[0] < ua[1] < ua[2]
        ee = {d.date: v for d, v in zip(by_c["estonia"], vals["estonia"]) if d.status != "before"}
        dk = {d.date: v for d, v in zip(by_c["denmark"], vals["denmark"]) if d.status != "before"}
        both = [k for k in ee if k in dk and _dt.date(2022, 1, 1) <= k <= _dt.date(2025, 12, 31)]
        share = np.mean([ee[k] > dk[k] for k in both]) if both else float("nan")
        am_oct = np.mean([v for d, v in zip(by_c["armenia"], vals["armenia"])
                          if _dt.date(2025, 8, 9) <= d.date <= _dt.date(2025, 8, 27)])
        am_22 = at(vals, "armenia", _dt.date(2022, 9, 1))
        c = comp["south-korea"]
        half = ("lw2" if name.startswith("E4a") else "lw10" if name.startswith("E4c") else
                "lw5" if name.startswith(("E4b", "E2g", "E2h", "E5")) else None)
        kr = [c["leg"][i] * (c[half][i] if half else 1.0)
              for i, d in enumerate(by_c["south-korea"]) if d.date.year == 2024]
        print(f"| {name} | {' / '.join(T.fmt(x, 1) for x in ua)} ({'yes' if ok else 'no'}) | "
              f"{100 * share:.0f} % ({len(both)} days) | {T.fmt(am_oct, 1)} vs {T.fmt(am_22, 1)} | "
              f"{np.mean(kr):.1f} |")

    # ---- the development-set risk of fitting levels: leave one onset country out
    print("\n## Fitting levels to this set: what it would buy, and what it would not\n")
    for name in ("E0 shipped (clamped 0..100)", "E1a unclamped sum", "E5 all: protection once + legacy 5 y + anomaly, squashed"):
        _, vals = results[name]
        s = evaluated(vals)
        y = np.array([d.label for d in ev], dtype=bool)
        g = np.array([d.country for d in ev])
        onset_c = sorted({d.country for d in ev if d.label})
        # in-sample: quintile bands of the score, onset rate per band
        edges = np.unique(np.percentile(s, [20, 40, 60, 80]))
        band = np.searchsorted(edges, s, side="right")
        rates = [f"{100 * y[band == b].mean():.2f} %" if (band == b).any() else "–" for b in range(len(edges) + 1)]
        # leave-one-onset-country-out: fit a monotone (PAV) score→probability map on the rest,
        # score the held-out country's days; pooled Brier skill over the held-out predictions
        pred = np.full(len(s), np.nan)
        for held in onset_c + sorted(set(g) - set(onset_c)):
            tr = g != held
            pred[~tr] = pav_predict(s[tr], y[tr], s[~tr])
        rate = y.mean()
        loco = 1 - np.mean((pred - y) ** 2) / (rate * (1 - rate))
        fit_all = pav_predict(s, y, s)
        insample = 1 - np.mean((fit_all - y) ** 2) / (rate * (1 - rate))
        # the best any map can do on the shipped bands: each level's observed rate (in sample), and
        # the same rates learnt without the country they are scored on (leave one country out)
        lv = np.array([rs.level_of(x) for x in s])
        obs = {k: y[lv == k].mean() for k in set(lv)}
        ins_lv = 1 - np.mean((np.array([obs[k] for k in lv]) - y) ** 2) / (rate * (1 - rate))
        p_lv = np.empty(len(s))
        for held in sorted(set(g)):
            tr = g != held
            learnt = {k: y[tr & (lv == k)].mean() if (tr & (lv == k)).any() else y[tr].mean() for k in set(lv)}
            p_lv[~tr] = [learnt[k] for k in lv[~tr]]
        loco_lv = 1 - np.mean((p_lv - y) ** 2) / (rate * (1 - rate))
        print(f"- **{name}**: each shipped level's observed rate as its probability: Brier skill {ins_lv:.3f} in "
              f"sample, {loco_lv:.3f} leave one country out.")
        print(f"- **{name}**: onset rate per quintile band of the score (low → high): {', '.join(rates)}. "
              f"A monotone map fitted on all days: Brier skill {insample:.3f} in sample; "
              f"fitted without each country and scored on it (leave one country out): {loco:.3f}.")


def pav_predict(x: np.ndarray, y: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Isotonic (pool-adjacent-violators) regression of y on x, read off at ``at`` (step function)."""
    o = np.argsort(x, kind="mergesort")
    xs, ys = x[o], y[o].astype(float)
    ux, inv = np.unique(xs, return_inverse=True)
    sums = np.bincount(inv, weights=ys)
    cnts = np.bincount(inv).astype(float)
    blocks = [[sums[i], cnts[i], i, i] for i in range(len(ux))]
    stack: list = []
    for b in blocks:
        stack.append(b)
        while len(stack) > 1 and stack[-2][0] / stack[-2][1] > stack[-1][0] / stack[-1][1]:
            s2 = stack.pop()
            s1 = stack.pop()
            stack.append([s1[0] + s2[0], s1[1] + s2[1], s1[2], s2[3]])
    level = np.empty(len(ux))
    for s_, c_, i0, i1 in stack:
        level[i0:i1 + 1] = s_ / c_
    idx = np.clip(np.searchsorted(ux, at, side="right") - 1, 0, len(ux) - 1)
    return level[idx]


if __name__ == "__main__":
    main()
