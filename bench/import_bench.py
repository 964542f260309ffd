#!/usr/bin/env python3
"""Times `csws import accounts` (a 10,000-row CSV changing every account) and `csws import signals`
(10,000 rows, one new snapshot each) on a copy of a generated workspace, beside `csws check` on the
same copy in the same run (SPEC §9: ≤ 5 s and ≤ 3 s). Medians of RUNS runs; each accounts run
alternates between two CSVs so every account really changes, each signals run uses a new date.
usage: import_bench.py CSWS WORKSPACE SCRATCH RUNS"""
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

ENV = dict(os.environ, CSWS_TODAY=os.environ.get("CSWS_TODAY", "2026-11-23"))


def timed(command):
    start = time.perf_counter()
    result = subprocess.run(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    return elapsed, result


def main():
    csws, workspace, scratch = (os.path.abspath(argument) for argument in sys.argv[1:4])
    runs = int(sys.argv[4])
    shutil.rmtree(scratch, ignore_errors=True)
    copy = os.path.join(scratch, "ws")
    shutil.copytree(workspace, copy, symlinks=True)
    ids = sorted(os.listdir(os.path.join(copy, "customers")))
    rng = random.Random(20261202)
    accounts = []
    for variant in range(2):
        path = os.path.join(scratch, f"accounts-{variant}.csv")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("Account ID,ARR,Seats\r\n")
            for customer in ids:
                handle.write(f"{customer},{rng.randint(1000, 900000)}.{variant}0,{rng.randint(10, 600)}\r\n")
        accounts.append(path)
    signals = os.path.join(scratch, "usage.csv")
    with open(signals, "w", encoding="utf-8") as handle:
        handle.write("id,active_users,dau_mau,last_login,nps,csat,open_tickets\n")
        for customer in ids:
            handle.write(f"{customer},{rng.randint(1, 500)},{rng.random():.2f},2026-11-20,{rng.randint(0, 10)},{rng.randint(1, 5)},{rng.randint(0, 20)}\n")
    subprocess.run(["sync"])
    check, imports, snapshots = [], [], []
    for attempt in range(runs):
        seconds, _ = timed([csws, "-C", copy, "check", "--format", "json"])
        check.append(seconds)
        seconds, result = timed([csws, "-C", copy, "import", "accounts", accounts[attempt % 2], "--map", "Account ID=id"])
        if result.returncode != 0:
            sys.exit(f"import bench: import accounts failed:\n{result.stderr[-2000:]}")
        imports.append(seconds)
        seconds, result = timed([csws, "-C", copy, "import", "signals", signals, "--date", f"2026-12-{attempt + 10:02d}"])
        if result.returncode != 0:
            sys.exit(f"import bench: import signals failed:\n{result.stderr[-2000:]}")
        snapshots.append(seconds)
    a, b, c = statistics.median(check), statistics.median(imports), statistics.median(snapshots)
    def verdict(ok): return "met" if ok else "MISSED"
    print(f"\n{'customers':<10} {'command':<52} {'wall (s)':>9}")
    print(f"{len(ids):<10} {'csws check (same workspace, same run)':<52} {a:>9.3f}")
    print(f"{len(ids):<10} {'csws import accounts (every account changes)':<52} {b:>9.3f}")
    print(f"{len(ids):<10} {'csws import signals (a snapshot per customer)':<52} {c:>9.3f}")
    print(f"import accounts {b / a:.2f}x check (<= 5 s {verdict(b <= 5)}); import signals {c / a:.2f}x check (<= 3 s {verdict(c <= 3)})")


if __name__ == "__main__":
    main()
