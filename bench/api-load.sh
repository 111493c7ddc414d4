#!/usr/bin/env bash
# Benchmark (issue: metrics API): latency of the summary, series and customer-list endpoints under a fixed request
# rate on loopback, with a gold snapshot swap in the middle of the run (zero errors expected).
#   bench/api-load.sh [customers] [months]       default 100000 x 60; RATE (default 1000/s), DURATION (default 150 s:
#   the server paces its reload, which at 100k takes about a minute and must end inside the run),
#   WARMUP (default 10 s, not counted), SERVER_JAVA_OPTS (the server JVM's options;
#   default: none beyond RevLake's own, -XX:MaxTenuringThreshold=1)
# The customer list is asked one page at a time (limit=50), as a client showing a page would.
# Baseline, same run and rate: GET /health, the server's cheapest route (routing, auth filter, JSON), so the ratio
# shows what the metric endpoints add on top of the HTTP stack.
# The swap: the recurring stage is run a second time before the server starts, and the newest commit of each gold
# table and of ops.publications is held back; halfway through the load they are put back into _delta_log (atomic
# renames, as a Delta commit is published; the publication last), the server's poller loads the newly published
# versions and swaps its snapshot while requests are answered.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
customers=${1:-100000}
months=${2:-60}
rate=${RATE:-1000}
duration=${DURATION:-150}
work=${BENCH_DIR:-$(mktemp -d)}
wh="$work/warehouse"
./revlake build >/dev/null
mvn -q -B -DskipTests install -pl transform,metrics-api,bench -am >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; company: $customers customers x $months months; $rate requests/s for $duration s"
as_of=$(date -d "2021-01-01 +$months months -1 day" +%Y-%m-%d)
if [[ ! -d "$wh/gold/mrr_summary" ]]; then
  ./revlake generate --out "$work/extract" --customers "$customers" --months "$months" --seed 42 --start 2021-01 | tail -1
  ./revlake ingest --path "$work/extract" --warehouse "$wh" | tail -1
  ./revlake transform --warehouse "$wh" --as-of "$as_of" | tail -1
fi
# A second version of the recurring tables, held back until the middle of the run. The server serves the versions
# ops.publications names (write, audit, publish), so the publication of that run is held back too and put back last.
./revlake transform --warehouse "$wh" --stage recurring --as-of "$as_of" | tail -1
stash="$work/held-back"; rm -rf "$stash"; mkdir -p "$stash"
hold() {   # hold <layer>/<table>: move its newest commit (and a checkpoint pointing at it) into the stash
  local log="$wh/$1/_delta_log" latest v
  latest=$(ls "$log" | grep -E '^[0-9]{20}\.json$' | sort | tail -1)
  [[ "$latest" == "00000000000000000000.json" ]] && return 0   # a table written once has nothing to hold back
  v=${latest%.json}
  mkdir -p "$stash/$1"
  for f in "$log/$v".*; do mv "$f" "$stash/$1/"; done
  if [[ -f "$log/_last_checkpoint" ]] && grep -q "\"version\":$((10#$v))[,}]" "$log/_last_checkpoint"; then
    mv "$log/_last_checkpoint" "$stash/$1/"
  fi
}
restore() {   # restore <layer>/<table>: the commit file last, so the version exists from that rename on
  local dir="$stash/$1" log="$wh/$1/_delta_log"
  [[ -d "$dir" ]] || return 0
  for f in "$dir"/*; do [[ "$f" == *.json ]] || mv "$f" "$log/"; done
  mv "$dir"/*.json "$log/"
}
for log in "$wh"/gold/*/_delta_log; do hold "gold/$(basename "$(dirname "$log")")"; done
[[ -d "$wh/ops/publications/_delta_log" ]] && hold ops/publications
echo "held back the newest commit of: $(cd "$stash" && ls -d */* | tr '\n' ' ')"

port=7391
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
# The server JVM's options reach it through REVLAKE_SERVE_JAVA_OPTS (REVLAKE_JAVA_OPTS are the launcher's, which
# only starts the server), after RevLake's own -XX:MaxTenuringThreshold=1.
REVLAKE_SERVE_JAVA_OPTS="${SERVER_JAVA_OPTS:-}" ./revlake serve --warehouse "$wh" --port "$port" > "$work/serve.log" 2>&1 &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true; pkill -f "io.revlake.api.ServeMain.*--port $port" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://localhost:$port/health" 2>/dev/null | grep '"status"' >/dev/null && break
  sleep 1
done
token=$(awk '$1 == "analyst" {print $2}' "$HOME/.revlake/tokens")
health_before=$(curl -fsS "http://localhost:$port/health")
month=$(date -d "$as_of" +%Y-%m)
from=$(date -d "$as_of -11 months" +%Y-%m)
cp="bench/target/classes:$(cat bench/target/runtime-classpath.txt)"
warmup=${WARMUP:-10}
# The client is the measuring instrument and shares the 2 cores with the server: C1 only and the serial collector, so
# its own C2 compiler and parallel GC threads do not take the server's core mid-run (with the JVM's defaults they added
# 15-20 ms to the p99 of /health at 1000/s). A warm-up of WARMUP seconds at the same rate is sent first, not counted.
load() { java -Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dwarmup.seconds="$warmup" -cp "$cp" \
  io.revlake.bench.ApiLoad "http://localhost:$port" "$token" "$rate" "$duration" "$1"; }

echo "== baseline: /health"
load "/health"
echo "== metric endpoints, snapshot swap at $((duration / 2)) s"
( sleep $((warmup + 2 + duration / 2))   # JVM start and warm-up first
  for dir in "$stash"/gold/*/; do restore "gold/$(basename "$dir")"; done
  restore ops/publications           # readers switch when the publication appears
  echo "  (swap: held-back commits published about $((duration / 2)) s into the measured run)" ) &
swap_pid=$!
load "/api/v1/mrr/summary?from=$from&to=$month,/api/v1/metrics/mrr/series?from=$from&to=$month&group_by=segment,/api/v1/customers?month=$month&limit=50"
load_end=$(date -u +%s)
wait "$swap_pid"   # not the server, which runs in the background too
sleep 6   # one poll interval for the last check
health_after=$(curl -fsS "http://localhost:$port/health")
version() { grep -o '"mrr_summary":{[^}]*' <<<"$1" | grep -o '"version":[0-9]*' | grep -o '[0-9]*$'; }
v0=$(version "$health_before"); v1=$(version "$health_after")
if [[ -z "$v0" || "$v0" == "$v1" ]]; then
  echo "FAILED: the snapshot did not change during the run (mrr_summary version $v0 -> $v1)" >&2; exit 1
fi
# The reload reads every new table version whole before it swaps: at 100k customers with every gold table published
# anew that takes about a minute on 2 cores (paced: half of it giving way to requests), so the swap must be seen to
# finish before the measured run ends.
swapped=$(grep "Serving gold snapshot" "$work/serve.log" | tail -1 | cut -d' ' -f1)
if (( $(date -u -d "$swapped" +%s) > load_end )); then
  echo "FAILED: the swap finished at $swapped, after the measured run ended; raise DURATION" >&2; exit 1
fi
echo "snapshot swapped during the run: mrr_summary version $v0 -> $v1, serving the new snapshot from $swapped"
grep -E "Loaded gold|Computed [0-9]+ series" "$work/serve.log" | tail -30 || true   # the reload, table by table
