#!/usr/bin/env python3
"""Runs a command a few times and prints its median wall time and peak memory (max RSS of the
process tree's largest process, from wait4), as JSON. usage: measure.py RUNS -- CMD…"""
import json
import os
import subprocess
import sys
import time


def run_once(command):
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def main():
    runs = int(sys.argv[1])
    command = sys.argv[sys.argv.index("--") + 1:]
    results = [run_once(command) for _ in range(runs)]
    walls = sorted(r[0] for r in results)
    print(json.dumps({
        "wall_s": walls[len(walls) // 2],
        "min_s": walls[0],
        "peak_mb": max(r[1] for r in results),
        "exit": results[-1][2],
    }))


if __name__ == "__main__":
    main()
