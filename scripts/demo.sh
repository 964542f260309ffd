#!/usr/bin/env bash
# `make demo`: a demo workspace with three sample customers and a local shared remote, then the
# main commands run against it, including a sync that brings in a teammate's plain-git push. Everything lives under ./demo (recreated on each run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
csws="$root/.build/debug/csws"
demo="$root/demo"
export CSWS_TODAY="${CSWS_TODAY:-2026-11-23}"
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-Ana Demo}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-ana@example.com}"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

rm -rf "$demo"
mkdir -p "$demo"
git init -q --bare -b main "$demo/shared.git"

step csws init "$demo/workspace" --name "Demo CS team" --remote "$demo/shared.git"
"$csws" init "$demo/workspace" --name "Demo CS team" --remote "$demo/shared.git"
cd "$demo/workspace"
git config user.name "$GIT_AUTHOR_NAME"
git config user.email "$GIT_AUTHOR_EMAIL"

step csws new customer acme --name "Acme Corp" --segment enterprise --owner ana --arr 180000 --start 2026-11-02 --end 2027-11-01 --seats 120
"$csws" new customer acme --name "Acme Corp" --segment enterprise --owner ana --arr 180000 \
  --start 2026-11-02 --end 2027-11-01 --seats 120

# Three customers in different states, as CSMs would have edited them.
cp -R "$root/scripts/demo-data/customers/." customers/
git add -A && git commit -qm "Demo customers" && git push -q origin main

step csws check
"$csws" check || true

step "csws check --format json | head -c 400"
{ "$csws" check --format json || true; } | head -c 400; echo

step "(a typo: status finishd in customers/acme/plan.yaml) csws check customers/acme"
cp customers/acme/plan.yaml /tmp/csws-demo-plan.yaml
sed -i '0,/^    status: planned$/s//    status: finishd/' customers/acme/plan.yaml   # the first one only
"$csws" check customers/acme || echo "(exit $?: errors found, as expected)"
cp /tmp/csws-demo-plan.yaml customers/acme/plan.yaml

step csws score
"$csws" score

step csws score globex --explain
"$csws" score globex --explain

step csws agenda --owner ben
"$csws" agenda --owner ben

step csws apply risk-critical globex
"$csws" apply risk-critical globex

step csws done globex M4
"$csws" done globex M4
git --no-pager diff --stat

step csws agenda --owner ben --format md
"$csws" agenda --owner ben --format md

step csws diff
"$csws" diff

step 'csws sync -m "globex: critical-risk playbook, M4 done"'
"$csws" sync -m "globex: critical-risk playbook, M4 done"

# A teammate (plain git) changes acme's seats in a clone of the shared remote and pushes.
git clone -q "$demo/shared.git" "$demo/ben"
(
  cd "$demo/ben"
  export GIT_AUTHOR_NAME="Ben Demo" GIT_AUTHOR_EMAIL="ben@example.com"
  export GIT_COMMITTER_NAME="Ben Demo" GIT_COMMITTER_EMAIL="ben@example.com"
  sed -i 's/^  seats: 120$/  seats: 150/' customers/acme/account.yaml
  git commit -qam "acme: 30 more seats" && git push -q origin main
)

step "(ben pushed from his clone) csws sync"
"$csws" sync

step csws log globex
"$csws" log globex

step "csws score --at HEAD~2 globex"
"$csws" score --at HEAD~2 globex

step csws schema
"$csws" schema

step "csws qbr northwind -o $demo/qbr-northwind.md   # (first lines shown)"
"$csws" qbr northwind -o "$demo/qbr-northwind.md"
head -24 "$demo/qbr-northwind.md"

step 'csws escalate globex --trigger competitor --summary "…" --dry-run'
"$csws" escalate globex --trigger competitor --summary "Laura mentioned a HelpDeskPro trial in the QBR prep call." --dry-run

step "csws voc --by kind"
"$csws" voc --by kind

step "csws report   # the CS leader's weekly risk review"
"$csws" report

step "csws report --format html -o $demo/dashboard.html"
"$csws" report --format html -o "$demo/dashboard.html"

printf '\nDemo workspace: %s (shared remote: %s)\n' "$demo/workspace" "$demo/shared.git"
printf 'Dashboard: %s — open it in a browser (file://%s)\n' "$demo/dashboard.html" "$demo/dashboard.html"
