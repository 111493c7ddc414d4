#!/usr/bin/env bash
# Benchmark (incremental refresh): after a full build, one day's canonical extract (new customers with a subscription
# and an invoice, late payments, backdated cancellations, corrected invoices; CHANGES rows in all, default 0.5 % of the
# customers) is refreshed with `transform --incremental`, then the same warehouse is rebuilt in full, in the same run.
# Default 100k customers x 60 months. Prints wall time of each (whole process: JVM and Spark session start included)
# and the ratio; the target is incremental under 10 % of the full rebuild.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
customers=${1:-100000}
months=${2:-60}
changes=${CHANGES:-$((customers / 200))}
work=${BENCH_DIR:-$(mktemp -d)}
if [[ -z ${NO_BUILD:-} ]]; then  # NO_BUILD=1 reuses the current build of the pipeline and bench/
  ./revlake --version >/dev/null  # builds the pipeline when sources changed
  mvn -q -B -DskipTests package -pl bench -am >/dev/null
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; company: $customers customers x $months months; day: $changes changes"
as_of=$(date -d "2021-01-01 +$months months -1 day" +%Y-%m-%d)
timed() {  # timed NAME COMMAND…: runs the command, keeps its output in $work/NAME.txt and its wall seconds in $work/NAME.time
  local name=$1; shift
  /usr/bin/time -f "%e" -o "$work/$name.time" "$@" > "$work/$name.txt"
}
# REUSE_WAREHOUSE=1 keeps a warehouse this script (or api-load.sh) already built in BENCH_DIR from the same extract
# and skips generation, ingest and the first full build; no first-build time is printed then.
if [[ -n ${REUSE_WAREHOUSE:-} && -d "$work/warehouse/gold/mrr_summary" && -d "$work/extract" ]]; then
  echo "reusing the built warehouse in $work"
  rm -rf "$work/day" "$work/first.time"
else
  ./revlake generate --out "$work/extract" --customers "$customers" --months "$months" --seed 42 --start 2021-01 | tail -1
  rm -rf "$work/warehouse" "$work/day"
  ./revlake ingest --path "$work/extract" --warehouse "$work/warehouse" | tail -1
  timed first ./revlake transform --warehouse "$work/warehouse" --as-of "$as_of"
fi

java -Xmx8g -cp "bench/target/classes:$(cat bench/target/runtime-classpath.txt)" \
  io.revlake.bench.DailyExtract "$work/extract" "$work/day" "$changes" "$as_of"
./revlake ingest --path "$work/day" --warehouse "$work/warehouse" | tail -1
timed incremental ./revlake transform --warehouse "$work/warehouse" --as-of "$as_of" --incremental
# The day is chosen with a fixed seed: a warehouse that already ingested it (REUSE_WAREHOUSE with the CHANGES of an
# earlier run) gets nothing new, and the run would time a refresh of nothing.
if grep -q "Incremental refresh: 0 customers touched" "$work/incremental.txt"; then
  echo "FAILED: the day touched no customer (already ingested into this warehouse?): run with another CHANGES" >&2
  exit 1
fi
timed full ./revlake transform --warehouse "$work/warehouse" --as-of "$as_of"

grep -E "Incremental refresh|recomputing|not possible|Transform done" "$work/incremental.txt"
grep -E "Transform done" "$work/full.txt"
echo "stage wall times, incremental | full rebuild:"
paste <(grep -E "^  [A-Za-z]+ done in" "$work/incremental.txt") <(grep -E "^  [A-Za-z]+ done in" "$work/full.txt")
incr=$(cat "$work/incremental.time"); full=$(cat "$work/full.time")
[[ -f "$work/first.time" ]] && printf "first full build:     %.1f s wall\n" "$(cat "$work/first.time")"
printf "incremental refresh:  %.1f s wall\n" "$incr"
printf "full rebuild:         %.1f s wall\n" "$full"
awk -v i="$incr" -v f="$full" 'BEGIN { printf "incremental / full rebuild: %.1f %% (target: under 10 %%)\n", 100 * i / f }'
