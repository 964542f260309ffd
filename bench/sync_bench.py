#!/usr/bin/env python3
"""Times `csws sync` against the git commands a person would run instead, on one generated workspace
and one shared remote, in the same run (SPEC §9):

  nothing to do:    csws sync          vs  git status && git fetch
  one changed file: edit + csws sync   vs  edit + git add -A && git commit && git pull && git push

and the cost of merging by structure (SPEC §10.8, §9): a sync that merges a teammate's edit of a
different milestone of the same plan, against the same sync when the teammate edited another
customer's plan (a merge of different files); the first must take at most 0.2 s more.

Two clones of the same bare remote take turns, so each sync brings in the other side's last commit,
the way two CSMs work. Prints a table and the ratios; medians of RUNS runs.
usage: sync_bench.py CSWS WORKSPACE SCRATCH RUNS"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ENV = dict(os.environ, GIT_TERMINAL_PROMPT="0", CSWS_TODAY=os.environ.get("CSWS_TODAY", "2026-11-23"))


def run(command, cwd, check=True):
    result = subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and result.returncode != 0:
        sys.exit(f"sync bench: {' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def timed(command, cwd):
    start = time.perf_counter()
    result = run(command, cwd)
    return time.perf_counter() - start, result


def git(cwd, *args):
    return run(["git", *args], cwd)


def set_up(workspace, scratch):
    """A bare remote holding the whole workspace, a csws clone and a git clone of it."""
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    remote = os.path.join(scratch, "remote.git")
    mine = os.path.join(scratch, "csws-clone")
    theirs = os.path.join(scratch, "git-clone")
    git(scratch, "init", "-q", "--bare", "-b", "main", remote)
    shutil.copytree(workspace, mine, symlinks=True, ignore=shutil.ignore_patterns(".generated"))
    git(mine, "config", "user.name", "Ana Bench")
    git(mine, "config", "user.email", "ana@bench.example")
    git(mine, "add", "-A")
    git(mine, "commit", "-q", "-m", "bench: the generated workspace")
    if "origin" in git(mine, "remote").stdout.split():
        git(mine, "remote", "remove", "origin")
    git(mine, "remote", "add", "origin", remote)
    git(mine, "push", "-q", "origin", "main")
    git(mine, "branch", "-q", "--set-upstream-to=origin/main", "main")
    git(scratch, "clone", "-q", remote, theirs)
    git(theirs, "config", "user.name", "Ben Bench")
    git(theirs, "config", "user.email", "ben@bench.example")
    git(theirs, "config", "pull.rebase", "false")
    return mine, theirs


def edit_arr(clone, customer, value):
    """Changes one field of one account file, as a CSM would in an editor."""
    path = os.path.join(clone, "customers", customer, "account.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    text = re.sub(r"^arr: \d+$", f"arr: {value}", text, count=1, flags=re.M)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def edit_title(clone, customer, milestone, title):
    """Renames one milestone of a plan, as a CSM would in an editor."""
    path = os.path.join(clone, "customers", customer, "plan.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    text, count = re.subn(rf"(  - id: {milestone}\n    title: )[^\n]*", rf"\g<1>{title}", text, count=1)
    if count != 1:
        sys.exit(f"sync bench: no milestone {milestone} in {path}")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def teammate_pushes(theirs, customer, milestone, title):
    """The git clone catches up, edits one milestone and pushes (untimed)."""
    git(theirs, "pull", "-q", "--no-edit")
    edit_title(theirs, customer, milestone, title)
    git(theirs, "commit", "-qam", f"bench: {customer} {milestone}")
    git(theirs, "push", "-q")


def main():
    csws, workspace, scratch = (os.path.abspath(argument) for argument in sys.argv[1:4])
    runs = int(sys.argv[4])
    mine, theirs = set_up(workspace, scratch)
    customers = sorted(os.listdir(os.path.join(mine, "customers")))
    # Warm both clones (index stat data, page cache) so neither pays a first-run cost.
    run([csws, "sync"], mine)
    git(theirs, "status", "--porcelain")
    git(theirs, "pull", "-q")

    idle_csws, idle_git, change_csws, change_git, merge_files, merge_fields = [], [], [], [], [], []
    for attempt in range(runs):
        # Both clones catch up first (untimed), so "nothing to do" is true for both.
        run([csws, "sync"], mine)
        git(theirs, "pull", "-q", "--no-edit")
        seconds, result = timed([csws, "sync"], mine)
        if "Up to date" not in result.stdout:
            sys.exit(f"sync bench: the idle sync had work to do:\n{result.stdout}{result.stderr}")
        idle_csws.append(seconds)
        seconds, _ = timed(["sh", "-c", "git status --porcelain >/dev/null && git fetch -q"], theirs)
        idle_git.append(seconds)

        # Each side changes a different customer; each sync also brings in the other's last commit.
        edit_arr(mine, customers[0], 100_000 + attempt)
        seconds, result = timed([csws, "sync"], mine)
        if "Pushed" not in result.stdout:
            sys.exit(f"sync bench: csws sync did not push:\n{result.stdout}{result.stderr}")
        change_csws.append(seconds)
        edit_arr(theirs, customers[1], 200_000 + attempt)
        seconds, _ = timed(["sh", "-c", f"git add -A && git commit -q -m 'bench edit {attempt}' && git pull -q --no-edit && git push -q"], theirs)
        change_git.append(seconds)

        # Merging: the teammate pushed an edit of another customer's plan (different files), or
        # of another milestone of the plan I edit (the same file, merged by structure).
        run([csws, "sync"], mine)
        teammate_pushes(theirs, customers[3], "M1", f"Bench round {attempt} (theirs)")
        edit_title(mine, customers[2], "M2", f"Bench round {attempt} (mine)")
        seconds, result = timed([csws, "sync"], mine)
        if "Pushed" not in result.stdout:
            sys.exit(f"sync bench: the merging sync did not push:\n{result.stdout}{result.stderr}")
        merge_files.append(seconds)
        teammate_pushes(theirs, customers[2], "M3", f"Bench round {attempt} (theirs)")
        edit_title(mine, customers[2], "M4", f"Bench round {attempt} (mine)")
        seconds, result = timed([csws, "sync"], mine)
        if f"merged customers/{customers[2]}/plan.yaml" not in result.stdout:
            sys.exit(f"sync bench: the plan was not merged by structure:\n{result.stdout}{result.stderr}")
        merge_fields.append(seconds)

    # Both histories must hold both sides' edits, and the repositories must be sound.
    run([csws, "sync"], mine)
    git(theirs, "pull", "-q", "--no-edit")
    if git(mine, "rev-parse", "HEAD").stdout != git(theirs, "rev-parse", "HEAD").stdout:
        sys.exit("sync bench: the two clones ended on different commits")
    for clone in (mine, theirs):
        git(clone, "fsck", "--no-progress")

    def row(name, samples):
        print(f"{len(customers):<10} {name:<52} {statistics.median(samples):>9.3f}")
        return statistics.median(samples)

    print(f"\n{'customers':<10} {'sync scenario':<52} {'wall (s)':>9}")
    a = row("csws sync, nothing to do", idle_csws)
    b = row("git status && git fetch", idle_git)
    c = row("edit + csws sync (commit, fetch, merge, push)", change_csws)
    d = row("edit + git add -A && commit && pull && push", change_git)
    e = row("csws sync merging another customer's plan (files)", merge_files)
    f = row("csws sync merging another milestone of my plan", merge_fields)
    def verdict(ok): return "met" if ok else "MISSED"
    print(f"sync, nothing to do: {a / b:.2f}x the time of git status + git fetch ({verdict(a <= b)}); "
          f"one changed file: {c / d:.2f}x the time of git add/commit/pull/push ({verdict(c <= d)}); "
          f"merge by structure: {f - e:+.3f} s against a merge of different files ({verdict(f <= e + 0.2)})")


if __name__ == "__main__":
    main()
