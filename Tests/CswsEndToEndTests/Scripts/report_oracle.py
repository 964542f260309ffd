#!/usr/bin/env python3
"""Independent oracle for `csws report --format json` (SPEC.md section 10.5).

Written from the spec alone (not from the Swift sources of the report), standard library plus
PyYAML. Money is exact: YAML and JSON numbers are read as `decimal.Decimal`, ratios are
`fractions.Fraction`; no float is ever used for money or percentages.

Modes
  generate DIR --seed N --as-of YYYY-MM-DD [--customers K]
      Write K (default 40) random but deterministic customers into the csws workspace DIR
      (made by `csws init`). The first customers cycle through every revenue case of 10.5.
  compare DIR REPORT.json --as-of D --csws BIN [--owner O] [--segment S]
          [--history-churned unscored|scored]
      Recompute 10.5 from the YAML files (risk tiers come from `csws score --format json`)
      and compare with REPORT.json. Prints `field: expected X, got Y` per mismatch and
      `oracle: N checks, M mismatches`; exit 0 when M == 0, else 1.
  expect DIR --as-of D --csws BIN [--owner O] [--segment S] [--history-churned ...]
      Print the oracle's own figures in the report's JSON shape (handy to debug a mismatch
      or to hand-make a report for testing `compare`).
  selftest
      Hand-computed ledgers (see `selftest()`) checked against the revenue functions.

Choices where 10.5 leaves room (see also the comments in `compute`)
  - History, churned customers: `csws score` never scores a churned customer (not even when
    named), so by default they count as unscored; `--history-churned scored` scores them as
    of D on a copy of the workspace where they read `status: active` (10.5: "scored as of D
    by §4 ... whatever their status now").
  - History membership uses the current `contract.start` (so a renewal that moved the start
    hides a long-standing customer before it), as written.
  - A plan with several `first_value: true` milestones: the first in file order counts.
  - First value "done" follows the milestone status; TTV also needs a `done` date in
    (as-of − 365, as-of]. Onboarding days may be negative (start after as-of).
  - NRR/GRR round half away from zero (only matters for a negative GRR).
  - `currencies` covers the filtered population, churned and revenue-excluded included.
  - Checked beyond the brief's list: customers[].name/owner/segment/risk/override (from the
    account and `score` JSON). Not checked: renewals[].step, overdue, files_with_errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal, getcontext
from fractions import Fraction

import yaml

getcontext().prec = 80  # money sums never round

TIER_NAMES = ["low", "medium", "high", "critical"]
AT_RISK = ("high", "critical")
SIGNED = {"new": 1, "expansion": 1, "contraction": -1, "churn": -1, "renewal": 0}


# ----------------------------------------------------------------------------------------------
# YAML / JSON reading with exact numbers
# ----------------------------------------------------------------------------------------------

class ExactLoader(yaml.SafeLoader):
    """SafeLoader whose floats are Decimal (constructed from the scalar's text)."""


def _construct_decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    if text.lower().lstrip("+-") in (".inf", ".nan"):
        raise ValueError(f"non-finite number {text!r}")
    return Decimal(text)


ExactLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
# YAML 1.2 core floats that YAML 1.1 (PyYAML) reads as strings, e.g. `1e5` (libyaml-based
# readers such as csws's take them as numbers).
ExactLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)$"),
    list("-+0123456789."))


def load_yaml(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return yaml.load(raw.decode("utf-8"), Loader=ExactLoader)


def load_json(path_or_text, is_text=False):
    text = path_or_text if is_text else open(path_or_text, encoding="utf-8").read()
    return json.loads(text, parse_float=Decimal)


def as_date(v):
    """A YAML date (PyYAML gives datetime.date) or a 'YYYY-MM-DD' string; else None."""
    if isinstance(v, dt.datetime):
        return None  # a date-time in a date field is invalid
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def as_money(v):
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, Decimal):
        return v
    return None


def parse_day(s):
    return dt.date.fromisoformat(s)


def iso(d):
    return d.isoformat() if d is not None else None


# ----------------------------------------------------------------------------------------------
# Workspace model
# ----------------------------------------------------------------------------------------------

class Customer:
    def __init__(self, cid, folder=None):
        self.id = cid
        self.folder = folder or cid
        self.name = None
        self.owner = None
        self.segment = None
        self.status = None
        self.arr = Decimal(0)
        self.currency = "USD"
        self.start = None
        self.end = None
        self.events = []  # (date, kind, Decimal amount)
        self.first_value = None  # the first milestone with first_value: true (dict) or None
        self.voc = []  # dicts with date (date), area, closed (bool)

    @property
    def churned(self):
        return self.status == "churned"

    @property
    def c(self):
        """Current ARR for revenue: arr, or 0 when churned (10.5 Revenue)."""
        return Decimal(0) if self.churned else self.arr


def load_workspace(ws):
    settings = load_yaml(os.path.join(ws, "csws.yaml")) or {}
    customers = []
    root = os.path.join(ws, "customers")
    for folder in sorted(os.listdir(root)) if os.path.isdir(root) else []:
        if folder.startswith("."):
            continue
        cdir = os.path.join(root, folder)
        acc_path = os.path.join(cdir, "account.yaml")
        if not os.path.isfile(acc_path):
            continue
        try:
            acc = load_yaml(acc_path)
        except Exception:
            continue
        if not isinstance(acc, dict):
            continue
        cu = Customer(acc.get("id") if isinstance(acc.get("id"), str) else folder, folder)
        cu.name = acc.get("name")
        cu.owner = acc.get("owner")
        cu.segment = acc.get("segment")
        cu.status = acc.get("status")
        cu.arr = as_money(acc.get("arr")) or Decimal(0)
        cu.currency = acc.get("currency") or "USD"
        contract = acc.get("contract") or {}
        if isinstance(contract, dict):
            cu.start = as_date(contract.get("start"))
            cu.end = as_date(contract.get("end"))
        for ev in acc.get("revenue") or []:
            if not isinstance(ev, dict):
                continue
            d, k, a = as_date(ev.get("date")), ev.get("kind"), as_money(ev.get("amount"))
            if d is None or k not in SIGNED or a is None:
                continue
            cu.events.append((d, k, a))
        plan_path = os.path.join(cdir, "plan.yaml")
        if os.path.isfile(plan_path):
            try:
                plan = load_yaml(plan_path)
            except Exception:
                plan = None
            if isinstance(plan, dict):
                for m in plan.get("milestones") or []:
                    if isinstance(m, dict) and m.get("first_value") is True:
                        cu.first_value = m
                        break  # the first one in file order (see report notes)
        vdir = os.path.join(cdir, "voc")
        if os.path.isdir(vdir):
            for fn in sorted(os.listdir(vdir)):
                if fn.startswith(".") or not fn.endswith(".yaml"):
                    continue
                try:
                    item = load_yaml(os.path.join(vdir, fn))
                except Exception:
                    continue
                if not isinstance(item, dict):
                    continue
                d = as_date(item.get("date"))
                if d is None or not isinstance(item.get("area"), str):
                    continue
                cu.voc.append({"date": d, "area": item["area"],
                               "closed": item.get("closed") is not None})
        customers.append(cu)
    return settings, customers


# ----------------------------------------------------------------------------------------------
# Pure computations (10.5)
# ----------------------------------------------------------------------------------------------

def pct_half_up(num, den):
    """num/den as a percentage rounded half up (away from zero) to one decimal, as Decimal."""
    q = Fraction(num) / Fraction(den) * 1000  # tenths of a percent
    sign = -1 if q < 0 else 1
    a = abs(q)
    n = a.numerator // a.denominator
    if a - n >= Fraction(1, 2):
        n += 1
    return (Decimal(sign * n) / Decimal(10)).quantize(Decimal("0.1"))


def signed_sum(events, lo, hi):
    """Σ signed amounts of the events dated in (lo, hi]."""
    return sum((SIGNED[k] * a for d, k, a in events if lo < d <= hi), Decimal(0))


def revenue(customers, as_of):
    """10.5 Revenue. customers: objects with .id .c .events. Returns a dict of exact figures."""
    lo = as_of - dt.timedelta(days=365)
    S = E = C = X = NEW = Decimal(0)
    excluded = []
    starts = {}
    for cu in customers:
        in_p = [(d, k, a) for d, k, a in cu.events if lo < d <= as_of]
        s = cu.c - sum((SIGNED[k] * a for d, k, a in in_p), Decimal(0))
        starts[cu.id] = s
        if s < 0:
            excluded.append(cu.id)
        elif s > 0:
            S += s
            for d, k, a in in_p:
                if k in ("new", "expansion"):
                    E += a
                elif k == "contraction":
                    C += a
                elif k == "churn":
                    X += a
        else:
            NEW += sum((a for d, k, a in in_p if k == "new"), Decimal(0))
    return {
        "period": {"from": as_of - dt.timedelta(days=364), "to": as_of},
        "start_arr": S, "expansion": E, "contraction": C, "churn": X, "new_arr": NEW,
        "nrr": pct_half_up(S + E - C - X, S) if S != 0 else None,
        "grr": pct_half_up(S - C - X, S) if S != 0 else None,
        "excluded": sorted(excluded),
        "_s": starts,
    }


def arr_at(cu, day, as_of):
    """ARR at D = c − Σ signed amounts of events dated in (D, as-of]."""
    return cu.c - signed_sum(cu.events, day, as_of)


def median(values):
    if not values:
        return None
    v = sorted(values)
    n = len(v)
    if n % 2:
        return Decimal(v[n // 2])
    return Decimal(v[n // 2 - 1] + v[n // 2]) / Decimal(2)


def month_ends_before(as_of, count=6):
    out = []
    y, m = as_of.year, as_of.month
    for back in range(count, 0, -1):
        mm, yy = m - back, y
        while mm <= 0:
            mm += 12
            yy -= 1
        nxt = dt.date(yy + (mm == 12), mm % 12 + 1, 1)
        out.append(nxt - dt.timedelta(days=1))
    return out


def first_value_state(cu):
    m = cu.first_value
    if m is None:
        return "none"
    st = m.get("status")
    if st == "done":
        return "done"
    if st in ("planned", "in-progress", "blocked"):
        return "open"
    return "none"  # dropped (or anything unknown)


def tier_rows(members):
    """members: list of (tier, money). Returns the tiers list (low..critical)."""
    rows = []
    for t in TIER_NAMES:
        sel = [a for tr, a in members if tr == t]
        rows.append({"tier": t, "customers": len(sel), "arr": sum(sel, Decimal(0))})
    return rows


def compute(settings, customers, as_of, scores, owner=None, segment=None):
    """The 10.5 figures. scores: {date: {id: score entry}} for as-of and the history dates."""
    pop = [cu for cu in customers
           if (owner is None or cu.owner == owner) and (segment is None or cu.segment == segment)]
    live = [cu for cu in pop if not cu.churned]
    now = scores[as_of]

    def tier_of(cid, day=as_of):
        e = scores[day].get(cid)
        return e.get("tier") if e else None

    def trend_of(cid):
        e = now.get(cid)
        return e.get("trend") if e else None

    # Portfolio
    members = [(tier_of(cu.id), cu.arr) for cu in live]
    uns = [a for t, a in members if t is None]
    portfolio = {
        "customers": len(live),
        "arr": sum((cu.arr for cu in live), Decimal(0)),
        "scored": len(members) - len(uns),
        "unscored": {"customers": len(uns), "arr": sum(uns, Decimal(0))},
        "arr_at_risk": sum((a for t, a in members if t in AT_RISK), Decimal(0)),
        "tiers": tier_rows(members),
    }

    # Renewals
    horizon = as_of + dt.timedelta(days=120)
    ren = sorted((cu for cu in live if cu.end is not None and as_of <= cu.end <= horizon),
                 key=lambda cu: (cu.end, cu.id))
    renewals = [{"id": cu.id, "date": cu.end, "days": (cu.end - as_of).days, "arr": cu.arr,
                 "tier": tier_of(cu.id), "trend": trend_of(cu.id)} for cu in ren]

    # Onboarding
    rules = (settings or {}).get("rules") or {}
    fv_days = rules.get("first_value_days", 30)
    onboarding_rows, past = [], []
    for cu in live:
        if cu.status != "onboarding":
            continue
        days = (as_of - cu.start).days if cu.start else None
        state = first_value_state(cu)
        onboarding_rows.append({"id": cu.id, "days": days, "first_value": state})
        if days is not None and days > fv_days and state != "done":
            past.append(cu.id)
    lo = as_of - dt.timedelta(days=365)
    ttvs = []
    for cu in live:
        m = cu.first_value
        if m is None or m.get("status") != "done" or cu.start is None:
            continue
        done = as_date(m.get("done"))
        if done is not None and lo < done <= as_of:
            ttvs.append((done - cu.start).days)
    onboarding = {"customers": onboarding_rows, "ttv_median_days": median(ttvs),
                  "past_first_value_days": sorted(past)}

    # Revenue
    rev = revenue(pop, as_of)
    excluded = set(rev["excluded"])

    # VoC themes
    vlo = as_of - dt.timedelta(days=90)
    groups = {}
    for cu in live:
        for item in cu.voc:
            if vlo < item["date"] <= as_of:
                g = groups.setdefault(item["area"], {"items": 0, "ids": {}, "open": 0})
                g["items"] += 1
                g["ids"][cu.id] = cu.arr
                g["open"] += 0 if item["closed"] else 1
    voc = [{"area": a, "items": g["items"], "customers": len(g["ids"]),
            "arr": sum(g["ids"].values(), Decimal(0)), "open_loops": g["open"]}
           for a, g in groups.items()]
    voc.sort(key=lambda r: (-r["arr"], -r["items"], r["area"]))

    # Customers table
    table = []
    for cu in live:
        e = now.get(cu.id) or {}
        table.append({"id": cu.id, "name": cu.name, "owner": cu.owner, "segment": cu.segment,
                      "arr": cu.arr, "risk": e.get("risk"), "tier": e.get("tier"),
                      "override": e.get("override"), "trend": e.get("trend"),
                      "renewal_date": cu.end,
                      "renewal_days": (cu.end - as_of).days if cu.end else None})

    # History
    history = []
    for day in month_ends_before(as_of):
        mem = []
        for cu in pop:
            if cu.id in excluded or cu.start is None or cu.start > day:
                continue
            a = arr_at(cu, day, as_of)
            if a > 0:
                mem.append((tier_of(cu.id, day), a))
        un = [a for t, a in mem if t is None]
        history.append({"date": day, "tiers": tier_rows(mem),
                        "arr_at_risk": sum((a for t, a in mem if t in AT_RISK), Decimal(0)),
                        "unscored": {"customers": len(un), "arr": sum(un, Decimal(0))}})

    rev_out = {k: v for k, v in rev.items() if not k.startswith("_")}
    return {
        "as_of": as_of, "filters": {"owner": owner, "segment": segment},
        "portfolio": portfolio, "renewals": renewals, "onboarding": onboarding,
        "revenue": rev_out, "voc": voc, "customers": table, "history": history,
        "currencies": sorted({cu.currency for cu in pop}),
        "_s": rev["_s"],
    }


# ----------------------------------------------------------------------------------------------
# Scores from the csws binary
# ----------------------------------------------------------------------------------------------

def run_score(csws, ws, day, ids=None):
    cmd = [csws, "-C", ws, "score", "--format", "json", "--as-of", day.isoformat(),
           "--color", "never"] + list(ids or [])
    try:
        p = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as err:
        sys.exit(f"oracle: cannot run {csws}: {err}")
    try:
        data = load_json(p.stdout, is_text=True)
    except ValueError:
        sys.exit(f"oracle: `{' '.join(cmd)}` gave no JSON (exit {p.returncode}): "
                 f"{p.stderr.strip()[:500]}")
    return {c["id"]: c for c in data.get("customers", [])}


def all_scores(csws, ws, customers, as_of, history_churned="unscored"):
    """score at as-of and at each History month-end.

    `csws score` skips churned customers (even when they are named), so by default a churned
    customer counts as unscored in History. With history_churned == "scored" the churned
    customers are scored as of D on a temporary copy of the workspace in which their
    `status: churned` line reads `status: active` (section 4 does not look at the status)."""
    scores = {as_of: run_score(csws, ws, as_of)}
    days = month_ends_before(as_of)
    for day in days:
        scores[day] = run_score(csws, ws, day)
    churned = [cu for cu in customers if cu.churned]
    if history_churned != "scored" or not churned:
        return scores
    tmp = tempfile.mkdtemp(prefix="report-oracle-")
    try:
        copy = os.path.join(tmp, "ws")
        shutil.copytree(ws, copy, symlinks=True, ignore=shutil.ignore_patterns(".git"))
        for cu in churned:
            path = os.path.join(copy, "customers", cu.folder, "account.yaml")
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            new, n = re.subn(r"(?m)^status:[ \t]*churned[ \t]*(#.*)?$", "status: active", text)
            if n != 1:
                sys.exit(f"oracle: cannot flip the status line of {path}")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(new)
        ids = sorted(cu.id for cu in churned)
        for day in days:
            flipped = run_score(csws, copy, day, ids)
            for cid in ids:
                if cid in flipped:
                    scores[day][cid] = flipped[cid]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return scores


# ----------------------------------------------------------------------------------------------
# Comparison
# ----------------------------------------------------------------------------------------------

MISSING = object()


def to_plain(v):
    if isinstance(v, Decimal):
        return v
    if isinstance(v, (dt.date,)):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: to_plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_plain(x) for x in v]
    return v


def fmt(v):
    if v is MISSING:
        return "<missing>"
    return dumps(to_plain(v))


def dumps(v, indent=None, level=0):
    """JSON text with Decimal written as an exact number (no float ever)."""
    pad = "" if indent is None else "\n" + " " * (indent * (level + 1))
    end = "" if indent is None else "\n" + " " * (indent * level)
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dt.date):
        return json.dumps(v.isoformat())
    if isinstance(v, dict):
        if not v:
            return "{}"
        kv = [pad + json.dumps(k) + ": " + dumps(x, indent, level + 1) for k, x in v.items()]
        return "{" + ",".join(kv) + end + "}"
    if isinstance(v, (list, tuple)):
        if not v:
            return "[]"
        return "[" + ",".join(pad + dumps(x, indent, level + 1) for x in v) + end + "]"
    raise TypeError(type(v))


class Comparer:
    def __init__(self):
        self.checks = 0
        self.mismatches = []

    def fail(self, field, exp, got):
        self.mismatches.append(f"{field}: expected {fmt(exp)}, got {fmt(got)}")

    def num(self, field, exp, got):
        """exp: Decimal/int/None. Numbers equal as exact decimals (96000 == 96000.0)."""
        self.checks += 1
        if exp is None:
            ok = got is None
        elif isinstance(got, bool) or not isinstance(got, (int, Decimal)):
            ok = False
        else:
            ok = Decimal(exp) == Decimal(got)
        if not ok:
            self.fail(field, exp, got)

    def eq(self, field, exp, got):
        """Deep equality; numbers inside (e.g. an override object) compare as decimals."""
        self.checks += 1
        if not same(to_plain(exp), got):
            self.fail(field, exp, got)


def same(e, g):
    if isinstance(e, bool) or isinstance(g, bool):
        return type(e) is type(g) and e == g
    if isinstance(e, (int, Decimal)) and isinstance(g, (int, Decimal)):
        return Decimal(e) == Decimal(g)
    if isinstance(e, dict) and isinstance(g, dict):
        return e.keys() == g.keys() and all(same(e[k], g[k]) for k in e)
    if isinstance(e, list) and isinstance(g, list):
        return len(e) == len(g) and all(same(a, b) for a, b in zip(e, g))
    return type(e) is type(g) and e == g


def get(obj, key):
    if isinstance(obj, dict) and key in obj:
        return obj[key]
    return MISSING


def rows_by(lst, key):
    out = {}
    if isinstance(lst, list):
        for r in lst:
            if isinstance(r, dict) and isinstance(r.get(key), str) and r[key] not in out:
                out[r[key]] = r
    return out


def compare_tiers(cmp, field, exp_rows, got_rows):
    cmp.eq(field + ".order", TIER_NAMES,
           [r.get("tier") if isinstance(r, dict) else None for r in got_rows]
           if isinstance(got_rows, list) else got_rows)
    got = rows_by(got_rows, "tier")
    for r in exp_rows:
        g = got.get(r["tier"], {})
        cmp.num(f"{field}[{r['tier']}].customers", r["customers"], get(g, "customers"))
        cmp.num(f"{field}[{r['tier']}].arr", r["arr"], get(g, "arr"))


def compare(exp, got):
    cmp = Comparer()
    cmp.eq("as_of", exp["as_of"], get(got, "as_of"))
    f = get(got, "filters")
    cmp.eq("filters.owner", exp["filters"]["owner"], get(f, "owner"))
    cmp.eq("filters.segment", exp["filters"]["segment"], get(f, "segment"))

    # portfolio
    ep, gp = exp["portfolio"], get(got, "portfolio")
    for k in ("customers", "arr", "scored", "arr_at_risk"):
        cmp.num(f"portfolio.{k}", ep[k], get(gp, k))
    gu = get(gp, "unscored")
    cmp.num("portfolio.unscored.customers", ep["unscored"]["customers"], get(gu, "customers"))
    cmp.num("portfolio.unscored.arr", ep["unscored"]["arr"], get(gu, "arr"))
    compare_tiers(cmp, "portfolio.tiers", ep["tiers"], get(gp, "tiers"))

    # renewals (ids in order, then each row by id; `step` not compared)
    gr = get(got, "renewals")
    cmp.eq("renewals.ids", [r["id"] for r in exp["renewals"]],
           [r.get("id") for r in gr if isinstance(r, dict)] if isinstance(gr, list) else gr)
    grows = rows_by(gr, "id")
    for r in exp["renewals"]:
        g = grows.get(r["id"])
        if g is None:
            continue  # already reported by renewals.ids
        p = f"renewals[{r['id']}]"
        cmp.eq(p + ".date", r["date"], get(g, "date"))
        cmp.num(p + ".days", r["days"], get(g, "days"))
        cmp.num(p + ".arr", r["arr"], get(g, "arr"))
        cmp.eq(p + ".tier", r["tier"], get(g, "tier"))
        cmp.eq(p + ".trend", r["trend"], get(g, "trend"))

    # onboarding (a set of (id, days, first_value))
    eo, go = exp["onboarding"], get(got, "onboarding")
    gcs = get(go, "customers")
    cmp.eq("onboarding.customers.ids", sorted(r["id"] for r in eo["customers"]),
           sorted(r.get("id") for r in gcs if isinstance(r, dict) and isinstance(r.get("id"), str))
           if isinstance(gcs, list) else gcs)
    grows = rows_by(gcs, "id")
    for r in eo["customers"]:
        g = grows.get(r["id"])
        if g is None:
            continue
        cmp.num(f"onboarding.customers[{r['id']}].days", r["days"], get(g, "days"))
        cmp.eq(f"onboarding.customers[{r['id']}].first_value", r["first_value"],
               get(g, "first_value"))
    cmp.num("onboarding.ttv_median_days", eo["ttv_median_days"], get(go, "ttv_median_days"))
    gpast = get(go, "past_first_value_days")
    cmp.eq("onboarding.past_first_value_days", eo["past_first_value_days"],
           sorted(gpast) if isinstance(gpast, list) and all(isinstance(x, str) for x in gpast)
           else gpast)

    # revenue
    er, gre = exp["revenue"], get(got, "revenue")
    gper = get(gre, "period")
    cmp.eq("revenue.period.from", er["period"]["from"], get(gper, "from"))
    cmp.eq("revenue.period.to", er["period"]["to"], get(gper, "to"))
    for k in ("start_arr", "expansion", "contraction", "churn", "new_arr", "nrr", "grr"):
        cmp.num(f"revenue.{k}", er[k], get(gre, k))
    cmp.eq("revenue.excluded", er["excluded"], get(gre, "excluded"))

    # voc (whole list, in order)
    gv = get(got, "voc")
    cmp.eq("voc.areas", [r["area"] for r in exp["voc"]],
           [r.get("area") for r in gv if isinstance(r, dict)] if isinstance(gv, list) else gv)
    for i, r in enumerate(exp["voc"]):
        g = gv[i] if isinstance(gv, list) and i < len(gv) else {}
        p = f"voc[{i}:{r['area']}]"
        for k in ("items", "customers", "arr", "open_loops"):
            cmp.num(f"{p}.{k}", r[k], get(g, k))

    # customers (a set of ids, then each row by id)
    gc = get(got, "customers")
    cmp.eq("customers.ids", sorted(r["id"] for r in exp["customers"]),
           sorted(r.get("id") for r in gc if isinstance(r, dict) and isinstance(r.get("id"), str))
           if isinstance(gc, list) else gc)
    grows = rows_by(gc, "id")
    for r in exp["customers"]:
        g = grows.get(r["id"])
        if g is None:
            continue
        p = f"customers[{r['id']}]"
        for k in ("name", "owner", "segment", "tier", "trend", "renewal_date", "override"):
            cmp.eq(f"{p}.{k}", r[k], get(g, k))
        for k in ("arr", "risk", "renewal_days"):
            cmp.num(f"{p}.{k}", r[k], get(g, k))

    # history (six month-ends, oldest first)
    gh = get(got, "history")
    cmp.eq("history.dates", [iso(h["date"]) for h in exp["history"]],
           [h.get("date") for h in gh if isinstance(h, dict)] if isinstance(gh, list) else gh)
    for i, h in enumerate(exp["history"]):
        g = gh[i] if isinstance(gh, list) and i < len(gh) else {}
        p = f"history[{iso(h['date'])}]"
        compare_tiers(cmp, p + ".tiers", h["tiers"], get(g, "tiers"))
        cmp.num(p + ".arr_at_risk", h["arr_at_risk"], get(g, "arr_at_risk"))
        gu = get(g, "unscored")
        cmp.num(p + ".unscored.customers", h["unscored"]["customers"], get(gu, "customers"))
        cmp.num(p + ".unscored.arr", h["unscored"]["arr"], get(gu, "arr"))

    cmp.eq("currencies", exp["currencies"], get(got, "currencies"))
    return cmp


def cmd_compare(args, print_expected=False):
    as_of = parse_day(args.as_of)
    settings, customers = load_workspace(args.dir)
    scores = all_scores(args.csws, args.dir, customers, as_of, args.history_churned)
    exp = compute(settings, customers, as_of, scores, args.owner, args.segment)
    if print_expected:
        print(dumps(to_plain({k: v for k, v in exp.items() if not k.startswith("_")}), indent=2))
        return 0
    try:
        got = load_json(args.report)
    except (OSError, ValueError) as err:
        print(f"oracle: cannot read {args.report}: {err}")
        return 2
    cmp = compare(exp, got)
    for line in cmp.mismatches:
        print(line)
    print(f"oracle: {cmp.checks} checks, {len(cmp.mismatches)} mismatches")
    return 0 if not cmp.mismatches else 1


# ----------------------------------------------------------------------------------------------
# Self-test: three ledgers computed on paper
# ----------------------------------------------------------------------------------------------

class _Led:
    def __init__(self, cid, status, arr, events):
        self.id, self.status, self.arr = cid, status, Decimal(arr)
        self.events = [(parse_day(d), k, Decimal(a)) for d, k, a in events]
        self.churned = status == "churned"
        self.c = Decimal(0) if self.churned else self.arr


def selftest():
    A = parse_day("2026-11-20")  # P = (2025-11-20, 2026-11-20], period.from = 2025-11-21
    # 1) Expansion. new 100000 on 2025-01-10 (before P), renewal 2026-01-10 (0), expansion
    #    20000 on 2026-03-01, arr 120000.  s = 120000 − (0 + 20000) = 100000 > 0 → cohort.
    #    S = 100000, E = 20000, C = X = 0.  NRR = 120000/100000 = 120.0 %, GRR = 100.0 %.
    exp1 = _Led("exp", "active", "120000", [("2025-01-10", "new", "100000"),
                                            ("2026-01-10", "renewal", "100000"),
                                            ("2026-03-01", "expansion", "20000")])
    # 2) Contraction. new 90000 on 2025-06-01, contraction 7777.77 on 2026-02-14, arr
    #    82222.23.  s = 82222.23 + 7777.77 = 90000.  NRR = GRR = 82222.23/90000
    #    = 91.358033… % → 91.4.  An event on 2025-11-20 (= as-of − 365) is outside P.
    exp2 = _Led("con", "active", "82222.23", [("2025-06-01", "new", "90000"),
                                              ("2026-02-14", "contraction", "7777.77")])
    # 3) Churn. new 30000 on 2025-03-01, expansion 5000 on 2025-11-20 (boundary: NOT in P),
    #    churn 35000 on 2026-05-31, status churned with arr 35000 left → c = 0.
    #    s = 0 − (−35000) = 35000.  S = 35000, X = 35000.  NRR = GRR = 0/35000 = 0.0 %.
    exp3 = _Led("chu", "churned", "35000", [("2025-03-01", "new", "30000"),
                                            ("2025-11-20", "expansion", "5000"),
                                            ("2026-05-31", "churn", "35000")])
    # Plus: a new customer in P (s = 0; new 12000 counts in new_arr only), a broken one
    # (arr 1000, new 5000 in P → s = −4000, excluded) and an event after as-of (ignored).
    new = _Led("newbie", "onboarding", "12000", [("2026-10-12", "new", "12000"),
                                                 ("2026-12-01", "expansion", "999")])
    bad = _Led("broken", "active", "1000", [("2026-04-01", "new", "5000")])
    checks = []

    def expect(name, got, want):
        checks.append((name, got, want))

    r = revenue([exp1], A)
    expect("expansion nrr", r["nrr"], Decimal("120.0"))
    expect("expansion grr", r["grr"], Decimal("100.0"))
    expect("expansion S", r["start_arr"], Decimal(100000))
    expect("expansion E", r["expansion"], Decimal(20000))
    r = revenue([exp2], A)
    expect("contraction nrr", r["nrr"], Decimal("91.4"))
    expect("contraction grr", r["grr"], Decimal("91.4"))
    expect("contraction C", r["contraction"], Decimal("7777.77"))
    r = revenue([exp3], A)
    expect("churn S", r["start_arr"], Decimal(35000))
    expect("churn X", r["churn"], Decimal(35000))
    expect("churn nrr", r["nrr"], Decimal("0.0"))
    expect("churn grr", r["grr"], Decimal("0.0"))
    # All five together: S = 100000 + 90000 + 35000 = 225000; E = 20000; C = 7777.77;
    # X = 35000.  NRR = (225000 + 20000 − 7777.77 − 35000)/225000 = 202222.23/225000
    # = 89.87654… % → 89.9.  GRR = 182222.23/225000 = 80.98765… % → 81.0.
    r = revenue([exp1, exp2, exp3, new, bad], A)
    expect("all S", r["start_arr"], Decimal(225000))
    expect("all new_arr", r["new_arr"], Decimal(12000))
    expect("all excluded", r["excluded"], ["broken"])
    expect("all nrr", r["nrr"], Decimal("89.9"))
    expect("all grr", r["grr"], Decimal("81.0"))
    expect("period.from", r["period"]["from"], parse_day("2025-11-21"))
    expect("S == 0 → null", revenue([new], A)["nrr"], None)
    # Rounding half up: 1/8 = 12.5 % exactly; 1/16 = 6.25 % → 6.3; 1/1600 = 0.0625 % → 0.1.
    expect("half up 12.5", pct_half_up(1, 8), Decimal("12.5"))
    expect("half up 6.25", pct_half_up(1, 16), Decimal("6.3"))
    expect("half up 0.0625", pct_half_up(1, 1600), Decimal("0.1"))
    # ARR at a month end: churn ledger at 2026-04-30 = 0 − (−35000) = 35000; at 2026-05-31
    # (the churn day itself is not after D) = 0.
    expect("arr_at before churn", arr_at(exp3, parse_day("2026-04-30"), A), Decimal(35000))
    expect("arr_at churn day", arr_at(exp3, parse_day("2026-05-31"), A), Decimal(0))
    expect("median even", median([10, 13, 20, 3]), Decimal("11.5"))
    expect("median odd", median([7, 1, 4]), Decimal(4))
    expect("month ends", [d.isoformat() for d in month_ends_before(parse_day("2026-03-05"))],
           ["2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31", "2026-01-31", "2026-02-28"])
    bad_checks = [(n, g, w) for n, g, w in checks if g != w]
    for n, g, w in bad_checks:
        print(f"selftest {n}: expected {fmt(w)}, got {fmt(g)}")
    print(f"selftest: {len(checks)} checks, {len(bad_checks)} failures")
    return 1 if bad_checks else 0


# ----------------------------------------------------------------------------------------------
# Generator
# ----------------------------------------------------------------------------------------------

WORDS = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka",
         "cyberdyne", "soylent", "tyrell", "oscorp", "vandelay", "dunder", "aperture",
         "black-mesa", "massive-dynamic", "gringotts", "monarch", "sterling", "nakatomi",
         "virtucon", "gekko", "duff", "bluth", "sirius", "yoyodyne", "spacely", "cogswell",
         "weyland", "rekall", "ingen", "omni", "abstergo", "blue-sun", "prestige", "pied-piper",
         "los-pollos", "kwik-e", "vehement"]
SUFFIXES = ["Inc.", "GmbH", "Ltd", "& Co.", "Corporation", "Group", "S.A.", "Labs"]
AREAS = ["reporting", "exports", "sso", "integrations", "dashboards", "billing", "mobile"]
CASES = ["steady", "churn_in_p", "new_in_p", "broken", "zero", "future", "churn_before_p",
         "new_and_churn_in_p", "legacy", "contracting"]


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def money_text(a):
    return format(a, "f")


class Gen:
    def __init__(self, ws, seed, as_of, count):
        self.ws, self.A, self.count = ws, as_of, count
        self.rng = random.Random(f"{seed}:{as_of.isoformat()}:{count}")
        settings = load_yaml(os.path.join(ws, "csws.yaml")) or {}
        team = settings.get("team") or []
        self.team = [t["id"] for t in team if isinstance(t, dict) and "id" in t]
        csms = [t["id"] for t in team if isinstance(t, dict) and t.get("role") == "csm"]
        self.owners = csms if len(csms) >= 2 else self.team[:3]
        aes = [t["id"] for t in team if isinstance(t, dict) and t.get("role") == "ae"]
        self.aes = aes
        self.segments = sorted((settings.get("segments") or {}).keys()) or ["enterprise"]
        if not self.team:
            sys.exit("oracle: csws.yaml has no team")

    def day(self, lo, hi):
        """A date as-of + [lo, hi] days."""
        return self.A + dt.timedelta(days=self.rng.randint(lo, hi))

    def amount(self, lo=6000, hi=240000):
        r = self.rng.random()
        base = Decimal(self.rng.randrange(lo, hi, 500))
        if r < 0.15:
            base += Decimal(self.rng.randint(1, 99)) / Decimal(100)  # cents
        elif r < 0.2:
            base += Decimal("0.5")
        return base

    def write(self, rel, text):
        path = os.path.join(self.ws, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)

    # -- revenue ledgers ------------------------------------------------------------------
    def ledger(self, case):
        """Returns (events, arr, status, contract_start)."""
        rng, A, D = self.rng, self.A, dt.timedelta
        ev = []
        status = "active"

        def in_p_dates(n, after=None):
            lo = max(-364, (after - A).days + 1 if after else -364)
            if lo > 0:
                return []
            return sorted(self.day(lo, 0) for _ in range(n))

        if case in ("steady", "future", "contracting", "churn_in_p", "churn_before_p", "broken"):
            new_d = self.day(-730, -366)
            cur = self.amount()
            ev.append((new_d, "new", cur))
            start = new_d
            if rng.random() < 0.3:  # an expansion exactly at as-of − 365 (outside P)
                x = self.amount(1000, 20000)
                ev.append((A - D(days=365), "expansion", x))
                cur += x
            ren = new_d + D(days=365)
            if ren <= A and case != "churn_before_p" and rng.random() < 0.7:
                ev.append((ren, "renewal", cur))
                if rng.random() < 0.6:
                    start = ren  # current contract starts at the renewal
            if case == "churn_before_p":
                cd = self.day(-364 - 200, -366)
                cd = max(cd, new_d + D(days=30))
                ev.append((cd, "churn", cur))
                return ev, cur, "churned", start
            n = {"steady": rng.randint(0, 3), "future": rng.randint(0, 2),
                 "contracting": rng.randint(1, 2), "churn_in_p": rng.randint(0, 1),
                 "broken": rng.randint(1, 2)}[case]
            for d in in_p_dates(n, after=max(e[0] for e in ev)):
                kind = "contraction" if case == "contracting" else rng.choice(
                    ["expansion", "expansion", "contraction"])
                if kind == "contraction":
                    amt = min(self.amount(500, 30000), (cur / 2).quantize(Decimal("0.01")))
                    cur -= amt
                else:
                    amt = self.amount(1000, 60000)
                    cur += amt
                ev.append((d, kind, amt))
            if case != "churn_in_p" and rng.random() < 0.2:  # an event on as-of (inside P)
                amt = self.amount(1000, 9000)
                ev.append((A, "expansion", amt))
                cur += amt
            if case == "churn_in_p":
                last = min(max(e[0] for e in ev), A - D(days=1))
                cd = self.day(max(-364, (last - A).days + 1), 0)
                ev.append((cd, "churn", cur))
                return ev, cur, "churned", start
            if case == "future":
                for _ in range(rng.randint(1, 2)):
                    kind = rng.choice(["expansion", "renewal", "contraction", "churn"])
                    amt = cur if kind in ("renewal", "churn") else self.amount(1000, 5000)
                    ev.append((self.day(1, 90), kind, amt))
            if case == "broken":
                # the ledger claims more growth inside P than arr shows: s < 0
                lo = A - D(days=365)
                grew = sum((SIGNED[k] * a for d, k, a in ev if lo < d <= A), Decimal(0))
                if grew >= 1000 and rng.random() < 0.5:
                    short = Decimal(rng.randint(1, 999)) + Decimal(rng.randint(0, 99)) / 100
                    return ev, grew - short, "active", start  # s = −short
                # or a churned customer (c = 0) whose events in P add up to more than 0
                ev.append((self.day(-200, 0), "expansion", grew.copy_abs() + self.amount(1000, 5000)))
                return ev, cur, "churned", start
            return ev, cur, status, start
        if case in ("new_in_p", "new_and_churn_in_p"):
            if case == "new_and_churn_in_p":
                new_d = self.day(-364, -30)
            else:
                new_d = self.day(-364, 0) if rng.random() < 0.85 else rng.choice(
                    [A - D(days=364), A])
            cur = self.amount()
            ev.append((new_d, "new", cur))
            for d in in_p_dates(rng.randint(0, 1), after=new_d):
                amt = self.amount(1000, 20000)
                ev.append((d, "expansion", amt))
                cur += amt
            if case == "new_and_churn_in_p":
                last = min(max(e[0] for e in ev), A - D(days=1))
                ev = [(min(d, last), k, a) for d, k, a in ev]
                ev.append((self.day((last - A).days + 1, 0), "churn", cur))
                return ev, cur, "churned", new_d
            if rng.random() < 0.25:  # expansion already signed but effective after as-of
                ev.append((self.day(1, 60), "expansion", self.amount(1000, 8000)))
            status = "onboarding" if (A - new_d).days < 150 else "active"
            return ev, cur, status, new_d
        if case == "zero":
            start = self.day(-400, -10)
            return [], Decimal(0), rng.choice(["active", "onboarding"]), start
        if case == "legacy":
            return [], self.amount(), "active", self.day(-700, -200)
        raise ValueError(case)

    # -- files ----------------------------------------------------------------------------
    def account(self, cid, name, seg, owner, status, start, end, arr, currency, events, case):
        rng = self.rng
        lines = ["# yaml-language-server: $schema=../../.csws/schemas/account.schema.json",
                 f"# report_oracle case: {case}",
                 f"id: {cid}", f"name: {q(name)}", f"segment: {seg}", f"owner: {owner}"]
        if self.aes and rng.random() < 0.8:
            lines.append(f"account_executive: {rng.choice(self.aes)}")
        lines += [f"status: {status}", "contract:", f"  start: {start}", f"  end: {end}",
                  f"  seats: {rng.choice([10, 25, 50, 100, 150, 300, 800])}",
                  f"  plan: {rng.choice(['starter', 'professional', 'enterprise', 'enterprise-plus'])}",
                  f"  term: {rng.choice(['monthly', 'quarterly', 'annual', 'multi-year'])}",
                  f"arr: {money_text(arr)}"]
        if currency is not None:
            lines.append(f"currency: {currency}")
        lines += ["stakeholders:", f"  - name: {q('Pat ' + name.split()[0])}",
                  "    role: champion"]
        if events:
            lines.append("revenue:")
            for d, k, a in sorted(events, key=lambda e: e[0]):
                lines.append(f"  - {{date: {d}, kind: {k}, amount: {money_text(a)}}}")
        self.write(f"customers/{cid}/account.yaml", "\n".join(lines) + "\n")

    def plan(self, cid, owner, status, start, end):
        rng, A = self.rng, self.A
        ms = []

        def ms_add(mid, title, phase, due, extra_status=None, fv=False):
            if extra_status is None:
                extra_status = rng.choice(["planned", "in-progress", "done", "blocked",
                                           "dropped", "done"])
            done = None
            if extra_status == "done":
                if due > A:
                    done = self.day(max(-5, (start - A).days), 0) if start <= A else None
                else:
                    done = min(A, due + dt.timedelta(days=rng.randint(-5, 5)))
                if done is None:
                    extra_status = "planned"
            ms.append((mid, title, phase, rng.choice([owner] + self.team[:4]), due,
                       extra_status, done, fv))

        ms_add("kickoff", "Kickoff call", "onboarding", start + dt.timedelta(days=3))
        ms_add("setup", "Technical setup", "onboarding", start + dt.timedelta(days=10))
        # the first-value milestone: none, done or open/dropped
        r = rng.random()
        if r >= 0.12:
            fv_due = start + dt.timedelta(days=rng.randint(18, 30))
            if status == "onboarding":
                st = rng.choice(["done", "done", "planned", "in-progress", "blocked", "dropped"])
            else:
                st = rng.choice(["done"] * 5 + ["dropped", "in-progress"])
            done = None
            if st == "done":
                latest = min(A, start + dt.timedelta(days=60))
                if latest < start + dt.timedelta(days=5):
                    st = "in-progress"
                else:
                    done = start + dt.timedelta(days=rng.randint(5, (latest - start).days))
            ms.append(("first-value", "Reach the first business outcome", "activation",
                       rng.choice([owner] + self.team[:3]), fv_due, st, done, True))
        ms_add("adoption", "Expand feature adoption", "adoption", start + dt.timedelta(days=45))
        if rng.random() < 0.6:
            ms_add("renewal-prep", "Renewal proposal drafted", "renewal",
                   end - dt.timedelta(days=90))
        lines = ["# yaml-language-server: $schema=../../.csws/schemas/plan.schema.json",
                 "objectives:", "  - id: O1", f"    text: {q('Get value from the product')}",
                 "milestones:"]
        for mid, title, phase, mown, due, st, done, fv in ms:
            lines += [f"  - id: {mid}", f"    title: {q(title)}", f"    phase: {phase}",
                      f"    owner: {mown}", f"    due: {due}", f"    status: {st}"]
            if done is not None:
                lines.append(f"    done: {done}")
            if fv:
                lines.append("    first_value: true")
        self.write(f"customers/{cid}/plan.yaml", "\n".join(lines) + "\n")

    def voc(self, cid):
        rng, A = self.rng, self.A
        used = set()
        for i in range(rng.choice([0, 0, 1, 2, 3, 4])):
            off = rng.choice([-90, -89, 0] + [rng.randint(-150, 0)] * 4)
            d = A + dt.timedelta(days=off)
            area = rng.choice(AREAS)
            slug = f"{area}-{i}"
            if (d, slug) in used:
                continue
            used.add((d, slug))
            status = rng.choice(["new", "acknowledged", "planned", "shipped", "declined"])
            lines = ["# yaml-language-server: $schema=../../../.csws/schemas/voc.schema.json",
                     f"date: {d}",
                     f"source: {rng.choice(['survey', 'ticket', 'meeting', 'email', 'community', 'call'])}",
                     f"from: {q('Pat')}",
                     f"kind: {rng.choice(['feature-request', 'bug', 'complaint', 'praise', 'churn-signal', 'question'])}",
                     f"area: {area}", f"tags: [{area}-{rng.randint(1, 3)}]",
                     f"severity: {rng.choice(['low', 'medium', 'high', 'critical'])}",
                     f"summary: {q('Feedback about ' + area)}", f"status: {status}"]
            resp = None
            if rng.random() < 0.7:
                resp = min(A, d + dt.timedelta(days=rng.randint(0, 5)))
                lines += [f"responded: {resp}", f"response: {q('Answered')}"]
            if resp is not None and status in ("planned", "shipped", "declined") \
                    and rng.random() < 0.6:
                lines.append(f"closed: {min(A, resp + dt.timedelta(days=rng.randint(0, 20)))}")
            self.write(f"customers/{cid}/voc/{d}-{slug}.yaml", "\n".join(lines) + "\n")

    def signals(self, cid, start):
        rng, A = self.rng, self.A
        mode = rng.choice(["full"] * 6 + ["stale", "thin"])
        first = max(start, A - dt.timedelta(days=rng.randint(120, 240)))
        last = A - dt.timedelta(days=rng.randint(0, 10)) if mode != "stale" else \
            A - dt.timedelta(days=rng.randint(95, 140))
        d = first
        dates = []
        while d <= last:
            dates.append(d)
            d += dt.timedelta(days=rng.randint(25, 40))
        base_risky = rng.random()
        for d in dates:
            def r2(lo, hi):
                return (Decimal(rng.randint(int(lo * 100), int(hi * 100))) / 100)
            bad = rng.random() < base_risky
            lines = ["# yaml-language-server: $schema=../../../.csws/schemas/signals.schema.json",
                     f"date: {d}", "source: product-analytics export"]
            if mode != "thin":
                lines += ["usage:", f"  active_users: {rng.randint(1, 40) if bad else rng.randint(40, 140)}",
                          f"  login_rate: {r2(0.1, 0.9)}",
                          f"  key_features_adopted: {rng.randint(0, 10)}",
                          "  key_features_total: 10",
                          f"  dau_mau: {r2(0.05, 0.2) if bad else r2(0.2, 0.5)}",
                          f"  last_login: {d - dt.timedelta(days=rng.randint(0, 25 if bad else 3))}",
                          "support:", f"  open_tickets: {rng.randint(0, 20)}",
                          f"  high_severity_open: {rng.randint(0, 4) if bad else 0}",
                          f"  escalations_90d: {rng.randint(0, 4) if bad else rng.randint(0, 1)}",
                          "engagement:"]
                sched = rng.randint(0, 8)
                lines += [f"  meetings_scheduled_90d: {sched}",
                          f"  meetings_attended_90d: {rng.randint(0, sched)}",
                          f"  exec_sponsor_engaged: {'false' if bad else 'true'}",
                          f"  last_touch: {d - dt.timedelta(days=rng.randint(0, 70))}"]
            lines += ["sentiment:", f"  nps: {r2(1, 6) if bad else r2(6, 10)}",
                      f"  csat: {r2(1, 3.5) if bad else r2(3.5, 5)}",
                      f"  ces: {r2(3, 7) if bad else r2(1, 3)}"]
            if bad and rng.random() < 0.3:
                lines += ["events:", f"  - kind: {rng.choice(['champion_left', 'budget_cut', 'competitor_evaluation', 'pricing_complaint'])}",
                          f"    date: {d - dt.timedelta(days=rng.randint(0, 20))}"]
            self.write(f"customers/{cid}/signals/{d}.yaml", "\n".join(lines) + "\n")

    def contract_end(self, start):
        rng, A = self.rng, self.A
        r = rng.random()
        if r < 0.08:
            end = A + dt.timedelta(days=rng.choice([0, 120, 121]))
        elif r < 0.45:
            end = self.day(0, 120)
        elif r < 0.55:
            end = self.day(-40, -1)
        else:
            end = self.day(121, 520)
        if end <= start:
            end = start + dt.timedelta(days=rng.randint(30, 400))
        return end

    def run(self):
        rng, A = self.rng, self.A
        words = WORDS[:]
        rng.shuffle(words)
        for i in range(self.count):
            w = words[i % len(words)]
            cid = w if i < len(words) else f"{w}-{i // len(words) + 1}"
            case = CASES[i] if i < len(CASES) else rng.choice(
                CASES + ["steady", "new_in_p", "steady", "churn_in_p", "new_in_p"])
            events, arr, status, start = self.ledger(case)
            if status == "active" and case in ("steady", "legacy") and rng.random() < 0.1:
                status = "onboarding"  # a long onboarding
            name = " ".join(p.capitalize() for p in w.split("-")) + " " + rng.choice(SUFFIXES)
            if i == 3:
                name = "O'Neil & <Sons> \"Quoted\""
            r = rng.random()
            currency = None if r < 0.2 else ("USD" if r < 0.88 else rng.choice(["EUR", "GBP"]))
            seg = rng.choice(self.segments)
            owner = rng.choice(self.owners)
            end = self.contract_end(start)
            self.account(cid, name, seg, owner, status, start, end, arr, currency, events, case)
            self.plan(cid, owner, status, start, end)
            self.voc(cid)
            if rng.random() < (0.85 if status != "churned" else 0.3):
                self.signals(cid, start)
        print(f"oracle: wrote {self.count} customers to {os.path.join(self.ws, 'customers')}")


# ----------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    g = sub.add_parser("generate")
    g.add_argument("dir")
    g.add_argument("--seed", type=int, required=True)
    g.add_argument("--as-of", required=True)
    g.add_argument("--customers", type=int, default=40)
    for name in ("compare", "expect"):
        c = sub.add_parser(name)
        c.add_argument("dir")
        if name == "compare":
            c.add_argument("report")
        c.add_argument("--as-of", required=True)
        c.add_argument("--csws", required=True)
        c.add_argument("--owner")
        c.add_argument("--segment")
        c.add_argument("--history-churned", choices=["unscored", "scored"],
                       default="unscored",
                       help="History: a churned customer whose ARR at D was positive is "
                            "counted unscored (default; `csws score` skips churned "
                            "customers) or scored as of D by section 4")
    sub.add_parser("selftest")
    args = ap.parse_args(argv)
    if args.mode == "generate":
        if not os.path.isfile(os.path.join(args.dir, "csws.yaml")):
            sys.exit(f"oracle: {args.dir} is not a csws workspace (no csws.yaml)")
        Gen(args.dir, args.seed, parse_day(args.as_of), args.customers).run()
        return 0
    if args.mode == "selftest":
        return selftest()
    return cmd_compare(args, print_expected=(args.mode == "expect"))


if __name__ == "__main__":
    sys.exit(main())
