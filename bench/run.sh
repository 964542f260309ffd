#!/usr/bin/env bash
# `make bench`: csws check on generated workspaces of 1,000 and 10,000 customers (SPEC §9 shape),
# against check-jsonschema on the same files and schemas and against reading the files (cat);
# then csws sync on the largest workspace against the git commands it replaces (bench/sync_bench.py).
# Figures are medians of several runs; ratios compare peers measured in this same run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/bench/work"
sizes="${BENCH_SIZES:-1000 10000}"
runs="${BENCH_RUNS:-3}"
mkdir -p "$work"
export CSWS_TODAY=2026-11-23

echo "== building csws (release)"
(cd "$root" && swift build -c release >/dev/null)
csws="$root/.build/release/csws"

if [ ! -x "$work/venv/bin/check-jsonschema" ]; then
  echo "== installing check-jsonschema from PyPI into bench/work/venv"
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q check-jsonschema
fi
cjs="$work/venv/bin/check-jsonschema"

# Runs check-jsonschema over every customer file of a workspace, one schema per file kind.
cat > "$work/peer.sh" <<'PEER'
#!/usr/bin/env bash
ws="$1"; cjs="$2"; schemas="$3"; status=0
cd "$ws"
run() { xargs -0 -r "$cjs" --schemafile "$schemas/$1.schema.json" >/dev/null 2>&1 || status=1; }
find customers -name account.yaml -print0 | run account
find customers -name plan.yaml -print0 | run plan
find customers -path '*/signals/*.yaml' -print0 | run signals
find customers -path '*/voc/*.yaml' -print0 | run voc
find customers -path '*/qbr/*.yaml' -print0 | run qbr
exit $status
PEER
chmod +x "$work/peer.sh"

printf '\n%-10s %-22s %10s %10s %12s\n' customers command "wall (s)" "peak MB" "files"
results=()
for n in $sizes; do
  ws="$work/ws-$n"
  if [ ! -f "$ws/.generated" ]; then
    rm -rf "$ws"
    "$csws" init "$ws" --name "bench $n" >/dev/null 2>&1
    python3 "$root/bench/generate.py" "$n" "$ws"
    touch "$ws/.generated"
  fi
  files=$(find "$ws/customers" -name '*.yaml' | wc -l)
  m_csws=$(python3 "$root/bench/measure.py" "$runs" -- "$csws" -C "$ws" check --format json)
  m_score=$(python3 "$root/bench/measure.py" "$runs" -- "$csws" -C "$ws" score --format json)
  m_agenda=$(python3 "$root/bench/measure.py" "$runs" -- "$csws" -C "$ws" agenda --owner all --format json)
  m_report_json=$(python3 "$root/bench/measure.py" "$runs" -- "$csws" -C "$ws" report --format json)
  m_report_html=$(python3 "$root/bench/measure.py" "$runs" -- "$csws" -C "$ws" report --format html -o "$work/dashboard-$n.html")
  m_export=$(python3 "$root/bench/measure.py" "$runs" -- "$csws" -C "$ws" export --format sqlite -o "$work/export-$n.db" --force)
  m_cat=$(python3 "$root/bench/measure.py" "$runs" -- bash -c "find '$ws/customers' -name '*.yaml' -print0 | xargs -0 cat > /dev/null")
  peer_runs=1
  m_peer=$(python3 "$root/bench/measure.py" "$peer_runs" -- "$work/peer.sh" "$ws" "$cjs" "$root/schemas")
  for pair in "csws check:$m_csws" "csws score:$m_score" "csws agenda:$m_agenda" "csws report json:$m_report_json" "csws report html:$m_report_html" "csws export sqlite:$m_export" "cat (read files):$m_cat" "check-jsonschema:$m_peer"; do
    name="${pair%%:*}"; json="${pair#*:}"
    wall=$(python3 -c "import json,sys; print('%.2f' % json.loads(sys.argv[1])['wall_s'])" "$json")
    peak=$(python3 -c "import json,sys; print('%.0f' % json.loads(sys.argv[1])['peak_mb'])" "$json")
    printf '%-10s %-22s %10s %10s %12s\n' "$n" "$name" "$wall" "$peak" "$files"
  done
  results+=("$n $m_csws $m_cat $m_peer $m_score $m_agenda $m_report_json $m_report_html $m_export")
done

echo
python3 - "${results[@]}" <<'PY'
import json, sys
rows = []
for arg in sys.argv[1:]:
    n, rest = arg.split(" ", 1)
    decoder = json.JSONDecoder()
    parts, index = [], 0
    while index < len(rest):
        obj, end = decoder.raw_decode(rest, index)
        parts.append(obj)
        index = end + 1
    rows.append((int(n), *parts))
for n, csws, cat, peer, score, agenda, report_json, report_html, export in rows:
    print(f"{n:>6} customers: csws check {csws['wall_s']:.2f} s, {csws['peak_mb']:.0f} MB peak; "
          f"{peer['wall_s'] / csws['wall_s']:.1f}x faster than check-jsonschema; "
          f"{csws['wall_s'] / cat['wall_s']:.1f}x the time of cat; "
          f"score {score['wall_s']:.2f} s, agenda {agenda['wall_s']:.2f} s; "
          f"report json {report_json['wall_s']:.2f} s ({report_json['wall_s'] / score['wall_s']:.2f}x score), "
          f"report html {report_html['wall_s']:.2f} s ({report_html['wall_s'] / score['wall_s']:.2f}x score, "
          f"{report_html['peak_mb']:.0f} MB peak); export sqlite {export['wall_s']:.2f} s ({export['wall_s'] / csws['wall_s']:.2f}x check)")
if len(rows) >= 2:
    (n1, c1, *_), (n2, c2, *_) = rows[0], rows[-1]
    print(f"scaling {n1} -> {n2} customers: time x{c2['wall_s'] / c1['wall_s']:.1f} for x{n2 / n1:.0f} customers")
for n, csws, cat, peer, score, agenda, report_json, report_html, export in rows:
    if n >= 10000:
        def verdict(ok): return 'met' if ok else 'MISSED'
        print(f"SPEC §9 targets at {n}: check <= 3 s {verdict(csws['wall_s'] <= 3.0)}, "
              f"<= 300 MB {verdict(csws['peak_mb'] <= 300)}, >= 10x check-jsonschema {verdict(peer['wall_s'] >= 10 * csws['wall_s'])}; "
              f"score <= 2 s {verdict(score['wall_s'] <= 2.0)}; agenda <= 2 s {verdict(agenda['wall_s'] <= 2.0)}; "
              f"report html <= 3 s {verdict(report_html['wall_s'] <= 3.0)}; export sqlite <= 4 s {verdict(export['wall_s'] <= 4.0)}")
PY

largest="${sizes##* }"
echo
echo "== csws sync vs git on $largest customers (one bare remote, a csws clone and a git clone taking turns)"
python3 "$root/bench/sync_bench.py" "$csws" "$work/ws-$largest" "$work/sync-$largest" "${BENCH_SYNC_RUNS:-5}"

echo
echo "== csws import on $largest customers (a copy of the workspace), beside csws check"
python3 "$root/bench/import_bench.py" "$csws" "$work/ws-$largest" "$work/import-$largest" "${BENCH_IMPORT_RUNS:-3}"
